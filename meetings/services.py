"""Writes for meetings: scheduling, agendas, need-to-know sharing, attendance, minutes, decisions,
action points and personal calendar addresses. Each is one transaction, validated, with history and
guardian permissions in step."""

import datetime
import secrets

from dateutil import rrule
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from core.uploads import content_matches, extension_of
from core.writes import apply_changes, save_with_history
from meetings import notifications
from meetings.models import (
    PAPER_EXTENSIONS,
    PAPER_MAX_BYTES,
    ActionPoint,
    ActionUpdate,
    AgendaItem,
    Attendance,
    CalendarFeed,
    ConfidentialShare,
    Decision,
    DecisionAgreement,
    Meeting,
    Minutes,
    MinutesCorrection,
    Paper,
    QuorumRule,
    ReminderSent,
)
from members.selectors import people_of
from partnership.services import email_batch_queue

STANDING_FIRST = [AgendaItem.Standing.APOLOGIES, AgendaItem.Standing.MINUTES, AgendaItem.Standing.MATTERS_ARISING]
STANDING_LAST = [AgendaItem.Standing.AOB]
LAST_ORDER = 1000

NOT_SCHEDULED = "Only a scheduled meeting can be changed this way."
POSTPONE_NEEDS_DATE = "Give the new date and time for the postponed meeting."
POSTPONE_LATER = "The new date must be after the original one."
AGENDA_ALREADY_PUBLISHED = "The agenda has already been published."
MINUTES_WRONG_STATE = "The minutes are {state}: they cannot be {verb} now."
MINUTES_APPROVE_LATER_MEETING = "Minutes are approved at a later meeting of the same group."
MINUTES_APPROVE_NOT_HELD = "Minutes are approved at a meeting that has taken place."
CORRECTION_NEEDS_REASON = "The minutes have been approved: give the reason for this correction."
ONLY_CONFIDENTIAL_SHARED = "Only a confidential item is shared: public items are visible to every member."
ALREADY_SHARED = "The item is already shared with them."
SHARE_OUTSIDE_PARTNERSHIP = "Share only with agencies and people of this partnership."
PERSON_HAS_NO_LOGIN = "{person} cannot sign in, so sharing with them would have no effect; share with their agency."
PAPER_BAD_TYPE = "The paper must be one of these file types: {types}."
PAPER_TOO_BIG = "The paper must be smaller than {size} MB."
PAPER_BAD_CONTENT = "The paper's content is not a {extension} file: save it again as {extension} and upload that."
PAPER_EMPTY = "The selected file is empty."
DUE_IN_PAST_ON_CREATE = "The due date must be today or in the future."
PLAN_NOTHING = "Choose at least one date."
AGREED_BY_NEEDED = "Name who agreed a decision made by correspondence."
OWNER_NEEDS_AGENCY = "Choose someone who works for a partner agency: the action belongs to their agency."
WORKPLAN_ITEM_ELSEWHERE = "Choose a workplan item of this partnership."
ATTENDANCE_NOT_BEFORE = "Attendance is recorded once the meeting has started."
HELD_NOT_BEFORE = "A meeting is marked as held once it has started."
MINUTES_NOT_BEFORE = "Minutes are written once the meeting has started."


# Scheduling ----------------------------------------------------------------------------------------


def plan_dates(*, first, until, weekday, week, interval, at):
    """Dates from a rule such as 'the third Tuesday of every other month' (dateutil's rrule).

    `weekday` 0-6 (Monday first); `week` 1-4 or -1 for the last; `interval` months apart.
    """
    day = rrule.weekday(weekday)(week)
    rule = rrule.rrule(
        rrule.MONTHLY,
        interval=interval,
        byweekday=day,
        dtstart=datetime.datetime.combine(first, at),
        until=datetime.datetime.combine(until, at),
    )
    return [timezone.make_aware(moment) for moment in rule]


