from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from members.models import Agency, AgencyRole, AgencyType, Membership, PartnershipRole, Person


@admin.register(AgencyType)
class AgencyTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "category", "statutory_role", "sector", "source"]
    list_filter = ["category", "statutory_role", "sector"]


@admin.register(Agency)
class AgencyAdmin(GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "sector", "agency_type", "is_archived"]
    list_filter = ["sector", "is_archived"]
    search_fields = ["name", "short_name"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["agency", "partnership", "statutory_role", "joined", "left"]
    list_filter = ["partnership", "statutory_role"]
    search_fields = ["agency__name"]


@admin.register(Person)
class PersonAdmin(GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "agency", "job_title", "user", "left_on"]
    list_filter = ["agency"]
    search_fields = ["first_name", "last_name", "email"]
    raw_id_fields = ["user"]


@admin.register(PartnershipRole)
class PartnershipRoleAdmin(SimpleHistoryAdmin):
    list_display = ["person", "role", "partnership", "started", "ended"]
    list_filter = ["partnership", "role"]


@admin.register(AgencyRole)
class AgencyRoleAdmin(SimpleHistoryAdmin):
    list_display = ["person", "role", "agency", "partnership", "started", "ended"]
    list_filter = ["partnership", "role"]
