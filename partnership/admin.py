from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_services import ReadOnlyHistoryAdmin, ServiceAdminMixin
from partnership import services
from partnership.models import AuditEntry, EmailBatch, Partnership, PartnershipGroup


@admin.register(Partnership)
class PartnershipAdmin(ServiceAdminMixin, GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "area", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "area"]
    prepopulated_fields = {"slug": ["name"]}

    def create_service(self, request, data):
        return services.partnership_create(by=request.user, **data)

    def update_service(self, request, obj, changes):
        return services.partnership_update(partnership=obj, by=request.user, version=None, **changes)


@admin.register(PartnershipGroup)
class PartnershipGroupAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "partnership", "kind", "parent", "lead", "is_archived"]
    list_filter = ["partnership", "kind", "is_archived"]
    search_fields = ["name"]
    raw_id_fields = ["lead", "parent"]

    def create_service(self, request, data):
        data.pop("is_archived", None)
        return services.group_create(by=request.user, **data)

    def update_service(self, request, obj, changes):
        return services.group_update(group=obj, by=request.user, version=None, **changes)


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


@admin.register(EmailBatch)
class EmailBatchAdmin(ReadOnlyHistoryAdmin):
    """Read-only: the worker sends and the coordinator tries again from the dashboard."""

    list_display = ["description", "partnership", "state", "recipients", "attempts", "created_at", "finished_at"]
    list_filter = ["state", "partnership"]
    exclude = ["delivered"]
