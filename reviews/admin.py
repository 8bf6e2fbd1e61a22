"""Every annual review model in the admin, with history. A partnership's own framework questions are saved
through their services (which refuse a shipped or locked framework); the rest of the cycle (opening,
returns, consolidation, approval, corrections with a new PDF) changes only by the app's own steps, so the
admin shows it read-only. Nothing is deleted here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_services import ReadOnlyHistoryAdmin, ServiceAdminMixin
from reviews import models, services


@admin.register(models.Question)
class QuestionAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    list_display = ["order", "text", "section", "framework"]
    list_filter = ["framework"]
    search_fields = ["text"]
    fields = ["framework", "section", "text", "guidance", "order"]
    create_only = ["framework"]
    never_edited = ["order"]  # questions are numbered as they are added

    def create_service(self, request, data):
        return services.question_add(by=request.user, **data)

    def update_service(self, request, obj, changes):
        return services.question_update(question=obj, by=request.user, **changes)


for model, fields in [
    (models.ReviewFramework, ["name", "edition", "partnership", "source", "is_locked"]),
    (models.AnnualReview, ["title", "partnership", "state", "deadline", "approved_at", "approved_by"]),
    (models.AgencyReturn, ["review", "agency", "state", "submitted_at", "reopened_count"]),
    (models.Answer, ["agency_return", "question", "rating"]),
    (models.Finding, ["review", "order", "question"]),
    (models.Recommendation, ["review", "order", "workplan_item"]),
    (models.ReviewDocument, ["review", "version", "pages", "created_at", "created_by", "reason"]),
    (models.ReturnReminder, ["agency_return", "threshold", "sent_at"]),
]:
    admin.site.register(model, type(f"{model.__name__}Admin", (ReadOnlyHistoryAdmin,), {"list_display": fields}))