def _add_standing_items(meeting, *, by):
    for order, standing in enumerate(STANDING_FIRST, start=1):
        save_with_history(AgendaItem(meeting=meeting, order=order, title=standing.label, standing=standing), by=by)
    for standing in STANDING_LAST:
        save_with_history(AgendaItem(meeting=meeting, order=LAST_ORDER, title=standing.label, standing=standing), by=by)


@transaction.atomic
def meeting_create(
    *, partnership, group, starts_at, by, ends_at=None, location="", online_link="", is_public=True, standing=True
):
    meeting = Meeting(
        partnership=partnership,
        group=group,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        online_link=online_link,
        is_public=is_public,
    )
    save_with_history(meeting, by=by)
    save_with_history(Minutes(meeting=meeting), by=by)
    if standing:
        _add_standing_items(meeting, by=by)
    return meeting


@transaction.atomic
def meetings_plan(*, partnership, group, dates, by, duration=None, location="", online_link="", is_public=True):
    """Create a meeting on each chosen date (the coordinator has already removed the ones not wanted)."""
    if not dates:
        raise ValidationError({"dates": PLAN_NOTHING})
    return [
        meeting_create(
            partnership=partnership,
            group=group,
            starts_at=moment,
            ends_at=moment + duration if duration else None,
            location=location,
            online_link=online_link,
            is_public=is_public,
            by=by,
        )
        for moment in sorted(dates)
    ]


@transaction.atomic
def meeting_update(*, meeting, by, version, **fields):
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    apply_changes(locked, by=by, version=version, fields=fields)
    return locked


@transaction.atomic
def meeting_mark_held(*, meeting, by):
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != Meeting.Status.SCHEDULED:
        raise ValidationError(NOT_SCHEDULED)
    if locked.starts_at > timezone.now():
        raise ValidationError(HELD_NOT_BEFORE)
    apply_changes(locked, by=by, version=None, fields={"status": Meeting.Status.HELD})
    return locked


@transaction.atomic
def meeting_cancel(*, meeting, by, reason=""):
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != Meeting.Status.SCHEDULED:
        raise ValidationError(NOT_SCHEDULED)
    apply_changes(locked, by=by, version=None, fields={"status": Meeting.Status.CANCELLED}, reason=reason or None)
    return locked


