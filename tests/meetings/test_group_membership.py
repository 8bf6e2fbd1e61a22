"""A group's members drive its meetings: who is emailed the agenda and minutes, who is expected on the
attendance form (substitutes against their member's seat), who counts towards the quorum, and which
meetings each agency's attendance rate is divided by. On known data: the board has five members
(tests/meetings/conftest.py); the anti-social behaviour group has two."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import selectors, services
from meetings.models import Attendance
from members import services_groups as group_services
from tests.meetings.conftest import days_from_today, make_meeting

PRESENT, SUBSTITUTE = Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE
A_YEAR_AGO = timezone.localdate() - datetime.timedelta(days=365)


@pytest.fixture
def asb(world, board):
    """The anti-social behaviour group: leo (member) and fred (adviser); olive is leo's named substitute."""
    group = world.groups["asb"]
    by = world.administrator
    leo = group_services.group_member_add(group=group, person=world.people["leo"], joined=A_YEAR_AGO, by=by)
    group_services.group_member_add(group=group, person=world.people["fred"], seat="adviser", joined=A_YEAR_AGO, by=by)
    group_services.group_member_add(
        group=group, person=world.people["olive"], seat="substitute", substitute_for=leo, joined=A_YEAR_AGO, by=by
    )
    return group


@pytest.fixture
def asb_meeting(world, asb):
    return make_meeting(by=world.users["alice"], group=asb, starts_at=days_from_today(-7))


def record(meeting, world, *entries):
    services.attendance_record(
        meeting=meeting,
        entries=[
            (world.people[name], status, world.people[instead] if instead else None)
            for name, status, instead in entries
        ],
        by=world.users["alice"],
    )


def test_the_attendance_form_expects_the_groups_members_only(world, asb_meeting):
    names = {person.first_name for person in selectors.expected_attendees(asb_meeting)}
    assert names == {"Leo", "Fred", "Olive"}  # its member, adviser and named substitute (and leo leads it)


def test_a_named_substitute_is_recorded_against_their_members_seat(world, client, asb_meeting):
    client.force_login(world.users["alice"])
    page = client.get(reverse("meetings:attendance", args=["northdale", asb_meeting.pk]))
    olive_row = next(form for form in page.context["formset"] if form.initial["person"] == world.people["olive"].pk)
    assert olive_row.initial["substitute_for"] == world.people["leo"].pk


def test_the_quorum_counts_only_the_groups_members_and_their_substitutes(world, asb, asb_meeting):
    services.quorum_set(group=asb, by=world.users["alice"], minimum_present=2, every_responsible_authority=False)
    # Fred is an adviser and carol is not on the group: neither counts.
    record(asb_meeting, world, ("leo", PRESENT, None), ("fred", PRESENT, None), ("carol", PRESENT, None))
    assert selectors.quorum_status(asb_meeting) == (False, ["1 members present; the quorum is 2."])


def test_a_substitute_standing_in_for_a_member_counts(world, asb, asb_meeting):
    services.quorum_set(group=asb, by=world.users["alice"], minimum_present=1, every_responsible_authority=False)
    record(asb_meeting, world, ("olive", SUBSTITUTE, "leo"))
    assert selectors.quorum_status(asb_meeting) == (True, [])


def test_a_member_who_has_left_the_group_is_neither_expected_nor_counted(world, board):
    alice = world.users["alice"]
    seat = board.seats.get(person=world.people["maya"])
    group_services.group_member_end(member=seat, left=timezone.localdate() - datetime.timedelta(days=30), by=alice)
    after = make_meeting(by=alice, group=board, starts_at=days_from_today(-7))
    assert "Maya" not in {person.first_name for person in selectors.expected_attendees(after)}


def test_each_agencys_rate_divides_by_the_meetings_of_the_groups_it_sits_on(world, board, asb, asb_meeting):
    alice = world.users["alice"]
    board_meeting = make_meeting(by=alice, group=board, starts_at=days_from_today(-14))
    record(board_meeting, world, ("alice", PRESENT, None), ("leo", PRESENT, None))
    record(asb_meeting, world, ("olive", SUBSTITUTE, "leo"), ("fred", PRESENT, None))
    rows = {row["agency"].name: (row["attended"], row["held"]) for row in selectors.agency_attendance(world.northdale)}
    # The council sits on the board only; the police and fire on both (fire as an adviser on the ASB group).
    assert rows == {
        "Northdale District Council": (1, 1),
        "Shire Constabulary": (2, 2),
        "Shire Fire and Rescue Service": (1, 2),
    }


def test_the_agenda_and_minutes_go_to_the_groups_members(
    world, asb_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    alice = world.users["alice"]
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(meeting=asb_meeting, by=alice)
    assert sorted(address for message in mailoutbox for address in message.to) == [
        "fred@example.org",
        "leo@example.org",
        "olive@example.org",
    ]
