"""Permission-aware reads for meetings. Confidentiality is decided here and only here: every page,
PDF, feed, export and email asks these functions what a person may see.

Who sees a confidential agenda item (and its papers, minutes, decisions and actions): the partnership's
coordinators and chairs, and the agencies and people it is shared with (guardian's `view_agendaitem`,
read from its direct foreign-key tables in one subquery). An action's owner and the officers of the
owning agency also see that action. The public sees only public items of open meetings whose agenda
is published, and minutes once published.
"""

import datetime

from django.db.models import Case, Count, OuterRef, Prefetch, Q, Subquery, Value, When
from django.http import Http404
from django.utils import timezone

from core.access import require
from core.permissions import object_ids_with_perm
from meetings.models import (
    ActionPoint,
    ActionPointGroupObjectPermission,
    ActionPointUserObjectPermission,
    ActionUpdate,
    AgendaItem,
    AgendaItemGroupObjectPermission,
    AgendaItemUserObjectPermission,
    Attendance,
    ConfidentialShare,
    Decision,
    Meeting,
    Minutes,
    Paper,
)
from members.access import access_for
from members.models import Agency, GroupMember, Membership, Person, StatutoryRole
from members.selectors import current_memberships

RECENTLY_CLOSED_DAYS = 60
LATE_CIRCULATION_WORKING_DAYS = 10


# Clearance ------------------------------------------------------------------------------------------


def sees_everything(access):
    return access.is_coordinator or access.is_chair


def shared_item_ids(user):
    """Subquery: ids of confidential items shared with the user or one of their groups."""
    return object_ids_with_perm(
        user, AgendaItemGroupObjectPermission, AgendaItemUserObjectPermission, "view_agendaitem"
    )


def item_clearance(access, prefix=""):
    """A Q limiting AgendaItems (at `prefix`) to those the user may see."""
    if sees_everything(access):
        return Q()
    public = Q(**{f"{prefix}is_confidential": False})
    if not access.user.is_authenticated:
        return public
    return public | Q(**{f"{prefix}pk__in": shared_item_ids(access.user)})


def record_clearance(access):
    """A Q for Decisions and ActionPoints: public ones, or ones under an item the user may see."""
    if sees_everything(access):
        return Q()
    public = Q(is_confidential=False)
    if not access.user.is_authenticated:
        return public
    return public | Q(item__isnull=False, item_id__in=shared_item_ids(access.user))


def action_clearance(access):
    if sees_everything(access) or not access.user.is_authenticated:
        return record_clearance(access)
    # A subquery, not a join through the officers group's users, which would list an action once per officer.
    my_agencies = Agency.objects.filter(officers_group__user=access.user).values("pk")
    mine = Q(owner__user=access.user) | Q(agency_id__in=my_agencies)
    return record_clearance(access) | mine


def _public_meetings(partnership):
    return Meeting.objects.filter(partnership=partnership, is_public=True).exclude(status=Meeting.Status.POSTPONED)


# Meetings -------------------------------------------------------------------------------------------


def meetings_visible_to(user, partnership):
    access = access_for(user, partnership)
    meetings = Meeting.objects.filter(partnership=partnership)
    if not access.can_view_internal:
        meetings = _public_meetings(partnership)
    return meetings.select_related("group", "minutes")


