"""Permission-aware reads for the workplan. Members of the partnership read the whole plan; the lead
agency's officers log progress (guardian's change_workplanitem), supporting agencies' officers comment
(comment_workplanitem), the owning agency's officers enter indicator values (change_indicator); the
coordinator does all of it. Lists are scoped by indexed foreign keys; per-row rights come from one
query on guardian's direct-FK tables."""

import datetime

from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from core.access import require
from core.permissions import object_ids_with_perm
from members.access import access_for
from workplan.models import (
    STALE_AFTER_WEEKS,
    Indicator,
    IndicatorGroupObjectPermission,
    IndicatorUserObjectPermission,
    IndicatorValue,
    Milestone,
    Objective,
    Priority,
    ProgressUpdate,
    ResourceCommitment,
    SupportingAgency,
    Workplan,
    WorkplanItem,
    WorkplanItemGroupObjectPermission,
    WorkplanItemUserObjectPermission,
)


def _internal(user, partnership):
    access = access_for(user, partnership)
    if not access.can_view_internal:
        raise Http404("No such plan")
    return access


def workplans_visible_to(user, partnership):
    _internal(user, partnership)
    return Workplan.objects.filter(partnership=partnership).select_related("parent")


def current_workplan(partnership, *, today=None):
    """The annual plan running today, else the latest plan."""
    today = today or timezone.localdate()
    plans = Workplan.objects.filter(partnership=partnership)
    return (
        plans.filter(kind=Workplan.Kind.ANNUAL, starts__lte=today, ends__gte=today).order_by("-starts").first()
        or plans.order_by("-starts").first()
    )


def workplan_get_for_user(user, partnership, pk, *, change=False):
    access = _internal(user, partnership)
    plan = Workplan.objects.filter(partnership=partnership, pk=pk).select_related("parent").first()
    if plan is None:
        raise Http404("No such plan")
    if change:
        require(access.is_coordinator)
    return plan


def items_of(partnership):
    return WorkplanItem.objects.filter(partnership=partnership).select_related(
        "objective__priority", "lead_agency", "responsible_officer", "workplan"
    )


def plan_tree(workplan):
    """Priorities with their objectives and items, in three queries."""
    items = WorkplanItem.objects.filter(workplan=workplan).select_related("lead_agency", "responsible_officer")
    objectives = Objective.objects.prefetch_related(Prefetch("items", queryset=items, to_attr="plan_items"))
    return workplan.priorities.prefetch_related(Prefetch("objectives", queryset=objectives, to_attr="plan_objectives"))


def item_get_for_user(user, partnership, pk, *, change=False, update=False, comment=False):
    """`change`: the coordinator edits; `update`: the lead agency's officers log progress;
    `comment`: supporting agencies' officers comment."""
    access = _internal(user, partnership)
    item = items_of(partnership).filter(pk=pk).first()
    if item is None:
        raise Http404("No such workplan item")
    if change:
        require(access.is_coordinator)
    if update:
        require(access.is_coordinator or user.has_perm("workplan.change_workplanitem", item))
    if comment:
        require(user.has_perm("workplan.comment_workplanitem", item))
    return item


def item_rights(user, access, item):
    return {
        "update": access.is_coordinator or user.has_perm("workplan.change_workplanitem", item),
        "comment": user.has_perm("workplan.comment_workplanitem", item),
        "change": access.is_coordinator,
    }


def updatable_item_ids(user, item_ids):
    """Of these items, the ids whose progress the user may log: one query on guardian's direct-FK tables."""
    if not item_ids or not user.is_authenticated:
        return set()
    return set(
        object_ids_with_perm(
            user, WorkplanItemGroupObjectPermission, WorkplanItemUserObjectPermission, "change_workplanitem", item_ids
        )
    )


def item_detail(item):
    """What an item's page shows beside the item: supporters, resources, milestones, updates, actions."""
    return {
        "supporters": item.supporters.select_related("agency"),
        "resources": item.resources.select_related("agency"),
        "milestones": item.milestones.all(),
        "updates": item.updates.select_related("author__agency"),
    }


def attention(partnership, workplan=None):
    """Open items that are overdue, at risk or off track, or have had no update for STALE_AFTER_WEEKS."""
    today = timezone.localdate()
    stale_before = timezone.now() - datetime.timedelta(weeks=STALE_AFTER_WEEKS)
    items = items_of(partnership).filter(status__in=WorkplanItem.OPEN_STATUSES)
    if workplan is not None:
        items = items.filter(workplan=workplan)
    stale = Q(starts__lte=today) & (
        Q(last_update_at__lt=stale_before)
        # An item never updated goes stale six weeks after local midnight on its start date, as is_stale says.
        | Q(last_update_at__isnull=True, starts__lte=timezone.localdate(stale_before))
    )
    return items.filter(
        Q(due__lt=today) | Q(status__in=[WorkplanItem.Status.AT_RISK, WorkplanItem.Status.OFF_TRACK]) | stale
    ).order_by("due")


def status_counts(items, by):
    """{group label: {status: count}} for `by` in ("priority", "agency"), in one query."""
    field = {"priority": "objective__priority__title", "agency": "lead_agency__name"}[by]
    rows = items.values(field, "status").annotate(n=Count("pk")).order_by(field)
    table = {}
    for row in rows:
        table.setdefault(row[field], {})[row["status"]] = row["n"]
    return table


