"""Permission-aware reads for partnerships, their structure and their audit log."""

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import Http404

from members.models import PartnershipRole
from partnership.access import access_for
from partnership.models import AuditEntry, Partnership, PartnershipGroup


def partnership_get_for_user(user, slug, *, internal=True):
    """The partnership named by `slug`; 404 for an internal page the user may not see."""
    partnership = Partnership.objects.filter(slug=slug).select_related("parent").first()
    if partnership is None:
        raise Http404("No such partnership")
    if internal and not access_for(user, partnership).can_view_internal:
        raise Http404("No such partnership")
    return partnership


def partnerships_for_user(user):
    if not user.is_authenticated:
        return Partnership.objects.none()
    if user.is_superuser:
        return Partnership.objects.all()
    return Partnership.objects.filter(members_group__user=user).order_by("name")


def require(condition):
    """403 for someone who may see the object but not do this to it."""
    if not condition:
        raise PermissionDenied


def group_get_for_user(user, partnership, pk, *, change=False):
    group = (
        PartnershipGroup.objects.filter(partnership=partnership, pk=pk).select_related("lead__agency", "parent").first()
    )
    if group is None:
        raise Http404("No such group")
    if change:
        require(access_for(user, partnership).is_coordinator)
    return group


def groups_of(partnership, *, include_closed=False):
    groups = PartnershipGroup.objects.filter(partnership=partnership).select_related("lead__agency", "parent")
    if not include_closed:
        groups = groups.filter(is_archived=False)
    return groups


def structure_tree(partnership, *, include_closed=False):
    """Groups as (group, depth) pairs, each parent followed by its sub-groups, in one query."""
    groups = list(groups_of(partnership, include_closed=include_closed).order_by("name"))
    children = {}
    for group in groups:
        children.setdefault(group.parent_id, []).append(group)
    known = {group.pk for group in groups}
    roots = [g for g in groups if g.parent_id is None or g.parent_id not in known]
    roots.sort(key=lambda g: (g.kind != PartnershipGroup.Kind.BOARD, g.name))
    ordered = []

    def walk(group, depth):
        ordered.append((group, depth))
        for child in children.get(group.pk, []):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return ordered


def audit_entries_for(partnership):
    """History of the partnership's own records and of the agencies that are or were its members."""
    member_agencies = partnership.memberships.values("agency_id")
    # People with no agency (e.g. an independent board member) belong to the partnerships they serve.
    role_holders = PartnershipRole.objects.filter(partnership=partnership, person__agency__isnull=True).values(
        person_key=Cast("person_id", CharField())
    )
    return (
        AuditEntry.objects.filter(
            Q(partnership=partnership)
            | Q(partnership__isnull=True, agency_id__in=member_agencies)
            | Q(partnership__isnull=True, agency__isnull=True, kind="members.person", object_id__in=role_holders)
        )
        .select_related("user__person", "agency")
        .order_by("-history_date", "-pk")
    )