@transaction.atomic
def meeting_postpone(*, meeting, new_starts_at, by, reason=""):
    """Postpone to a new date: a new meeting takes over the agenda (items, papers and shares move)."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != Meeting.Status.SCHEDULED:
        raise ValidationError(NOT_SCHEDULED)
    if new_starts_at is None:
        raise ValidationError({"new_starts_at": POSTPONE_NEEDS_DATE})
    if new_starts_at <= locked.starts_at:
        raise ValidationError({"new_starts_at": POSTPONE_LATER})
    length = locked.ends_at - locked.starts_at if locked.ends_at else None
    successor = meeting_create(
        partnership=locked.partnership,
        group=locked.group,
        starts_at=new_starts_at,
        ends_at=new_starts_at + length if length else None,
        location=locked.location,
        online_link=locked.online_link,
        is_public=locked.is_public,
        by=by,
        standing=False,
    )
    for item in locked.items.all():
        item.meeting = successor
        save_with_history(item, by=by, reason=f"Meeting postponed to {timezone.localtime(new_starts_at):%-d %B %Y}")
    apply_changes(
        locked,
        by=by,
        version=None,
        fields={"postponed_to": successor, "status": Meeting.Status.POSTPONED},
        reason=reason or None,
    )
    return successor


# Agendas --------------------------------------------------------------------------------------------


@transaction.atomic
def agenda_item_create(*, meeting, title, by, description="", presenter=None, is_confidential=False, **extra):
    last = meeting.items.exclude(order__gte=LAST_ORDER).order_by("-order").first()
    item = AgendaItem(
        meeting=meeting,
        order=(last.order + 1) if last else 1,
        title=title,
        description=description,
        presenter=presenter,
        is_confidential=is_confidential,
        confidential_reason=extra.get("confidential_reason", ""),
    )
    return save_with_history(item, by=by)


@transaction.atomic
def agenda_item_update(*, item, by, version, **fields):
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    changed = apply_changes(locked, by=by, version=version, fields=fields)
    if "is_confidential" in changed:
        _cascade_confidentiality(locked, by=by)
    return locked


def _cascade_confidentiality(item, *, by):
    """Decisions and actions taken under an item carry its confidentiality."""
    for record in [*item.decisions.all(), *item.actions.all()]:
        apply_changes(
            record,
            by=by,
            version=None,
            fields={"is_confidential": item.is_confidential},
            reason="The agenda item's confidentiality changed",
        )


@transaction.atomic
def agenda_item_move(*, item, by, direction):
    """Swap the item with its neighbour above (-1) or below (+1); standing items stay where they are."""
    items = list(item.meeting.items.filter(standing="").order_by("order", "pk"))
    index = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    other = index + direction
    if not 0 <= other < len(items):
        return
    first, second = items[index], items[other]
    first_order, second_order = second.order, first.order
    if first_order == second_order:
        first_order, second_order = (
            (second_order + 1, second_order) if direction > 0 else (first_order, first_order + 1)
        )
    for record, order in ((first, first_order), (second, second_order)):
        apply_changes(record, by=by, version=None, fields={"order": order}, reason="Agenda reordered")


def _validate_paper(upload):
    extension = extension_of(upload.name)
    if extension not in PAPER_EXTENSIONS:
        raise ValidationError({"file": PAPER_BAD_TYPE.format(types=", ".join(PAPER_EXTENSIONS))})
    if upload.size == 0:
        raise ValidationError({"file": PAPER_EMPTY})
    if upload.size > PAPER_MAX_BYTES:
        raise ValidationError({"file": PAPER_TOO_BIG.format(size=PAPER_MAX_BYTES // (1024 * 1024))})
    if not content_matches(upload, extension):
        raise ValidationError({"file": PAPER_BAD_CONTENT.format(extension=extension.upper())})


@transaction.atomic
def paper_add(*, item, title, file, by):
    _validate_paper(file)
    return save_with_history(Paper(item=item, title=title, file=file, size=file.size), by=by, exclude=["file"])


@transaction.atomic
def paper_withdraw(*, paper, by):
    if not paper.is_withdrawn:
        paper.is_withdrawn = True
        save_with_history(paper, by=by)
    return paper


@transaction.atomic
def agenda_publish(*, meeting, by):
    """Publish the agenda to members; its public items become visible to everyone if the meeting is open."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.agenda_published_at is not None:
        raise ValidationError(AGENDA_ALREADY_PUBLISHED)
    apply_changes(
        locked, by=by, version=None, fields={"agenda_published_at": timezone.now()}, reason="Agenda published"
    )
    email_batch_queue(
        partnership=locked.partnership,
        key=f"meetings.agenda_published:{locked.pk}:{locked.agenda_published_at.isoformat()}",
        composer="meetings.agenda_published",
        object_id=locked.pk,
        description=f"Agenda published: {locked}",
        by=by,
    )
    return locked


# Need-to-know sharing -------------------------------------------------------------------------------

VIEW_ITEM = "meetings.view_agendaitem"


def _grantee(share):
    if share.agency_id:
        return share.agency.officers_group
    return share.person.user


@transaction.atomic
def item_share(*, item, by, agency=None, person=None):

    if not item.is_confidential:
        raise ValidationError(ONLY_CONFIDENTIAL_SHARED)
    partnership = item.meeting.partnership
    if agency is not None and not agency.memberships.filter(partnership=partnership).exists():
        raise ValidationError({"agency": SHARE_OUTSIDE_PARTNERSHIP})
    if person is not None and not people_of(partnership).filter(pk=person.pk).exists():
        raise ValidationError({"person": SHARE_OUTSIDE_PARTNERSHIP})
    if person is not None and person.user_id is None:
        raise ValidationError({"person": PERSON_HAS_NO_LOGIN.format(person=person)})
    current = item.shares.filter(revoked_at__isnull=True)
    if (agency and current.filter(agency=agency).exists()) or (person and current.filter(person=person).exists()):
        raise ValidationError(ALREADY_SHARED)
    share = save_with_history(ConfidentialShare(item=item, agency=agency, person=person), by=by)
    assign_perm(VIEW_ITEM, _grantee(share), item)
    return share


