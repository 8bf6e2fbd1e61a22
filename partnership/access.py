"""What a user may do in one partnership, worked out once per request from guardian's tables."""

from dataclasses import dataclass
from functools import cached_property

from guardian.core import ObjectPermissionChecker

from partnership.permissions import object_ids_with_perm


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
    def editable_agency_ids(self):
        """Agencies whose record and people the user may edit: guardian's `change_agency`, held by the
        agency's leads group (its lead officers and deputies), read from the direct-FK table."""
        from members.models import AgencyGroupObjectPermission, AgencyUserObjectPermission

        if not self.user.is_authenticated:
            return frozenset()
        return frozenset(
            object_ids_with_perm(self.user, AgencyGroupObjectPermission, AgencyUserObjectPermission, "change_agency")
        )

    @cached_property
    def lead_agency_ids(self):
        """Agencies the user leads (or deputises for) in this partnership: they assign its roles here."""
        from members.models import AgencyRole

        if not self.editable_agency_ids:
            return frozenset()
        led_here = AgencyRole.objects.current().filter(
            partnership=self.partnership,
            person__user=self.user,
            role__in=[AgencyRole.Role.LEAD_OFFICER, AgencyRole.Role.DEPUTY],
        )
        return frozenset(set(led_here.values_list("agency_id", flat=True)) & self.editable_agency_ids)

    def can_edit_agency(self, agency_id):
        return self.is_coordinator or agency_id in self.editable_agency_ids

    def can_assign_roles_for(self, agency_id):
        return self.is_coordinator or agency_id in self.lead_agency_ids

    def can_edit_person(self, person):
        return self.is_coordinator or self.user.has_perm("members.change_person", person)


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
