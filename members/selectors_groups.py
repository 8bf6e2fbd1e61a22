"""Permission-aware reads of group membership (who sits on each board, group and sub-group)."""

from django.http import Http404

from core.access import require
from members.access import access_for
from members.models import GroupMember


def seats_of_group(group, *, include_ended=False):
    """The group's seats, chair first, with person and agency (and whom a substitute stands in for)."""
    seats = GroupMember.objects.filter(group=group).select_related("person__agency", "agency", "substitute_for__person")
    if not include_ended:
        seats = seats.current()
    return seats.order_by("left", "seat", "person__last_name", "person__first_name")


def seats_of_person(partnership, person):
    """The person's seats on the partnership's groups, current first."""
    return (
        GroupMember.objects.filter(group__partnership=partnership, person=person)
        .select_related("group", "agency", "substitute_for__person")
        .order_by("left", "group__name")
    )


def seat_get_for_user(user, partnership, pk, *, change=False):
    """A seat on one of the partnership's groups; 404 otherwise, 403 to change it unless coordinator."""
    seat = (
        GroupMember.objects.filter(pk=pk, group__partnership=partnership)
        .select_related("group", "person__agency", "agency")
        .first()
    )
    access = access_for(user, partnership)
    if seat is None or not access.can_view_internal:
        raise Http404("No such seat")
    if change:
        require(access.is_coordinator)
    return seat


def voting_seats_of(group):
    """Current chair, vice-chair and member seats: those a named substitute may stand in for."""
    return seats_of_group(group).filter(seat__in=GroupMember.VOTING)
