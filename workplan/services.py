"""Writes for the workplan. Each is one transaction, validated, with history; the service that gives an
item to a lead agency grants that agency's officers the right to log its progress, and grants the
supporting agencies' officers the right to comment, and moves both when the item moves."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from core.writes import apply_changes, save_with_history
from workplan.models import (
    Indicator,
    IndicatorValue,
    Milestone,
    Objective,
    Priority,
    ProgressUpdate,
    ResourceCommitment,
    SupportingAgency,
    Workplan,
    WorkplanItem,
)

UPDATE_ITEM = "workplan.change_workplanitem"
COMMENT_ITEM = "workplan.comment_workplanitem"
ENTER_VALUES = "workplan.change_indicator"

DROP_NEEDS_REASON = "Say why the item was dropped."
COMMENT_HAS_NO_STATUS = "A comment from a supporting agency does not change the item's status."
UPDATE_NEEDS_STATUS = "Choose the item's status."
SUPPORTER_IS_LEAD = "The lead agency already leads this item; choose another supporting agency."
SUCCESSOR_NEEDS_AGENCY = "The successor must work for an agency to take on workplan items."


# Plans, priorities, objectives -----------------------------------------------------------------------


@transaction.atomic
def workplan_create(*, partnership, title, starts, ends, by, kind=Workplan.Kind.ANNUAL, parent=None, summary=""):
    plan = Workplan(
        partnership=partnership, title=title, kind=kind, parent=parent, starts=starts, ends=ends, summary=summary
    )
    return save_with_history(plan, by=by)


@transaction.atomic
def workplan_update(*, workplan, by, version, **fields):
    locked = Workplan.objects.select_for_update().get(pk=workplan.pk)
    apply_changes(locked, by=by, version=version, fields=fields)
    return locked


@transaction.atomic
def priority_create(*, workplan, title, by, description="", order=None):
    if order is None:
        order = workplan.priorities.count() + 1
    return save_with_history(Priority(workplan=workplan, title=title, description=description, order=order), by=by)


@transaction.atomic
def priority_update(*, priority, by, version, **fields):
    locked = Priority.objects.select_for_update().get(pk=priority.pk)
    apply_changes(locked, by=by, version=version, fields=fields)
    return locked


@transaction.atomic
def objective_create(*, priority, title, by, expected_outcome="", order=None):
    if order is None:
        order = priority.objectives.count() + 1
    objective = Objective(priority=priority, title=title, expected_outcome=expected_outcome, order=order)
    return save_with_history(objective, by=by)


@transaction.atomic
def objective_update(*, objective, by, version, **fields):
    locked = Objective.objects.select_for_update().get(pk=objective.pk)
    apply_changes(locked, by=by, version=version, fields=fields)
    return locked


# Items ----------------------------------------------------------------------------------------------


def _grant_lead(item, agency):
    assign_perm(UPDATE_ITEM, agency.officers_group, item)


def _revoke_lead(item, agency):
    remove_perm(UPDATE_ITEM, agency.officers_group, item)


@transaction.atomic
def item_create(
    *, workplan, objective, title, lead_agency, responsible_officer, starts, due, by, description="", supporters=()
):
    item = WorkplanItem(
        partnership=workplan.partnership,
        workplan=workplan,
        objective=objective,
        title=title,
        description=description,
        lead_agency=lead_agency,
        responsible_officer=responsible_officer,
        starts=starts,
        due=due,
    )
    save_with_history(item, by=by)
    _grant_lead(item, lead_agency)
    for agency in supporters:
        supporter_add(item=item, agency=agency, by=by)
    return item


@transaction.atomic
def item_update(*, item, by, version, **fields):
    """The coordinator's edit. A new lead agency moves the right to log progress with the item."""
    locked = WorkplanItem.objects.select_for_update(of=("self",)).select_related("lead_agency").get(pk=item.pk)
    old_lead = locked.lead_agency
    changed = apply_changes(locked, by=by, version=version, fields=fields)
    if "lead_agency" in changed:
        _revoke_lead(locked, old_lead)
        _grant_lead(locked, locked.lead_agency)
        # An agency that now leads the item no longer also supports it.
        for supporter in locked.supporters.filter(agency=locked.lead_agency):
            supporter_remove(supporter=supporter, by=by)
    return locked


@transaction.atomic
def supporter_add(*, item, agency, by, contribution=""):
    if agency.pk == item.lead_agency_id:
        raise ValidationError({"agency": SUPPORTER_IS_LEAD})
    supporter = save_with_history(SupportingAgency(item=item, agency=agency, contribution=contribution), by=by)
    assign_perm(COMMENT_ITEM, agency.officers_group, item)
    return supporter


