"""Every workplan model in the admin, with history. Plans, priorities, objectives, items and indicators are
saved through their services (a new lead or owning agency moves its officers' rights with the record);
the rest change only by the app's own steps (progress, milestones, supporters, values), so the admin shows
them read-only. Nothing is deleted here."""

from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_services import ReadOnlyHistoryAdmin, ServiceAdminMixin
from workplan import models, services


@admin.register(models.Workplan)
class WorkplanAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "partnership", "kind", "starts", "ends"]
    list_filter = ["partnership", "kind"]
    fields = ["partnership", "title", "kind", "parent", "starts", "ends", "summary"]
    create_only = ["partnership"]

    def create_service(self, request, data):
        return services.workplan_create(by=request.user, **data)

    def update_service(self, request, obj, changes):
        return services.workplan_update(workplan=obj, by=request.user, version=None, **changes)


@admin.register(models.Priority)
class PriorityAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "workplan", "order"]
    fields = ["workplan", "title", "description", "order"]
    create_only = ["workplan"]

    def create_service(self, request, data):
        return services.priority_create(by=request.user, **data)

    def update_service(self, request, obj, changes):
        return services.priority_update(priority=obj, by=request.user, version=None, **changes)


@admin.register(models.Objective)
class ObjectiveAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "priority", "order"]
    fields = ["priority", "title", "expected_outcome", "order"]
    create_only = ["priority"]

    def create_service(self, request, data):
        return services.objective_create(by=request.user, **data)

    def update_service(self, request, obj, changes):
        return services.objective_update(objective=obj, by=request.user, version=None, **changes)


@admin.register(models.WorkplanItem)
class WorkplanItemAdmin(ServiceAdminMixin, GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "lead_agency", "responsible_officer", "due", "status"]
    list_filter = ["partnership", "status"]
    search_fields = ["title"]
    raw_id_fields = ["objective", "responsible_officer"]
    fields = [
        "workplan",
        "objective",
        "title",
        "description",
        "lead_agency",
        "responsible_officer",
        "starts",
        "due",
        "partnership",
        "status",
        "dropped_reason",
        "last_update_at",
    ]
    create_only = ["workplan"]
    # The partnership is the plan's; status and its reason come from the lead agency's progress updates.
    never_edited = ["partnership", "status", "dropped_reason", "last_update_at"]

    def create_service(self, request, data):
        return services.item_create(by=request.user, **data)

    def update_service(self, request, obj, changes):
        return services.item_update(item=obj, by=request.user, version=None, **changes)


@admin.register(models.Indicator)
class IndicatorAdmin(ServiceAdminMixin, GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "agency", "baseline", "target", "direction"]
    list_filter = ["partnership"]
    fields = ["partnership", "name", "unit", "baseline", "target", "direction", "agency", "priority"]
    create_only = ["partnership"]

    def create_service(self, request, data):
        return services.indicator_create(by=request.user, **data)

    def update_service(self, request, obj, changes):
        return services.indicator_update(indicator=obj, by=request.user, version=None, **changes)


for model, fields in [
    (models.SupportingAgency, ["item", "agency"]),
    (models.ResourceCommitment, ["item", "agency", "kind", "amount", "unit"]),
    (models.Milestone, ["title", "item", "due", "done_on"]),
    (models.ProgressUpdate, ["item", "author", "kind", "status", "made_at"]),
    (models.IndicatorValue, ["indicator", "period", "value"]),
]:
    admin.site.register(model, type(f"{model.__name__}Admin", (ReadOnlyHistoryAdmin,), {"list_display": fields}))