def indicators_visible_to(user, partnership):
    _internal(user, partnership)
    return Indicator.objects.filter(partnership=partnership).select_related("agency", "priority")


def indicator_get_for_user(user, partnership, pk, *, enter_values=False, change=False):
    access = _internal(user, partnership)
    indicator = Indicator.objects.filter(partnership=partnership, pk=pk).select_related("agency").first()
    if indicator is None:
        raise Http404("No such indicator")
    if enter_values:
        require(can_enter_values(user, access, indicator))
    if change:
        require(access.is_coordinator)
    return indicator


def can_enter_values(user, access, indicator):
    """The coordinator, and the owning agency's officers (guardian's change_indicator on the indicator)."""
    return access.is_coordinator or user.has_perm("workplan.change_indicator", indicator)


def indicator_series(indicators):
    """{indicator id: [IndicatorValue ...]} in one query, oldest first."""
    series = {}
    for value in IndicatorValue.objects.filter(indicator__in=indicators).order_by("period"):
        series.setdefault(value.indicator_id, []).append(value)
    return series


def enterable_indicator_ids(user, indicator_ids):
    """Of these indicators, the ids whose values the user may enter (one query)."""
    if not indicator_ids or not user.is_authenticated:
        return set()
    return set(
        object_ids_with_perm(
            user, IndicatorGroupObjectPermission, IndicatorUserObjectPermission, "change_indicator", indicator_ids
        )
    )


def status_over_time(item):
    """The item's status at each progress update, oldest first, for the item page."""
    return list(item.updates.filter(kind=ProgressUpdate.Kind.UPDATE).order_by("made_at").values("made_at", "status"))


def last_updates(items):
    """{item id: latest update time} in one query (for lists that show freshness)."""
    rows = ProgressUpdate.objects.filter(item__in=items, kind=ProgressUpdate.Kind.UPDATE).values("item_id")
    return {r["item_id"]: r["latest"] for r in rows.annotate(latest=Max("made_at"))}


def priorities_of(workplan):
    return Priority.objects.filter(workplan=workplan).order_by("order")


def milestones_due(partnership, *, within_days=30):
    today = timezone.localdate()
    return Milestone.objects.filter(
        item__partnership=partnership, done_on__isnull=True, due__lte=today + datetime.timedelta(days=within_days)
    ).select_related("item")


# Added for the workplan pages ------------------------------------------------------------------------


def priority_get_for_user(user, partnership, pk, *, change=False):
    access = _internal(user, partnership)
    priority = Priority.objects.filter(workplan__partnership=partnership, pk=pk).select_related("workplan").first()
    if priority is None:
        raise Http404("No such priority")
    if change:
        require(access.is_coordinator)
    return priority


def objective_get_for_user(user, partnership, pk, *, change=False):
    access = _internal(user, partnership)
    objective = (
        Objective.objects.filter(priority__workplan__partnership=partnership, pk=pk)
        .select_related("priority__workplan")
        .first()
    )
    if objective is None:
        raise Http404("No such objective")
    if change:
        require(access.is_coordinator)
    return objective


def agency_commitments(workplan, agency):
    """What one agency has committed to in a plan, in three queries: the items it leads, the items it
    supports (with its contribution) and the resources it has put in."""
    item_related = ("objective__priority", "lead_agency", "responsible_officer")
    return {
        "led": WorkplanItem.objects.filter(workplan=workplan, lead_agency=agency).select_related(*item_related),
        "supported": SupportingAgency.objects.filter(item__workplan=workplan, agency=agency)
        .select_related(*(f"item__{name}" for name in item_related))
        .order_by("item__due", "item__pk"),
        "resources": ResourceCommitment.objects.filter(item__workplan=workplan, agency=agency)
        .select_related("item")
        .order_by("item__due", "item__pk", "kind"),
    }


def indicator_values(indicator):
    """The indicator's values, oldest first, each with `corrections`: the values recorded for the same
    period before it was corrected, oldest first (from their history; two queries in all)."""
    values = list(indicator.values.order_by("period"))
    earlier = {}
    records = IndicatorValue.history.filter(indicator_id=indicator.pk).select_related("history_user__person")
    for record in records.order_by("history_date", "history_id"):
        earlier.setdefault(record.id, []).append(record)
    for value in values:
        versions = earlier.get(value.pk, [])
        value.corrections = [r for r in versions[:-1] if r.history_type != "-"]
    return values


def objectives_of(workplan):
    """The plan's objectives, for choosing one, in the plan's order."""
    return (
        Objective.objects.filter(priority__workplan=workplan)
        .select_related("priority")
        .order_by("priority__order", "priority__title", "order", "title")
    )


def priorities_in(partnership):
    """Every priority of the partnership's plans, newest plan first, for choosing one."""
    return (
        Priority.objects.filter(workplan__partnership=partnership)
        .select_related("workplan")
        .order_by("-workplan__starts", "order", "title")
    )


def items_for_action_link(partnership, current=None):
    """Items of the current workplan, to link an action to (None when there are none); a present link stays."""
    plan = current_workplan(partnership)
    if plan is None and current is None:
        return None
    chosen = Q(workplan=plan) if plan is not None else Q(pk__in=[])
    if current is not None:
        chosen |= Q(pk=current)
    return items_of(partnership).filter(chosen).order_by("title")
