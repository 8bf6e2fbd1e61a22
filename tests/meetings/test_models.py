"""The meetings models' own rules: validation, derived properties and database constraints."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from meetings import services
from meetings.models import ActionPoint, AgendaItem, Attendance, ConfidentialShare, Decision, Meeting, Minutes
from partnership.models import AuditEntry
from tests.meetings.conftest import at


def test_a_meeting_reads_as_its_group_and_local_date(world, board):
    meeting = Meeting(partnership=world.northdale, group=board, starts_at=at(datetime.date(2025, 7, 15), 0, 30))
    # Half past midnight in summer is still 15 July in the UK, though it is 14 July in UTC.
    assert str(meeting) == "Strategic board, 15 July 2025"


def test_the_database_refuses_a_meeting_that_ends_before_it_starts(world, next_meeting):
    next_meeting.ends_at = next_meeting.starts_at - datetime.timedelta(minutes=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        next_meeting.save()


def test_an_item_made_public_forgets_why_it_was_confidential(world, next_meeting):
    item = AgendaItem(meeting=next_meeting, title="Hotspots", is_confidential=False, confidential_reason="Old reason")
    item.full_clean()
    assert item.confidential_reason == ""


def test_a_share_goes_to_an_agency_or_a_person_not_both_nor_neither(world, confidential_item):
    both = ConfidentialShare(item=confidential_item, agency=world.agencies["police"], person=world.people["fred"])
    neither = ConfidentialShare(item=confidential_item)
    for share in (both, neither):
        with pytest.raises(ValidationError) as caught:
            share.full_clean()
        assert caught.value.messages == ["Share with an agency or with a person."]


def test_a_share_is_current_until_revoked(world, confidential_item):
    share = ConfidentialShare(item=confidential_item, agency=world.agencies["police"])
    assert share.is_current
    share.revoked_at = timezone.now()
    assert not share.is_current


def test_only_a_substitute_keeps_whom_they_stand_in_for(world, meeting):
    record = Attendance(
        meeting=meeting,
        person=world.people["olive"],
        status=Attendance.Status.PRESENT,
        substitute_for=world.people["leo"],
    )
    record.full_clean()
    assert record.substitute_for is None
    assert record.is_present
    assert not Attendance(status=Attendance.Status.APOLOGIES).is_present
    assert Attendance(status=Attendance.Status.SUBSTITUTE).is_present


@pytest.mark.parametrize(
    ("state", "locked"), [("draft", False), ("circulated", False), ("approved", True), ("published", True)]
)
def test_minutes_are_locked_from_approval_on(state, locked):
    assert Minutes(state=state).is_locked is locked


def test_a_decision_by_correspondence_is_not_made_at_a_meeting(world, meeting):
    decision = Decision(
        partnership=world.northdale,
        meeting=meeting,
        wording="Adopt it",
        decided_on=timezone.localdate(),
        by_correspondence=True,
    )
    with pytest.raises(ValidationError) as caught:
        decision.full_clean()
    assert caught.value.message_dict == {"meeting": ["A decision by correspondence is not made at a meeting."]}


def test_a_decision_or_action_under_a_confidential_item_is_confidential_itself(world, meeting, confidential_item):
    decision = Decision(
        partnership=world.northdale,
        meeting=meeting,
        item=confidential_item,
        wording="Agreed",
        decided_on=timezone.localdate(),
    )
    decision.full_clean()
    assert decision.is_confidential
    action = ActionPoint(
        partnership=world.northdale,
        item=confidential_item,
        description="Visit",
        owner=world.people["olive"],
        agency=world.agencies["police"],
        due=timezone.localdate(),
    )
    action.full_clean()
    assert action.is_confidential


def test_an_actions_owner_must_work_for_the_owning_agency(world):
    action = ActionPoint(
        partnership=world.northdale,
        description="Visit",
        owner=world.people["olive"],
        agency=world.agencies["fire"],
        due=timezone.localdate(),
    )
    with pytest.raises(ValidationError) as caught:
        action.full_clean()
    assert caught.value.message_dict == {"owner": ["The owner must work for the owning agency."]}


def test_an_open_action_past_its_due_date_is_overdue(world, olive):
    action = services.action_create(
        partnership=world.northdale,
        description="Visit",
        owner=world.people["olive"],
        due=timezone.localdate(),
        by=world.users["alice"],
    )
    assert action.is_open and not action.is_overdue
    action.due = timezone.localdate() - datetime.timedelta(days=1)
    assert action.is_overdue
    services.action_log_progress(action=action, author=world.people["olive"], status="done", note="Done", by=olive)
    done = ActionPoint.objects.get(pk=action.pk)
    done.due = timezone.localdate() - datetime.timedelta(days=1)
    assert not done.is_open and not done.is_overdue


def test_an_actions_audit_entries_are_filed_under_its_partnership_and_agency(world, meeting, confidential_item):
    action = services.action_create(
        partnership=world.northdale,
        description="Visit",
        owner=world.people["olive"],
        due=timezone.localdate(),
        by=world.users["alice"],
    )
    entry = AuditEntry.objects.get(kind="meetings.actionpoint", object_id=str(action.pk))
    assert (entry.partnership, entry.agency) == (world.northdale, world.agencies["police"])
    item_entry = AuditEntry.objects.filter(kind="meetings.agendaitem", object_id=str(confidential_item.pk)).first()
    assert (item_entry.partnership, item_entry.agency) == (world.northdale, None)
