"""A user's rights in one partnership: the partnership-wide ones (core.access) and those over agencies."""

from functools import cached_property

from core import access as core_access
from core.permissions import object_ids_with_perm
from members.models import AgencyGroupObjectPermission, AgencyRole, AgencyUserObjectPermission, Person


class PartnershipAccess(core_access.Access):
    @cached_property
    def person(self):
        if not self.user.is_authenticated:
            return None
        return Person.objects.filter(user=self.user).select_related("agency").first()

    @cached_property
    def editable_agency_ids(self):
        """Agencies whose record and people the user may edit: guardian's `change_agency`, held by the
        agency's leads group (its lead officers and deputies), read from the direct-FK table."""
        if not self.user.is_authenticated:
            return frozenset()
        return frozenset(
            object_ids_with_perm(self.user, AgencyGroupObjectPermission, AgencyUserObjectPermission, "change_agency")
        )

    @cached_property
    def lead_agency_ids(self):
        """Agencies the user leads (or deputises for) in this partnership: they assign its roles here."""
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
    """The user's PartnershipAccess to `partnership`, cached on the user object for the request."""
    return core_access.access_for(user, partnership, PartnershipAccess)
