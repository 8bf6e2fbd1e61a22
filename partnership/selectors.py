"""Permission-aware reads for partnerships and their structure."""

from django.http import Http404

from core.access import access_for, require
from partnership.models import EmailBatch, Partnership, PartnershipGroup


def partnership_get_for_user(user, slug, *, internal=True):
    """The partnership named by `slug`; 404 for an internal page the user may not see."""
    partnership = Partnership.objects.filter(slug=slug).select_related("parent").first()
    if partnership is None:
        raise Http404("No such partnership")
    if internal and not access_for(user, partnership).can_view_internal:
        raise Http404("No such partnership")
    return partnership


def partnerships_visible_to(user):
    """The partnerships whose internal pages the user may see: those they are a member of (all, for a superuser)."""
    if not user.is_authenticated:
        return Partnership.objects.none()
    if user.is_superuser:
        return Partnership.objects.all()
    return Partnership.objects.filter(members_group__user=user).order_by("name")


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


def partnerships_listed():
    """Every partnership on this deployment, by name (the home page for visitors who belong to none)."""
    return Partnership.objects.select_related("parent").order_by("name")


def partnership_for_edit(partnership):
    """A fresh copy of the partnership for its edit form (the request's copy stays as it was)."""
    return Partnership.objects.get(pk=partnership.pk)


def may_start_partnerships(user):
    """Site administrators (and superusers) start partnerships: guardian-free, a global model permission."""
    return user.is_authenticated and user.is_active and user.has_perm("partnership.add_partnership")


def county_groups():
    """County strategy groups, which district partnerships report to."""
    return Partnership.objects.filter(kind=Partnership.Kind.COUNTY).order_by("name")


def email_batches_needing_attention(partnership):
    """The partnership's emails that could not be sent, newest first (the coordinator's dashboard)."""
    return EmailBatch.objects.filter(partnership=partnership, state=EmailBatch.State.FAILED).order_by("-created_at")


def email_batch_get_for_user(user, partnership, pk):
    """One of the partnership's emails, for its coordinators only (404 for anyone else: a batch names meetings
    a member may not be cleared to see)."""
    batch = EmailBatch.objects.filter(partnership=partnership, pk=pk).first()
    if batch is None or not access_for(user, partnership).is_coordinator:
        raise Http404("No such email")
    return batch
