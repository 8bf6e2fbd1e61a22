"""Meetings of Northdale's strategic board, made through the services, for every meetings test.

meeting             the board's last meeting, a fortnight ago: held, its agenda published
next_meeting        the board's next meeting, in four weeks: scheduled, its agenda not yet published
public_item         a public item on the last meeting's agenda
confidential_item   a confidential item on the last meeting's agenda, shared with nobody; its title,
                    description and minutes carry CANARY, which no page or email may show to the uncleared
"""

import datetime

import pytest
from django.utils import timezone

from meetings import services
from members import services_groups as group_services

CANARY = "CANARY-7f3a"


def at(day, hour=10, minute=0):
    """An aware datetime at local (UK) time on `day`."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def days_from_today(days, hour=10):
    return at(timezone.localdate() + datetime.timedelta(days=days), hour)


def make_meeting(*, by, group, starts_at, hours=2, location="Council chamber, Northdale House", **extra):
    return services.meeting_create(
        partnership=group.partnership,
        group=group,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        location=location,
        by=by,
        **extra,
    )


def add_public_and_canary_items(meeting, *, by):
    """A public item and a confidential one carrying the canary, for the tests of what an email may show."""
    services.agenda_item_create(meeting=meeting, title="Night-time economy update", by=by)
    services.agenda_item_create(
        meeting=meeting,
        title=f"Operation {CANARY}",
        description=f"About {CANARY}",
        is_confidential=True,
        confidential_reason="An operational police matter.",
        by=by,
    )


@pytest.fixture
def canary():
    return CANARY


BOARD_SEATS = {"carol": "chair", "alice": "member", "leo": "member", "fred": "member", "maya": "member"}


def seat_the_board(world, board, joined=None):
    """The board's members (by default from more than a year before the meetings the tests make): they are
    expected at its meetings, count towards its quorum and are sent its agendas and minutes."""
    joined = joined or timezone.localdate() - datetime.timedelta(days=400)
    for name, seat in BOARD_SEATS.items():
        group_services.group_member_add(
            group=board, person=world.people[name], seat=seat, joined=joined, by=world.administrator
        )


@pytest.fixture
def board(world):
    board = world.groups["board"]
    seat_the_board(world, board)
    return board


@pytest.fixture
def meeting(world, board):
    alice = world.users["alice"]
    made = make_meeting(by=alice, group=board, starts_at=days_from_today(-14))
    services.agenda_publish(meeting=made, by=alice)
    return services.meeting_mark_held(meeting=made, by=alice)


@pytest.fixture
def next_meeting(world, board):
    return make_meeting(by=world.users["alice"], group=board, starts_at=days_from_today(28))


@pytest.fixture
def public_item(world, meeting):
    return services.agenda_item_create(
        meeting=meeting,
        title="Anti-social behaviour hotspots: quarterly figures",
        description="The police and council report on the three wards with most incidents.",
        presenter=world.people["leo"],
        by=world.users["alice"],
    )


@pytest.fixture
def confidential_item(world, meeting):
    alice = world.users["alice"]
    item = services.agenda_item_create(
        meeting=meeting,
        title=f"Operation {CANARY}: a family at risk in Eastgate",
        description=f"Multi-agency response to the household named in {CANARY}.",
        is_confidential=True,
        confidential_reason="Personal information about a family.",
        by=alice,
    )
    return services.minutes_write(item=item, discussion=f"The board agreed the plan for {CANARY}.", by=alice)