@transaction.atomic
def item_unshare(*, share, by):
    locked = ConfidentialShare.objects.select_for_update().get(pk=share.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    save_with_history(locked, by=by)
    remove_perm(VIEW_ITEM, _grantee(locked), locked.item)
    return locked


# Attendance and quorum ------------------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, meeting, entries, by):
    """Record attendance from (person, status, substitute_for) entries; saves only what changed."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.starts_at > timezone.now():
        raise ValidationError(ATTENDANCE_NOT_BEFORE)
    existing = {a.person_id: a for a in meeting.attendance.select_related("person")}
    saved = []
    for person, status, substitute_for in entries:
        record = existing.get(person.pk)
        if record is None:
            record = Attendance(meeting=meeting, person=person, agency_id=person.agency_id)
        elif record.status == status and record.substitute_for_id == getattr(substitute_for, "pk", None):
            continue
        record.status = status
        record.substitute_for = substitute_for
        saved.append(save_with_history(record, by=by))
    if meeting.status == Meeting.Status.SCHEDULED and any(r.is_present for r in saved):
        meeting_mark_held(meeting=meeting, by=by)
    return saved


@transaction.atomic
def quorum_set(*, group, by, minimum_present, every_responsible_authority):
    rule = QuorumRule.objects.select_for_update().filter(group=group).first()
    if rule is None:
        rule = QuorumRule(
            group=group, minimum_present=minimum_present, every_responsible_authority=every_responsible_authority
        )
        return save_with_history(rule, by=by)
    apply_changes(
        rule,
        by=by,
        version=None,
        fields={"minimum_present": minimum_present, "every_responsible_authority": every_responsible_authority},
    )
    return rule


# Minutes --------------------------------------------------------------------------------------------


def _require_state(minutes, states, verb):
    if minutes.state not in states:
        raise ValidationError(MINUTES_WRONG_STATE.format(state=minutes.get_state_display().lower(), verb=verb))


@transaction.atomic
def minutes_write(*, item, discussion, by, correction_reason=""):
    """Write an item's minutes; after approval only as a recorded correction with a reason."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(meeting_id=item.meeting_id)
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if locked.discussion == discussion:
        return locked
    if minutes.meeting.starts_at > timezone.now():
        raise ValidationError({"discussion": MINUTES_NOT_BEFORE})
    reason = None
    if minutes.is_locked:
        if not correction_reason.strip():
            raise ValidationError({"correction_reason": CORRECTION_NEEDS_REASON})
        revision = minutes.revision + 1
        apply_changes(
            minutes,
            by=by,
            version=None,
            fields={"revision": revision},
            reason=f"Correction {revision}: {correction_reason}",
        )
        save_with_history(
            MinutesCorrection(
                minutes=minutes,
                item=locked,
                number=minutes.revision,
                reason=correction_reason,
                previous_text=locked.discussion,
                new_text=discussion,
                made_by=by,
            ),
            by=by,
            # Either text may be empty: minutes first written, or struck out, by a correction.
            exclude=["previous_text", "new_text"],
        )
        reason = f"Correction {minutes.revision}: {correction_reason}"
    apply_changes(locked, by=by, version=None, fields={"discussion": discussion}, reason=reason)
    return locked


@transaction.atomic
def minutes_circulate(*, minutes, by):
    locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
    _require_state(locked, [Minutes.State.DRAFT], "circulated")
    apply_changes(
        locked, by=by, version=None, fields={"state": Minutes.State.CIRCULATED, "circulated_at": timezone.now()}
    )
    email_batch_queue(
        partnership=locked.meeting.partnership,
        key=f"meetings.minutes_circulated:{locked.pk}:{locked.circulated_at.isoformat()}",
        composer="meetings.minutes_circulated",
        object_id=locked.pk,
        description=f"Draft minutes circulated: {locked.meeting}",
        by=by,
    )
    return locked


@transaction.atomic
def minutes_approve(*, minutes, at_meeting, approver, by):
    """The chair approves the minutes at a later meeting of the same group."""
    locked = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    _require_state(locked, [Minutes.State.CIRCULATED], "approved")
    if at_meeting.group_id != locked.meeting.group_id or at_meeting.starts_at <= locked.meeting.starts_at:
        raise ValidationError({"at_meeting": MINUTES_APPROVE_LATER_MEETING})
    not_met = at_meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.POSTPONED)
    if not_met or at_meeting.starts_at > timezone.now() + datetime.timedelta(hours=12):
        raise ValidationError({"at_meeting": MINUTES_APPROVE_NOT_HELD})
    apply_changes(
        locked,
        by=by,
        version=None,
        fields={
            "state": Minutes.State.APPROVED,
            "approved_at": timezone.now(),
            "approved_by": approver,
            "approved_at_meeting": at_meeting,
        },
    )
    return locked


