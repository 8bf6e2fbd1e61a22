"""Every workplan model in the admin, with history; writes belong in the pages, which use the services."""

from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from workplan import models


class ReadMostlyAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        # Partnership records are completed or dropped, never deleted.
        return False


for model, fields in [
    (models.Workplan, ["title", "partnership", "kind", "starts", "ends"]),
    (models.Priority, ["title", "workplan", "order"]),
    (models.Objective, ["title", "priority", "order"]),
    (models.SupportingAgency, ["item", "agency"]),
    (models.ResourceCommitment, ["item", "agency", "kind", "amount", "unit"]),
    (models.Milestone, ["title", "item", "due", "done_on"]),
    (models.ProgressUpdate, ["item", "author", "kind", "status", "made_at"]),
    (models.IndicatorValue, ["indicator", "period", "value"]),
]:
    admin.site.register(model, type(f"{model.__name__}Admin", (ReadMostlyAdmin,), {"list_display": fields}))


@admin.register(models.WorkplanItem)
class WorkplanItemAdmin(GuardedModelAdminMixin, ReadMostlyAdmin):
    list_display = ["title", "lead_agency", "responsible_officer", "due", "status"]
    list_filter = ["partnership", "status"]
    search_fields = ["title"]


@admin.register(models.Indicator)
class IndicatorAdmin(GuardedModelAdminMixin, ReadMostlyAdmin):
    list_display = ["name", "agency", "baseline", "target", "direction"]
    list_filter = ["partnership"]
