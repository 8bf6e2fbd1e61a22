from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from partnership.models import AuditEntry, Partnership, PartnershipGroup


@admin.register(Partnership)
class PartnershipAdmin(GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "area", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "area"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PartnershipGroup)
class PartnershipGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "kind", "parent", "lead", "is_archived"]
    list_filter = ["partnership", "kind", "is_archived"]
    search_fields = ["name"]
    raw_id_fields = ["lead", "parent"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is never edited."""

    list_display = ["history_date", "kind", "object_repr", "history_type", "user", "partnership", "agency"]
    list_filter = ["kind", "history_type", "partnership"]
    date_hierarchy = "history_date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