@transaction.atomic
def minutes_publish(*, minutes, by):
    locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
    _require_state(locked, [Minutes.State.APPROVED], "published")
    apply_changes(
        locked, by=by, version=None, fields={"state": Minutes.State.PUBLISHED, "published_at": timezone.now()}
    )
    return locked


# Decisions ------------------------------------------------------------------------------------------


@transaction.atomic
def decision_record(
    *,
    partnership,
    wording,
    decided_on,
    by,
    meeting=None,
    item=None,
    binds="",
    by_correspondence=False,
    agreed_by=(),
    is_confidential=False,
):
    """Record a decision; one made by correspondence names who agreed it and when."""
    if item is not None and meeting is None:
        meeting = item.meeting
    if by_correspondence and not agreed_by:
        raise ValidationError({"agreed_by": AGREED_BY_NEEDED})
    decision = Decision(
        partnership=partnership,
        meeting=meeting,
        item=item,
        wording=wording,
        binds=binds,
        decided_on=decided_on,
        by_correspondence=by_correspondence,
        is_confidential=is_confidential,
    )
    save_with_history(decision, by=by)
    for person, agreed_on in agreed_by:
        save_with_history(DecisionAgreement(decision=decision, person=person, agreed_on=agreed_on), by=by)
    return decision


# Action points --------------------------------------------------------------------------------------

CHANGE_ACTION = "meetings.change_actionpoint"


def _grant_action(action):
    assign_perm(CHANGE_ACTION, action.agency.officers_group, action)


def _revoke_action(action, agency):
    remove_perm(CHANGE_ACTION, agency.officers_group, action)


@transaction.atomic
def action_create(
    *, partnership, description, owner, due, by, meeting=None, item=None, workplan_item=None, notify=True
):
    if due < timezone.localdate():
        raise ValidationError({"due": DUE_IN_PAST_ON_CREATE})
    if owner.agency_id is None:
        raise ValidationError({"owner": OWNER_NEEDS_AGENCY})
    if workplan_item is not None and workplan_item.partnership_id != partnership.pk:
        raise ValidationError({"workplan_item": WORKPLAN_ITEM_ELSEWHERE})
    if item is not None and meeting is None:
        meeting = item.meeting
    action = ActionPoint(
        partnership=partnership,
        meeting=meeting,
        item=item,
        workplan_item=workplan_item,
        description=description,
        owner=owner,
        agency_id=owner.agency_id,
        due=due,
        is_confidential=bool(item and item.is_confidential),
    )
    save_with_history(action, by=by)
    _grant_action(action)
    if notify:
        transaction.on_commit(lambda: notifications.action_assigned(action))
    return action


