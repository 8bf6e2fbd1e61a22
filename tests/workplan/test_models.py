"""The workplan models' own rules: validation, derived properties and database constraints."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.workplan.conftest import days_from_today, make_item
from workplan import services
from workplan.models import STALE_AFTER_WEEKS, Indicator, IndicatorValue, Workplan, WorkplanItem

ENDS_BEFORE_START = "A plan must end after it starts."
ONLY_ANNUAL_UNDER_STRATEGY = "Only an annual plan sits under a strategy."
STRATEGY_OF_THIS_PARTNERSHIP = "Choose a strategy of this partnership."
DUE_BEFORE_START = "The due date must be on or after the start date."
OBJECTIVE_OF_THIS_PLAN = "Choose an objective of this plan."
OFFICER_OF_LEAD_AGENCY = "The responsible officer must work for the lead agency."


def errors_of(caught):
    return caught.value.message_dict


# Plans ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("length", [0, -1])
def test_a_plan_must_end_after_it_starts(world, alice, length):
    starts = datetime.date(2025, 4, 1)
    with pytest.raises(ValidationError) as caught:
        services.workplan_create(
            partnership=world.northdale,
            title="Annual plan",
            starts=starts,
            ends=starts + datetime.timedelta(days=length),
            by=alice,
        )
    assert errors_of(caught) == {"ends": [ENDS_BEFORE_START]}
    assert not Workplan.objects.exists()


def test_the_database_refuses_a_plan_that_ends_before_it_starts(world, plan):
    plan.ends = plan.starts
    with pytest.raises(IntegrityError), transaction.atomic():
        plan.save()


def test_an_annual_plan_may_sit_under_a_strategy(world, plan, strategy):
    assert plan.parent == strategy
    assert list(strategy.annual_plans.all()) == [plan]


@pytest.mark.parametrize(
    ("kind", "parent_kind"),
    [
        (Workplan.Kind.STRATEGY, Workplan.Kind.STRATEGY),
        (Workplan.Kind.ANNUAL, Workplan.Kind.ANNUAL),
        (Workplan.Kind.STRATEGY, Workplan.Kind.ANNUAL),
    ],
)
def test_only_an_annual_plan_sits_under_a_strategy(world, alice, kind, parent_kind):
    def create(kind, parent=None):
        return services.workplan_create(
            partnership=world.northdale,
            title=f"A {kind} plan",
            kind=kind,
            parent=parent,
            starts=days_from_today(-10),
            ends=days_from_today(300),
            by=alice,
        )

    parent = create(parent_kind)
    with pytest.raises(ValidationError) as caught:
        create(kind, parent=parent)
    assert errors_of(caught) == {"parent": [ONLY_ANNUAL_UNDER_STRATEGY]}


def test_a_plan_cannot_sit_under_another_partnerships_strategy(world, strategy, charlie):
    with pytest.raises(ValidationError) as caught:
        services.workplan_create(
            partnership=world.southvale,
            title="Southvale annual plan",
            parent=strategy,
            starts=days_from_today(-10),
            ends=days_from_today(300),
            by=charlie,
        )
    assert errors_of(caught) == {"parent": [STRATEGY_OF_THIS_PARTNERSHIP]}


# Items ----------------------------------------------------------------------------------------------


def test_an_item_may_be_due_on_the_day_it_starts(world, objective):
    item = make_item(world, objective, starts=10, due=10)
    assert item.starts == item.due


def test_an_item_due_before_it_starts_is_refused_on_its_due_date(world, objective):
    with pytest.raises(ValidationError) as caught:
        make_item(world, objective, starts=10, due=9)
    assert errors_of(caught) == {"due": [DUE_BEFORE_START]}
    assert not WorkplanItem.objects.exists()


def test_the_database_refuses_an_item_due_before_it_starts(world, police_item):
    police_item.due = police_item.starts - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        police_item.save()


def test_the_responsible_officer_must_work_for_the_lead_agency(world, objective):
    with pytest.raises(ValidationError) as caught:
        make_item(world, objective, lead="police", officer="fred")
    assert errors_of(caught) == {"responsible_officer": [OFFICER_OF_LEAD_AGENCY]}


def test_a_person_of_no_agency_cannot_be_responsible_for_an_item(world, objective):
    with pytest.raises(ValidationError) as caught:
        make_item(world, objective, lead="police", officer="maya")
    assert errors_of(caught) == {"responsible_officer": [OFFICER_OF_LEAD_AGENCY]}


def test_the_objective_must_belong_to_the_plan(world, plan, strategy, objective, alice):
    other_priority = services.priority_create(workplan=strategy, title="Safer roads", by=alice)
    other_objective = services.objective_create(priority=other_priority, title="Fewer crashes", by=alice)
    with pytest.raises(ValidationError) as caught:
        services.item_create(
            workplan=plan,
            objective=other_objective,
            title="Speed watch",
            lead_agency=world.agencies["police"],
            responsible_officer=world.people["leo"],
            starts=days_from_today(0),
            due=days_from_today(30),
            by=alice,
        )
    assert errors_of(caught) == {"objective": [OBJECTIVE_OF_THIS_PLAN]}


def test_a_dropped_item_needs_a_reason(world, police_item):
    police_item.status = WorkplanItem.Status.DROPPED
    police_item.dropped_reason = "   "
    with pytest.raises(ValidationError) as caught:
        police_item.full_clean()
    assert errors_of(caught) == {"dropped_reason": [services.DROP_NEEDS_REASON]}
    police_item.dropped_reason = "Funding withdrawn"
    police_item.full_clean()


@pytest.mark.parametrize(
    ("status", "is_open"),
    [(status, status not in ("complete", "dropped")) for status in WorkplanItem.Status.values],
)
def test_an_item_is_open_until_it_is_complete_or_dropped(status, is_open):
    assert WorkplanItem(status=status).is_open is is_open


def test_an_open_item_past_its_due_date_is_overdue(world, objective):
    item = make_item(world, objective, starts=-30, due=-1)
    assert item.is_overdue
    item.status = WorkplanItem.Status.COMPLETE
    assert not item.is_overdue
    assert not make_item(world, objective, starts=-30, due=0).is_overdue


def test_an_open_item_with_no_update_for_six_weeks_is_stale(world, objective):
    item = make_item(world, objective, starts=-60)
    assert STALE_AFTER_WEEKS == 6
    assert item.is_stale
    item.last_update_at = timezone.now() - datetime.timedelta(weeks=6, hours=1)
    assert item.is_stale
    item.last_update_at = timezone.now() - datetime.timedelta(weeks=6) + datetime.timedelta(hours=1)
    assert not item.is_stale


def test_an_item_never_updated_is_stale_six_weeks_after_it_started(world, objective):
    assert not make_item(world, objective, starts=-40).is_stale
    assert make_item(world, objective, starts=-42).is_stale


def test_an_item_yet_to_start_or_closed_is_never_stale(world, objective):
    assert not make_item(world, objective, starts=5).is_stale
    closed = make_item(world, objective, starts=-60)
    for status in (WorkplanItem.Status.COMPLETE, WorkplanItem.Status.DROPPED):
        closed.status = status
        assert not closed.is_stale


# Indicators -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "value", "meets"),
    [
        (Indicator.Direction.UP, "80", True),
        (Indicator.Direction.UP, "80.01", True),
        (Indicator.Direction.UP, "79.99", False),
        (Indicator.Direction.DOWN, "80", True),
        (Indicator.Direction.DOWN, "79.99", True),
        (Indicator.Direction.DOWN, "80.01", False),
    ],
)
def test_an_indicator_meets_its_target_in_its_own_direction(direction, value, meets):
    indicator = Indicator(target=Decimal("80"), direction=direction)
    assert indicator.meets_target(Decimal(value)) is meets


def test_no_value_neither_meets_nor_misses_the_target():
    assert Indicator(target=Decimal("80"), direction=Indicator.Direction.UP).meets_target(None) is None


def test_the_database_keeps_one_value_per_indicator_and_period(world, indicator, leo):
    services.indicator_value_record(indicator=indicator, period=datetime.date(2025, 5, 1), value=Decimal(90), by=leo)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(indicator=indicator, period=datetime.date(2025, 5, 1), value=Decimal(91))


def test_a_value_reads_as_its_indicator_value_and_month(world, indicator):
    value = IndicatorValue(indicator=indicator, period=datetime.date(2025, 5, 1), value=Decimal("97.50"))
    assert str(value) == "Anti-social behaviour incidents: 97.50 (May 2025)"
