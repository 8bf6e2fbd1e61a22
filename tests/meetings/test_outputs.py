"""Outputs of meetings: agenda and minutes PDFs, single-meeting, group and personal calendar feeds, and
the page that gives a member their calendar address. No output shows a confidential item (the CANARY in
its title, description and minutes) to anyone not cleared for it."""

import datetime
import io

import icalendar
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from weasyprint.urls import URLFetchingError

from core.pdf import LocalOnlyFetcher, render_pdf
from meetings import services
from meetings.models import CalendarFeed
from meetings.pdf import agenda_context
from members import services as member_services
from tests.meetings.conftest import CANARY, days_from_today, make_meeting

BOARD = "Strategic board"
NORTHDALE = "Northdale Community Safety Partnership"
PUBLIC_TITLE = "Anti-social behaviour hotspots: quarterly figures"


def url(name, *args):
    return reverse(name, args=["northdale", *args])


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def in_a_week():
    return timezone.localdate() + datetime.timedelta(days=7)


# Reading the outputs --------------------------------------------------------------------------------


def pdf_of(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF-1.7")
    return PdfReader(io.BytesIO(content))


def pdf_text(reader):
    return "\n".join(page.extract_text() for page in reader.pages)


def assert_tagged(reader, title):
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == title


def calendar_of(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def ics_text(response):
    """The feed as text with long lines unfolded (RFC 5545 folds at 75 octets), so a search cannot miss."""
    return response.content.decode().replace("\r\n ", "").replace("\r\n\t", "")


def events_of(cal):
    return list(cal.walk("VEVENT"))


def meeting_uid(meeting):
    return f"meeting-{meeting.pk}@127.0.0.1"


# Meetings and records ---------------------------------------------------------------------------------


@pytest.fixture
def agenda(meeting, public_item, confidential_item):
    """The last meeting's agenda: the standing items, a public item and a confidential one."""
    return meeting


@pytest.fixture
def records(world, agenda, public_item, confidential_item):
    """Decisions and action points under both items: the confidential action is owned by Olive (police)."""
    alice = world.users["alice"]
    decided_on = timezone.localdate(agenda.starts_at)
    services.decision_record(
        partnership=world.northdale,
        item=public_item,
        wording="Extend the hotspot patrols for three months",
        binds="the police and council",
        decided_on=decided_on,
        by=alice,
    )
    services.decision_record(
        partnership=world.northdale,
        item=confidential_item,
        wording=f"Fund the support package for {CANARY}",
        decided_on=decided_on,
        by=alice,
    )
    services.action_create(
        partnership=world.northdale,
        item=public_item,
        description="Report patrol results to the next board",
        owner=world.people["leo"],
        due=in_a_week(),
        by=alice,
        notify=False,
    )
    services.action_create(
        partnership=world.northdale,
        item=confidential_item,
        description="Arrange the welfare visit agreed in private",
        owner=world.people["olive"],
        due=in_a_week(),
        by=alice,
        notify=False,
    )
    return agenda


def publish_minutes(world, meeting):
    """Circulate, approve (at the board's meeting yesterday) and publish the minutes of `meeting`."""
    alice, carol = world.users["alice"], world.users["carol"]
    later = make_meeting(by=alice, group=meeting.group, starts_at=days_from_today(-1))
    minutes = services.minutes_circulate(minutes=meeting.minutes, by=alice)
    minutes = services.minutes_approve(minutes=minutes, at_meeting=later, approver=world.people["carol"], by=carol)
    return services.minutes_publish(minutes=minutes, by=alice)


# The shared PDF helper --------------------------------------------------------------------------------


def test_the_pdf_helper_makes_tagged_pdf_ua_with_the_partnership_in_the_header(world, agenda, alice):
    content = render_pdf(
        "meetings/pdf/agenda.html", agenda_context(alice, agenda), title="A test document", partnership=world.northdale
    )
    reader = PdfReader(io.BytesIO(content))
    assert_tagged(reader, "A test document")
    assert reader.metadata.author == NORTHDALE
    text = pdf_text(reader)
    assert NORTHDALE in text
    assert "Page 1 of 1" in text


def test_the_pdf_helper_fetches_nothing_but_local_files():
    fetcher = LocalOnlyFetcher()
    for address in ["https://example.org/logo.png", "http://127.0.0.1/", "file:///etc/passwd", "ftp://x/y"]:
        with pytest.raises((URLFetchingError, ValueError)):
            fetcher.fetch(address)
    found = fetcher.fetch("file:///static/images/favicon.svg")
    assert b"<svg" in found.read()
    found.close()


def small_png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), (29, 112, 184)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_partnerships_logo_heads_every_page_with_alternative_text(world, next_meeting, alice, settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from partnership import services as partnership_services

    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save("logos/northdale.png", ContentFile(small_png()))
    northdale = world.northdale
    partnership_services.partnership_update(partnership=northdale, by=alice, version=northdale.version, logo=name)
    for n in range(12):
        services.agenda_item_create(meeting=next_meeting, title=f"Item {n}", description="Background. " * 60, by=alice)
    reader = pdf_of(client_for(alice).get(url("meetings:agenda_pdf", next_meeting.pk)))
    assert len(reader.pages) > 1
    assert all(len(page.images) == 1 for page in reader.pages)
    figures = [element for element in struct_elements(reader) if element.get("/S") == "/Figure"]
    assert [figure.get("/Alt") for figure in figures] == [f"Logo of {NORTHDALE}"]


def test_a_logo_missing_from_storage_leaves_just_the_name(world, agenda, alice, settings, tmp_path):
    from partnership import services as partnership_services

    settings.MEDIA_ROOT = tmp_path
    northdale = world.northdale
    partnership_services.partnership_update(
        partnership=northdale, by=alice, version=northdale.version, logo="logos/gone.png"
    )
    reader = pdf_of(client_for(alice).get(url("meetings:agenda_pdf", agenda.pk)))
    assert NORTHDALE in pdf_text(reader)
    assert not reader.pages[0].images


def struct_elements(reader):
    """Every element of the PDF's structure tree (for checking tags and alternative text)."""
    found, stack = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        element = stack.pop().get_object()
        if not hasattr(element, "get"):
            continue
        found.append(element)
        kids = element.get("/K")
        if kids is None:
            continue
        kids = kids if isinstance(kids, list) else [kids]
        stack.extend(kid for kid in kids if hasattr(kid, "get_object"))
    return found


# Agenda PDF -----------------------------------------------------------------------------------------


def test_the_coordinator_gets_the_whole_agenda_with_the_confidential_item_marked(agenda, alice):
    reader = pdf_of(client_for(alice).get(url("meetings:agenda_pdf", agenda.pk)))
    when = timezone.localtime(agenda.starts_at)
    assert_tagged(reader, f"Agenda: {BOARD}, {when:%-d %B %Y}")
    text = pdf_text(reader)
    assert PUBLIC_TITLE in text
    assert CANARY in text
    assert "Personal information about a family." in text
    assert NORTHDALE in text
    assert "Presented by Leo Lewis, Shire Constabulary" in text


def test_an_uncleared_member_gets_the_agenda_without_the_confidential_item(agenda, maya):
    response = client_for(maya).get(url("meetings:agenda_pdf", agenda.pk))
    reader = pdf_of(response)
    text = pdf_text(reader)
    assert PUBLIC_TITLE in text
    assert CANARY not in text
    assert "Eastgate" not in text
    assert "also 1 confidential item" in text
    assert response["Content-Disposition"].startswith('inline; filename="agenda-strategic-board-')


def test_the_public_gets_the_public_agenda_and_is_not_told_of_confidential_items(agenda):
    reader = pdf_of(client_for().get(url("meetings:agenda_pdf", agenda.pk)))
    assert_tagged(reader, f"Agenda: {BOARD}, {timezone.localtime(agenda.starts_at):%-d %B %Y}")
    text = pdf_text(reader)
    assert PUBLIC_TITLE in text
    assert CANARY not in text
    assert "confidential" not in text.lower()


def test_an_agency_the_item_is_shared_with_sees_it_and_another_agency_does_not(world, agenda, confidential_item):
    services.item_share(item=confidential_item, agency=world.agencies["police"], by=world.users["alice"])
    assert CANARY in pdf_text(pdf_of(client_for(world.users["leo"]).get(url("meetings:agenda_pdf", agenda.pk))))
    assert CANARY not in pdf_text(pdf_of(client_for(world.users["fred"]).get(url("meetings:agenda_pdf", agenda.pk))))


def test_an_unpublished_agenda_is_404_to_the_public_and_a_draft_to_members(world, next_meeting, maya):
    services.agenda_item_create(meeting=next_meeting, title="Hate crime plan", by=world.users["alice"])
    assert client_for().get(url("meetings:agenda_pdf", next_meeting.pk)).status_code == 404
    text = pdf_text(pdf_of(client_for(maya).get(url("meetings:agenda_pdf", next_meeting.pk))))
    assert "Draft agenda: not yet published" in text
    assert "Hate crime plan" in text


def test_a_closed_meetings_agenda_is_404_to_the_public(world, board, maya):
    alice = world.users["alice"]
    closed = make_meeting(by=alice, group=board, starts_at=days_from_today(10), is_public=False)
    services.agenda_publish(meeting=closed, by=alice)
    assert client_for().get(url("meetings:agenda_pdf", closed.pk)).status_code == 404
    assert client_for(maya).get(url("meetings:agenda_pdf", closed.pk)).status_code == 200


def test_another_partnerships_coordinator_gets_only_the_public_version(agenda, charlie):
    text = pdf_text(pdf_of(client_for(charlie).get(url("meetings:agenda_pdf", agenda.pk))))
    assert PUBLIC_TITLE in text
    assert CANARY not in text


def test_online_links_are_in_members_pdfs_only(world, board, maya):
    alice = world.users["alice"]
    online = make_meeting(by=alice, group=board, starts_at=days_from_today(5), online_link="https://meet.example/abc")
    services.agenda_publish(meeting=online, by=alice)
    assert "https://meet.example/abc" in pdf_text(pdf_of(client_for(maya).get(url("meetings:agenda_pdf", online.pk))))
    assert "meet.example" not in pdf_text(pdf_of(client_for().get(url("meetings:agenda_pdf", online.pk))))


def test_an_agenda_of_twenty_items_runs_onto_numbered_pages(world, next_meeting, alice):
    for n in range(1, 21):
        services.agenda_item_create(
            meeting=next_meeting,
            title=f"Item number {n}",
            description="A paragraph of background for the board to read before the meeting. " * 4,
            by=alice,
        )
    reader = pdf_of(client_for(alice).get(url("meetings:agenda_pdf", next_meeting.pk)))
    pages = len(reader.pages)
    assert pages > 1
    text = pdf_text(reader)
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "Item number 20" in text


# Minutes PDF -----------------------------------------------------------------------------------------


def test_the_minutes_list_decisions_and_actions_under_each_item(records, alice):
    reader = pdf_of(client_for(alice).get(url("meetings:minutes_pdf", records.pk)))
    assert_tagged(reader, f"Minutes: {BOARD}, {timezone.localtime(records.starts_at):%-d %B %Y}")
    text = pdf_text(reader)
    assert "Draft minutes" in text
    assert "Extend the hotspot patrols for three months" in text
    assert "Report patrol results to the next board" in text
    assert "Leo Lewis" in text and "Shire Constabulary" in text
    assert f"{in_a_week():%-d %b %Y}" in text
    assert f"The board agreed the plan for {CANARY}" in text
    assert f"Fund the support package for {CANARY}" in text
    # Each record comes after its own item's title.
    assert text.index(PUBLIC_TITLE) < text.index("Extend the hotspot patrols") < text.index(CANARY)


def test_an_uncleared_members_minutes_leave_out_the_confidential_item_and_its_records(records, maya):
    text = pdf_text(pdf_of(client_for(maya).get(url("meetings:minutes_pdf", records.pk))))
    assert "Extend the hotspot patrols for three months" in text
    assert "Report patrol results to the next board" in text
    assert CANARY not in text
    assert "Arrange the welfare visit" not in text


def test_the_owner_of_a_confidential_action_sees_it_without_the_items_title(records, olive):
    text = pdf_text(pdf_of(client_for(olive).get(url("meetings:minutes_pdf", records.pk))))
    assert "Arrange the welfare visit agreed in private" in text
    assert "Other decisions and action points" in text
    assert CANARY not in text
    assert "Eastgate" not in text


def test_the_public_gets_minutes_only_once_published_and_only_the_public_version(world, records):
    minutes_url = url("meetings:minutes_pdf", records.pk)
    assert client_for().get(minutes_url).status_code == 404
    publish_minutes(world, records)
    reader = pdf_of(client_for().get(minutes_url))
    text = pdf_text(reader)
    assert PUBLIC_TITLE in text
    assert "Approved by Carol Chen" in text
    assert CANARY not in text
    assert "Arrange the welfare visit" not in text
    assert "confidential" not in text.lower()


def test_a_meeting_of_another_partnership_is_404(world, charlie, records):
    response = client_for(charlie).get(reverse("meetings:minutes_pdf", args=["southvale", records.pk]))
    assert response.status_code == 404


# Single-meeting calendar ----------------------------------------------------------------------------


def test_a_meeting_downloads_as_one_event_with_only_public_item_titles(agenda, alice):
    for user in (None, alice):
        cal = calendar_of(client_for(user).get(url("meetings:meeting_ics", agenda.pk)))
        [event] = events_of(cal)
        assert str(event["UID"]) == meeting_uid(agenda)
        assert str(event["SUMMARY"]) == f"{BOARD} – {NORTHDALE}"
        assert event.start == agenda.starts_at
        assert event.end == agenda.ends_at
        assert str(event["LOCATION"]) == "Council chamber, Northdale House"
        assert str(event["URL"]) == settings.SITE_URL + url("meetings:meeting", agenda.pk)
        assert str(event["STATUS"]) == "CONFIRMED"
        assert PUBLIC_TITLE in str(event["DESCRIPTION"])
        assert CANARY not in cal.to_ical().decode().replace("\r\n ", "")


def test_a_meeting_with_no_end_lasts_two_hours_and_a_cancelled_one_says_so(world, board, alice):
    meeting = services.meeting_create(
        partnership=world.northdale, group=board, starts_at=days_from_today(3), location="Northdale House", by=alice
    )
    services.meeting_cancel(meeting=meeting, by=alice)
    [event] = events_of(calendar_of(client_for().get(url("meetings:meeting_ics", meeting.pk))))
    assert event.end - event.start == datetime.timedelta(hours=2)
    assert str(event["STATUS"]) == "CANCELLED"
    assert "cancelled" in str(event["DESCRIPTION"])


def test_a_closed_meeting_is_404_to_the_public_calendar(world, board):
    closed = make_meeting(by=world.users["alice"], group=board, starts_at=days_from_today(3), is_public=False)
    assert client_for().get(url("meetings:meeting_ics", closed.pk)).status_code == 404


# Group calendar -------------------------------------------------------------------------------------


def test_the_group_calendar_is_public_and_holds_the_groups_open_meetings(world, board, agenda, next_meeting):
    alice = world.users["alice"]
    closed = make_meeting(by=alice, group=board, starts_at=days_from_today(40), is_public=False)
    other_group = make_meeting(by=alice, group=world.groups["asb"], starts_at=days_from_today(20))
    response = client_for().get(url("meetings:group_ics", board.pk))
    cal = calendar_of(response)
    uids = {str(event["UID"]) for event in events_of(cal)}
    assert uids == {meeting_uid(agenda), meeting_uid(next_meeting)}
    assert meeting_uid(closed) not in uids and meeting_uid(other_group) not in uids
    assert CANARY not in ics_text(response)
    [last] = [event for event in events_of(cal) if str(event["UID"]) == meeting_uid(agenda)]
    assert PUBLIC_TITLE in str(last["DESCRIPTION"])
    assert cal.get("X-WR-CALNAME") == f"{BOARD} – {NORTHDALE}"
    # Fetched again, the same meetings have the same UIDs, so calendar apps update rather than duplicate.
    again = calendar_of(client_for().get(url("meetings:group_ics", board.pk)))
    assert {str(event["UID"]) for event in events_of(again)} == uids


def test_the_group_calendar_is_the_same_public_feed_for_a_member(world, board, agenda):
    make_meeting(by=world.users["alice"], group=board, starts_at=days_from_today(40), is_public=False)
    response = client_for(world.users["alice"]).get(url("meetings:group_ics", board.pk))
    assert {str(e["UID"]) for e in events_of(calendar_of(response))} == {meeting_uid(agenda)}
    assert CANARY not in ics_text(response)


def test_the_group_calendar_runs_the_same_queries_for_few_or_many_meetings(world, board):
    def count():
        with CaptureQueriesContext(connection) as queries:
            client_for().get(url("meetings:group_ics", board.pk))
        return len(queries)

    alice = world.users["alice"]
    for days in (3, 4):
        services.agenda_publish(meeting=make_meeting(by=alice, group=board, starts_at=days_from_today(days)), by=alice)
    few = count()
    for days in range(5, 15):
        services.agenda_publish(meeting=make_meeting(by=alice, group=board, starts_at=days_from_today(days)), by=alice)
    assert count() == few


def test_a_group_of_another_partnership_has_no_calendar_here(world):
    response = client_for().get(url("meetings:group_ics", world.groups["southvale_board"].pk))
    assert response.status_code == 404


# Personal calendar ----------------------------------------------------------------------------------


def feed_url(token):
    return url("meetings:person_ics", token)


def test_an_unknown_address_is_404(world):
    assert client_for().get(feed_url("not-a-real-token")).status_code == 404


def test_a_member_creates_their_address_on_the_calendar_page(world, maya):
    client = client_for(maya)
    page = client.get(url("meetings:calendar"))
    assert page.status_code == 200
    assert "Create my calendar address" in page.text
    response = client.post(url("meetings:calendar"), {"action": "create"})
    assert response.status_code == 302
    feed = CalendarFeed.objects.get(person=world.people["maya"])
    assert len(feed.token) >= 43
    page = client.get(url("meetings:calendar"))
    assert settings.SITE_URL + feed_url(feed.token) in page.text
    assert "Reset my calendar address" in page.text


def test_a_sign_in_with_no_person_gets_the_group_calendars_only(world, administrator):
    client = client_for(administrator)
    assert client.post(url("meetings:calendar"), {"action": "create"}).status_code == 200
    page = client.get(url("meetings:calendar"))
    assert "not linked to a person" in page.text
    assert settings.SITE_URL + url("meetings:group_ics", world.groups["board"].pk) in page.text
    assert not CalendarFeed.objects.exists()


def test_the_calendar_page_asks_the_public_to_sign_in(world):
    response = client_for().get(url("meetings:calendar"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_resetting_the_address_stops_the_old_one_and_keeps_no_token_in_history(world, maya):
    person = world.people["maya"]
    old = services.calendar_feed_create(person=person, by=maya)
    assert services.calendar_feed_create(person=person, by=maya).token == old.token
    client_for(maya).post(url("meetings:calendar"), {"action": "reset"})
    new = CalendarFeed.objects.get(person=person)
    assert new.token != old.token
    assert client_for().get(feed_url(old.token)).status_code == 404
    assert client_for().get(feed_url(new.token)).status_code == 200
    rows = list(new.history.all())
    assert len(rows) == 2
    assert all(not hasattr(row, "token") for row in rows)
    assert rows[0].history_user == maya


def test_a_members_feed_holds_every_meeting_and_no_confidential_title(world, board, agenda, next_meeting, maya):
    closed = make_meeting(by=world.users["alice"], group=board, starts_at=days_from_today(40), is_public=False)
    feed = services.calendar_feed_create(person=world.people["maya"], by=maya)
    response = client_for().get(feed_url(feed.token))
    cal = calendar_of(response)
    uids = {str(event["UID"]) for event in events_of(cal)}
    assert {meeting_uid(agenda), meeting_uid(next_meeting), meeting_uid(closed)} <= uids
    assert CANARY not in ics_text(response)
    assert response["Cache-Control"] == "private, no-store"


def test_the_personal_feed_runs_the_same_queries_for_few_or_many_meetings_and_actions(world, board, leo):
    feed = services.calendar_feed_create(person=world.people["leo"], by=leo)
    alice = world.users["alice"]

    def grow(days):
        for day in days:
            meeting = make_meeting(by=alice, group=board, starts_at=days_from_today(day))
            services.agenda_publish(meeting=meeting, by=alice)
            item = services.agenda_item_create(meeting=meeting, title=f"Item {day}", by=alice)
            services.action_create(
                partnership=world.northdale,
                item=item,
                description=f"Action {day}",
                owner=world.people["leo"],
                due=in_a_week(),
                by=alice,
                notify=False,
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client_for().get(feed_url(feed.token)).status_code == 200
        return len(queries)

    grow([3, 4])
    few = count()
    grow(range(5, 15))
    assert count() == few


def test_the_feed_holds_the_persons_open_actions_only_with_confidential_wording_left_out(world, records, leo, olive):
    leo_feed = services.calendar_feed_create(person=world.people["leo"], by=leo)
    olive_feed = services.calendar_feed_create(person=world.people["olive"], by=olive)
    leo_text = ics_text(client_for().get(feed_url(leo_feed.token)))
    leo_events = events_of(icalendar.Calendar.from_ical(leo_text))
    [action] = [e for e in leo_events if str(e["SUMMARY"]).startswith("Action due:")]
    assert str(action["SUMMARY"]) == "Action due: Report patrol results to the next board"
    assert action.start == in_a_week()
    assert "welfare visit" not in leo_text
    olive_text = ics_text(client_for().get(feed_url(olive_feed.token)))
    olive_events = events_of(icalendar.Calendar.from_ical(olive_text))
    [action] = [e for e in olive_events if str(e["SUMMARY"]).startswith("Action due:")]
    assert str(action["SUMMARY"]) == "Action due: a confidential action (see Partnership Hub)"
    assert "welfare visit" not in olive_text
    assert CANARY not in olive_text
    assert "patrol results" not in olive_text


def test_closed_actions_leave_the_feed(world, records, leo):
    feed = services.calendar_feed_create(person=world.people["leo"], by=leo)
    action = records.actions.get(owner=world.people["leo"])
    services.action_log_progress(action=action, author=world.people["leo"], status="done", note="Reported.", by=leo)
    assert "Action due" not in ics_text(client_for().get(feed_url(feed.token)))


def test_a_person_who_has_left_gets_only_public_meetings(world, board, agenda, maya):
    closed = make_meeting(by=world.users["alice"], group=board, starts_at=days_from_today(40), is_public=False)
    person = world.people["maya"]
    feed = services.calendar_feed_create(person=person, by=maya)
    member_services.person_update(
        person=person, by=world.users["alice"], version=person.version, left_on=timezone.localdate()
    )
    response = client_for().get(feed_url(feed.token))
    uids = {str(event["UID"]) for event in events_of(calendar_of(response))}
    assert meeting_uid(agenda) in uids
    assert meeting_uid(closed) not in uids


def test_a_postponed_meeting_is_cancelled_in_the_feed_and_its_new_date_added(world, next_meeting, maya):
    alice = world.users["alice"]
    new_date = next_meeting.starts_at + datetime.timedelta(days=7)
    successor = services.meeting_postpone(meeting=next_meeting, new_starts_at=new_date, by=alice)
    feed = services.calendar_feed_create(person=world.people["maya"], by=maya)
    events = {str(e["UID"]): e for e in events_of(calendar_of(client_for().get(feed_url(feed.token))))}
    old, new = events[meeting_uid(next_meeting)], events[meeting_uid(successor)]
    assert str(old["STATUS"]) == "CANCELLED"
    assert f"postponed to {timezone.localtime(new_date):%-d %B %Y}" in str(old["DESCRIPTION"])
    assert str(new["STATUS"]) == "CONFIRMED"
    assert new.start == new_date
