"""Group membership: seats on boards and groups, with agency, seat, dates and history; handover moves them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members import services
from members import services_groups as group_services
from members.models import GroupMember


def url(name, *args):
    return reverse(name, args=["northdale", *args])


def seat(world, name, group="board", **extra):
    return group_services.group_member_add(
        group=world.groups[group], person=world.people[name], by=world.users["alice"], **extra
    )


def test_a_seat_records_the_agency_the_member_represents_and_its_history(world):
    leo = seat(world, "leo")
    assert (leo.agency, leo.seat, leo.joined) == (world.agencies["police"], "member", timezone.localdate())
    assert leo.history.get().history_user == world.users["alice"]


def test_an_independent_member_represents_no_agency(world):
    maya = seat(world, "maya", seat=GroupMember.Seat.CHAIR)
    assert maya.agency is None


def test_a_person_holds_one_current_seat_on_a_group(world):
    seat(world, "leo")
    with pytest.raises(ValidationError, match="already has a seat"):
        seat(world, "leo", seat=GroupMember.Seat.ADVISER)


def test_a_named_substitute_stands_in_for_a_member_of_the_same_group(world):
    leo = seat(world, "leo")
    olive = seat(world, "olive", seat=GroupMember.Seat.SUBSTITUTE, substitute_for=leo)
    assert olive.substitute_for == leo
    with pytest.raises(ValidationError) as caught:
        seat(world, "fred", seat=GroupMember.Seat.SUBSTITUTE)
    assert "substitute_for" in caught.value.message_dict
    asb_member = seat(world, "carol", group="asb")
    with pytest.raises(ValidationError, match="same group"):
        seat(world, "fred", seat=GroupMember.Seat.SUBSTITUTE, substitute_for=asb_member)


def test_ending_a_seat_keeps_the_record_and_ends_its_substitutes(world):
    leo = seat(world, "leo")
    olive = seat(world, "olive", seat=GroupMember.Seat.SUBSTITUTE, substitute_for=leo)
    group_services.group_member_end(member=leo, by=world.users["alice"])
    leo.refresh_from_db()
    olive.refresh_from_db()
    assert leo.left == timezone.localdate() and olive.left == timezone.localdate()
    assert GroupMember.objects.filter(pk=leo.pk).exists()
    with pytest.raises(ValidationError, match="already ended"):
        group_services.group_member_end(member=leo, by=world.users["alice"])


def test_a_seat_cannot_end_before_it_began(world):
    leo = seat(world, "leo")
    with pytest.raises(ValidationError):
        group_services.group_member_end(
            member=leo, by=world.users["alice"], left=timezone.localdate() - datetime.timedelta(days=3)
        )
    leo.refresh_from_db()
    assert leo.left is None


def test_a_handover_moves_the_outgoing_officers_seats_and_their_substitutes(world):
    leo = seat(world, "leo")
    fred_sub = seat(world, "fred", seat=GroupMember.Seat.SUBSTITUTE, substitute_for=leo)
    summary = services.officer_handover(
        partnership=world.northdale,
        outgoing=world.people["leo"],
        successor=world.people["olive"],
        by=world.users["alice"],
    )
    leo.refresh_from_db()
    assert leo.left == timezone.localdate()
    olive = GroupMember.objects.current().get(group=world.groups["board"], person=world.people["olive"])
    assert (olive.seat, olive.agency) == ("member", world.agencies["police"])
    fred_sub.refresh_from_db()
    assert fred_sub.substitute_for == olive
    assert "Member of Strategic board" in summary


def test_the_group_page_lists_its_members_and_the_person_page_their_seats(world, client):
    seat(world, "leo", seat=GroupMember.Seat.VICE_CHAIR)
    client.force_login(world.users["olive"])
    group_page = client.get(url("partnership:group", world.groups["board"].pk)).text
    assert "Leo Lewis" in group_page and "Vice-chair" in group_page and "Shire Constabulary" in group_page
    person_page = client.get(url("members:person", world.people["leo"].pk)).text
    assert "Strategic board" in person_page and "Vice-chair for Shire Constabulary" in person_page


def test_the_coordinator_adds_and_ends_seats_in_the_browser(world, client):
    client.force_login(world.users["alice"])
    board = world.groups["board"]
    response = client.post(
        url("members:group_member_add", board.pk), {"person": world.people["fred"].pk, "seat": "member"}
    )
    assert response.status_code == 302
    fred = GroupMember.objects.current().get(group=board, person=world.people["fred"])
    assert fred.agency == world.agencies["fire"]
    assert client.post(url("members:seat_end", fred.pk), {}).status_code == 302
    fred.refresh_from_db()
    assert fred.left == timezone.localdate()


def test_a_bad_seat_is_refused_next_to_the_field_and_nothing_saved(world, client):
    client.force_login(world.users["alice"])
    response = client.post(
        url("members:group_member_add", world.groups["board"].pk),
        {"person": world.people["fred"].pk, "seat": "substitute"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["substitute_for"]
    assert "There is a problem" in response.text
    assert not GroupMember.objects.exists()


@pytest.mark.parametrize("name", ["carol", "leo", "olive", "maya"])
def test_only_the_coordinator_changes_seats(world, client, name):
    leo = seat(world, "leo")
    client.force_login(world.users[name])
    assert (
        client.post(
            url("members:group_member_add", world.groups["board"].pk),
            {"person": world.people["fred"].pk, "seat": "member"},
        ).status_code
        == 403
    )
    assert client.post(url("members:seat_end", leo.pk), {}).status_code == 403
    leo.refresh_from_db()
    assert leo.left is None and GroupMember.objects.count() == 1


def test_an_outsider_gets_404(world, client):
    leo = seat(world, "leo")
    client.force_login(world.users["charlie"])
    assert client.post(url("members:seat_end", leo.pk), {}).status_code == 404
    assert client.get(url("members:group_member_add", world.groups["board"].pk)).status_code == 404