def meeting_get_for_user(user, partnership, pk, *, change=False, approve_minutes=False):
    """Members see every meeting; the public sees open meetings; coordinators change them (`change`: also
    circulate and publish the minutes); the chair approves the minutes (`approve_minutes`)."""
    access = access_for(user, partnership)
    base = Meeting.objects if access.can_view_internal else _public_meetings(partnership)
    meeting = (
        base.filter(partnership=partnership, pk=pk)
        .select_related("group__quorum", "minutes__approved_at_meeting", "minutes__approved_by", "postponed_to")
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting")
    if change:
        require(access.is_coordinator)
    if approve_minutes:
        require(access.is_chair)
    return meeting


def meeting_items_visible_to(user, meeting):
    """The agenda items of a meeting this user may see, in order, with presenters and live papers."""
    access = access_for(user, meeting.partnership)
    items = meeting.items.all()
    if not access.can_view_internal:
        if not meeting.agenda_is_published or not meeting.is_public:
            return AgendaItem.objects.none()
        items = items.filter(is_confidential=False)
    else:
        items = items.filter(item_clearance(access))
    return (
        items.select_related("presenter__agency")
        .prefetch_related(Prefetch("papers", queryset=Paper.objects.filter(is_withdrawn=False), to_attr="live_papers"))
        .order_by("order", "pk")
    )


def agenda_visible(user, meeting):
    """Members see the agenda from the first draft; the public once it is published, for an open meeting."""
    access = access_for(user, meeting.partnership)
    return access.can_view_internal or (meeting.is_public and meeting.agenda_is_published)


def public_items_by_meeting(meetings):
    """The public version of each meeting's agenda (what meeting_items_visible_to gives the public), for many
    meetings in one query: {meeting id: [items]}. For outputs that travel beyond the partnership, such as calendars."""
    by_meeting = {meeting.pk: [] for meeting in meetings}
    published = [meeting.pk for meeting in meetings if meeting.is_public and meeting.agenda_is_published]
    if published:
        for item in AgendaItem.objects.filter(meeting_id__in=published, is_confidential=False).order_by("order", "pk"):
            by_meeting[item.meeting_id].append(item)
    return by_meeting


def hidden_item_count(user, meeting):
    """How many confidential items the user may not see (members are told there are some)."""
    access = access_for(user, meeting.partnership)
    if not access.can_view_internal or sees_everything(access):
        return 0
    return meeting.items.exclude(item_clearance(access)).count()


def item_get_for_user(user, partnership, pk, *, change=False, share=False, add_action=False):
    """`change`: the coordinator edits the item, its papers, minutes and decisions; `share`: the coordinator
    and the chair share a confidential item; `add_action`: the coordinator and the chair set an action under it."""
    access = access_for(user, partnership)
    if not access.can_view_internal:
        raise Http404("No such item")
    item = (
        AgendaItem.objects.filter(item_clearance(access), meeting__partnership=partnership, pk=pk)
        .select_related("meeting__group", "meeting__minutes", "presenter")
        .first()
    )
    if item is None:
        raise Http404("No such item")
    if change:
        require(access.is_coordinator)
    if share or add_action:
        require(sees_everything(access))
    return item


def items_visible_to(user, partnership):
    """Agenda items of any meeting of the partnership that a member may see (for choosing one)."""
    access = access_for(user, partnership)
    if not access.can_view_internal:
        return AgendaItem.objects.none()
    return AgendaItem.objects.filter(item_clearance(access), meeting__partnership=partnership).select_related(
        "meeting__group"
    )


def paper_get_for_user(user, partnership, pk, *, withdraw=False):
    """A paper, for download: only with its item (and, for the public, only a published public item).
    `withdraw`: the coordinator withdraws it."""
    paper = Paper.objects.filter(pk=pk, item__meeting__partnership=partnership, is_withdrawn=False).first()
    if paper is None:
        raise Http404("No such paper")
    if not meeting_items_visible_to(user, paper.item.meeting).filter(pk=paper.item_id).exists():
        raise Http404("No such paper")
    if withdraw:
        require(access_for(user, partnership).is_coordinator)
    return paper


def papers_visible_to(user, partnership, item):
    """The papers of an item the user may see (fetched through item_get_for_user), oldest first: the
    coordinator sees withdrawn ones too."""
    papers = item.papers.order_by("uploaded_at")
    if not access_for(user, partnership).is_coordinator:
        papers = papers.filter(is_withdrawn=False)
    return papers


def shares_of(item):
    return item.shares.select_related("agency", "person__agency").order_by("-granted_at")


def share_get_for_user(user, partnership, pk, *, revoke=False):
    """A need-to-know share, found for those who see its item (404 to others, as item_get_for_user gives);
    `revoke`: the coordinator and the chair, who share items, revoke shares (403 to the rest, as sharing)."""
    access = access_for(user, partnership)
    if not access.can_view_internal:
        raise Http404("No such share")
    share = ConfidentialShare.objects.filter(
        item_clearance(access, prefix="item__"), pk=pk, item__meeting__partnership=partnership
    ).first()
    if share is None:
        raise Http404("No such share")
    if revoke:
        require(sees_everything(access))
    return share


def upcoming_and_past(meetings, *, now=None):
    now = now or timezone.now()
    return meetings.filter(starts_at__gte=now).order_by("starts_at"), meetings.filter(starts_at__lt=now).order_by(
        "-starts_at"
    )


# Attendance and quorum ------------------------------------------------------------------------------


def seats_at(meeting):
    """The seats on the meeting's group held on the day of the meeting (every kind of seat)."""
    return GroupMember.objects.filter(group_id=meeting.group_id).on(timezone.localdate(meeting.starts_at))


def expected_attendees(meeting):
    """People on the attendance form: the group's members on the day (chair, vice-chair, members, named
    substitutes, advisers and observers), its lead, and anyone already recorded."""
    query = Q(pk__in=seats_at(meeting).values("person_id")) | Q(pk__in=meeting.attendance.values("person_id"))
    if meeting.group.lead_id:
        query |= Q(pk=meeting.group.lead_id)
    return Person.objects.filter(query).select_related("agency").order_by("agency__name", "last_name")


def named_substitutes(meeting):
    """{substitute's person id: the member's person id they stand in for} for the group on the day."""
    return dict(
        seats_at(meeting)
        .filter(seat=GroupMember.Seat.SUBSTITUTE, substitute_for__isnull=False)
        .values_list("person_id", "substitute_for__person_id")
    )


def quorum_status(meeting):
    """(met, reasons) for the group's quorum rule, or (None, []) when the group has no rule.

    Counted: members of the group who are present in a chair, vice-chair or member seat, and substitutes
    standing in for one of those members. Advisers, observers and guests do not count.
    """
    rule = getattr(meeting.group, "quorum", None)
    if rule is None:
        return None, []
    present = meeting.attendance.filter(status__in=[Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE])
    voting = seats_at(meeting).filter(seat__in=GroupMember.VOTING).values("person_id")
    counted = present.filter(
        Q(status=Attendance.Status.PRESENT, person_id__in=voting)
        | Q(status=Attendance.Status.SUBSTITUTE, substitute_for_id__in=voting)
    )
    reasons = []
    count = counted.values("person_id").distinct().count()
    if count < rule.minimum_present:
        reasons.append(f"{count} members present; the quorum is {rule.minimum_present}.")
    if rule.every_responsible_authority:
        missing = (
            Membership.objects.filter(
                partnership=meeting.partnership,
                statutory_role=StatutoryRole.RESPONSIBLE_AUTHORITY,
                joined__lte=timezone.localdate(meeting.starts_at),
            )
            .filter(Q(left__isnull=True) | Q(left__gte=timezone.localdate(meeting.starts_at)))
            # Those present for no agency are left out: a NULL in NOT IN would hide every missing agency.
            .exclude(agency_id__in=present.filter(agency__isnull=False).values("agency_id"))
            .select_related("agency")
            .order_by("agency__name")
        )
        names = [m.agency.name for m in missing]
        if names:
            reasons.append("Not represented: " + ", ".join(names) + ".")
    return not reasons, reasons


def agency_attendance(partnership, *, since=None, until=None):
    """Per current member agency: the held meetings of the groups it had a seat on that day, and how many
    of those it attended (someone present for it, or a substitute). Two queries for the meetings and
    seats, one for the attendance, then arithmetic: the page costs the same however many meetings."""
    held = Meeting.objects.filter(partnership=partnership, status=Meeting.Status.HELD)
    if since:
        held = held.filter(starts_at__date__gte=since)
    if until:
        held = held.filter(starts_at__date__lte=until)
    meetings = [
        (pk, group_id, timezone.localdate(starts))
        for pk, group_id, starts in held.values_list("pk", "group_id", "starts_at")
    ]
    seats = {}
    for group_id, agency_id, joined, left in GroupMember.objects.filter(
        group__partnership=partnership, agency__isnull=False
    ).values_list("group_id", "agency_id", "joined", "left"):
        seats.setdefault(agency_id, []).append((group_id, joined, left))
    attended = set(
        Attendance.objects.filter(
            meeting__in=held, status__in=[Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE]
        ).values_list("agency_id", "meeting_id")
    )
    rows = []
    for membership in current_memberships(partnership).order_by("agency__name"):
        held_for = {
            pk
            for pk, group_id, day in meetings
            for seat_group, joined, left in seats.get(membership.agency_id, [])
            if seat_group == group_id and joined <= day and (left is None or left >= day)
        }
        count = sum(1 for pk in held_for if (membership.agency_id, pk) in attended)
        rows.append(
            {
                "agency": membership.agency,
                "statutory_role": membership.get_statutory_role_display(),
                "attended": count,
                "held": len(held_for),
                "rate": round(100 * count / len(held_for)) if held_for else None,
            }
        )
    return rows


# Minutes --------------------------------------------------------------------------------------------


def working_days_between(start, end):
    days, current = 0, start
    while current < end:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days


def circulated_late(minutes, limit=LATE_CIRCULATION_WORKING_DAYS):
    """True when the minutes went out (or are still not out) more than `limit` working days after the meeting."""
    held_on = timezone.localdate(minutes.meeting.starts_at)
    sent_on = timezone.localdate(minutes.circulated_at) if minutes.circulated_at else timezone.localdate()
    if minutes.circulated_at is None and minutes.meeting.starts_at > timezone.now():
        return False
    return working_days_between(held_on, sent_on) > limit


def minutes_visible(user, meeting):
    """Members see minutes from the draft on; the public only once published (and public items only)."""
    access = access_for(user, meeting.partnership)
    minutes = meeting.minutes
    if access.can_view_internal:
        return minutes
    if minutes.state == Minutes.State.PUBLISHED and meeting.is_public:
        return minutes
    return None


def approval_meetings(meeting):
    """Later meetings of the same group, already started, at which these minutes may be approved."""
    return Meeting.objects.filter(
        group=meeting.group,
        starts_at__gt=meeting.starts_at,
        starts_at__lte=timezone.now() + datetime.timedelta(hours=12),
    ).exclude(status__in=[Meeting.Status.CANCELLED, Meeting.Status.POSTPONED])


# Decisions ------------------------------------------------------------------------------------------


def decisions_visible_to(user, partnership):
    """Members: those they are cleared for. The public: public decisions in the published minutes of
    open meetings, so that what the partnership decided can be held to account."""
    access = access_for(user, partnership)
    if access.can_view_internal:
        decisions = Decision.objects.filter(record_clearance(access), partnership=partnership)
    else:
        decisions = Decision.objects.filter(
            partnership=partnership,
            is_confidential=False,
            meeting__is_public=True,
            meeting__minutes__state=Minutes.State.PUBLISHED,
        ).filter(Q(item__isnull=True) | Q(item__is_confidential=False))
    return decisions.select_related("meeting__group", "item").prefetch_related("agreements__person")


def decision_get_for_user(user, partnership, pk):
    decision = decisions_visible_to(user, partnership).filter(pk=pk).first()
    if decision is None:
        raise Http404("No such decision")
    return decision


# Actions --------------------------------------------------------------------------------------------


def actions_visible_to(user, partnership):
    access = access_for(user, partnership)
    if not access.can_view_internal:
        return ActionPoint.objects.none()
    return ActionPoint.objects.filter(action_clearance(access), partnership=partnership).select_related(
        "owner", "agency", "meeting__group"
    )


def open_actions_of(user, partnership, person):
    """Open action points owned by `person` that `user` may see, soonest due first (none without a person)."""
    if person is None:
        return ActionPoint.objects.none()
    return (
        actions_visible_to(user, partnership).filter(owner=person, status__in=ActionPoint.OPEN_STATUSES).order_by("due")
    )


def can_update_action(user, access, action):
    """Officers of the owning agency (guardian's change_actionpoint on the action), the coordinator, the chair."""
    return sees_everything(access) or user.has_perm("meetings.change_actionpoint", action)


def with_item_visible(actions, user, partnership):
    """Annotate each action with `item_visible`: whether the viewer may see the agenda item it was set under.
    The owning agency sees its action under a confidential item not shared with it, but not the item."""
    access = access_for(user, partnership)
    if sees_everything(access):
        return actions.annotate(item_visible=Value(True))
    return actions.annotate(
        item_visible=Case(When(item_clearance(access, prefix="item__"), then=Value(True)), default=Value(False))
    )


def action_item_visible(user, partnership, action):
    """Whether the viewer may see the agenda item of this action (False when it has none)."""
    if action.item_id is None:
        return False
    if not action.is_confidential or sees_everything(access_for(user, partnership)):
        return True
    return items_visible_to(user, partnership).filter(pk=action.item_id).exists()


def action_get_for_user(user, partnership, pk, *, update=False, change=False):
    """`update`: log progress (owning agency's officers, coordinator, chair); `change`: edit (coordinator)."""
    action = actions_visible_to(user, partnership).filter(pk=pk).first()
    if action is None:
        raise Http404("No such action")
    access = access_for(user, partnership)
    if update:
        require(can_update_action(user, access, action))
    if change:
        require(access.is_coordinator)
    return action


def with_last_update(actions):
    """Annotate each action with its latest progress update's time and note (`last_update_at`,
    `last_update_note`), for the CSV export."""
    latest = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-made_at", "-pk")
    return actions.annotate(
        last_update_at=Subquery(latest.values("made_at")[:1]), last_update_note=Subquery(latest.values("note")[:1])
    )


def updatable_action_ids(user, actions):
    """Of these actions, the ids the user may update: one query on guardian's direct-FK tables."""
    ids = [a.pk for a in actions]
    if not ids or not user.is_authenticated:
        return set()
    return set(
        object_ids_with_perm(
            user, ActionPointGroupObjectPermission, ActionPointUserObjectPermission, "change_actionpoint", ids
        )
    )


def matters_arising(meeting, user):
    """Actions from earlier meetings of the same group: open ones, and ones closed recently."""
    since = timezone.localdate(meeting.starts_at) - datetime.timedelta(days=RECENTLY_CLOSED_DAYS)
    earlier = Meeting.objects.filter(group=meeting.group, starts_at__lt=meeting.starts_at)
    return (
        actions_visible_to(user, meeting.partnership)
        .filter(meeting__in=earlier)
        .filter(Q(status__in=ActionPoint.OPEN_STATUSES) | Q(closed_on__gte=since))
        .annotate(update_count=Count("updates"))
        .order_by("due", "pk")
    )


def hidden_ids(user, partnership, model, ids):
    """Of these ids of `model`, those the user may not read (agenda items they are not cleared for).

    Used by history pages, whose foreign-key labels would otherwise name a confidential item."""
    if model is not AgendaItem:
        return set()
    access = access_for(user, partnership)
    visible = set(AgendaItem.objects.filter(item_clearance(access), pk__in=ids).values_list("pk", flat=True))
    return set(ids) - visible
