"""Index every history row into AuditEntry, so each partnership's audit log is one indexed query."""

from django.utils.text import Truncator

KIND_LABELS = {
    "partnership.partnership": "Partnership details",
    "partnership.partnershipgroup": "Group",
    "members.agency": "Agency",
    "members.membership": "Membership",
    "members.person": "Person",
    "members.partnershiprole": "Partnership role",
    "members.agencyrole": "Agency role",
    "meetings.meeting": "Meeting",
    "meetings.agendaitem": "Agenda item",
    "meetings.confidentialshare": "Sharing of a confidential item",
    "meetings.paper": "Paper",
    "meetings.attendance": "Attendance",
    "meetings.quorumrule": "Quorum",
    "meetings.minutes": "Minutes",
    "meetings.minutescorrection": "Correction to minutes",
    "meetings.decision": "Decision",
    "meetings.decisionagreement": "Agreement to a decision",
    "meetings.actionpoint": "Action point",
    "meetings.actionupdate": "Progress on an action",
    "meetings.remindersent": "Action reminder",
    "meetings.calendarfeed": "Calendar feed",
    "workplan.workplan": "Workplan",
    "workplan.priority": "Workplan priority",
    "workplan.objective": "Workplan objective",
    "workplan.workplanitem": "Workplan item",
    "workplan.supportingagency": "Supporting agency of a workplan item",
    "workplan.resourcecommitment": "Resource committed to a workplan item",
    "workplan.milestone": "Milestone of a workplan item",
    "workplan.progressupdate": "Progress on a workplan item",
    "workplan.indicator": "Indicator",
    "workplan.indicatorvalue": "Indicator value",
    "reviews.reviewframework": "Review framework",
    "reviews.question": "Review question",
    "reviews.annualreview": "Annual review",
    "reviews.agencyreturn": "Agency's review return",
    "reviews.answer": "Answer in a review return",
    "reviews.finding": "Review finding",
    "reviews.recommendation": "Review recommendation",
    "reviews.reviewdocument": "Approved review document",
    "reviews.returnreminder": "Review return reminder",
}

# The history page's `kind` in its URL, for each kind of record that has one.
HISTORY_KINDS = {
    "partnership.partnership": "partnership",
    "partnership.partnershipgroup": "group",
    "members.agency": "agency",
    "members.membership": "membership",
    "members.person": "person",
    "members.partnershiprole": "partnershiprole",
    "members.agencyrole": "agencyrole",
    "meetings.meeting": "meeting",
    "meetings.agendaitem": "agendaitem",
    "meetings.decision": "decision",
    "meetings.actionpoint": "actionpoint",
    "workplan.workplanitem": "workplanitem",
    "workplan.indicator": "indicator",
    "reviews.annualreview": "annualreview",
    "reviews.agencyreturn": "agencyreturn",
}


def index_history_record(sender, instance, history_instance, **kwargs):
    from partnership.models import AuditEntry

    scope = getattr(instance, "audit_scope", None)
    partnership_id, agency_id = scope() if scope else (None, None)
    AuditEntry.objects.create(
        partnership_id=partnership_id,
        agency_id=agency_id,
        kind=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=Truncator(str(instance)).chars(300),
        history_id=history_instance.pk,
        history_type=history_instance.history_type,
        history_date=history_instance.history_date,
        change_reason=Truncator(history_instance.history_change_reason or "").chars(300),
        user_id=history_instance.history_user_id,
    )
