"""Meetings and action points as iCalendar (with the icalendar library), and finding a personal calendar
feed by its secret address (the addresses are given and reset by meetings.services).

Calendars travel beyond the partnership (phones, shared and synced calendars), so an event lists only the
public version of a meeting's agenda, and an action point under a confidential item shows no wording.
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from core.links import absolute_url
from meetings import selectors
from meetings.models import ActionPoint, CalendarFeed, Meeting
from members.access import access_for

DEFAULT_LENGTH = datetime.timedelta(hours=2)
# Feeds carry the past year and everything ahead: enough for a calendar app, small enough to fetch often.
FEED_PAST_DAYS = 366
REFRESH = datetime.timedelta(hours=6)
PRODID = "-//Partnership Hub//Meetings//EN"


# Secret feed addresses (given and reset by meetings.services) ------------------------------------


def calendar_feed_of(person):
    return CalendarFeed.objects.filter(person=person).first() if person else None


def calendar_feed_get_by_token(token):
    """The feed for a secret address, with its person and login; 404 for an address that is not (or no longer) one."""
    feed = CalendarFeed.objects.filter(token=token).select_related("person__user").first() if token else None
    if feed is None:
        raise Http404("No such calendar")
    return feed


# Building events -------------------------------------------------------------------------------------


def _host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def absolute(path):
    return absolute_url(path)


def meeting_url(partnership, meeting):
    return absolute(reverse("meetings:meeting", args=[partnership.slug, meeting.pk]))


def action_url(partnership, action):
    return absolute(reverse("meetings:action", args=[partnership.slug, action.pk]))


def _is_off(meeting):
    return meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.POSTPONED)


def meeting_event(partnership, meeting, public_items, *, for_members):
    """One VEVENT; `public_items` is the public version of its agenda (selectors.public_items_by_meeting)."""
    # In UTC: every calendar app shows it in the reader's own time, and no VTIMEZONE is needed.
    start = meeting.starts_at.astimezone(datetime.UTC)
    end = meeting.ends_at.astimezone(datetime.UTC) if meeting.ends_at else start + DEFAULT_LENGTH
    url = meeting_url(partnership, meeting)
    lines = []
    if meeting.status == Meeting.Status.CANCELLED:
        lines.append("This meeting has been cancelled.")
    elif meeting.status == Meeting.Status.POSTPONED:
        successor = meeting.postponed_to
        new_date = f" to {timezone.localtime(successor.starts_at):%-d %B %Y}" if successor else ""
        lines.append(f"This meeting has been postponed{new_date}.")
    if public_items:
        lines.append("Agenda:")
        lines += [f"{number}. {item.title}" for number, item in enumerate(public_items, start=1)]
    elif not meeting.is_public:
        lines.append("A closed meeting: the agenda is for members only.")
    elif not meeting.agenda_is_published:
        lines.append("The agenda has not been published yet.")
    # Online meeting links go to members only: a public link invites disruption of the meeting.
    if for_members and meeting.online_link:
        lines.append(f"Join online: {meeting.online_link}")
    lines.append(f"Details and papers: {url}")
    location = meeting.location or ("Online" if meeting.online_link else "")
    event = icalendar.Event.new(
        uid=f"meeting-{meeting.pk}@{_host()}",
        summary=f"{meeting.group.name} – {partnership.name}",
        start=start,
        end=end,
        location=location or None,
        description="\n".join(lines),
        url=url,
        sequence=meeting.version,
        status="CANCELLED" if _is_off(meeting) else "CONFIRMED",
    )
    return event


def action_event(partnership, action):
    """An action point as an all-day event on its due date: calendar apps show these more widely than VTODO."""
    if action.is_confidential:
        summary = "Action due: a confidential action (see Partnership Hub)"
    else:
        summary = f"Action due: {_shorten(action.description)}"
    url = action_url(partnership, action)
    lines = [f"Owner: {action.owner.full_name}, {action.agency.name}", f"Status: {action.get_status_display()}"]
    if action.meeting_id:
        held = timezone.localtime(action.meeting.starts_at)
        lines.append(f"From the meeting of {action.meeting.group.name} on {held:%-d %B %Y}.")
    lines.append(f"Details and progress: {url}")
    event = icalendar.Event.new(
        uid=f"action-{action.pk}@{_host()}",
        summary=summary,
        start=action.due,
        end=action.due + datetime.timedelta(days=1),
        description="\n".join(lines),
        url=url,
        sequence=action.version,
        transparency="TRANSPARENT",
    )
    return event


def _shorten(text, limit=80):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def to_ical(name, events, *, key):
    """The calendar as bytes; `key` names the feed in a UID that stays the same from one fetch to the next."""
    calendar = icalendar.Calendar.new(prodid=PRODID, name=name, refresh_interval=REFRESH, uid=f"{key}@{_host()}")
    calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


# The calendars -----------------------------------------------------------------------------------------


def _recent(meetings):
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    return meetings.filter(starts_at__gte=since).select_related("postponed_to").order_by("starts_at", "pk")


def meeting_ics(user, partnership, meeting):
    """A single meeting (already fetched through meeting_get_for_user) for 'add to calendar'."""
    for_members = access_for(user, partnership).can_view_internal
    public_items = selectors.public_items_by_meeting([meeting])[meeting.pk]
    event = meeting_event(partnership, meeting, public_items, for_members=for_members)
    return to_ical(f"{meeting.group.name} – {partnership.name}", [event], key=f"meeting-calendar-{meeting.pk}")


def group_ics(partnership, group):
    """A group's open meetings: the same public feed for everyone, so its address can be shared freely."""
    meetings = list(_recent(selectors.meetings_visible_to(AnonymousUser(), partnership).filter(group=group)))
    items = selectors.public_items_by_meeting(meetings)
    events = [meeting_event(partnership, m, items[m.pk], for_members=False) for m in meetings]
    return to_ical(f"{group.name} – {partnership.name}", events, key=f"group-calendar-{group.pk}")


def person_ics(partnership, person):
    """One person's feed: the meetings they may see (every meeting, for a member) and their open actions."""
    user = person.user or AnonymousUser()
    for_members = access_for(user, partnership).can_view_internal
    meetings = list(_recent(selectors.meetings_visible_to(user, partnership)))
    items = selectors.public_items_by_meeting(meetings)
    events = [meeting_event(partnership, m, items[m.pk], for_members=for_members) for m in meetings]
    actions = (
        selectors.actions_visible_to(user, partnership)
        .filter(owner=person, status__in=ActionPoint.OPEN_STATUSES)
        .order_by("due", "pk")
    )
    events += [action_event(partnership, action) for action in actions]
    return to_ical(
        f"Meetings and actions – {partnership.name}", events, key=f"person-calendar-{person.pk}-{partnership.pk}"
    )
