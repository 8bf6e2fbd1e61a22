"""The meetings selectors: who sees which meetings, items, papers, minutes, decisions and actions,
and the figures they work out (expected attendees, matters arising, approval meetings)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from meetings import selectors, services
from meetings.models import Meeting
from tests.meetings.conftest import CANARY, days_from_today, make_meeting


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def paper_on(item, by):
    return services.paper_add(item=item, title="Briefing", file=SimpleUploadedFile("briefing.pdf", b"%PDF-1.7"), by=by)


# Meetings -------------------------------------------------------------------------------------------


@pytest.fixture
def private_meeting(world, board):
    return make_meeting(by=world.users["alice"], group=board, starts_at=days_from_today(21), is_public=False)


def test_members_see_every_meeting_and_the_public_only_open_ones(
    world, meeting, next_meeting, private_meeting, alice, maya, charlie, anonymous
):
    postponed = make_meeting(by=alice, group=meeting.group, starts_at=days_from_today(7))
    successor = services.meeting_postpone(meeting=postponed, new_starts_at=days_from_today(8), by=alice)
    everything = {meeting, next_meeting, private_meeting, postponed, successor}
    for user in (alice, maya):
        assert set(selectors.meetings_visible_to(fresh(user), world.northdale)) == everything
    for user in (anonymous, fresh(charlie)):
        assert set(selectors.meetings_visible_to(user, world.northdale)) == {meeting, next_meeting, successor}


def test_a_private_meeting_is_not_found_by_the_public(world, private_meeting, maya, charlie, anonymous):
    assert selectors.meeting_get_for_user(fresh(maya), world.northdale, private_meeting.pk) == private_meeting
    for user in (anonymous, fresh(charlie)):
        with pytest.raises(Http404):
            selectors.meeting_get_for_user(user, world.northdale, private_meeting.pk)


def test_another_partnerships_meeting_is_not_found(world, meeting, charlie):
    with pytest.raises(Http404):
        selectors.meeting_get_for_user(fresh(charlie), world.southvale, meeting.pk)


def test_only_the_coordinator_may_change_a_meeting(world, meeting, alice, carol, leo):
    assert selectors.meeting_get_for_user(fresh(alice), world.northdale, meeting.pk, change=True) == meeting
    for user in (carol, leo):
        with pytest.raises(PermissionDenied):
            selectors.meeting_get_for_user(fresh(user), world.northdale, meeting.pk, change=True)


def test_upcoming_and_past_meetings_are_split_at_now(world, meeting, next_meeting, alice):
    upcoming, past = selectors.upcoming_and_past(selectors.meetings_visible_to(fresh(alice), world.northdale))
    assert (list(upcoming), list(past)) == ([next_meeting], [meeting])


# Agenda items ---------------------------------------------------------------------------------------


def test_the_public_sees_public_items_only_once_the_agenda_is_published(
    world, meeting, next_meeting, public_item, confidential_item, anonymous, alice
):
    assert [item.title for item in selectors.meeting_items_visible_to(anonymous, meeting)] == [
        "Apologies for absence",
        "Minutes of the last meeting",
        "Matters arising",
        public_item.title,
        "Any other business",
    ]
    services.agenda_item_create(meeting=next_meeting, title="Not yet published", by=alice)
    assert list(selectors.meeting_items_visible_to(anonymous, next_meeting)) == []
    assert not selectors.agenda_visible(anonymous, next_meeting)


def test_the_public_sees_no_items_of_a_private_meeting(world, private_meeting, alice, anonymous):
    services.agenda_item_create(meeting=private_meeting, title="Budget", by=alice)
    services.agenda_publish(meeting=private_meeting, by=alice)
    assert list(selectors.meeting_items_visible_to(anonymous, private_meeting)) == []


def test_members_are_told_how_many_items_are_hidden_from_them(world, meeting, confidential_item, alice, carol, maya):
    assert selectors.hidden_item_count(fresh(maya), meeting) == 1
    assert confidential_item not in selectors.meeting_items_visible_to(fresh(maya), meeting)
    for user in (alice, carol):
        assert selectors.hidden_item_count(fresh(user), meeting) == 0
        assert confidential_item in selectors.meeting_items_visible_to(fresh(user), meeting)


def test_the_coordinator_and_chair_see_a_confidential_item_shared_with_nobody(
    world, confidential_item, alice, carol, leo, maya
):
    for user in (alice, carol):
        assert selectors.item_get_for_user(fresh(user), world.northdale, confidential_item.pk) == confidential_item
    for user in (leo, maya):
        with pytest.raises(Http404):
            selectors.item_get_for_user(fresh(user), world.northdale, confidential_item.pk)


def test_the_public_gets_no_item_page_even_for_a_public_item(world, public_item, anonymous):
    with pytest.raises(Http404):
        selectors.item_get_for_user(anonymous, world.northdale, public_item.pk)


def test_someone_an_item_is_shared_with_may_see_but_not_change_it(world, confidential_item, alice, olive):
    services.item_share(item=confidential_item, agency=world.agencies["police"], by=alice)
    with pytest.raises(PermissionDenied):
        selectors.item_get_for_user(fresh(olive), world.northdale, confidential_item.pk, change=True)


def test_an_item_cannot_be_shared_outside_the_partnership(world, confidential_item, alice, charlie):
    with pytest.raises(ValidationError) as refused:
        services.item_share(item=confidential_item, person=world.people["charlie"], by=alice)
    assert refused.value.message_dict == {"person": [services.SHARE_OUTSIDE_PARTNERSHIP]}
    with pytest.raises(ValidationError):
        services.item_share(item=confidential_item, agency=world.agencies["southvale_council"], by=alice)
    # Charlie is no member of Northdale: nothing opens its internal pages to him.
    with pytest.raises(Http404):
        selectors.item_get_for_user(fresh(charlie), world.northdale, confidential_item.pk)


def test_items_of_the_partnership_to_choose_from_leave_out_hidden_ones(
    world, public_item, confidential_item, maya, alice
):
    assert public_item in selectors.items_visible_to(fresh(maya), world.northdale)
    assert confidential_item not in selectors.items_visible_to(fresh(maya), world.northdale)
    assert confidential_item in selectors.items_visible_to(fresh(alice), world.northdale)


def test_only_the_coordinator_and_chair_manage_shares(world, confidential_item, alice, carol, olive, maya):
    share = services.item_share(item=confidential_item, agency=world.agencies["police"], by=alice)
    for user in (alice, carol):
        assert selectors.share_get_for_user(fresh(user), world.northdale, share.pk, revoke=True) == share
    # The police see the item shared with them, so they are told they may not revoke; others find nothing.
    with pytest.raises(PermissionDenied):
        selectors.share_get_for_user(fresh(olive), world.northdale, share.pk, revoke=True)
    with pytest.raises(Http404):
        selectors.share_get_for_user(fresh(maya), world.northdale, share.pk, revoke=True)


def _outcome(fetch):
    try:
        fetch()
    except (Http404, PermissionDenied) as refused:
        return type(refused).__name__
    return "found"


def test_revoking_a_share_gives_each_person_the_answer_sharing_its_item_gives(
    world, confidential_item, alice, carol, olive, maya, charlie, anonymous
):
    share = services.item_share(item=confidential_item, agency=world.agencies["police"], by=alice)
    nd = world.northdale
    people = {"alice": fresh(alice), "carol": fresh(carol), "olive": fresh(olive), "maya": fresh(maya)}
    people.update(charlie=fresh(charlie), anonymous=anonymous)
    outcomes = {
        name: (
            _outcome(lambda user=user: selectors.item_get_for_user(user, nd, confidential_item.pk, share=True)),
            _outcome(lambda user=user: selectors.share_get_for_user(user, nd, share.pk, revoke=True)),
        )
        for name, user in people.items()
    }
    assert outcomes == {
        "alice": ("found", "found"),
        "carol": ("found", "found"),
        "olive": ("PermissionDenied", "PermissionDenied"),
        "maya": ("Http404", "Http404"),
        "charlie": ("Http404", "Http404"),
        "anonymous": ("Http404", "Http404"),
    }


# Papers ---------------------------------------------------------------------------------------------


def test_a_paper_of_a_confidential_item_goes_only_to_those_cleared(
    world, confidential_item, alice, olive, maya, anonymous, media
):
    paper = paper_on(confidential_item, alice)
    assert selectors.paper_get_for_user(fresh(alice), world.northdale, paper.pk) == paper
    for user in (fresh(olive), fresh(maya), anonymous):
        with pytest.raises(Http404):
            selectors.paper_get_for_user(user, world.northdale, paper.pk)
    services.item_share(item=confidential_item, agency=world.agencies["police"], by=alice)
    assert selectors.paper_get_for_user(fresh(olive), world.northdale, paper.pk) == paper


def test_the_public_downloads_a_public_paper_only_once_the_agenda_is_published(
    world, next_meeting, public_item, alice, anonymous, media
):
    published = paper_on(public_item, alice)
    assert selectors.paper_get_for_user(anonymous, world.northdale, published.pk) == published
    unpublished = paper_on(services.agenda_item_create(meeting=next_meeting, title="Draft", by=alice), alice)
    with pytest.raises(Http404):
        selectors.paper_get_for_user(anonymous, world.northdale, unpublished.pk)


def test_only_the_coordinator_withdraws_a_paper_which_those_who_may_not_see_do_not_find(
    world, public_item, confidential_item, alice, carol, maya, media
):
    public, secret = paper_on(public_item, alice), paper_on(confidential_item, alice)
    assert selectors.paper_get_for_user(fresh(alice), world.northdale, secret.pk, withdraw=True) == secret
    for user in (carol, maya):
        with pytest.raises(PermissionDenied):
            selectors.paper_get_for_user(fresh(user), world.northdale, public.pk, withdraw=True)
    with pytest.raises(Http404):
        selectors.paper_get_for_user(fresh(maya), world.northdale, secret.pk, withdraw=True)


def test_only_the_coordinator_sees_an_items_withdrawn_papers(world, public_item, alice, carol, media):
    kept, withdrawn = paper_on(public_item, alice), paper_on(public_item, alice)
    services.paper_withdraw(paper=withdrawn, by=alice)
    assert list(selectors.papers_visible_to(fresh(alice), world.northdale, public_item)) == [kept, withdrawn]
    assert list(selectors.papers_visible_to(fresh(carol), world.northdale, public_item)) == [kept]


def test_the_coordinator_and_the_chair_set_actions_under_an_item_they_see(
    world, public_item, confidential_item, alice, carol, leo, maya
):
    for user in (alice, carol):
        assert selectors.item_get_for_user(fresh(user), world.northdale, confidential_item.pk, add_action=True)
    with pytest.raises(PermissionDenied):
        selectors.item_get_for_user(fresh(leo), world.northdale, public_item.pk, add_action=True)
    with pytest.raises(Http404):
        selectors.item_get_for_user(fresh(maya), world.northdale, confidential_item.pk, add_action=True)


def test_the_chair_approves_the_minutes_and_the_coordinator_takes_their_other_steps(world, meeting, alice, carol):
    assert selectors.meeting_get_for_user(fresh(carol), world.northdale, meeting.pk, approve_minutes=True) == meeting
    with pytest.raises(PermissionDenied):
        selectors.meeting_get_for_user(fresh(alice), world.northdale, meeting.pk, approve_minutes=True)
    with pytest.raises(PermissionDenied):
        selectors.meeting_get_for_user(fresh(carol), world.northdale, meeting.pk, change=True)


# Attendance -----------------------------------------------------------------------------------------


def test_the_expected_attendees_are_role_holders_lead_officers_and_those_recorded(world, meeting, alice):
    names = {person.first_name for person in selectors.expected_attendees(meeting)}
    assert names == {"Alice", "Carol", "Maya", "Leo", "Fred"}
    services.attendance_record(
        meeting=meeting, entries=[(world.people["olive"], "substitute", world.people["leo"])], by=alice
    )
    assert {person.first_name for person in selectors.expected_attendees(meeting)} == names | {"Olive"}


# Minutes --------------------------------------------------------------------------------------------


def test_the_public_sees_minutes_only_once_published(world, meeting, alice, maya, anonymous):
    minutes = meeting.minutes
    assert selectors.minutes_visible(fresh(maya), meeting) == minutes
    assert selectors.minutes_visible(anonymous, meeting) is None
    now = make_meeting(by=alice, group=meeting.group, starts_at=timezone.now() - datetime.timedelta(hours=1))
    services.minutes_circulate(minutes=minutes, by=alice)
    services.minutes_approve(minutes=minutes, at_meeting=now, approver=world.people["carol"], by=alice)
    assert selectors.minutes_visible(anonymous, Meeting.objects.get(pk=meeting.pk)) is None
    services.minutes_publish(minutes=minutes, by=alice)
    assert selectors.minutes_visible(anonymous, Meeting.objects.get(pk=meeting.pk)) == minutes


def test_minutes_may_be_approved_at_later_meetings_of_the_group_that_have_started(world, meeting, next_meeting, alice):
    started = make_meeting(by=alice, group=meeting.group, starts_at=timezone.now() - datetime.timedelta(hours=1))
    make_meeting(by=alice, group=meeting.group, starts_at=days_from_today(-20))
    make_meeting(by=alice, group=world.groups["asb"], starts_at=days_from_today(-1))
    cancelled = make_meeting(by=alice, group=meeting.group, starts_at=days_from_today(-2))
    services.meeting_cancel(meeting=cancelled, by=alice)
    assert list(selectors.approval_meetings(meeting)) == [started]
    assert next_meeting not in selectors.approval_meetings(meeting)


# Decisions and actions ------------------------------------------------------------------------------


def test_the_public_and_outsiders_see_no_decisions_or_actions(world, meeting, alice, charlie, anonymous):
    services.decision_record(
        partnership=world.northdale,
        wording="Adopt the plan",
        decided_on=timezone.localdate(),
        meeting=meeting,
        by=alice,
    )
    services.action_create(
        partnership=world.northdale,
        description="Publish the plan",
        owner=world.people["olive"],
        due=timezone.localdate(),
        by=alice,
    )
    for user in (anonymous, fresh(charlie)):
        assert list(selectors.decisions_visible_to(user, world.northdale)) == []
        assert list(selectors.actions_visible_to(user, world.northdale)) == []


def test_a_decision_under_an_item_shared_with_a_person_is_visible_to_them(world, confidential_item, alice, fred):
    decision = services.decision_record(
        partnership=world.northdale,
        wording=f"Close {CANARY}",
        decided_on=timezone.localdate(),
        item=confidential_item,
        by=alice,
    )
    assert decision not in selectors.decisions_visible_to(fresh(fred), world.northdale)
    services.item_share(item=confidential_item, person=world.people["fred"], by=alice)
    assert selectors.decision_get_for_user(fresh(fred), world.northdale, decision.pk) == decision


@pytest.fixture
def police_action(world, alice):
    return services.action_create(
        partnership=world.northdale,
        description="Patrol the park at dusk",
        owner=world.people["olive"],
        due=timezone.localdate() + datetime.timedelta(days=14),
        by=alice,
    )


def test_another_agency_may_see_but_not_update_an_action(world, police_action, olive, fred):
    assert selectors.action_get_for_user(fresh(olive), world.northdale, police_action.pk, update=True)
    assert selectors.action_get_for_user(fresh(fred), world.northdale, police_action.pk) == police_action
    with pytest.raises(PermissionDenied):
        selectors.action_get_for_user(fresh(fred), world.northdale, police_action.pk, update=True)


def test_only_the_coordinator_may_edit_an_action(world, police_action, alice, carol, olive):
    assert selectors.action_get_for_user(fresh(alice), world.northdale, police_action.pk, change=True)
    assert selectors.action_get_for_user(fresh(carol), world.northdale, police_action.pk, update=True)
    for user in (carol, olive):
        with pytest.raises(PermissionDenied):
            selectors.action_get_for_user(fresh(user), world.northdale, police_action.pk, change=True)


def test_each_action_carries_its_latest_progress_update(world, police_action, alice, leo):
    other = services.action_create(
        partnership=world.northdale,
        description="Fit smoke alarms",
        owner=world.people["fred"],
        due=timezone.localdate(),
        by=alice,
    )
    services.action_log_progress(
        action=police_action, author=world.people["leo"], status="in_progress", note="One patrol done.", by=leo
    )
    services.action_log_progress(
        action=police_action, author=world.people["leo"], status="in_progress", note="Two patrols done.", by=leo
    )
    rows = {a.pk: a for a in selectors.with_last_update(selectors.actions_visible_to(fresh(alice), world.northdale))}
    assert rows[police_action.pk].last_update_note == "Two patrols done."
    assert rows[police_action.pk].last_update_at is not None
    assert (rows[other.pk].last_update_at, rows[other.pk].last_update_note) == (None, None)


def test_the_updatable_actions_of_a_list_are_those_of_the_users_agency(world, police_action, alice, leo, fred):
    fire_action = services.action_create(
        partnership=world.northdale,
        description="Fit smoke alarms",
        owner=world.people["fred"],
        due=timezone.localdate(),
        by=alice,
    )
    both = [police_action, fire_action]
    assert selectors.updatable_action_ids(fresh(leo), both) == {police_action.pk}
    assert selectors.updatable_action_ids(fresh(fred), both) == {fire_action.pk}
    assert selectors.updatable_action_ids(AnonymousUser(), both) == set()
    assert selectors.updatable_action_ids(fresh(leo), []) == set()