@transaction.atomic
def supporter_remove(*, supporter, by):
    """Supporting agencies are a through model with history: removal is recorded, not silent."""
    item, agency = supporter.item, supporter.agency
    supporter._history_user = by
    supporter.delete()
    remove_perm(COMMENT_ITEM, agency.officers_group, item)


@transaction.atomic
def resource_commit(*, item, agency, kind, description, by, amount=None, unit=""):
    commitment = ResourceCommitment(
        item=item, agency=agency, kind=kind, description=description, amount=amount, unit=unit
    )
    return save_with_history(commitment, by=by)


@transaction.atomic
def milestone_add(*, item, title, due, by):
    return save_with_history(Milestone(item=item, title=title, due=due), by=by)


@transaction.atomic
def milestone_complete(*, milestone, done_on, by):
    if milestone.done_on != done_on:
        milestone.done_on = done_on
        save_with_history(milestone, by=by)
    return milestone


@transaction.atomic
def progress_log(
    *, item, author, by, narrative, status="", kind=ProgressUpdate.Kind.UPDATE, dropped_reason="", at=None
):
    """A progress update (lead agency: narrative and status) or a comment (supporting agency: narrative)."""
    locked = WorkplanItem.objects.select_for_update().get(pk=item.pk)
    if kind == ProgressUpdate.Kind.COMMENT and status:
        raise ValidationError({"status": COMMENT_HAS_NO_STATUS})
    if kind == ProgressUpdate.Kind.UPDATE and not status:
        raise ValidationError({"status": UPDATE_NEEDS_STATUS})
    if status == WorkplanItem.Status.DROPPED and not dropped_reason.strip():
        raise ValidationError({"dropped_reason": DROP_NEEDS_REASON})
    made_at = at or timezone.now()
    update = ProgressUpdate(item=locked, author=author, kind=kind, status=status, narrative=narrative, made_at=made_at)
    save_with_history(update, by=by)
    if kind == ProgressUpdate.Kind.UPDATE:
        latest = max(filter(None, [locked.last_update_at, made_at]))
        fields = {"status": status, "last_update_at": latest}
        fields["dropped_reason"] = dropped_reason if status == WorkplanItem.Status.DROPPED else ""
        apply_changes(locked, by=by, version=None, fields=fields)
    return update


def officer_handover_of_items(*, outgoing, successor, partnership, by):
    """Foundation handover step: the outgoing officer's open items go to the successor."""
    lines = []
    for item in WorkplanItem.objects.filter(
        partnership=partnership, responsible_officer=outgoing, status__in=WorkplanItem.OPEN_STATUSES
    ):
        fields = {"responsible_officer": successor}
        if successor.agency_id != item.lead_agency_id:
            if successor.agency_id is None:
                raise ValidationError({"successor": SUCCESSOR_NEEDS_AGENCY})
            fields["lead_agency"] = successor.agency
        item_update(item=item, by=by, version=None, **fields)
        lines.append(f"Workplan item: {item.title[:60]}")
    return lines


# Indicators -----------------------------------------------------------------------------------------


@transaction.atomic
def indicator_create(*, partnership, name, unit, baseline, target, direction, agency, by, priority=None):
    indicator = Indicator(
        partnership=partnership,
        priority=priority,
        name=name,
        unit=unit,
        baseline=baseline,
        target=target,
        direction=direction,
        agency=agency,
    )
    save_with_history(indicator, by=by)
    assign_perm(ENTER_VALUES, agency.officers_group, indicator)
    return indicator


@transaction.atomic
def indicator_update(*, indicator, by, version, **fields):
    locked = Indicator.objects.select_for_update(of=("self",)).select_related("agency").get(pk=indicator.pk)
    old_agency = locked.agency
    changed = apply_changes(locked, by=by, version=version, fields=fields)
    if "agency" in changed:
        remove_perm(ENTER_VALUES, old_agency.officers_group, locked)
        assign_perm(ENTER_VALUES, locked.agency.officers_group, locked)
    return locked


@transaction.atomic
def indicator_value_record(*, indicator, period, value, by, note=""):
    """Record or correct the value for a period (the first of the month); corrections keep history."""
    period = period.replace(day=1)
    existing = IndicatorValue.objects.select_for_update().filter(indicator=indicator, period=period).first()
    if existing is None:
        return save_with_history(IndicatorValue(indicator=indicator, period=period, value=value, note=note), by=by)
    if existing.value != value or existing.note != note:
        existing.value, existing.note = value, note
        save_with_history(existing, by=by)
    return existing
