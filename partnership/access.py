"""What a user may do in one partnership, worked out once per request from guardian's tables."""

from dataclasses import dataclass
from functools import cached_property

from guardian.core import ObjectPermissionChecker


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

    @cached_property
    def person(self):
        from members.models import Person

        if not self.user.is_authenticated:
            return None
        return Person.objects.filter(user=self.user).select_related("agency").first()

    @cached_property
    def lead_agency_ids(self):
        """Agencies whose people and roles this user may edit as their lead officer or deputy."""
        from members.models import Agency

        if not self.user.is_authenticated:
            return frozenset()
        return frozenset(Agency.objects.filter(leads_group__user=self.user).values_list("pk", flat=True))

    def can_edit_agency(self, agency_id):
        return self.is_coordinator or agency_id in self.lead_agency_ids


def access_for(user, partnership):
    """The user's Access to `partnership`, cached on the user object for the request."""
    cache = user.__dict__.setdefault("_partnership_access", {})
    if partnership.pk not in cache:
        if not user.is_authenticated or not user.is_active:
            perms = frozenset()
        elif user.is_superuser:
            perms = frozenset({"view_internal", "coordinate_partnership", "chair_partnership", "change_partnership"})
        else:
            perms = frozenset(ObjectPermissionChecker(user).get_perms(partnership))
        cache[partnership.pk] = Access(user=user, partnership=partnership, perms=perms)
    return cache[partnership.pk]
