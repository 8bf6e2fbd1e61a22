"""Every meetings model in the admin, with history. Meetings, agenda items, action points and quorum rules
are saved through their services (an action's new owner moves its agency's rights, an item made
confidential takes its decisions and actions with it); the rest change only by the app's own steps
(attendance, minutes, sharing...), so the admin shows them read-only. Nothing is deleted here."""

from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_services import ReadOnlyHistoryAdmin, ServiceAdminMixin
from meetings import models, services


@admin.register(models.Meeting)
class MeetingAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    list_display = ["group", "starts_at", "status", "is_public", "agenda_published_at"]
    list_filter = ["partnership", "status", "is_public"]
    date_hierarchy = "starts_at"
    fields = [
        "partnership",
        "group",
        "starts_at",
        "ends_at",
        "location",
        "online_link",
        "is_public",
        "status",
        "postponed_to",
        "agenda_published_at",
    ]
    create_only = ["partnership"]
    # Held, cancelled, postponed and published by their own steps, which notify and move the agenda.
    never_edited = ["status", "postponed_to", "agenda_published_at"]

    def create_service(self, request, data):
        return services.meeting_create(by=request.user, **data)

    def update_service(self, request, obj, changes):
        return services.meeting_update(meeting=obj, by=request.user, version=None, **changes)


@admin.register(models.AgendaItem)
class AgendaItemAdmin(ServiceAdminMixin, GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "meeting", "order", "is_confidential", "standing"]
    list_filter = ["is_confidential", "standing"]
    search_fields = ["title"]
    raw_id_fields = ["meeting", "presenter"]
    fields = [
        "meeting",
        "title",
        "description",
        "presenter",
        "is_confidential",
        "confidential_reason",
        "order",
        "standing",
        "discussion",
    ]
    create_only = ["meeting"]
    # Ordered by moving items; minutes written (and corrected after approval) on the minutes page.
    never_edited = ["order", "standing", "discussion"]

    def create_service(self, request, data):
        return services.agenda_item_create(by=request.user, **data)

    def update_service(self, request, obj, changes):
        return services.agenda_item_update(item=obj, by=request.user, version=None, **changes)


@admin.register(models.ActionPoint)
class ActionPointAdmin(ServiceAdminMixin, GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["description", "owner", "agency", "due", "status", "is_confidential"]
    list_filter = ["partnership", "status", "is_confidential"]
    search_fields = ["description"]
    raw_id_fields = ["meeting", "item", "owner", "workplan_item"]
    fields = [
        "partnership",
        "meeting",
        "item",
        "description",
        "owner",
        "due",
        "workplan_item",
        "agency",
        "status",
        "dropped_reason",
        "closed_on",
        "is_confidential",
    ]
    create_only = ["partnership", "meeting", "item"]
    # The agency follows the owner; status through progress updates; confidentiality from the agenda item.
    never_edited = ["agency", "status", "dropped_reason", "closed_on", "is_confidential"]

    def create_service(self, request, data):
        return services.action_create(by=request.user, **data)

    def update_service(self, request, obj, changes):
        return services.action_update(action=obj, by=request.user, version=None, **changes)


@admin.register(models.QuorumRule)
class QuorumRuleAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    list_display = ["group", "minimum_present", "every_responsible_authority"]
    fields = ["group", "minimum_present", "every_responsible_authority"]
    create_only = ["group"]

    def create_service(self, request, data):
        return services.quorum_set(by=request.user, **data)

    def update_service(self, request, obj, changes):
        current = {
            "minimum_present": obj.minimum_present,
            "every_responsible_authority": obj.every_responsible_authority,
        }
        return services.quorum_set(group=obj.group, by=request.user, **{**current, **changes})


for model, fields in [
    (models.ConfidentialShare, ["item", "agency", "person", "granted_at", "revoked_at"]),
    (models.Paper, ["title", "item", "size", "uploaded_at", "is_withdrawn"]),
    (models.Attendance, ["meeting", "person", "agency", "status"]),
    (models.Minutes, ["meeting", "state", "circulated_at", "approved_at", "published_at", "revision"]),
    (models.MinutesCorrection, ["minutes", "number", "reason", "made_at", "made_by"]),
    (models.Decision, ["wording", "partnership", "meeting", "decided_on", "by_correspondence", "is_confidential"]),
    (models.DecisionAgreement, ["decision", "person", "agreed_on"]),
    (models.ActionUpdate, ["action", "author", "status", "made_at"]),
    (models.ReminderSent, ["action", "threshold", "due", "sent_at"]),
]:
    admin.site.register(model, type(f"{model.__name__}Admin", (ReadOnlyHistoryAdmin,), {"list_display": fields}))


@admin.register(models.CalendarFeed)
class CalendarFeedAdmin(ReadOnlyHistoryAdmin):
    list_display = ["person", "created_at"]
    exclude = ["token"]  # the secret address is the credential: not shown, even here
