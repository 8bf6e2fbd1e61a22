"""Defects of the meetings pages found by use, each pinned by a test that failed before its fix."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from meetings import services
from meetings.forms import AGENDA_NEVER_PUBLISHED
from meetings.models import Minutes
from tests.meetings.conftest import days_from_today, make_meeting


def url(name, *args):
    return reverse(name, args=["northdale", *args])


def test_overdue_draft_minutes_are_not_called_circulated_late(world, client, board):
    alice = world.users["alice"]
    old = make_meeting(by=alice, group=board, starts_at=days_from_today(-30))
    services.meeting_mark_held(meeting=old, by=alice)
    client.force_login(alice)
    page = client.get(url("meetings:meeting", old.pk)).text
    assert "Minutes circulated late" not in page
    assert "Minutes overdue: not circulated within 10 working days" in page


def test_circulating_minutes_of_a_meeting_whose_agenda_was_never_published_asks_first(world, client, board):
    alice = world.users["alice"]
    unpublished = make_meeting(by=alice, group=board, starts_at=days_from_today(-3))
    client.force_login(alice)
    page = client.get(url("meetings:minutes_step", unpublished.pk, "circulate")).text
    assert "The agenda of this meeting was never published" in page
    refused = client.post(url("meetings:minutes_step", unpublished.pk, "circulate"), {})
    assert refused.status_code == 200
    assert escape(AGENDA_NEVER_PUBLISHED) in refused.text
    assert Minutes.objects.get(meeting=unpublished).state == Minutes.State.DRAFT
    confirmed = client.post(
        url("meetings:minutes_step", unpublished.pk, "circulate"), {"confirm_unpublished_agenda": "on"}
    )
    assert confirmed.status_code == 302
    assert Minutes.objects.get(meeting=unpublished).state == Minutes.State.CIRCULATED


def test_minutes_of_a_meeting_whose_agenda_was_published_circulate_without_the_question(world, client, meeting):
    client.force_login(world.users["alice"])
    assert "never published" not in client.get(url("meetings:minutes_step", meeting.pk, "circulate")).text
    assert client.post(url("meetings:minutes_step", meeting.pk, "circulate"), {}).status_code == 302


def test_after_adding_an_action_from_a_meeting_the_back_link_goes_to_the_meeting(world, client, meeting, public_item):
    client.force_login(world.users["alice"])
    response = client.post(
        url("meetings:item_action_create", public_item.pk),
        {
            "description": "Share the hotspot map",
            "owner": world.people["leo"].pk,
            "due": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).text
    assert f'href="{url("meetings:meeting", meeting.pk)}"' in page
    assert "Back to the meeting" in page
    assert "All action points</a>" not in page.split("<main")[0]


def test_the_confidential_reason_is_not_labelled_optional(world, client, meeting):
    client.force_login(world.users["alice"])
    page = client.get(url("meetings:item_create", meeting.pk)).text
    label = page[page.index('for="id_confidential_reason"') :].split("</label>")[0]
    assert "Reason it is confidential" in label
    assert "optional" not in label


def test_publishing_the_agenda_of_a_group_with_no_members_warns_that_no_one_will_be_sent_it(world, client):
    alice = world.users["alice"]
    asb = world.groups["asb"]  # no seats in this test
    upcoming = make_meeting(by=alice, group=asb, starts_at=days_from_today(14))
    client.force_login(alice)
    page = client.get(url("meetings:agenda_publish", upcoming.pk)).text
    assert "has no members yet, so no one will be sent the agenda" in page


def test_publishing_the_agenda_of_a_group_with_members_does_not_warn(world, client, next_meeting):
    client.force_login(world.users["alice"])
    page = client.get(url("meetings:agenda_publish", next_meeting.pk)).text
    assert "no one will be sent the agenda" not in page
    assert "The members of Strategic board will be sent an email" in page
