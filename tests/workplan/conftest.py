"""Northdale's workplan, made through the services, for every workplan test.

strategy     a three-year strategy running today
plan         the current annual plan under it
priority     "Reduce anti-social behaviour", the plan's first priority
objective    an objective under it
police_item  an item the police lead: leo responsible, the fire service supporting, started a fortnight ago
indicator    an indicator the police own: incidents a month, lower is better
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from workplan import services
from workplan.models import Indicator, Workplan


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def fresh(user):
    """The user as the next request will load it, with no permission or access cache."""
    return get_user_model().objects.get(pk=user.pk)


def make_item(world, objective, *, lead="police", officer="leo", starts=-14, due=60, by=None, **extra):
    """An item of the objective's plan; `starts` and `due` are days from today."""
    return services.item_create(
        workplan=objective.priority.workplan,
        objective=objective,
        title=extra.pop("title", "Town centre patrol plan"),
        lead_agency=world.agencies[lead],
        responsible_officer=world.people[officer],
        starts=days_from_today(starts),
        due=days_from_today(due),
        by=by or world.users["alice"],
        **extra,
    )


def make_strategy(world):
    return services.workplan_create(
        partnership=world.northdale,
        title="Community safety strategy",
        kind=Workplan.Kind.STRATEGY,
        starts=days_from_today(-400),
        ends=days_from_today(700),
        by=world.users["alice"],
    )


def make_plan(world, strategy):
    return services.workplan_create(
        partnership=world.northdale,
        title="Annual plan",
        parent=strategy,
        starts=days_from_today(-120),
        ends=days_from_today(245),
        by=world.users["alice"],
    )


def make_priority(world, plan):
    return services.priority_create(workplan=plan, title="Reduce anti-social behaviour", by=world.users["alice"])


def make_objective(world, priority):
    return services.objective_create(
        priority=priority, title="Fewer repeat calls about the town centre", by=world.users["alice"]
    )


def make_police_item(world, objective):
    return make_item(world, objective, supporters=[world.agencies["fire"]])


def make_indicator(world, priority):
    return services.indicator_create(
        partnership=world.northdale,
        priority=priority,
        name="Anti-social behaviour incidents",
        unit="incidents a month",
        baseline=Decimal("120"),
        target=Decimal("100"),
        direction=Indicator.Direction.DOWN,
        agency=world.agencies["police"],
        by=world.users["alice"],
    )


@pytest.fixture
def strategy(world):
    return make_strategy(world)


@pytest.fixture
def plan(world, strategy):
    return make_plan(world, strategy)


@pytest.fixture
def priority(world, plan):
    return make_priority(world, plan)


@pytest.fixture
def objective(world, priority):
    return make_objective(world, priority)


@pytest.fixture
def police_item(world, objective):
    return make_police_item(world, objective)


@pytest.fixture
def indicator(world, priority):
    return make_indicator(world, priority)
