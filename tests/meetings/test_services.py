"""The meetings services: scheduling, agendas, need-to-know sharing, attendance, minutes, decisions,
action points, reminders, and the history every write leaves behind."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.http import Http404
from django.utils import timezone

from core.writes import STALE_EDIT
from meetings import selectors, services
from meetings.models import (
    ActionPoint,
    ActionPointGroupObjectPermission,
    AgendaItem,
    Attendance,
    ConfidentialShare,
    Decision,
    Meeting,
    Minutes,
    MinutesCorrection,
    QuorumRule,
    ReminderSent,
)
from members import services as member_services
from members.access import access_for
from members.models import Person
from partnership.models import AuditEntry
from tests.factories import make_person
from tests.meetings.conftest import CANARY, add_public_and_canary_items, at, days_from_today, make_meeting
from tests.records import history_mark, history_since

PRESENT, APOLOGIES = Attendance.Status.PRESENT, Attendance.Status.APOLOGIES


def fresh(user):
    """The user as the next request will load it, with no permission or access cache."""
    return get_user_model().objects.get(pk=user.pk)


def visible_titles(user, meeting):
    return [item.title for item in selectors.meeting_items_visible_to(fresh(user), meeting)]


def in_a_week():
    return timezone.localdate() + datetime.timedelta(days=7)


def make_action(world, *, owner="olive", due=None, by=None, **extra):
    return services.action_create(
        partnership=world.northdale,
        description=extra.pop("description", "Share the hotspot figures with the neighbourhood teams"),
        owner=world.people[owner],
        due=due or in_a_week(),
        by=by or world.users["alice"],
        **extra,
    )


# Scheduling -----------------------------------------------------------------------------------------


def test_a_rule_of_the_third_tuesday_of_every_other_month_gives_those_dates():
    dates = services.plan_dates(
        first=datetime.date(2025, 1, 1),
        until=datetime.date(2025, 12, 31),
        weekday=1,
        week=3,
        interval=2,
        at=datetime.time(18, 30),
    )
    local = [timezone.localtime(moment) for moment in dates]
    assert [moment.date() for moment in local] == [
        datetime.date(2025, 1, 21),
        datetime.date(2025, 3, 18),
        datetime.date(2025, 5, 20),
        datetime.date(2025, 7, 15),
        datetime.date(2025, 9, 16),
        datetime.date(2025, 11, 18),
    ]
    # Half past six by the clock on the wall, in winter (GMT) and summer (BST) alike.
    assert {moment.time() for moment in local} == {datetime.time(18, 30)}


def test_a_rule_of_the_last_thursday_of_each_month_gives_those_dates():
    dates = services.plan_dates(
        first=datetime.date(2025, 1, 1),
        until=datetime.date(2025, 6, 30),
        weekday=3,
        week=-1,
        interval=1,
        at=datetime.time(10),
    )
    assert [timezone.localdate(moment) for moment in dates] == [
        datetime.date(2025, 1, 30),
        datetime.date(2025, 2, 27),
        datetime.date(2025, 3, 27),
        datetime.date(2025, 4, 24),
        datetime.date(2025, 5, 29),
        datetime.date(2025, 6, 26),
    ]


def test_planning_creates_each_meeting_with_standing_items_and_draft_minutes(world, board, alice):
    dates = [at(datetime.date(2031, 3, 18), 18), at(datetime.date(2031, 1, 21), 18)]
    meetings = services.meetings_plan(
        partnership=world.northdale,
        group=board,
        dates=dates,
        duration=datetime.timedelta(hours=2),
        location="Northdale House",
        by=alice,
    )
    assert [m.starts_at for m in meetings] == sorted(dates)
    for meeting in meetings:
        assert meeting.ends_at == meeting.starts_at + datetime.timedelta(hours=2)
        assert meeting.status == Meeting.Status.SCHEDULED
        assert Minutes.objects.get(meeting=meeting).state == Minutes.State.DRAFT
        assert [item.standing for item in meeting.items.order_by("order", "pk")] == [
            "apologies",
            "minutes",
            "matters_arising",
            "aob",
        ]


def test_new_items_go_after_the_standing_items_and_before_any_other_business(world, next_meeting, alice):
    for title in ["Hate crime partnership plan", "Domestic abuse strategy"]:
        services.agenda_item_create(meeting=next_meeting, title=title, by=alice)
    assert [item.title for item in next_meeting.items.order_by("order", "pk")] == [
        "Apologies for absence",
        "Minutes of the last meeting",
        "Matters arising",
        "Hate crime partnership plan",
        "Domestic abuse strategy",
        "Any other business",
    ]


def test_planning_with_no_dates_is_refused(world, board, alice):
    with pytest.raises(ValidationError) as caught:
        services.meetings_plan(partnership=world.northdale, group=board, dates=[], location="Here", by=alice)
    assert caught.value.message_dict == {"dates": [services.PLAN_NOTHING]}


def test_a_meeting_must_finish_after_it_starts_and_nothing_is_saved(world, board, alice):
    before = Meeting.objects.count()
    with pytest.raises(ValidationError) as caught:
        make_meeting(by=alice, group=board, starts_at=days_from_today(10), hours=-1)
    assert caught.value.message_dict == {"ends_at": ["A meeting must finish after it starts."]}
    assert Meeting.objects.count() == before


def test_a_meeting_needs_a_place_or_an_online_link(world, board, alice):
    with pytest.raises(ValidationError) as caught:
        make_meeting(by=alice, group=board, starts_at=days_from_today(10), location="")
    assert caught.value.message_dict == {"location": ["Give a place, an online meeting link, or both."]}
    online = make_meeting(
        by=alice, group=board, starts_at=days_from_today(10), location="", online_link="https://meet.example.org/b"
    )
    assert online.pk


def test_a_meeting_of_another_partnerships_group_is_refused(world, alice):
    with pytest.raises(ValidationError) as caught:
        services.meeting_create(
            partnership=world.northdale,
            group=world.groups["southvale_board"],
            starts_at=days_from_today(10),
            location="Here",
            by=alice,
        )
    assert caught.value.message_dict == {"group": ["Choose a group of this partnership."]}


def test_postponing_moves_the_agenda_to_a_new_meeting_and_links_the_two(world, next_meeting, alice, olive):
    item = services.agenda_item_create(
        meeting=next_meeting,
        title="Exploitation hotspots",
        is_confidential=True,
        confidential_reason="Names young people at risk.",
        by=alice,
    )
    services.item_share(item=item, agency=world.agencies["police"], by=alice)
    new_start = next_meeting.starts_at + datetime.timedelta(days=7)

    successor = services.meeting_postpone(meeting=next_meeting, new_starts_at=new_start, by=alice, reason="Snow")

    original = Meeting.objects.get(pk=next_meeting.pk)
    assert original.status == Meeting.Status.POSTPONED
    assert original.postponed_to == successor
    assert original.history.latest().history_change_reason == "Snow"
    assert successor.status == Meeting.Status.SCHEDULED
    assert successor.ends_at - successor.starts_at == datetime.timedelta(hours=2)
    assert (successor.group, successor.location) == (next_meeting.group, next_meeting.location)
    assert not original.items.exists()
    assert [i.title for i in successor.items.order_by("order", "pk")] == [
        "Apologies for absence",
        "Minutes of the last meeting",
        "Matters arising",
        "Exploitation hotspots",
        "Any other business",
    ]
    # The need-to-know share travels with its item.
    assert ConfidentialShare.objects.get(item=item).item.meeting == successor
    assert "Exploitation hotspots" in visible_titles(olive, successor)
    assert Minutes.objects.get(meeting=successor).state == Minutes.State.DRAFT


def test_postponing_needs_a_later_date(world, next_meeting, alice):
    with pytest.raises(ValidationError) as caught:
        services.meeting_postpone(meeting=next_meeting, new_starts_at=None, by=alice)
    assert caught.value.message_dict == {"new_starts_at": [services.POSTPONE_NEEDS_DATE]}
    with pytest.raises(ValidationError) as caught:
        services.meeting_postpone(
            meeting=next_meeting, new_starts_at=next_meeting.starts_at - datetime.timedelta(days=1), by=alice
        )
    assert caught.value.message_dict == {"new_starts_at": [services.POSTPONE_LATER]}
    assert Meeting.objects.get(pk=next_meeting.pk).status == Meeting.Status.SCHEDULED


def test_a_cancelled_meeting_records_the_reason(world, next_meeting, alice):
    services.meeting_cancel(meeting=next_meeting, by=alice, reason="The chair is ill")
    cancelled = Meeting.objects.get(pk=next_meeting.pk)
    assert cancelled.status == Meeting.Status.CANCELLED
    assert cancelled.history.latest().history_change_reason == "The chair is ill"


@pytest.mark.parametrize("change", ["cancel", "postpone", "mark_held"])
@pytest.mark.parametrize("status", ["held", "cancelled", "postponed"])
def test_only_a_scheduled_meeting_can_be_cancelled_postponed_or_marked_held(world, last_week, alice, change, status):
    # A meeting that has started (a week ago), so that it can be marked as held.
    next_meeting = last_week
    later = next_meeting.starts_at + datetime.timedelta(days=7)
    {
        "held": lambda: services.meeting_mark_held(meeting=next_meeting, by=alice),
        "cancelled": lambda: services.meeting_cancel(meeting=next_meeting, by=alice),
        "postponed": lambda: services.meeting_postpone(meeting=next_meeting, new_starts_at=later, by=alice),
    }[status]()
    mark = history_mark()
    with pytest.raises(ValidationError) as caught:
        {
            "cancel": lambda: services.meeting_cancel(meeting=next_meeting, by=alice),
            "postpone": lambda: services.meeting_postpone(
                meeting=next_meeting, new_starts_at=later + datetime.timedelta(days=1), by=alice
            ),
            "mark_held": lambda: services.meeting_mark_held(meeting=next_meeting, by=alice),
        }[change]()
    assert caught.value.messages == [services.NOT_SCHEDULED]
    assert Meeting.objects.get(pk=next_meeting.pk).status == status
    assert history_since(mark) == []


def test_a_meeting_that_has_not_started_is_not_held_and_has_no_attendance_or_minutes(world, next_meeting, alice):
    with pytest.raises(ValidationError) as held:
        services.meeting_mark_held(meeting=next_meeting, by=alice)
    assert held.value.messages == [services.HELD_NOT_BEFORE]
    with pytest.raises(ValidationError) as attended:
        services.attendance_record(meeting=next_meeting, entries=[(world.people["leo"], "present", None)], by=alice)
    assert attended.value.messages == [services.ATTENDANCE_NOT_BEFORE]
    item = services.agenda_item_create(meeting=next_meeting, title="Hotspots", by=alice)
    mark = history_mark()
    with pytest.raises(ValidationError) as minuted:
        services.minutes_write(item=item, discussion="Noted before it happened.", by=alice)
    assert minuted.value.message_dict == {"discussion": [services.MINUTES_NOT_BEFORE]}
    assert Meeting.objects.get(pk=next_meeting.pk).status == Meeting.Status.SCHEDULED
    assert history_since(mark) == []


def test_a_stale_edit_of_a_meeting_is_refused(world, next_meeting, alice):
    services.meeting_update(meeting=next_meeting, by=alice, version=next_meeting.version, location="Room 2")
    with pytest.raises(ValidationError) as caught:
        services.meeting_update(meeting=next_meeting, by=alice, version=next_meeting.version, location="Room 3")
    assert caught.value.messages == [STALE_EDIT]
    assert Meeting.objects.get(pk=next_meeting.pk).location == "Room 2"


# Agendas --------------------------------------------------------------------------------------------


def _titles(meeting):
    return [item.title for item in meeting.items.order_by("order", "pk")]


def test_an_item_moves_up_and_down_past_its_neighbour(world, next_meeting, alice):
    first, second, third = (
        services.agenda_item_create(meeting=next_meeting, title=title, by=alice) for title in ["One", "Two", "Three"]
    )
    services.agenda_item_move(item=third, by=alice, direction=-1)
    assert _titles(next_meeting)[3:6] == ["One", "Three", "Two"]
    services.agenda_item_move(item=first, by=alice, direction=+1)
    assert _titles(next_meeting)[3:6] == ["Three", "One", "Two"]
    assert AgendaItem.objects.get(pk=first.pk).history.latest().history_change_reason == "Agenda reordered"


def test_moving_the_first_item_up_or_the_last_down_changes_nothing(world, next_meeting, alice):
    first, last = (services.agenda_item_create(meeting=next_meeting, title=t, by=alice) for t in ["One", "Two"])
    mark = history_mark()
    services.agenda_item_move(item=first, by=alice, direction=-1)
    services.agenda_item_move(item=last, by=alice, direction=+1)
    assert _titles(next_meeting)[0] == "Apologies for absence"
    assert _titles(next_meeting)[3:] == ["One", "Two", "Any other business"]
    assert history_since(mark) == []


def test_a_confidential_item_needs_a_reason(world, next_meeting, alice):
    with pytest.raises(ValidationError) as caught:
        services.agenda_item_create(meeting=next_meeting, title="A named family", is_confidential=True, by=alice)
    assert caught.value.message_dict == {"confidential_reason": ["Say why the item is confidential."]}
    item = services.agenda_item_create(meeting=next_meeting, title="A named family", by=alice)
    with pytest.raises(ValidationError) as caught:
        services.agenda_item_update(item=item, by=alice, version=item.version, is_confidential=True)
    assert caught.value.message_dict == {"confidential_reason": ["Say why the item is confidential."]}
    assert not AgendaItem.objects.get(pk=item.pk).is_confidential


def test_making_an_item_confidential_makes_its_decisions_and_actions_confidential(world, public_item, alice):
    decision = services.decision_record(
        partnership=world.northdale,
        wording="Extend the dispersal order",
        decided_on=timezone.localdate(),
        item=public_item,
        by=alice,
    )
    action = make_action(world, item=public_item)
    assert not decision.is_confidential and not action.is_confidential
    services.agenda_item_update(
        item=public_item,
        by=alice,
        version=public_item.version,
        is_confidential=True,
        confidential_reason="It now names a suspect.",
    )
    assert Decision.objects.get(pk=decision.pk).is_confidential
    assert ActionPoint.objects.get(pk=action.pk).is_confidential


def test_the_agenda_is_published_only_once(world, next_meeting, alice):
    services.agenda_publish(meeting=next_meeting, by=alice)
    assert Meeting.objects.get(pk=next_meeting.pk).agenda_is_published
    with pytest.raises(ValidationError) as caught:
        services.agenda_publish(meeting=next_meeting, by=alice)
    assert caught.value.messages == [services.AGENDA_ALREADY_PUBLISHED]


def test_publishing_the_agenda_emails_each_member_without_the_confidential_item(
    world, next_meeting, alice, mailoutbox, django_capture_on_commit_callbacks
):
    add_public_and_canary_items(next_meeting, by=alice)
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(meeting=next_meeting, by=alice)

    # The board's members (tests/meetings/conftest.py); olive, an officer who has no seat on it, is not sent it.
    members = ["alice", "carol", "leo", "fred", "maya"]
    assert sorted(address for message in mailoutbox for address in message.to) == sorted(
        f"{name}@example.org" for name in members
    )
    message = mailoutbox[0]
    assert message.subject.startswith("Agenda published: Strategic board")
    assert "Night-time economy update" in message.body
    assert "There is also 1 confidential item" in message.body
    for sent in mailoutbox:
        assert CANARY not in sent.subject
        assert CANARY not in sent.body


def test_nobody_is_emailed_until_the_publication_is_committed(world, next_meeting, alice, mailoutbox):
    services.agenda_publish(meeting=next_meeting, by=alice)
    assert mailoutbox == []


# Papers ---------------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_paper_of_an_allowed_type_is_added_to_an_item(world, public_item, alice, media):
    paper = services.paper_add(
        item=public_item, title="Hotspot map", file=SimpleUploadedFile("map.pdf", b"%PDF-1.7 ..."), by=alice
    )
    assert paper.size == len(b"%PDF-1.7 ...")
    assert paper.extension == "PDF"
    assert paper.history.get().history_user == alice


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("map.exe", b"MZ", services.PAPER_BAD_TYPE.format(types=", ".join(services.PAPER_EXTENSIONS))),
        ("map", b"data", services.PAPER_BAD_TYPE.format(types=", ".join(services.PAPER_EXTENSIONS))),
        ("map.pdf", b"", services.PAPER_EMPTY),
        ("map.pdf", b"x" * (services.PAPER_MAX_BYTES + 1), services.PAPER_TOO_BIG.format(size=10)),
    ],
)
def test_a_paper_of_the_wrong_type_empty_or_too_big_is_refused(world, public_item, alice, media, name, content, error):
    with pytest.raises(ValidationError) as caught:
        services.paper_add(item=public_item, title="Map", file=SimpleUploadedFile(name, content), by=alice)
    assert caught.value.message_dict == {"file": [error]}
    assert not public_item.papers.exists()


def test_a_withdrawn_paper_can_no_longer_be_downloaded(world, public_item, alice, maya, media):
    paper = services.paper_add(item=public_item, title="Map", file=SimpleUploadedFile("m.pdf", b"%PDF-1.7"), by=alice)
    assert selectors.paper_get_for_user(fresh(maya), world.northdale, paper.pk) == paper
    services.paper_withdraw(paper=paper, by=alice)
    with pytest.raises(Http404):
        selectors.paper_get_for_user(fresh(maya), world.northdale, paper.pk)


# Need-to-know sharing -------------------------------------------------------------------------------


def test_sharing_a_confidential_item_with_an_agency_lets_its_officers_see_it(
    world, meeting, confidential_item, alice, olive, leo, fred
):
    assert confidential_item.title not in visible_titles(olive, meeting)
    services.item_share(item=confidential_item, agency=world.agencies["police"], by=alice)
    for user in (olive, leo):
        assert confidential_item.title in visible_titles(user, meeting)
        assert selectors.item_get_for_user(fresh(user), world.northdale, confidential_item.pk) == confidential_item
    assert confidential_item.title not in visible_titles(fred, meeting)
    with pytest.raises(Http404):
        selectors.item_get_for_user(fresh(fred), world.northdale, confidential_item.pk)


def test_sharing_with_a_person_lets_only_that_person_see_the_item(world, meeting, confidential_item, alice, fred, leo):
    services.item_share(item=confidential_item, person=world.people["fred"], by=alice)
    assert confidential_item.title in visible_titles(fred, meeting)
    assert confidential_item.title not in visible_titles(leo, meeting)


def test_a_public_item_is_not_shared(world, public_item, alice):
    with pytest.raises(ValidationError) as caught:
        services.item_share(item=public_item, agency=world.agencies["police"], by=alice)
    assert caught.value.messages == [services.ONLY_CONFIDENTIAL_SHARED]
    assert not ConfidentialShare.objects.exists()


def test_sharing_twice_with_the_same_agency_is_refused(world, confidential_item, alice):
    services.item_share(item=confidential_item, agency=world.agencies["police"], by=alice)
    with pytest.raises(ValidationError) as caught:
        services.item_share(item=confidential_item, agency=world.agencies["police"], by=alice)
    assert caught.value.messages == [services.ALREADY_SHARED]


def test_sharing_with_a_person_who_cannot_sign_in_is_refused(world, confidential_item, alice):
    no_login = make_person(by=alice, agency=world.agencies["fire"], first_name="Nina", last_name="Noble")
    with pytest.raises(ValidationError) as caught:
        services.item_share(item=confidential_item, person=no_login, by=alice)
    assert caught.value.message_dict == {"person": [services.PERSON_HAS_NO_LOGIN.format(person=no_login)]}
    assert not ConfidentialShare.objects.exists()


def test_revoking_a_share_hides_the_item_again(world, meeting, confidential_item, alice, olive):
    share = services.item_share(item=confidential_item, agency=world.agencies["police"], by=alice)
    services.item_unshare(share=share, by=alice)
    assert confidential_item.title not in visible_titles(olive, meeting)
    with pytest.raises(Http404):
        selectors.item_get_for_user(fresh(olive), world.northdale, confidential_item.pk)
    assert ConfidentialShare.objects.get(pk=share.pk).revoked_at is not None
    # Once revoked, the item can be shared with the agency again.
    services.item_share(item=confidential_item, agency=world.agencies["police"], by=alice)
    assert confidential_item.title in visible_titles(olive, meeting)


def test_the_history_records_who_shared_the_item_with_whom_and_when(world, confidential_item, alice, carol):
    started = timezone.now()
    share = services.item_share(item=confidential_item, agency=world.agencies["police"], by=alice)
    services.item_unshare(share=share, by=carol)
    granted, revoked = share.history.order_by("history_id")
    assert (granted.history_type, granted.history_user, granted.agency, granted.item) == (
        "+",
        alice,
        world.agencies["police"],
        confidential_item,
    )
    assert granted.revoked_at is None
    assert started <= granted.granted_at <= timezone.now()
    assert (revoked.history_type, revoked.history_user, revoked.agency) == ("~", carol, world.agencies["police"])
    assert revoked.revoked_at is not None
    entries = AuditEntry.objects.filter(kind="meetings.confidentialshare", object_id=str(share.pk))
    assert sorted((e.history_type, e.user_id, e.partnership_id, e.agency_id) for e in entries) == sorted(
        [
            ("+", alice.pk, world.northdale.pk, world.agencies["police"].pk),
            ("~", carol.pk, world.northdale.pk, world.agencies["police"].pk),
        ]
    )


# Attendance and quorum ------------------------------------------------------------------------------


def _record(meeting, by, **statuses):
    """Record attendance by username: _record(meeting, alice, leo=PRESENT, fred=APOLOGIES)."""
    entries = [(Person.objects.get(user__username=name), status, None) for name, status in statuses.items()]
    return services.attendance_record(meeting=meeting, entries=entries, by=by)


@pytest.fixture
def last_week(world, board):
    """A scheduled board meeting a week ago whose attendance has not yet been recorded."""
    return make_meeting(by=world.users["alice"], group=board, starts_at=days_from_today(-7))


def test_recording_attendance_marks_the_meeting_held(world, last_week, alice):
    saved = _record(last_week, alice, alice=PRESENT, leo=APOLOGIES)
    assert len(saved) == 2
    assert Meeting.objects.get(pk=last_week.pk).status == Meeting.Status.HELD
    assert {(a.person.user.username, a.status, a.agency) for a in last_week.attendance.all()} == {
        ("alice", PRESENT, world.agencies["council"]),
        ("leo", APOLOGIES, world.agencies["police"]),
    }


def test_recording_the_same_attendance_again_writes_nothing(world, last_week, alice):
    _record(last_week, alice, alice=PRESENT, leo=APOLOGIES)
    mark = history_mark()
    assert _record(Meeting.objects.get(pk=last_week.pk), alice, alice=PRESENT, leo=APOLOGIES) == []
    assert history_since(mark) == []


def test_recording_a_changed_attendance_saves_only_the_change(world, last_week, alice):
    _record(last_week, alice, alice=PRESENT, leo=APOLOGIES)
    mark = history_mark()
    saved = _record(Meeting.objects.get(pk=last_week.pk), alice, alice=PRESENT, leo=PRESENT)
    assert [a.person.user.username for a in saved] == ["leo"]
    assert [row.instance.status for row in history_since(mark)] == [PRESENT]


def test_attendance_only_of_apologies_does_not_mark_the_meeting_held(world, last_week, alice):
    _record(last_week, alice, leo=APOLOGIES)
    assert Meeting.objects.get(pk=last_week.pk).status == Meeting.Status.SCHEDULED


def test_attendance_is_not_recorded_before_the_meeting(world, next_meeting, alice):
    with pytest.raises(ValidationError) as caught:
        _record(next_meeting, alice, alice=PRESENT)
    assert caught.value.messages == [services.ATTENDANCE_NOT_BEFORE]
    assert not next_meeting.attendance.exists()


def test_a_substitute_must_say_whom_they_stand_in_for(world, last_week, alice):
    with pytest.raises(ValidationError) as caught:
        _record(last_week, alice, olive=Attendance.Status.SUBSTITUTE)
    assert caught.value.message_dict == {"substitute_for": ["Say whom the substitute stands in for."]}
    services.attendance_record(
        meeting=last_week,
        entries=[(world.people["olive"], Attendance.Status.SUBSTITUTE, world.people["leo"])],
        by=alice,
    )
    assert last_week.attendance.get().substitute_for == world.people["leo"]


@pytest.fixture
def quorum_of_three(world, board, alice):
    return services.quorum_set(group=board, by=alice, minimum_present=3, every_responsible_authority=True)


def test_the_quorum_is_met_with_enough_people_and_every_responsible_authority(world, last_week, alice, quorum_of_three):
    _record(last_week, alice, alice=PRESENT, leo=PRESENT, fred=PRESENT)
    assert selectors.quorum_status(last_week) == (True, [])


def test_the_quorum_names_the_responsible_authorities_not_represented(world, last_week, alice, quorum_of_three):
    _record(last_week, alice, alice=PRESENT, carol=PRESENT, fred=PRESENT, leo=APOLOGIES)
    assert selectors.quorum_status(last_week) == (False, ["Not represented: Shire Constabulary."])


def test_the_quorum_counts_the_people_present(world, last_week, alice, quorum_of_three):
    _record(last_week, alice, alice=PRESENT, leo=PRESENT)
    assert selectors.quorum_status(last_week) == (False, ["2 members present; the quorum is 3."])


def test_a_member_of_no_agency_does_not_hide_a_missing_responsible_authority(world, last_week, alice, quorum_of_three):
    _record(last_week, alice, alice=PRESENT, carol=PRESENT, maya=PRESENT)
    assert selectors.quorum_status(last_week) == (False, ["Not represented: Shire Constabulary."])


def test_a_substitute_represents_their_agency(world, last_week, alice, quorum_of_three):
    services.attendance_record(
        meeting=last_week,
        entries=[
            (world.people["alice"], PRESENT, None),
            (world.people["carol"], PRESENT, None),
            (world.people["olive"], Attendance.Status.SUBSTITUTE, world.people["leo"]),
        ],
        by=alice,
    )
    assert selectors.quorum_status(last_week) == (True, [])


def test_a_quorum_without_the_responsible_authority_rule_only_counts(world, board, last_week, alice):
    services.quorum_set(group=board, by=alice, minimum_present=2, every_responsible_authority=False)
    _record(last_week, alice, alice=PRESENT, fred=PRESENT)
    assert selectors.quorum_status(last_week) == (True, [])


def test_a_group_with_no_quorum_rule_has_no_quorum_status(world, last_week, alice):
    _record(last_week, alice, alice=PRESENT)
    assert selectors.quorum_status(last_week) == (None, [])


def test_changing_the_quorum_rule_edits_the_one_rule(world, board, alice, quorum_of_three):
    services.quorum_set(group=board, by=alice, minimum_present=5, every_responsible_authority=False)
    rule = QuorumRule.objects.get(group=board)
    assert (rule.pk, rule.minimum_present, rule.every_responsible_authority) == (quorum_of_three.pk, 5, False)
    assert rule.history.count() == 2


def test_agency_attendance_counts_held_meetings_each_agency_attended(world, board, meeting, last_week, alice):
    _record(meeting, alice, alice=PRESENT, leo=PRESENT, fred=APOLOGIES)
    _record(last_week, alice, carol=PRESENT, olive=Attendance.Status.ABSENT, fred=APOLOGIES)
    cancelled = make_meeting(by=alice, group=board, starts_at=days_from_today(-3))
    services.meeting_cancel(meeting=cancelled, by=alice)
    rows = selectors.agency_attendance(world.northdale)
    assert [(row["agency"].name, row["attended"], row["held"], row["rate"]) for row in rows] == [
        ("Northdale District Council", 2, 2, 100),
        ("Shire Constabulary", 1, 2, 50),
        ("Shire Fire and Rescue Service", 0, 2, 0),
    ]
    assert rows[0]["statutory_role"] == "Responsible authority"
    since = timezone.localdate() - datetime.timedelta(days=10)
    recent = selectors.agency_attendance(world.northdale, since=since)
    assert [(row["attended"], row["held"]) for row in recent] == [(1, 1), (0, 1), (0, 1)]


def test_agency_attendance_with_no_meetings_held_has_no_rate(world):
    rows = selectors.agency_attendance(world.northdale)
    assert {(row["held"], row["rate"]) for row in rows} == {(0, None)}


# Minutes --------------------------------------------------------------------------------------------


@pytest.fixture
def this_morning(world, board):
    """Today's board meeting, already started: where last meeting's minutes are approved."""
    starts = timezone.now() - datetime.timedelta(hours=1)
    return make_meeting(by=world.users["alice"], group=board, starts_at=starts)


def _minutes(meeting):
    return Minutes.objects.get(meeting=meeting)


def test_minutes_go_from_draft_to_circulated_to_approved_to_published(
    world, meeting, this_morning, alice, carol, mailoutbox, django_capture_on_commit_callbacks
):
    assert _minutes(meeting).state == Minutes.State.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(minutes=_minutes(meeting), by=alice)
    assert _minutes(meeting).state == Minutes.State.CIRCULATED
    assert _minutes(meeting).circulated_at is not None
    assert len(mailoutbox) == 5  # one to each member of the board
    assert mailoutbox[0].subject.startswith("Draft minutes circulated: Strategic board")

    services.minutes_approve(
        minutes=_minutes(meeting), at_meeting=this_morning, approver=world.people["carol"], by=carol
    )
    approved = _minutes(meeting)
    assert (approved.state, approved.approved_by, approved.approved_at_meeting) == (
        Minutes.State.APPROVED,
        world.people["carol"],
        this_morning,
    )
    assert approved.approved_at is not None
    assert approved.history.latest().history_user == carol

    services.minutes_publish(minutes=approved, by=alice)
    assert _minutes(meeting).state == Minutes.State.PUBLISHED
    assert _minutes(meeting).published_at is not None


def test_the_circulation_email_never_carries_a_confidential_item(
    world, meeting, confidential_item, alice, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(minutes=_minutes(meeting), by=alice)
    assert mailoutbox
    for message in mailoutbox:
        assert CANARY not in message.subject + message.body
        assert "Minutes of confidential items are shown only to those cleared for them." in message.body


@pytest.mark.parametrize(
    ("state", "transition", "verb"),
    [
        ("draft", "approve", "approved"),
        ("draft", "publish", "published"),
        ("circulated", "circulate", "circulated"),
        ("circulated", "publish", "published"),
        ("approved", "circulate", "circulated"),
        ("approved", "approve", "approved"),
        ("published", "circulate", "circulated"),
        ("published", "approve", "approved"),
        ("published", "publish", "published"),
    ],
)
def test_minutes_refuse_the_wrong_transition(world, meeting, this_morning, alice, state, transition, verb):
    steps = {
        "circulate": lambda: services.minutes_circulate(minutes=_minutes(meeting), by=alice),
        "approve": lambda: services.minutes_approve(
            minutes=_minutes(meeting), at_meeting=this_morning, approver=world.people["carol"], by=alice
        ),
        "publish": lambda: services.minutes_publish(minutes=_minutes(meeting), by=alice),
    }
    for step in ["circulate", "approve", "publish"][: ["draft", "circulated", "approved", "published"].index(state)]:
        steps[step]()
    assert _minutes(meeting).state == state
    with pytest.raises(ValidationError) as caught:
        steps[transition]()
    assert caught.value.messages == [services.MINUTES_WRONG_STATE.format(state=state, verb=verb)]
    assert _minutes(meeting).state == state


def test_minutes_are_approved_only_at_a_later_meeting_of_the_same_group(world, meeting, alice, carol):
    services.minutes_circulate(minutes=_minutes(meeting), by=alice)
    earlier = make_meeting(by=alice, group=meeting.group, starts_at=days_from_today(-42))
    other_group = make_meeting(
        by=alice, group=world.groups["asb"], starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    for at_meeting in (earlier, other_group, meeting):
        with pytest.raises(ValidationError) as caught:
            services.minutes_approve(
                minutes=_minutes(meeting), at_meeting=at_meeting, approver=world.people["carol"], by=carol
            )
        assert caught.value.message_dict == {"at_meeting": [services.MINUTES_APPROVE_LATER_MEETING]}
    assert _minutes(meeting).state == Minutes.State.CIRCULATED


def test_minutes_are_not_approved_at_a_meeting_yet_to_start(world, meeting, next_meeting, alice, carol):
    services.minutes_circulate(minutes=_minutes(meeting), by=alice)
    with pytest.raises(ValidationError) as caught:
        services.minutes_approve(
            minutes=_minutes(meeting), at_meeting=next_meeting, approver=world.people["carol"], by=carol
        )
    assert caught.value.message_dict == {"at_meeting": [services.MINUTES_APPROVE_NOT_HELD]}


@pytest.mark.parametrize("status", ["cancelled", "postponed"])
def test_minutes_are_not_approved_at_a_meeting_that_did_not_take_place(world, meeting, alice, carol, status):
    services.minutes_circulate(minutes=_minutes(meeting), by=alice)
    called_off = make_meeting(by=alice, group=meeting.group, starts_at=days_from_today(-1))
    if status == "cancelled":
        services.meeting_cancel(meeting=called_off, by=alice)
    else:
        services.meeting_postpone(meeting=called_off, new_starts_at=days_from_today(6), by=alice)
    with pytest.raises(ValidationError) as caught:
        services.minutes_approve(
            minutes=_minutes(meeting),
            at_meeting=Meeting.objects.get(pk=called_off.pk),
            approver=world.people["carol"],
            by=carol,
        )
    assert caught.value.message_dict == {"at_meeting": [services.MINUTES_APPROVE_NOT_HELD]}
    assert _minutes(meeting).state == Minutes.State.CIRCULATED


def _approve(world, meeting, at_meeting, by=None):
    by = by or world.users["alice"]
    services.minutes_circulate(minutes=_minutes(meeting), by=by)
    services.minutes_approve(minutes=_minutes(meeting), at_meeting=at_meeting, approver=world.people["carol"], by=by)


def test_draft_minutes_are_written_freely(world, meeting, public_item, alice):
    services.minutes_write(item=public_item, discussion="Figures noted.", by=alice)
    services.minutes_write(item=public_item, discussion="Figures noted and welcomed.", by=alice)
    assert AgendaItem.objects.get(pk=public_item.pk).discussion == "Figures noted and welcomed."
    assert not MinutesCorrection.objects.exists()
    assert _minutes(meeting).revision == 0


def test_approved_minutes_change_only_by_a_correction_with_a_reason(world, meeting, public_item, this_morning, alice):
    services.minutes_write(item=public_item, discussion="Figures noted.", by=alice)
    _approve(world, meeting, this_morning)
    with pytest.raises(ValidationError) as caught:
        services.minutes_write(item=public_item, discussion="Figures noted and welcomed.", by=alice)
    assert caught.value.message_dict == {"correction_reason": [services.CORRECTION_NEEDS_REASON]}
    assert AgendaItem.objects.get(pk=public_item.pk).discussion == "Figures noted."

    services.minutes_write(
        item=public_item, discussion="Figures noted and welcomed.", by=alice, correction_reason="Wording agreed"
    )
    correction = MinutesCorrection.objects.get()
    assert (correction.number, correction.reason, correction.previous_text, correction.new_text) == (
        1,
        "Wording agreed",
        "Figures noted.",
        "Figures noted and welcomed.",
    )
    assert (correction.item, correction.made_by) == (public_item, alice)
    assert _minutes(meeting).revision == 1
    item = AgendaItem.objects.get(pk=public_item.pk)
    assert item.discussion == "Figures noted and welcomed."
    assert item.history.latest().history_change_reason == "Correction 1: Wording agreed"

    services.minutes_write(item=public_item, discussion="Figures welcomed.", by=alice, correction_reason="Typo")
    assert _minutes(meeting).revision == 2
    assert list(MinutesCorrection.objects.values_list("number", flat=True)) == [1, 2]


def test_a_correction_may_give_minutes_to_an_item_left_without_any(world, meeting, public_item, this_morning, alice):
    _approve(world, meeting, this_morning)
    services.minutes_write(item=public_item, discussion="Figures noted.", by=alice, correction_reason="Omitted")
    correction = MinutesCorrection.objects.get()
    assert (correction.previous_text, correction.new_text) == ("", "Figures noted.")


def test_writing_the_same_minutes_again_is_no_correction(world, meeting, public_item, this_morning, alice):
    services.minutes_write(item=public_item, discussion="Figures noted.", by=alice)
    _approve(world, meeting, this_morning)
    mark = history_mark()
    services.minutes_write(item=public_item, discussion="Figures noted.", by=alice)
    assert history_since(mark) == []
    assert _minutes(meeting).revision == 0


def _minutes_of(held_on, circulated_on=None):
    """Unsaved minutes of a meeting held on `held_on`: circulated_late only reads dates."""
    meeting = Meeting(starts_at=at(held_on, 18))
    return Minutes(meeting=meeting, circulated_at=at(circulated_on, 9) if circulated_on else None)


def test_minutes_out_within_ten_working_days_are_on_time():
    # Held on Monday 2 June 2025; ten working days later is Monday 16 June.
    assert selectors.working_days_between(datetime.date(2025, 6, 2), datetime.date(2025, 6, 16)) == 10
    assert not selectors.circulated_late(_minutes_of(datetime.date(2025, 6, 2), datetime.date(2025, 6, 16)))


def test_minutes_out_after_ten_working_days_are_late():
    assert selectors.circulated_late(_minutes_of(datetime.date(2025, 6, 2), datetime.date(2025, 6, 17)))


def test_a_weekend_is_not_counted_as_working_days():
    # Friday to Monday is one working day.
    assert selectors.working_days_between(datetime.date(2025, 6, 6), datetime.date(2025, 6, 9)) == 1
    # Held on Friday 6 June; Friday 20 June is ten working days later.
    assert not selectors.circulated_late(_minutes_of(datetime.date(2025, 6, 6), datetime.date(2025, 6, 20)))
    assert selectors.circulated_late(_minutes_of(datetime.date(2025, 6, 6), datetime.date(2025, 6, 23)))


def test_minutes_not_yet_out_are_late_once_ten_working_days_have_passed(world, meeting):
    # Any fortnight holds exactly ten working days, so the last meeting's minutes are due today.
    assert not selectors.circulated_late(_minutes(meeting))
    long_ago = make_meeting(by=world.users["alice"], group=meeting.group, starts_at=days_from_today(-30))
    assert selectors.circulated_late(_minutes(long_ago))


def test_minutes_of_a_meeting_yet_to_happen_are_not_late(world, next_meeting):
    assert not selectors.circulated_late(_minutes(next_meeting))


# Decisions ------------------------------------------------------------------------------------------


def test_a_decision_by_correspondence_names_who_agreed_it(world, alice):
    with pytest.raises(ValidationError) as caught:
        services.decision_record(
            partnership=world.northdale,
            wording="Adopt the new information sharing protocol",
            decided_on=timezone.localdate(),
            by_correspondence=True,
            by=alice,
        )
    assert caught.value.message_dict == {"agreed_by": [services.AGREED_BY_NEEDED]}
    assert not Decision.objects.exists()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    decision = services.decision_record(
        partnership=world.northdale,
        wording="Adopt the new information sharing protocol",
        decided_on=timezone.localdate(),
        by_correspondence=True,
        agreed_by=[(world.people["carol"], yesterday), (world.people["leo"], timezone.localdate())],
        by=alice,
    )
    assert sorted((a.person.first_name, a.agreed_on) for a in decision.agreements.all()) == [
        ("Carol", yesterday),
        ("Leo", timezone.localdate()),
    ]


def test_a_decision_not_by_correspondence_needs_its_meeting(world, alice):
    with pytest.raises(ValidationError) as caught:
        services.decision_record(
            partnership=world.northdale, wording="Fund two more wardens", decided_on=timezone.localdate(), by=alice
        )
    assert caught.value.message_dict == {"meeting": ["Choose the meeting, or record it as made by correspondence."]}


def test_a_decision_under_an_item_is_made_at_its_meeting(world, meeting, public_item, alice):
    decision = services.decision_record(
        partnership=world.northdale,
        wording="Fund two more wardens",
        decided_on=timezone.localdate(),
        item=public_item,
        by=alice,
    )
    assert decision.meeting == meeting
    assert not decision.is_confidential


def test_a_decision_under_a_confidential_item_is_hidden_from_uncleared_members(
    world, confidential_item, alice, carol, olive, maya, fred
):
    decision = services.decision_record(
        partnership=world.northdale,
        wording=f"Close {CANARY}",
        decided_on=timezone.localdate(),
        item=confidential_item,
        by=alice,
    )
    assert decision.is_confidential
    for user in (alice, carol):
        assert decision in selectors.decisions_visible_to(fresh(user), world.northdale)
    for user in (olive, maya, fred):
        assert decision not in selectors.decisions_visible_to(fresh(user), world.northdale)
        with pytest.raises(Http404):
            selectors.decision_get_for_user(fresh(user), world.northdale, decision.pk)
    services.item_share(item=confidential_item, agency=world.agencies["police"], by=alice)
    assert decision in selectors.decisions_visible_to(fresh(olive), world.northdale)
    assert decision not in selectors.decisions_visible_to(fresh(fred), world.northdale)


# Action points --------------------------------------------------------------------------------------


def can_update(user, action):
    user = fresh(user)
    return selectors.can_update_action(user, access_for(user, action.partnership), action)


def test_an_action_may_be_updated_by_the_owning_agencys_officers_only(
    world, meeting, alice, carol, olive, leo, fred, maya
):
    action = make_action(world, meeting=meeting)
    assert action.agency == world.agencies["police"]
    assert can_update(olive, action) and can_update(leo, action)
    assert not can_update(fred, action) and not can_update(maya, action)
    assert can_update(alice, action) and can_update(carol, action)
    assert selectors.updatable_action_ids(fresh(olive), [action]) == {action.pk}
    assert selectors.updatable_action_ids(fresh(fred), [action]) == set()


def test_the_owner_is_emailed_when_an_action_is_assigned(world, alice, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_action(world, description="Walk the Eastgate estate with the housing team")
    assert [message.to for message in mailoutbox] == [["olive@example.org"]]
    assert "Walk the Eastgate estate with the housing team" in mailoutbox[0].body


def test_an_action_owner_must_work_for_an_agency(world, alice):
    with pytest.raises(ValidationError) as caught:
        make_action(world, owner="maya")
    assert caught.value.message_dict == {"owner": [services.OWNER_NEEDS_AGENCY]}
    assert not ActionPoint.objects.exists()


def test_an_action_is_not_created_already_overdue(world, alice):
    with pytest.raises(ValidationError) as caught:
        make_action(world, due=timezone.localdate() - datetime.timedelta(days=1))
    assert caught.value.message_dict == {"due": [services.DUE_IN_PAST_ON_CREATE]}


def test_logging_progress_records_an_update_and_sets_the_status(world, olive):
    action = make_action(world)
    services.action_log_progress(
        action=action, author=world.people["olive"], status="in_progress", note="Met the team", by=olive
    )
    assert ActionPoint.objects.get(pk=action.pk).status == "in_progress"
    assert ActionPoint.objects.get(pk=action.pk).closed_on is None
    services.action_log_progress(action=action, author=world.people["olive"], status="done", note="Done", by=olive)
    done = ActionPoint.objects.get(pk=action.pk)
    assert (done.status, done.closed_on) == ("done", timezone.localdate())
    assert [u.note for u in done.updates.all()] == ["Done", "Met the team"]
    services.action_log_progress(action=action, author=world.people["olive"], status="open", note="Reopened", by=olive)
    assert ActionPoint.objects.get(pk=action.pk).closed_on is None


def test_dropping_an_action_needs_a_reason(world, olive):
    action = make_action(world)
    with pytest.raises(ValidationError) as caught:
        services.action_log_progress(
            action=action, author=world.people["olive"], status="dropped", note="No longer needed", by=olive
        )
    assert caught.value.message_dict == {"dropped_reason": ["Say why the action was dropped."]}
    assert not action.updates.exists()
    services.action_log_progress(
        action=action,
        author=world.people["olive"],
        status="dropped",
        note="No longer needed",
        dropped_reason="The estate has been demolished.",
        by=olive,
    )
    dropped = ActionPoint.objects.get(pk=action.pk)
    assert (dropped.status, dropped.dropped_reason, dropped.closed_on) == (
        "dropped",
        "The estate has been demolished.",
        timezone.localdate(),
    )


def test_a_new_owner_in_another_agency_takes_the_permission_with_them(
    world, alice, olive, fred, mailoutbox, django_capture_on_commit_callbacks
):
    action = make_action(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.action_update(action=action, by=alice, version=action.version, owner=world.people["fred"])
    moved = ActionPoint.objects.get(pk=action.pk)
    assert (moved.owner, moved.agency) == (world.people["fred"], world.agencies["fire"])
    assert can_update(fred, moved)
    assert not can_update(olive, moved)
    assert list(
        ActionPointGroupObjectPermission.objects.filter(content_object=moved).values_list("group", flat=True)
    ) == [world.agencies["fire"].officers_group_id]
    assert [message.to for message in mailoutbox] == [["fred@example.org"]]


def test_a_new_owner_must_work_for_an_agency(world, alice):
    action = make_action(world)
    with pytest.raises(ValidationError) as caught:
        services.action_update(action=action, by=alice, version=action.version, owner=world.people["maya"])
    assert caught.value.message_dict == {"owner": [services.OWNER_NEEDS_AGENCY]}


def test_a_handover_moves_the_outgoing_officers_open_actions_to_the_successor(world, leo, alice):
    open_action = make_action(world, owner="leo", description="Review the dispersal order")
    closed = make_action(world, owner="leo", description="Brief the board")
    services.action_log_progress(action=closed, author=world.people["leo"], status="done", note="Briefed", by=leo)
    summary = member_services.officer_handover(
        partnership=world.northdale, outgoing=world.people["leo"], successor=world.people["olive"], by=alice
    )
    assert ActionPoint.objects.get(pk=open_action.pk).owner == world.people["olive"]
    assert ActionPoint.objects.get(pk=closed.pk).owner == world.people["leo"]
    assert "Action: Review the dispersal order" in summary
    assert "Action: Brief the board" not in summary


def test_a_handover_leaves_actions_in_other_partnerships_alone(world, alice):
    southvale_action = services.action_create(
        partnership=world.southvale,
        description="Southvale work",
        owner=world.people["leo"],
        due=in_a_week(),
        by=alice,
    )
    member_services.officer_handover(
        partnership=world.northdale, outgoing=world.people["leo"], successor=world.people["olive"], by=alice
    )
    assert ActionPoint.objects.get(pk=southvale_action.pk).owner == world.people["leo"]


def test_an_action_under_a_confidential_item_is_seen_by_its_owner_and_agency_only(
    world, confidential_item, alice, olive, leo, fred, maya
):
    action = make_action(world, item=confidential_item, description=f"Visit the family in {CANARY}")
    assert action.is_confidential and action.meeting == confidential_item.meeting
    for user in (alice, olive, leo):
        assert action in selectors.actions_visible_to(fresh(user), world.northdale)
    for user in (fred, maya):
        assert action not in selectors.actions_visible_to(fresh(user), world.northdale)
        with pytest.raises(Http404):
            selectors.action_get_for_user(fresh(user), world.northdale, action.pk)


def test_each_visible_action_is_listed_once(world, alice, fred, maya):
    actions = [make_action(world, description=f"Action {n}") for n in range(2)]
    for user in (alice, fred, maya):
        listed = list(selectors.actions_visible_to(fresh(user), world.northdale))
        assert sorted(a.pk for a in listed) == sorted(a.pk for a in actions)


def test_matters_arising_lists_open_and_recently_closed_actions_of_earlier_meetings_of_the_group(
    world, meeting, next_meeting, alice, olive
):
    open_action = make_action(world, meeting=meeting, description="Open from last time")
    closed = make_action(world, meeting=meeting, description="Closed since last time")
    services.action_log_progress(action=closed, author=world.people["olive"], status="done", note="Done", by=olive)
    other_group = make_meeting(by=alice, group=world.groups["asb"], starts_at=days_from_today(-10))
    make_action(world, meeting=other_group, description="From the ASB group")
    make_action(world, description="Between meetings")
    make_action(world, meeting=next_meeting, description="From the next meeting itself")

    arising = selectors.matters_arising(next_meeting, fresh(alice))
    assert [a.description for a in arising] == ["Open from last time", "Closed since last time"]
    assert [a.update_count for a in arising] == [0, 1]
    assert open_action in arising

    # At a meeting more than two months on, today's closure is no longer recent.
    much_later = make_meeting(by=alice, group=meeting.group, starts_at=days_from_today(90))
    assert [a.description for a in selectors.matters_arising(much_later, fresh(alice))] == [
        "Open from last time",
        "From the next meeting itself",
    ]


def test_matters_arising_hide_confidential_actions_from_uncleared_members(
    world, meeting, next_meeting, confidential_item, alice, maya
):
    make_action(world, item=confidential_item, description=f"Visit {CANARY}")
    assert [a.description for a in selectors.matters_arising(next_meeting, fresh(alice))] == [f"Visit {CANARY}"]
    assert list(selectors.matters_arising(next_meeting, fresh(maya))) == []


# Reminders ------------------------------------------------------------------------------------------


def test_a_due_soon_reminder_is_sent_once_however_often_the_reminders_run(world, mailoutbox):
    action = make_action(world, due=timezone.localdate() + datetime.timedelta(days=3))
    results = [services.reminders_send() for _ in range(3)]
    assert results == [{"due_soon": 1, "overdue": 0}, {"due_soon": 0, "overdue": 0}, {"due_soon": 0, "overdue": 0}]
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["olive@example.org"], "Action due soon: Northdale Community Safety Partnership")
    ]
    assert ReminderSent.objects.get().action == action


def test_an_overdue_reminder_is_sent_once_however_often_the_reminders_run(world, mailoutbox):
    action = make_action(world, due=timezone.localdate() + datetime.timedelta(days=3))
    after_due = action.due + datetime.timedelta(days=1)
    for _ in range(3):
        services.reminders_send(today=after_due)
    assert [m.subject for m in mailoutbox] == ["Action overdue: Northdale Community Safety Partnership"]
    assert "This action is overdue." in mailoutbox[0].body


def test_an_action_due_later_gets_no_reminder_yet(world, mailoutbox):
    make_action(world, due=timezone.localdate() + datetime.timedelta(days=services.DUE_SOON_DAYS + 1))
    assert services.reminders_send() == {"due_soon": 0, "overdue": 0}
    assert mailoutbox == []


def test_a_new_due_date_earns_a_new_reminder(world, alice, mailoutbox):
    action = make_action(world, due=timezone.localdate() + datetime.timedelta(days=3))
    services.reminders_send()
    services.action_update(action=action, by=alice, version=action.version, due=action.due + datetime.timedelta(days=2))
    services.reminders_send()
    services.reminders_send()
    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Action due soon", "Action due soon"]


def test_a_closed_action_gets_no_reminder(world, olive, mailoutbox):
    action = make_action(world, due=timezone.localdate() + datetime.timedelta(days=3))
    services.action_log_progress(action=action, author=world.people["olive"], status="done", note="Done", by=olive)
    services.reminders_send()
    services.reminders_send(today=action.due + datetime.timedelta(days=5))
    assert mailoutbox == []


def test_the_reminder_command_sends_reminders_once(world, mailoutbox):
    make_action(world, due=timezone.localdate() + datetime.timedelta(days=1))
    outputs = []
    for _ in range(3):
        out = io.StringIO()
        call_command("send_reminders", stdout=out)
        outputs.append(out.getvalue().splitlines()[0])
    assert outputs == [
        "Action points: sent 1 due-soon and 0 overdue reminders.",
        "Action points: sent 0 due-soon and 0 overdue reminders.",
        "Action points: sent 0 due-soon and 0 overdue reminders.",
    ]
    assert len(mailoutbox) == 1


# Personal calendar addresses ------------------------------------------------------------------------


def test_a_calendar_address_is_given_once_and_a_reset_replaces_it_recording_why(world, maya):
    person = world.people["maya"]
    feed = services.calendar_feed_create(person=person, by=maya)
    again = services.calendar_feed_create(person=person, by=maya)
    assert (again.pk, again.token) == (feed.pk, feed.token)
    assert feed.history.count() == 1

    reset = services.calendar_feed_reset(person=person, by=maya)

    assert reset.pk == feed.pk and reset.token != feed.token
    latest = reset.history.first()
    assert (latest.history_type, latest.history_user) == ("~", maya)
    assert latest.history_change_reason == "Calendar address reset: the old address no longer works"


def test_resetting_an_address_never_given_gives_one(world, olive):
    feed = services.calendar_feed_reset(person=world.people["olive"], by=olive)
    assert feed.token and feed.history.get().history_type == "+"


# History --------------------------------------------------------------------------------------------


def _write_paths(world, meeting, next_meeting, public_item, confidential_item, this_morning):
    p, a, nd = world.people, world.agencies, world.northdale
    board = world.groups["board"]
    setup = world.administrator  # set-up steps; their history rows are left out of the comparison

    def circulated():
        services.minutes_circulate(minutes=_minutes(meeting), by=setup)
        return _minutes(meeting)

    def approved():
        _approve(world, meeting, this_morning, by=setup)
        return _minutes(meeting)

    def share():
        return services.item_share(item=confidential_item, agency=a["police"], by=setup)

    def action(owner="olive", **extra):
        return make_action(world, owner=owner, meeting=meeting, by=setup, **extra)

    return {
        "meeting_create": lambda by: make_meeting(by=by, group=board, starts_at=days_from_today(40)),
        "meetings_plan": lambda by: services.meetings_plan(
            partnership=nd, group=board, dates=[days_from_today(50), days_from_today(80)], location="Here", by=by
        ),
        "meeting_update": lambda by: services.meeting_update(
            meeting=next_meeting, by=by, version=next_meeting.version, location="Room 4"
        ),
        "meeting_mark_held": lambda by: services.meeting_mark_held(meeting=this_morning, by=by),
        "meeting_cancel": lambda by: services.meeting_cancel(meeting=next_meeting, by=by, reason="Ill"),
        "meeting_postpone": lambda by: services.meeting_postpone(
            meeting=next_meeting, new_starts_at=days_from_today(35), by=by
        ),
        "agenda_item_create": lambda by: services.agenda_item_create(meeting=next_meeting, title="New", by=by),
        "agenda_item_update_confidential": lambda by: (
            action(item=public_item),
            services.agenda_item_update(
                item=public_item, by=by, version=public_item.version, is_confidential=True, confidential_reason="Why"
            ),
        ),
        "agenda_item_move": lambda by: services.agenda_item_move(
            item=services.agenda_item_create(meeting=meeting, title="Last", by=setup),
            by=by,
            direction=-1,
        ),
        "paper_add": lambda by: services.paper_add(
            item=public_item, title="Map", file=SimpleUploadedFile("m.pdf", b"%PDF-1.7"), by=by
        ),
        "paper_withdraw": lambda by: services.paper_withdraw(
            paper=services.paper_add(
                item=public_item, title="Map", file=SimpleUploadedFile("m.pdf", b"%PDF-1.7"), by=setup
            ),
            by=by,
        ),
        "agenda_publish": lambda by: services.agenda_publish(meeting=next_meeting, by=by),
        "item_share": lambda by: services.item_share(item=confidential_item, person=p["fred"], by=by),
        "item_unshare": lambda by: services.item_unshare(share=share(), by=by),
        "attendance_record": lambda by: services.attendance_record(
            meeting=this_morning, entries=[(p["alice"], PRESENT, None), (p["leo"], APOLOGIES, None)], by=by
        ),
        "quorum_set": lambda by: services.quorum_set(
            group=board, by=by, minimum_present=3, every_responsible_authority=True
        ),
        "minutes_write": lambda by: services.minutes_write(item=public_item, discussion="Noted.", by=by),
        "minutes_write_correction": lambda by: (
            approved(),
            services.minutes_write(item=public_item, discussion="Noted.", by=by, correction_reason="Omitted"),
        ),
        "minutes_circulate": lambda by: services.minutes_circulate(minutes=_minutes(meeting), by=by),
        "minutes_approve": lambda by: services.minutes_approve(
            minutes=circulated(), at_meeting=this_morning, approver=p["carol"], by=by
        ),
        "minutes_publish": lambda by: services.minutes_publish(minutes=approved(), by=by),
        "decision_record": lambda by: services.decision_record(
            partnership=nd,
            wording="Agreed by email",
            decided_on=timezone.localdate(),
            by_correspondence=True,
            agreed_by=[(p["carol"], timezone.localdate())],
            by=by,
        ),
        "action_create": lambda by: make_action(world, meeting=meeting, by=by),
        "action_log_progress": lambda by: services.action_log_progress(
            action=action(), author=p["olive"], status="done", note="Done", by=by
        ),
        "action_update": lambda by: (
            lambda made: services.action_update(action=made, by=by, version=made.version, owner=p["fred"])
        )(action()),
        "officer_handover_of_actions": lambda by: (
            action(owner="leo"),
            member_services.officer_handover(partnership=nd, outgoing=p["leo"], successor=p["olive"], by=by),
        ),
        "calendar_feed_create": lambda by: services.calendar_feed_create(person=p["maya"], by=by),
        "calendar_feed_reset": lambda by: (
            services.calendar_feed_create(person=p["maya"], by=setup),
            services.calendar_feed_reset(person=p["maya"], by=by),
        ),
    }


WRITE_PATHS = [
    "meeting_create",
    "meetings_plan",
    "meeting_update",
    "meeting_mark_held",
    "meeting_cancel",
    "meeting_postpone",
    "agenda_item_create",
    "agenda_item_update_confidential",
    "agenda_item_move",
    "paper_add",
    "paper_withdraw",
    "agenda_publish",
    "item_share",
    "item_unshare",
    "attendance_record",
    "quorum_set",
    "minutes_write",
    "minutes_write_correction",
    "minutes_circulate",
    "minutes_approve",
    "minutes_publish",
    "decision_record",
    "action_create",
    "action_log_progress",
    "action_update",
    "officer_handover_of_actions",
    "calendar_feed_create",
    "calendar_feed_reset",
]


@pytest.fixture
def write_paths(world, meeting, next_meeting, public_item, confidential_item, this_morning, media):
    return _write_paths(world, meeting, next_meeting, public_item, confidential_item, this_morning)


@pytest.mark.parametrize("path", WRITE_PATHS)
def test_every_history_row_a_service_writes_names_who_made_the_change(world, write_paths, carol, path):
    """Set-up steps inside a path are made by the administrator and left out: every other row must name carol."""
    mark = history_mark()
    write_paths[path](carol)
    rows = [row for row in history_since(mark) if row.history_user != world.administrator]
    assert rows, "the write recorded no history"
    assert {row.history_user for row in rows} == {carol}
    indexed = {
        (entry.kind, entry.history_id, entry.user_id)
        for entry in AuditEntry.objects.filter(history_id__in=[row.history_id for row in rows])
    }
    assert {(row.instance._meta.label_lower, row.history_id, carol.pk) for row in rows} <= indexed


def test_the_write_paths_above_cover_every_meetings_service():
    service_names = {
        name
        for name, value in vars(services).items()
        if callable(value) and not name.startswith("_") and getattr(value, "__module__", "") == services.__name__
    }
    uncovered = {name for name in service_names if not any(path.startswith(name) for path in WRITE_PATHS)}
    # plan_dates only computes dates; reminders_send runs from cron with no one to name (its rows are
    # the ReminderSent markers, tested above).
    assert uncovered == {"plan_dates", "reminders_send"}
