"""What a user may do in one partnership: the partnership-wide rights guardian grants, read once per request.

Apps above the toolkit extend `Access` with rights of their own (members.access adds the agency
rights) and pass their class to `access_for`.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from guardian.core import ObjectPermissionChecker

SUPERUSER_PERMS = frozenset({"view_internal", "coordinate_partnership", "chair_partnership", "change_partnership"})


@dataclass
class Access:
    user: object
    partnership: object
    perms: frozenset

    @property
    def can_view_internal(self):
        return "view_internal" in self.perms

    @property
    def is_coordinator(self):
        return "coordinate_partnership" in self.perms

    @property
    def is_chair(self):
        return "chair_partnership" in self.perms


def partnership_perms(user, partnership):
    """The codenames `user` holds on `partnership` (one query), cached on the user object for the request."""
    cache = user.__dict__.setdefault("_partnership_perms", {})
    if partnership.pk not in cache:
        if not user.is_authenticated or not user.is_active:
            cache[partnership.pk] = frozenset()
        elif user.is_superuser:
            cache[partnership.pk] = SUPERUSER_PERMS
        else:
            cache[partnership.pk] = frozenset(ObjectPermissionChecker(user).get_perms(partnership))
    return cache[partnership.pk]


def access_for(user, partnership, access_class=Access):
    """The user's `access_class` for `partnership`, cached on the user object for the request."""
    cache = user.__dict__.setdefault("_partnership_access", {})
    key = (access_class, partnership.pk)
    if key not in cache:
        cache[key] = access_class(user=user, partnership=partnership, perms=partnership_perms(user, partnership))
    return cache[key]


def require(condition):
    """403 for someone who may see the object but not do this to it."""
    if not condition:
        raise PermissionDenied
