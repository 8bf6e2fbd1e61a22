"""The agenda and the minutes of a meeting as PDF, for one viewer: built only from what the selectors let
that viewer see, so a confidential item never reaches a PDF for someone not cleared for it."""

from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify

from core.pdf import render_pdf
from meetings import selectors
from meetings.models import Attendance
from members.access import access_for


def _meeting_context(user, meeting):
    access = access_for(user, meeting.partnership)
    return {
        "meeting": meeting,
        "when": timezone.localtime(meeting.starts_at),
        "until": timezone.localtime(meeting.ends_at) if meeting.ends_at else None,
        # Online meeting links go to members only: a public link invites disruption of the meeting.
        "show_online_link": access.can_view_internal and bool(meeting.online_link),
        "is_member": access.can_view_internal,
    }


def filename(kind, meeting):
    return f"{kind}-{slugify(meeting.group.name)}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.pdf"


def agenda_context(user, meeting):
    if not selectors.agenda_visible(user, meeting):
        raise Http404("No such agenda")
    items = list(selectors.meeting_items_visible_to(user, meeting))
    return {
        **_meeting_context(user, meeting),
        "items": items,
        "has_confidential": any(item.is_confidential for item in items),
        "hidden_count": selectors.hidden_item_count(user, meeting),
    }


def agenda_pdf(user, meeting, *, request=None):
    """The agenda as the viewer may see it; 404 if they may not see it at all."""
    context = agenda_context(user, meeting)
    title = f"Agenda: {meeting.group.name}, {context['when']:%-d %B %Y}"
    return render_pdf(
        "meetings/pdf/agenda.html", context, title=title, partnership=meeting.partnership, request=request
    )


def _attendance(meeting):
    records = meeting.attendance.select_related("person", "agency", "substitute_for").order_by(
        "person__last_name", "person__first_name"
    )
    present, apologies, absent = [], [], []
    for record in records:
        if record.is_present:
            present.append(record)
        elif record.status == Attendance.Status.APOLOGIES:
            apologies.append(record)
        else:
            absent.append(record)
    return {"present": present, "apologies": apologies, "absent": absent}


def minutes_context(user, meeting):
    minutes = selectors.minutes_visible(user, meeting)
    if minutes is None:
        raise Http404("No such minutes")
    partnership = meeting.partnership
    items = list(selectors.meeting_items_visible_to(user, meeting))
    item_ids = {item.pk for item in items}
    decisions = list(
        selectors.decisions_visible_to(user, partnership).filter(meeting=meeting).order_by("decided_on", "pk")
    )
    actions = list(selectors.actions_visible_to(user, partnership).filter(meeting=meeting).order_by("due", "pk"))
    by_item = {item.pk: {"decisions": [], "actions": []} for item in items}
    # Records the viewer may see under an item they may not (an action owned by their agency under a
    # confidential item) are listed apart, without the item's title.
    other = {"decisions": [], "actions": []}
    for decision in decisions:
        by_item.get(decision.item_id, other)["decisions"].append(decision)
    for action in actions:
        by_item.get(action.item_id, other)["actions"].append(action)
    corrections = minutes.corrections.filter(item_id__in=item_ids).select_related("item").order_by("number")
    return {
        **_meeting_context(user, meeting),
        "minutes": minutes,
        "rows": [(item, by_item[item.pk]) for item in items],
        "has_confidential": any(item.is_confidential for item in items) or any(a.is_confidential for a in actions),
        "other": other,
        "attendance": _attendance(meeting),
        "corrections": list(corrections),
        "hidden_count": selectors.hidden_item_count(user, meeting),
    }


def minutes_pdf(user, meeting, *, request=None):
    """The minutes as the viewer may see them; 404 if they may not see them at all."""
    context = minutes_context(user, meeting)
    title = f"Minutes: {meeting.group.name}, {context['when']:%-d %B %Y}"
    return render_pdf(
        "meetings/pdf/minutes.html", context, title=title, partnership=meeting.partnership, request=request
    )
