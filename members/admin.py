from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_services import KeptRecordsMixin, ReadOnlyHistoryAdmin, ServiceAdminMixin
from members import services
from members.models import (
    Agency,
    AgencyRole,
    AgencyType,
    GroupMember,
    Invitation,
    Membership,
    PartnershipRole,
    Person,
)


@admin.register(AgencyType)
class AgencyTypeAdmin(KeptRecordsMixin, SimpleHistoryAdmin):
    """Reference data with no service of its own: changed here with history, never deleted."""

    list_display = ["name", "category", "statutory_role", "sector", "source"]
    list_filter = ["category", "statutory_role", "sector"]


@admin.register(Agency)
class AgencyAdmin(ServiceAdminMixin, GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "sector", "agency_type", "is_archived"]
    list_filter = ["sector", "is_archived"]
    search_fields = ["name", "short_name"]

    def create_service(self, request, data):
        data.pop("is_archived", None)
        return services.agency_create(by=request.user, **data)

    def update_service(self, request, obj, changes):
        return services.agency_update(agency=obj, by=request.user, version=None, **changes)


@admin.register(Membership)
class MembershipAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    list_display = ["agency", "partnership", "statutory_role", "joined", "left"]
    list_filter = ["partnership", "statutory_role"]
    search_fields = ["agency__name"]

    def create_service(self, request, data):
        data.pop("left", None)
        return services.membership_create(by=request.user, **data)

    def update_service(self, request, obj, changes):
        return services.membership_update(membership=obj, by=request.user, version=None, **changes)


@admin.register(Person)
class PersonAdmin(ServiceAdminMixin, GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "agency", "job_title", "user", "left_on"]
    list_filter = ["agency"]
    search_fields = ["first_name", "last_name", "email"]
    exclude = ["user"]

    def create_service(self, request, data):
        data.pop("left_on", None)
        return services.person_create(by=request.user, **data)

    def update_service(self, request, obj, changes):
        return services.person_update(person=obj, by=request.user, version=None, **changes)


class RoleAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    """A role is assigned, then only ended: everything but the end date is read-only once saved."""

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [f.name for f in self.model._meta.fields if f.name not in ("id", "ended")]

    def update_service(self, request, obj, changes):
        if not changes.get("ended"):
            return obj
        return services.role_end(assignment=obj, by=request.user, ended=changes["ended"])


@admin.register(PartnershipRole)
class PartnershipRoleAdmin(RoleAdmin):
    list_display = ["person", "role", "partnership", "started", "ended"]
    list_filter = ["partnership", "role"]

    def create_service(self, request, data):
        data.pop("ended", None)
        return services.partnership_role_assign(by=request.user, **data)


@admin.register(AgencyRole)
class AgencyRoleAdmin(RoleAdmin):
    list_display = ["person", "role", "agency", "partnership", "started", "ended"]
    list_filter = ["partnership", "role"]

    def create_service(self, request, data):
        data.pop("ended", None)
        return services.agency_role_assign(by=request.user, **data)


# Seats are given and ended, and invitations sent, withdrawn and accepted, by the app's own steps.


@admin.register(GroupMember)
class GroupMemberAdmin(ReadOnlyHistoryAdmin):
    list_display = ["person", "seat", "group", "agency", "joined", "left"]
    list_filter = ["seat"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["person", "partnership", "email", "sent_at", "expires_at", "accepted_at"]
    list_filter = ["partnership"]
