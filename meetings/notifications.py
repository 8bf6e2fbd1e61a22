"""Email about meetings and actions, through Django's email framework.

Emails never carry a confidential item: an agenda or minutes email lists the public items and says
how many more items members cleared for them will find after signing in.
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.email import send_each
from core.links import absolute_url
from meetings.models import Meeting, Minutes
from members.models import GroupMember, Person


def _group_addresses(meeting):
    """Email addresses of the group's members on the day of sending (every kind of seat), in post."""
    seats = GroupMember.objects.filter(group_id=meeting.group_id).on(timezone.localdate())
    people = Person.objects.filter(pk__in=seats.values("person_id"), left_on__isnull=True).exclude(email="")
    return sorted({p.email for p in people})


def _send(subject, template, context, recipients):
    if not recipients:
        return 0
    # One message each (send_each), so no member's address is shown to the others.
    return send_each(subject, render_to_string(template, context), recipients)


def _meeting_context(meeting):
    items = meeting.items.order_by("order", "pk")
    return {
        "meeting": meeting,
        "when": timezone.localtime(meeting.starts_at),
        "public_items": [i for i in items if not i.is_confidential],
        "confidential_count": sum(1 for i in items if i.is_confidential),
        "url": absolute_url(reverse("meetings:meeting", args=[meeting.partnership.slug, meeting.pk])),
    }


# Composers of the emails to a group's members, sent by the background worker (partnership.outbox; registered
# in meetings.apps). Each reads the meeting as it is when the worker sends, and the members seated that day.


def agenda_published_message(meeting_id):
    meeting = Meeting.objects.select_related("group", "partnership").get(pk=meeting_id)
    body = render_to_string("meetings/email/agenda_published.txt", _meeting_context(meeting))
    return f"Agenda published: {meeting}", body, _group_addresses(meeting)


def minutes_circulated_message(minutes_id):
    minutes = Minutes.objects.select_related("meeting__group", "meeting__partnership").get(pk=minutes_id)
    meeting = minutes.meeting
    body = render_to_string("meetings/email/minutes_circulated.txt", _meeting_context(meeting))
    return f"Draft minutes circulated: {meeting}", body, _group_addresses(meeting)


def _action_context(action):
    return {
        "action": action,
        # The action's wording is only mailed to its owner, who may see it whatever its item's confidentiality.
        "url": absolute_url(reverse("meetings:action", args=[action.partnership.slug, action.pk])),
    }


def action_assigned(action):
    if not action.owner.email:
        return 0
    subject = f"Action assigned to you: {action.partnership.name}"
    return _send(subject, "meetings/email/action_assigned.txt", _action_context(action), [action.owner.email])


def action_reminder(action, threshold):
    if not action.owner.email:
        return 0
    subject = ("Action overdue" if threshold == "overdue" else "Action due soon") + f": {action.partnership.name}"
    context = {**_action_context(action), "threshold": threshold}
    return _send(subject, "meetings/email/action_reminder.txt", context, [action.owner.email])
