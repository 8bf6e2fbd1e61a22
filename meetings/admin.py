"""Every meetings model in the admin, with history. Writes belong in the app's pages, which go through
the services; the admin is for looking and for rare repairs by an administrator."""

from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from meetings import models


class ReadMostlyAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        # Partnership records are ended, withdrawn or archived, never deleted.
        return False


@admin.register(models.Meeting)
class MeetingAdmin(ReadMostlyAdmin):
    list_display = ["group", "starts_at", "status", "is_public", "agenda_published_at"]
    list_filter = ["partnership", "status", "is_public"]
    date_hierarchy = "starts_at"


@admin.register(models.AgendaItem)
class AgendaItemAdmin(GuardedModelAdminMixin, ReadMostlyAdmin):
    list_display = ["title", "meeting", "order", "is_confidential", "standing"]
    list_filter = ["is_confidential", "standing"]
    search_fields = ["title"]
    raw_id_fields = ["meeting", "presenter"]


for model, fields in [
    (models.ConfidentialShare, ["item", "agency", "person", "granted_at", "revoked_at"]),
    (models.Paper, ["title", "item", "size", "uploaded_at", "is_withdrawn"]),
    (models.Attendance, ["meeting", "person", "agency", "status"]),
    (models.QuorumRule, ["group", "minimum_present", "every_responsible_authority"]),
    (models.Minutes, ["meeting", "state", "circulated_at", "approved_at", "published_at", "revision"]),
    (models.MinutesCorrection, ["minutes", "number", "reason", "made_at", "made_by"]),
    (models.Decision, ["wording", "partnership", "meeting", "decided_on", "by_correspondence", "is_confidential"]),
    (models.DecisionAgreement, ["decision", "person", "agreed_on"]),
    (models.ActionUpdate, ["action", "author", "status", "made_at"]),
    (models.ReminderSent, ["action", "threshold", "due", "sent_at"]),
    (models.CalendarFeed, ["person", "created_at"]),
]:
    admin.site.register(model, type(f"{model.__name__}Admin", (ReadMostlyAdmin,), {"list_display": fields}))


@admin.register(models.ActionPoint)
class ActionPointAdmin(GuardedModelAdminMixin, ReadMostlyAdmin):
    list_display = ["description", "owner", "agency", "due", "status", "is_confidential"]
    list_filter = ["partnership", "status", "is_confidential"]
    search_fields = ["description"]
    raw_id_fields = ["meeting", "item", "owner"]
