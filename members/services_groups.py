"""Writes for group membership: who sits on each board, group and sub-group, for which agency, in which seat.

A seat is ended (with the date), never deleted. An officer's handover moves their current seats.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.writes import apply_changes, save_with_history
from members.models import GroupMember

SEAT_ENDED = "This seat has already ended."
NOT_THIS_PARTNERSHIP = "Choose a person of this partnership."


@transaction.atomic
def group_member_add(*, group, person, by, seat=GroupMember.Seat.MEMBER, agency=None, substitute_for=None, joined=None):
    """Give `person` a seat on `group`, representing `agency` (by default the agency they work for)."""
    member = GroupMember(
        group=group,
        person=person,
        agency=agency if agency is not None else person.agency,
        seat=seat,
        substitute_for=substitute_for,
        joined=joined or timezone.localdate(),
    )
    return save_with_history(member, by=by)


@transaction.atomic
def group_member_update(*, member, by, **fields):
    """Change a current seat (its kind, the member a substitute stands in for); saves only what changed."""
    locked = GroupMember.objects.select_for_update().get(pk=member.pk)
    if locked.left is not None:
        raise ValidationError(SEAT_ENDED)
    apply_changes(locked, by=by, version=None, fields=fields)
    return locked


@transaction.atomic
def group_member_end(*, member, by, left=None, reason=None):
    """End a seat on the date given (today by default); the record stays. Its named substitutes end too."""
    locked = GroupMember.objects.select_for_update().get(pk=member.pk)
    if locked.left is not None:
        raise ValidationError(SEAT_ENDED)
    left = left or timezone.localdate()
    for substitute in GroupMember.objects.select_for_update().current().filter(substitute_for=locked):
        substitute.left = max(left, substitute.joined)
        save_with_history(substitute, by=by, reason=reason or f"The seat of {locked.person} ended")
    locked.left = left
    return save_with_history(locked, by=by, reason=reason)


def officer_handover_of_seats(*, outgoing, successor, partnership, by):
    """Handover step: the outgoing officer's current seats in the partnership's groups pass to the successor
    (substitutes named for the outgoing member now stand in for the successor)."""
    lines = []
    today = timezone.localdate()
    reason = f"Handover from {outgoing} to {successor}"
    seats = (
        GroupMember.objects.current().filter(group__partnership=partnership, person=outgoing).select_related("group")
    )
    for seat in seats:
        if GroupMember.objects.current().filter(group=seat.group, person=successor).exists():
            group_member_end(member=seat, by=by, left=today, reason=reason)
            lines.append(f"Seat on {seat.group.name} ended ({successor} already has one)")
            continue
        new = group_member_add(
            group=seat.group,
            person=successor,
            by=by,
            seat=seat.seat,
            agency=successor.agency if seat.agency_id else None,
            substitute_for=seat.substitute_for,
            joined=today,
        )
        for substitute in GroupMember.objects.current().filter(substitute_for=seat):
            apply_changes(substitute, by=by, version=None, fields={"substitute_for": new}, reason=reason)
        seat.left = today
        save_with_history(seat, by=by, reason=reason)
        lines.append(f"{seat.get_seat_display()} of {seat.group.name}")
    return lines
