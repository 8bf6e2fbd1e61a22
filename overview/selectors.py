"""Reads that gather from every app: the partnership's audit log and its set-up checklist."""

import datetime

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone

from meetings.models import Meeting, QuorumRule
from members.models import GroupMember, PartnershipRole
from members.selectors import current_memberships, current_partnership_roles, memberships_without_lead
from members.selectors_setup import missing_responsible_authorities
from partnership.models import AuditEntry, PartnershipGroup
from partnership.selectors import groups_of
from workplan.models import Workplan


def _audit_branches(partnership):
    """The three parts of a partnership's audit log, each a filter on an indexed column."""
    member_agencies = partnership.memberships.values("agency_id")
    # People with no agency (e.g. an independent board member) belong to the partnerships they serve.
    role_holders = PartnershipRole.objects.filter(partnership=partnership, person__agency__isnull=True).values(
        person_key=Cast("person_id", CharField())
    )
    return [
        Q(partnership=partnership),
        Q(partnership__isnull=True, agency_id__in=member_agencies),
        Q(partnership__isnull=True, agency__isnull=True, kind="members.person", object_id__in=role_holders),
    ]


def audit_entries_for(partnership):
    """History of the partnership's own records and of the agencies that are or were its members."""
    first, *others = _audit_branches(partnership)
    for branch in others:
        first |= branch
    return AuditEntry.objects.filter(first).select_related("user__person", "agency").order_by("-history_date", "-pk")


def recent_audit_entries(partnership, count=8):
    """The newest `count` entries of the partnership's audit log (the dashboard's). One query per part, each
    read newest first along its index and cut at `count`, then merged: the time does not grow with the log,
    where one query joining the parts with OR must gather and sort every entry of the partnership first."""
    found = []
    for branch in _audit_branches(partnership):
        found += (
            AuditEntry.objects.filter(branch)
            .select_related("user__person", "agency")
            .order_by("-history_date", "-pk")[:count]
        )
    return sorted(found, key=lambda entry: (entry.history_date, entry.pk), reverse=True)[:count]


# The set-up checklist ------------------------------------------------------------------------------


def setup_checklist(partnership):
    """The steps of starting a partnership, each ticked from the records: (label, done, detail, url name).

    A handful of small queries, however large the partnership (counts and exists only).
    """
    missing = missing_responsible_authorities(partnership)
    without_lead = memberships_without_lead(partnership).count()
    has_members = current_memberships(partnership).exists()
    has_chair = current_partnership_roles(partnership).filter(role=PartnershipRole.Role.CHAIR).exists()
    board = groups_of(partnership).filter(kind=PartnershipGroup.Kind.BOARD).order_by("pk").first()
    board_seats = GroupMember.objects.current().filter(group=board).count() if board else 0
    board_quorum = board is not None and QuorumRule.objects.filter(group=board).exists()
    meetings_ahead = Meeting.objects.filter(
        partnership=partnership,
        status=Meeting.Status.SCHEDULED,
        starts_at__gte=timezone.now(),
        starts_at__lt=timezone.now() + datetime.timedelta(days=366),
    ).count()
    has_workplan = Workplan.objects.filter(partnership=partnership).exists()
    steps = [
        (
            "Every responsible authority is a member",
            not missing,
            "Missing: " + "; ".join(missing) + "." if missing else "",
            "members:register",
            None,
        ),
        (
            "A lead officer for each member agency",
            has_members and without_lead == 0,
            f"{without_lead} member agenc{'y has' if without_lead == 1 else 'ies have'} no lead officer."
            if without_lead
            else ("" if has_members else "No member agencies yet."),
            "members:roles",
            None,
        ),
        ("A chair", has_chair, "" if has_chair else "No one holds the chair.", "members:roles", None),
        (
            "A board with members and a quorum rule",
            board is not None and board_seats > 0 and board_quorum,
            _board_detail(board, board_seats, board_quorum),
            "partnership:group" if board else "partnership:group_create",
            board.pk if board else None,
        ),
        (
            "The first year of meetings planned",
            meetings_ahead > 0,
            "" if meetings_ahead else "No meeting is planned for the year ahead.",
            "meetings:meeting_plan",
            None,
        ),
        ("A workplan", has_workplan, "" if has_workplan else "No workplan yet.", "workplan:workplan_create", None),
    ]
    return [
        {"label": label, "done": done, "detail": detail, "url_name": url_name, "pk": pk}
        for label, done, detail, url_name, pk in steps
    ]


def _board_detail(board, seats, quorum):
    if board is None:
        return "No strategic board yet."
    gaps = [] if seats else ["no members"]
    if not quorum:
        gaps.append("no quorum rule")
    return f"{board.name} has " + " and ".join(gaps) + "." if gaps else ""
