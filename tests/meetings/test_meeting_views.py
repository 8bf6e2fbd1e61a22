"""The meetings pages: what each person sees of a meeting, planning a year, papers, attendance and quorum,
and minutes from draft to correction."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from meetings import forms, services
from meetings.models import PAPER_EXTENSIONS, Attendance, Meeting, MinutesCorrection, Paper
from tests.factories import make_person
from tests.meetings.conftest import CANARY, days_from_today, make_meeting
from tests.test_permissions import COORDINATOR_ONLY, INTERNAL, PUBLIC, expect, statuses

ERROR_SUMMARY = "There is a problem"


def url(name, *args):
    return reverse(name, args=["northdale", *args])


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def assert_refused(response, form, field, message):
    """The page comes back with the message next to the field and in the summary at the top."""
    assert response.status_code == 200
    assert message in response.context[form].errors.get(field, []), response.context[form].errors
    assert ERROR_SUMMARY in response.text
    assert response.text.count(escape(message)) >= 2


# Who sees what ------------------------------------------------------------------------------------


def test_a_public_visitor_sees_public_items_but_never_a_confidential_items_title(
    world, client, meeting, public_item, confidential_item
):
    response = client.get(url("meetings:meeting", meeting.pk))
    assert response.status_code == 200
    assert public_item.title in response.text
    assert CANARY not in response.text
    assert "Confidential" not in response.text
    assert "not shown to you" not in response.text
    listing = client.get(url("meetings:meetings"))
    assert CANARY not in listing.text


def test_a_member_not_cleared_is_told_how_many_items_are_hidden_but_not_what_they_are(
    world, client, maya, meeting, public_item, confidential_item
):
    client.force_login(maya)
    response = client.get(url("meetings:meeting", meeting.pk))
    assert CANARY not in response.text
    assert "1 confidential item is not shown to you" in response.text
    assert client.get(url("meetings:item", confidential_item.pk)).status_code == 404


def test_the_coordinator_sees_a_confidential_item_with_its_reason(world, as_alice, meeting, confidential_item):
    response = as_alice.get(url("meetings:meeting", meeting.pk))
    assert CANARY in response.text
    assert "Confidential because: Personal information about a family." in response.text


def test_someone_an_item_is_shared_with_sees_it_on_the_meeting_page(
    world, client, alice, olive, meeting, confidential_item
):
    client.force_login(alice)
    response = client.post(url("meetings:item_share", confidential_item.pk), {"person": world.people["olive"].pk})
    assert response.status_code == 302
    client.force_login(olive)
    assert CANARY in client.get(url("meetings:meeting", meeting.pk)).text
    assert client.get(url("meetings:item", confidential_item.pk)).status_code == 200


def test_the_public_sees_no_agenda_before_it_is_published(world, client, next_meeting):
    services.agenda_item_create(meeting=next_meeting, title="Street lighting in Eastgate", by=world.users["alice"])
    response = client.get(url("meetings:meeting", next_meeting.pk))
    assert "Street lighting in Eastgate" not in response.text
    assert "The agenda has not been published yet." in response.text


def test_the_public_reads_minutes_only_once_published(world, client, meeting, public_item):
    alice, carol = world.users["alice"], world.users["carol"]
    services.minutes_write(item=public_item, discussion="The board thanked the police for the figures.", by=alice)
    assert "thanked the police" not in client.get(url("meetings:meeting", meeting.pk)).text
    later = make_meeting(by=alice, group=meeting.group, starts_at=days_from_today(-1))
    minutes = services.minutes_circulate(minutes=meeting.minutes, by=alice)
    minutes = services.minutes_approve(minutes=minutes, at_meeting=later, approver=world.people["carol"], by=carol)
    services.minutes_publish(minutes=minutes, by=alice)
    assert "thanked the police" in client.get(url("meetings:meeting", meeting.pk)).text


def test_a_postponed_meeting_links_to_the_new_one(world, as_alice, next_meeting):
    response = as_alice.post(
        url("meetings:meeting_status", next_meeting.pk),
        {
            "action": "postpone",
            "new_date": (timezone.localdate() + datetime.timedelta(days=35)).isoformat(),
            "new_time": "18:00",
        },
    )
    successor = Meeting.objects.get(pk=next_meeting.pk).postponed_to
    assert response.status_code == 302 and response.url == url("meetings:meeting", successor.pk)
    page = as_alice.get(url("meetings:meeting", next_meeting.pk))
    assert "Postponed" in page.text
    assert url("meetings:meeting", successor.pk) in page.text


def test_a_postponement_without_a_new_date_is_refused_next_to_the_date(world, as_alice, next_meeting):
    response = as_alice.post(url("meetings:meeting_status", next_meeting.pk), {"action": "postpone"})
    assert_refused(response, "form", "new_date", services.POSTPONE_NEEDS_DATE)
    assert Meeting.objects.get(pk=next_meeting.pk).status == Meeting.Status.SCHEDULED


def test_an_officer_may_not_add_a_meeting(world, client, olive):
    client.force_login(olive)
    assert client.get(url("meetings:meeting_create")).status_code == 403


# Adding and planning meetings ---------------------------------------------------------------------


def test_the_coordinator_adds_a_meeting_with_the_standing_items(world, as_alice):
    day = timezone.localdate() + datetime.timedelta(days=10)
    response = as_alice.post(
        url("meetings:meeting_create"),
        {
            "group": world.groups["asb"].pk,
            "date": day.isoformat(),
            "time": "18:30",
            "finishes": "20:00",
            "location": "Committee room 2",
            "is_public": "on",
        },
    )
    made = Meeting.objects.get(group=world.groups["asb"])
    assert response.status_code == 302
    assert timezone.localtime(made.starts_at).time() == datetime.time(18, 30)
    assert timezone.localtime(made.ends_at).time() == datetime.time(20, 0)
    assert list(made.items.values_list("title", flat=True)) == [
        "Apologies for absence",
        "Minutes of the last meeting",
        "Matters arising",
        "Any other business",
    ]


def test_a_meeting_that_finishes_before_it_starts_is_refused_next_to_the_finish(world, as_alice):
    day = timezone.localdate() + datetime.timedelta(days=10)
    response = as_alice.post(
        url("meetings:meeting_create"),
        {
            "group": world.groups["asb"].pk,
            "date": day.isoformat(),
            "time": "18:30",
            "finishes": "17:00",
            "location": "Hall",
        },
    )
    assert_refused(response, "form", "finishes", forms.FINISH_AFTER_START)
    assert not Meeting.objects.filter(group=world.groups["asb"]).exists()


def plan_rule(world, **changes):
    first = timezone.localdate() + datetime.timedelta(days=1)
    return {
        "group": world.groups["asb"].pk,
        "first": first.isoformat(),
        "until": (first + datetime.timedelta(days=180)).isoformat(),
        "week": "3",
        "weekday": "1",
        "interval": "1",
        "time": "18:00",
        "length": "90",
        "location": "Committee room 2",
        "is_public": "on",
        **changes,
    }


def test_the_plan_shows_every_date_of_the_rule_ticked_and_creates_only_those_left_ticked(world, as_alice):
    rule = plan_rule(world)
    shown = as_alice.post(url("meetings:meeting_plan"), {**rule, "step": "dates"})
    assert shown.status_code == 200
    offered = [key for key, _ in shown.context["form"].fields["dates"].choices]
    assert len(offered) == 6
    assert shown.text.count("checked") == len(offered)
    assert all(datetime.datetime.fromisoformat(key).weekday() == 1 for key in offered)  # Tuesdays
    # The rule comes back in hidden fields, not from the server's memory.
    assert 'type="hidden" name="week" value="3"' in shown.text

    kept = [offered[0], offered[2], offered[5]]
    response = as_alice.post(url("meetings:meeting_plan"), {**rule, "step": "create", "dates": kept})

    assert response.status_code == 302
    made = Meeting.objects.filter(group=world.groups["asb"]).order_by("starts_at")
    assert [m.starts_at for m in made] == [datetime.datetime.fromisoformat(key) for key in kept]
    assert all(m.ends_at - m.starts_at == datetime.timedelta(minutes=90) for m in made)


def test_a_plan_with_every_date_unticked_is_refused_and_creates_nothing(world, as_alice):
    response = as_alice.post(url("meetings:meeting_plan"), {**plan_rule(world), "step": "create"})
    assert_refused(response, "form", "dates", services.PLAN_NOTHING)
    assert not Meeting.objects.filter(group=world.groups["asb"]).exists()


def test_a_plan_whose_last_date_is_before_its_first_is_refused_next_to_the_last_date(world, as_alice):
    rule = plan_rule(world, until=timezone.localdate().isoformat())
    response = as_alice.post(url("meetings:meeting_plan"), {**rule, "step": "dates"})
    assert_refused(response, "form", "until", forms.UNTIL_AFTER_FIRST)


# Papers -------------------------------------------------------------------------------------------


def test_a_paper_of_a_type_not_allowed_is_refused_next_to_the_file_and_nothing_is_saved(
    world, as_alice, media, public_item
):
    upload = SimpleUploadedFile("minutes.exe", b"MZ\x90\x00 not a paper")
    response = as_alice.post(url("meetings:paper_add", public_item.pk), {"title": "Minutes", "file": upload})
    message = services.PAPER_BAD_TYPE.format(types=", ".join(PAPER_EXTENSIONS))
    assert_refused(response, "form", "file", message)
    assert 'id="id_file-error"' in response.text
    assert not Paper.objects.exists()
    assert not any(media.rglob("*"))


def test_an_empty_paper_is_refused_next_to_the_file(world, as_alice, media, public_item):
    upload = SimpleUploadedFile("empty.pdf", b"")
    response = as_alice.post(url("meetings:paper_add", public_item.pk), {"title": "Nothing", "file": upload})
    assert_refused(response, "form", "file", services.PAPER_EMPTY)
    assert not Paper.objects.exists()


def test_a_paper_is_downloaded_as_an_attachment_by_those_cleared_for_its_item(
    world, client, alice, maya, media, confidential_item
):
    client.force_login(alice)
    upload = SimpleUploadedFile("risk-plan.pdf", b"%PDF-1.7 plan")
    response = client.post(url("meetings:paper_add", confidential_item.pk), {"title": "Risk plan", "file": upload})
    assert response.status_code == 302
    paper = Paper.objects.get()
    download = client.get(url("meetings:paper", paper.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.7 plan"
    client.force_login(maya)
    assert client.get(url("meetings:paper", paper.pk)).status_code == 404
    client.logout()
    assert client.get(url("meetings:paper", paper.pk)).status_code == 404


# Attendance and quorum ----------------------------------------------------------------------------


def attendance_data(page, statuses, **extra):
    """The attendance form as posted, with a status for the people named in `statuses` (by person id)."""
    formset = page.context["formset"]
    data = {f"form-{key}": value for key, value in formset.management_form.initial.items()}
    for index, form in enumerate(formset.forms):
        person = form.initial["person"]
        data[f"form-{index}-person"] = person
        if person in statuses:
            data[f"form-{index}-status"] = statuses[person]
    return {**data, **extra}


def test_attendance_is_recorded_and_the_meeting_page_shows_the_quorum_not_met_with_reasons(world, as_alice, meeting):
    people = world.people
    services.quorum_set(
        group=meeting.group, by=world.users["alice"], minimum_present=3, every_responsible_authority=True
    )
    page = as_alice.get(url("meetings:attendance", meeting.pk))
    data = attendance_data(
        page, {people["alice"].pk: Attendance.Status.PRESENT, people["carol"].pk: Attendance.Status.PRESENT}
    )
    shown = as_alice.post(url("meetings:attendance", meeting.pk), data, follow=True)
    assert shown.redirect_chain == [(url("meetings:meeting", meeting.pk) + "#attendance", 302)]
    assert "Attendance has been recorded. The meeting was not quorate" in shown.text
    assert "The meeting was not quorate." in shown.text
    assert "2 members present; the quorum is 3." in shown.text
    assert "Not represented: Shire Constabulary." in shown.text


def test_a_substitute_makes_the_meeting_quorate(world, as_alice, meeting):
    people = world.people
    services.quorum_set(
        group=meeting.group, by=world.users["alice"], minimum_present=3, every_responsible_authority=True
    )
    page = as_alice.get(url("meetings:attendance", meeting.pk))
    data = attendance_data(
        page,
        {
            people["alice"].pk: Attendance.Status.PRESENT,
            people["carol"].pk: Attendance.Status.PRESENT,
            people["leo"].pk: Attendance.Status.APOLOGIES,
        },
        **{"extra-person": people["olive"].pk, "extra-status": Attendance.Status.SUBSTITUTE},
    )
    refused = as_alice.post(url("meetings:attendance", meeting.pk), data)
    assert_refused(refused, "extra", "substitute_for", forms.SUBSTITUTE_FOR_NEEDED)

    data["extra-substitute_for"] = people["leo"].pk
    assert as_alice.post(url("meetings:attendance", meeting.pk), data).status_code == 302
    shown = as_alice.get(url("meetings:meeting", meeting.pk))
    assert "Quorate" in shown.text
    assert "Olive Okafor (Shire Constabulary), standing in for Leo Lewis" in shown.text


def test_the_agency_attendance_report_counts_held_meetings_attended(world, client, maya, meeting):
    services.attendance_record(
        meeting=meeting, entries=[(world.people["leo"], Attendance.Status.PRESENT, None)], by=world.users["alice"]
    )
    client.force_login(maya)
    response = client.get(url("meetings:agency_attendance"))
    rows = {row["agency"].name: row for row in response.context["rows"]}
    assert rows["Shire Constabulary"]["attended"] == 1 and rows["Shire Constabulary"]["held"] == 1
    assert rows["Shire Fire and Rescue Service"]["attended"] == 0
    later = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.get(url("meetings:agency_attendance"), {"since": later})
    assert {row["held"] for row in response.context["rows"]} == {0}


# Minutes ------------------------------------------------------------------------------------------


def approved(world, meeting):
    alice, carol = world.users["alice"], world.users["carol"]
    later = make_meeting(by=alice, group=meeting.group, starts_at=days_from_today(-1))
    minutes = services.minutes_circulate(minutes=meeting.minutes, by=alice)
    return services.minutes_approve(minutes=minutes, at_meeting=later, approver=world.people["carol"], by=carol)


def test_a_correction_after_approval_needs_a_reason_and_is_then_listed(world, as_alice, meeting, public_item):
    services.minutes_write(item=public_item, discussion="The board noted the figures.", by=world.users["alice"])
    approved(world, meeting)

    refused = as_alice.post(url("meetings:item_minutes", public_item.pk), {"discussion": "The board welcomed them."})
    assert_refused(refused, "form", "correction_reason", services.CORRECTION_NEEDS_REASON)
    assert not MinutesCorrection.objects.exists()

    response = as_alice.post(
        url("meetings:item_minutes", public_item.pk),
        {"discussion": "The board welcomed them.", "correction_reason": "The chair asked for the wording."},
    )
    assert response.status_code == 302
    page = as_alice.get(url("meetings:item_minutes", public_item.pk))
    assert "Correction 1" in page.text
    assert "The chair asked for the wording." in page.text


def test_the_chair_approves_the_minutes_at_a_later_meeting(world, client, carol, meeting):
    alice = world.users["alice"]
    later = make_meeting(by=alice, group=meeting.group, starts_at=days_from_today(-1))
    services.minutes_circulate(minutes=meeting.minutes, by=alice)
    client.force_login(carol)
    page = client.get(url("meetings:minutes_step", meeting.pk, "approve"))
    assert [m.pk for m in page.context["form"].fields["at_meeting"].queryset] == [later.pk]
    response = client.post(url("meetings:minutes_step", meeting.pk, "approve"), {"at_meeting": later.pk})
    assert response.status_code == 302
    meeting.minutes.refresh_from_db()
    assert meeting.minutes.state == "approved" and meeting.minutes.approved_at_meeting == later


def test_publishing_minutes_not_yet_approved_says_why_and_changes_nothing(world, as_alice, meeting):
    response = as_alice.post(url("meetings:minutes_step", meeting.pk, "publish"), follow=True)
    assert "The minutes are draft: they cannot be published now." in response.text
    meeting.minutes.refresh_from_db()
    assert meeting.minutes.state == "draft"


def test_only_the_chair_approves_minutes(world, as_alice, meeting):
    assert as_alice.get(url("meetings:minutes_step", meeting.pk, "approve")).status_code == 403


# Lists stay fast ----------------------------------------------------------------------------------


def fill_meeting(world, meeting, start, stop):
    """Items with presenters and papers, and actions from an earlier meeting, numbered start..stop-1."""
    alice = world.users["alice"]
    earlier = Meeting.objects.filter(group=meeting.group, starts_at__lt=meeting.starts_at).first()
    for n in range(start, stop):
        presenter = make_person(by=alice, agency=world.agencies["police"], last_name=f"Presenter{n:03}")
        item = services.agenda_item_create(meeting=meeting, title=f"Item {n:03}", presenter=presenter, by=alice)
        services.paper_add(
            item=item, title=f"Paper {n:03}", file=SimpleUploadedFile(f"p{n}.pdf", b"%PDF-1.7"), by=alice
        )
        services.action_create(
            partnership=meeting.partnership,
            description=f"Action {n:03}",
            owner=presenter,
            due=timezone.localdate() + datetime.timedelta(days=n + 1),
            meeting=earlier,
            by=alice,
            notify=False,
        )
        services.attendance_record(
            meeting=Meeting.objects.get(pk=meeting.pk), entries=[(presenter, Attendance.Status.PRESENT, None)], by=alice
        )


def queries_for(client, path, *, expect=()):
    """Queries run by a second visit to the page, which must show each of `expect` (text, times)."""
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    # A template's {% if %} swallows django-zeal's N+1 error, so check that every row came out whole.
    for text, times in expect:
        assert response.text.count(text) == times, text
    return len(queries)


@pytest.mark.parametrize("who", ["alice", "maya", "anonymous"])
def test_the_meeting_page_runs_the_same_number_of_queries_for_3_items_and_for_15(world, client, media, board, who):
    alice = world.users["alice"]
    make_meeting(by=alice, group=board, starts_at=days_from_today(-60))
    meeting = make_meeting(by=alice, group=board, starts_at=days_from_today(-7))
    services.agenda_publish(meeting=meeting, by=alice)
    if who != "anonymous":
        client.force_login(world.users[who])
    path = url("meetings:meeting", meeting.pk)

    def expect(rows):
        shown = [("Presented by", rows), ("(PDF, 8", rows)]
        return shown + ([("From the meeting of", rows), ("(Shire Constabulary)", rows)] if who != "anonymous" else [])

    fill_meeting(world, meeting, 0, 3)
    few = queries_for(client, path, expect=expect(3))
    fill_meeting(world, meeting, 3, 15)
    assert queries_for(client, path, expect=expect(15)) == few


def test_the_meetings_list_and_the_attendance_report_run_the_same_number_of_queries_for_3_meetings_and_15(
    world, as_alice, board
):
    alice = world.users["alice"]
    pages = [url("meetings:meetings"), url("meetings:agency_attendance")]

    def add(start, stop):
        for n in range(start, stop):
            made = make_meeting(by=alice, group=board, starts_at=days_from_today(n - 20))
            if n % 3 == 0:
                services.meeting_postpone(meeting=made, new_starts_at=days_from_today(n + 40), by=alice)
            elif n % 3 == 1 and n < 20:
                services.attendance_record(
                    meeting=made, entries=[(world.people["leo"], Attendance.Status.PRESENT, None)], by=alice
                )

    add(0, 3)
    few = [queries_for(as_alice, pages[0], expect=[("Moved to", 1)]), queries_for(as_alice, pages[1])]
    add(3, 15)
    many = [queries_for(as_alice, pages[0], expect=[("Moved to", 5)]), queries_for(as_alice, pages[1])]
    assert many == few


# Who may open each page ---------------------------------------------------------------------------

CLEARED_ONLY = expect(INTERNAL, maya=404, olive=404, leo=404, fred=404)  # a confidential item shared with nobody
CHAIR_ONLY = expect(COORDINATOR_ONLY, carol=200, alice=403)


def _pages(world, meeting, public_item, confidential_item):
    m, pub, conf, group = meeting.pk, public_item.pk, confidential_item.pk, meeting.group_id
    return [
        ("meetings:meetings", [], PUBLIC),
        ("meetings:meeting", [m], PUBLIC),
        ("meetings:meeting_create", [], COORDINATOR_ONLY),
        ("meetings:meeting_plan", [], COORDINATOR_ONLY),
        ("meetings:meeting_edit", [m], COORDINATOR_ONLY),
        ("meetings:meeting_status", [m], COORDINATOR_ONLY),
        ("meetings:agenda_publish", [m], COORDINATOR_ONLY),
        ("meetings:item_create", [m], COORDINATOR_ONLY),
        ("meetings:attendance", [m], COORDINATOR_ONLY),
        ("meetings:minutes_step", [m, "circulate"], COORDINATOR_ONLY),
        ("meetings:minutes_step", [m, "approve"], CHAIR_ONLY),
        ("meetings:item", [pub], INTERNAL),
        ("meetings:item", [conf], CLEARED_ONLY),
        ("meetings:item_edit", [pub], COORDINATOR_ONLY),
        ("meetings:item_edit", [conf], expect(CLEARED_ONLY, carol=403)),
        ("meetings:item_minutes", [conf], expect(CLEARED_ONLY, carol=403)),
        ("meetings:paper_add", [conf], expect(CLEARED_ONLY, carol=403)),
        ("meetings:item_share", [conf], CLEARED_ONLY),
        ("meetings:item_share", [pub], expect(COORDINATOR_ONLY, carol=200)),
        ("meetings:quorum_edit", [group], COORDINATOR_ONLY),
        ("meetings:agency_attendance", [], INTERNAL),
        ("partnership:history", ["meeting", m], INTERNAL),
        ("partnership:history", ["agendaitem", conf], CLEARED_ONLY),
    ]


def test_each_meetings_page_gives_each_person_the_expected_status(world, meeting, public_item, confidential_item):
    wrong = []
    for name, args, expected in _pages(world, meeting, public_item, confidential_item):
        found = statuses(world, url(name, *args))
        if found != expected:
            wrong.append(f"{name} {args}: {found}")
    assert not wrong, "\n".join(wrong)


def test_a_meeting_of_another_partnership_is_not_found_from_northdale(world, client, alice):
    southvale = world.groups["southvale_board"]
    elsewhere = make_meeting(by=world.users["charlie"], group=southvale, starts_at=days_from_today(7))
    client.force_login(alice)
    assert client.get(url("meetings:meeting", elsewhere.pk)).status_code == 404
    assert client.get(url("meetings:meeting_edit", elsewhere.pk)).status_code == 404


def test_moving_an_item_and_publishing_an_agenda_are_for_the_coordinator(world, next_meeting):
    item = services.agenda_item_create(meeting=next_meeting, title="Street lighting", by=world.users["alice"])
    moved = statuses(world, url("meetings:item_move", item.pk), method="post", data={"direction": "up"})
    assert moved == expect(COORDINATOR_ONLY, alice=302)
    published = statuses(world, url("meetings:agenda_publish", next_meeting.pk), method="post")
    assert published == expect(COORDINATOR_ONLY, alice=302)
    assert Meeting.objects.get(pk=next_meeting.pk).agenda_is_published


def test_the_meeting_page_shows_the_50_earlier_actions_due_soonest_and_links_to_the_rest(
    world, as_alice, meeting, next_meeting
):
    from meetings.views import MATTERS_SHOWN
    from tests.meetings.test_services import make_action

    for day in range(MATTERS_SHOWN + 2):
        make_action(world, meeting=meeting, description=f"Earlier action {day:02}", due=days_from_today(day).date())
    page = as_alice.get(url("meetings:meeting", next_meeting.pk)).text
    assert "Earlier action 49" in page and "Earlier action 50" not in page
    assert f"?group={next_meeting.group_id}&amp;status=outstanding" in page
    # The link's list holds the ones not shown.
    listed = as_alice.get(url("meetings:actions") + f"?group={next_meeting.group_id}&status=outstanding")
    assert listed.context["page_obj"].paginator.count == MATTERS_SHOWN + 2


def test_a_meeting_with_few_earlier_actions_shows_them_all_and_no_link(world, as_alice, meeting, next_meeting):
    from tests.meetings.test_services import make_action

    make_action(world, meeting=meeting, description="The one earlier action")
    page = as_alice.get(url("meetings:meeting", next_meeting.pk)).text
    assert "The one earlier action" in page
    assert "status=outstanding" not in page