@transaction.atomic
def action_log_progress(*, action, author, status, note, by, dropped_reason=""):
    """An update from the owning agency (or the coordinator or chair): a note and the action's status."""
    locked = ActionPoint.objects.select_for_update().get(pk=action.pk)
    save_with_history(ActionUpdate(action=locked, author=author, status=status, note=note), by=by)
    fields = {"status": status}
    if status == ActionPoint.Status.DROPPED:
        fields["dropped_reason"] = dropped_reason
    closing = status in (ActionPoint.Status.DONE, ActionPoint.Status.DROPPED)
    fields["closed_on"] = (locked.closed_on or timezone.localdate()) if closing else None
    if status != ActionPoint.Status.DROPPED:
        fields["dropped_reason"] = ""
    apply_changes(locked, by=by, version=None, fields=fields)
    return locked


@transaction.atomic
def action_update(*, action, by, version, **fields):
    """The coordinator's edit of an action: wording, owner, due date. A new owner moves the permissions."""
    locked = ActionPoint.objects.select_for_update().select_related("agency").get(pk=action.pk)
    old_agency = locked.agency
    linked = fields.get("workplan_item")
    if linked is not None and linked.partnership_id != locked.partnership_id:
        raise ValidationError({"workplan_item": WORKPLAN_ITEM_ELSEWHERE})
    if "owner" in fields:
        if fields["owner"].agency_id is None:
            raise ValidationError({"owner": OWNER_NEEDS_AGENCY})
        fields["agency"] = fields["owner"].agency
    changed = apply_changes(locked, by=by, version=version, fields=fields)
    if "agency" in changed:
        _revoke_action(locked, old_agency)
        _grant_action(locked)
    if "owner" in changed:
        transaction.on_commit(lambda: notifications.action_assigned(locked))
    return locked


def officer_handover_of_actions(*, outgoing, successor, partnership, by):
    """Foundation handover step: the outgoing officer's open actions go to the successor."""
    lines = []
    for action in ActionPoint.objects.filter(
        partnership=partnership, owner=outgoing, status__in=ActionPoint.OPEN_STATUSES
    ):
        try:
            action_update(action=action, by=by, version=None, owner=successor)
        except ValidationError as error:
            raise ValidationError({"successor": error.messages}) from error
        lines.append(f"Action: {action.description[:60]}")
    return lines


# Personal calendar feeds ----------------------------------------------------------------------------


def _feed_token():
    return secrets.token_urlsafe(32)


@transaction.atomic
def calendar_feed_create(*, person, by):
    """Give the person a secret feed address; one they already have is kept."""
    existing = CalendarFeed.objects.select_for_update().filter(person=person).first()
    if existing is not None:
        return existing
    return save_with_history(CalendarFeed(person=person, token=_feed_token()), by=by)


@transaction.atomic
def calendar_feed_reset(*, person, by):
    """A new secret address; the old one stops working at once (for a lost phone or a shared link)."""
    feed = CalendarFeed.objects.select_for_update().filter(person=person).first()
    if feed is None:
        return calendar_feed_create(person=person, by=by)
    apply_changes(
        feed,
        by=by,
        version=None,
        fields={"token": _feed_token(), "created_at": timezone.now()},
        reason="Calendar address reset: the old address no longer works",
    )
    return feed


# Reminders ------------------------------------------------------------------------------------------

DUE_SOON_DAYS = 7


def reminders_send(*, today=None, by=None):
    """Send each due-soon and overdue reminder once per action, threshold and due date.

    Safe to run from cron any number of times a day: the unique ReminderSent row is claimed in the same
    transaction as the email is queued, so a second run finds it and sends nothing.
    """

    today = today or timezone.localdate()
    sent = {"due_soon": 0, "overdue": 0}
    candidates = ActionPoint.objects.filter(
        status__in=ActionPoint.OPEN_STATUSES, due__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
    ).select_related("owner", "partnership", "agency")
    for action in candidates:
        threshold = ReminderSent.Threshold.OVERDUE if action.due < today else ReminderSent.Threshold.DUE_SOON
        with transaction.atomic():
            already = ReminderSent.objects.select_for_update().filter(
                action=action, threshold=threshold, due=action.due
            )
            if not already.exists():
                save_with_history(ReminderSent(action=action, threshold=threshold, due=action.due), by=by)
                notifications.action_reminder(action, threshold)
                sent[threshold] += 1
    return sent
