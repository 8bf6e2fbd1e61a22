"""The set-up checklist on a new partnership's dashboard ticks each step from the records."""

import datetime

from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from members import services_groups
from overview.selectors import setup_checklist
from tests.factories import make_partnership


def done(partnership):
    return {step["label"]: step["done"] for step in setup_checklist(partnership)}


def test_a_new_partnership_has_every_step_to_do(world):
    westmoor = make_partnership(by=world.administrator, name="Westmoor CSP", slug="westmoor", area="Westmoor")
    assert not any(done(westmoor).values())
    first = setup_checklist(westmoor)[0]
    assert first["detail"].startswith("Missing: the local authority")


def test_the_steps_tick_themselves_as_the_records_fill_in(world):
    northdale, alice = world.northdale, world.users["alice"]
    before = done(northdale)
    assert before["A chair"] is True  # carol
    assert before["A board with members and a quorum rule"] is False
    assert before["The first year of meetings planned"] is False
    assert before["A workplan"] is False

    board = world.groups["board"]
    services_groups.group_member_add(group=board, person=world.people["carol"], seat="chair", by=alice)
    meeting_services.quorum_set(group=board, by=alice, minimum_present=3, every_responsible_authority=True)
    meeting_services.meeting_create(
        partnership=northdale,
        group=board,
        starts_at=timezone.now() + datetime.timedelta(days=30),
        ends_at=timezone.now() + datetime.timedelta(days=30, hours=2),
        location="Northdale House",
        by=alice,
    )
    after = done(northdale)
    assert after["A board with members and a quorum rule"] is True
    assert after["The first year of meetings planned"] is True


def test_the_coordinator_sees_the_checklist_and_others_do_not(world, client):
    client.force_login(world.users["alice"])
    page = client.get(reverse("partnership:dashboard", args=["northdale"])).text
    assert "Setting up the partnership" in page and "Every responsible authority is a member" in page
    client.force_login(world.users["leo"])
    assert "Setting up the partnership" not in client.get(reverse("partnership:dashboard", args=["northdale"])).text
