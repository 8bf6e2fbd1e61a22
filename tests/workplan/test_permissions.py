"""Every URL of the workplan app, with the status each named person gets (after pretix's test_permissions).

The workplan is internal but not confidential: every member of Northdale reads all of it, anonymous
visitors are sent to sign in and Charlie (Southvale's coordinator) gets 404. Only the coordinator makes
and changes plans, priorities, objectives, items and indicators (403 for other members). The lead
agency's officers (the police: Leo and Olive) log progress on their item and mark its milestones
reached; the supporting agency's officers (the fire service: Fred) comment on it; the owning agency's
officers (the police again) enter indicator values. Writes that are POSTed are tried in the table's
order, with the coordinator last, so each one allowed gets the redirect after the change.

The records: tests/workplan/conftest.py's plan, priority, objective, police item (fire supporting) and
police indicator, with a milestone on the item and a plan of Southvale's.
"""

import copy
import datetime
import importlib
import pkgutil
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_of, once_per_module
from tests.http import close_response
from tests.test_permissions import COORDINATOR_ONLY, INTERNAL, NOWHERE, PEOPLE, expect, status_of
from tests.workplan.conftest import (
    days_from_today,
    make_indicator,
    make_objective,
    make_plan,
    make_police_item,
    make_priority,
    make_strategy,
)
from workplan import services
from workplan.models import ProgressUpdate, Workplan, WorkplanItem

# Those who may log progress on the police item: the police's officers and the coordinator.
POLICE_UPDATE = expect(COORDINATOR_ONLY, olive=200, leo=200)
# Those who may comment on it: the fire service's officers (the supporting agency) only.
FIRE_COMMENT = expect(INTERNAL, maya=403, olive=403, leo=403, fred=200, carol=403, alice=403)
EVERYONE_NOT_FOUND = dict.fromkeys(PEOPLE, 404)


@dataclass
class Row:
    url_name: str
    args: object  # args(records) -> the URL's arguments after the partnership
    expected: dict
    method: str = "get"
    data: object = None  # a dict, or data(records) -> a dict
    query: str = ""


def make_records(world):
    alice = world.users["alice"]
    plan = make_plan(world, make_strategy(world))
    priority = make_priority(world, plan)
    objective = make_objective(world, priority)
    police_item = make_police_item(world, objective)
    indicator = make_indicator(world, priority)
    milestone = services.milestone_add(
        item=police_item, title="Patrol routes agreed", due=days_from_today(20), by=alice
    )
    southvale_plan = services.workplan_create(
        partnership=world.southvale,
        title="Southvale annual plan",
        starts=days_from_today(-30),
        ends=days_from_today(300),
        by=world.users["charlie"],
    )
    return SimpleNamespace(
        plan=plan,
        priority=priority,
        objective=objective,
        item=police_item,
        indicator=indicator,
        milestone=milestone,
        supporter=police_item.supporters.get(),
        southvale_plan=southvale_plan,
    )


@pytest.fixture(scope="module")
def _records_of_the_module(_world_of_the_module, django_db_blocker, tmp_path_factory):
    """The records, made once for the module (tests/conftest.py's once_per_module): every test starts from them."""
    with once_per_module(django_db_blocker, tmp_path_factory):
        yield make_records(_world_of_the_module)


@pytest.fixture
def records(_records_of_the_module, world):
    """The records, as fresh Python objects for each test."""
    return copy.deepcopy(_records_of_the_module)


def last_month():
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1).isoformat()


AT_RISK = {"status": "at_risk", "narrative": "Two patrols cancelled for lack of officers."}
COMMENT = {"comment-narrative": "Our crews joined the Friday patrol."}

TABLE = [
    # Plans, priorities, objectives
    Row("workplan:plan", lambda r: [], INTERNAL),
    Row("workplan:workplans", lambda r: [], INTERNAL),
    Row("workplan:workplan_create", lambda r: [], COORDINATOR_ONLY),
    Row("workplan:workplan", lambda r: [r.plan.pk], INTERNAL),
    Row("workplan:workplan_edit", lambda r: [r.plan.pk], COORDINATOR_ONLY),
    Row("workplan:priority_create", lambda r: [r.plan.pk], COORDINATOR_ONLY),
    Row("workplan:priority_edit", lambda r: [r.priority.pk], COORDINATOR_ONLY),
    Row("workplan:objective_create", lambda r: [r.priority.pk], COORDINATOR_ONLY),
    Row("workplan:objective_edit", lambda r: [r.objective.pk], COORDINATOR_ONLY),
    # Other views of the plan
    Row("workplan:by_agency", lambda r: [], INTERNAL),
    Row("workplan:by_agency", lambda r: [], INTERNAL, query="?agency={police}"),
    Row("workplan:by_officer", lambda r: [], INTERNAL),
    Row("workplan:by_officer", lambda r: [], INTERNAL, query="?officer={leo}"),
    Row("workplan:attention", lambda r: [], INTERNAL),
    # Items
    Row("workplan:item", lambda r: [r.item.pk], INTERNAL),
    Row("workplan:item_create", lambda r: [r.plan.pk], COORDINATOR_ONLY),
    Row("workplan:item_edit", lambda r: [r.item.pk], COORDINATOR_ONLY),
    # GET on the progress and comment addresses sends those who may to the form on the item's page.
    Row("workplan:item_progress", lambda r: [r.item.pk], expect(POLICE_UPDATE, olive=302, leo=302, alice=302)),
    Row(
        "workplan:item_progress",
        lambda r: [r.item.pk],
        expect(POLICE_UPDATE, olive=302, leo=302, alice=302),
        "post",
        AT_RISK,
    ),
    Row("workplan:item_comment", lambda r: [r.item.pk], expect(FIRE_COMMENT, fred=302)),
    Row("workplan:item_comment", lambda r: [r.item.pk], expect(FIRE_COMMENT, fred=302), "post", COMMENT),
    Row("workplan:milestone_add", lambda r: [r.item.pk], COORDINATOR_ONLY),
    Row("workplan:milestone_done", lambda r: [r.item.pk, r.milestone.pk], POLICE_UPDATE),
    Row("workplan:supporter_add", lambda r: [r.item.pk], COORDINATOR_ONLY),
    Row("workplan:supporter_remove", lambda r: [r.item.pk, r.supporter.pk], COORDINATOR_ONLY),
    Row("workplan:resource_add", lambda r: [r.item.pk], COORDINATOR_ONLY),
    # Indicators
    Row("workplan:indicators", lambda r: [], INTERNAL),
    Row("workplan:indicator_create", lambda r: [], COORDINATOR_ONLY),
    Row("workplan:indicator", lambda r: [r.indicator.pk], INTERNAL),
    Row("workplan:indicator_edit", lambda r: [r.indicator.pk], COORDINATOR_ONLY),
    Row("workplan:indicator_value", lambda r: [r.indicator.pk], POLICE_UPDATE),
    Row(
        "workplan:indicator_value",
        lambda r: [r.indicator.pk],
        expect(POLICE_UPDATE, olive=302, leo=302, alice=302),
        "post",
        lambda r: {"period": last_month(), "value": "110"},
    ),
    # Outputs
    Row("workplan:timeline", lambda r: [r.plan.pk], INTERNAL),
    Row("workplan:chart_status_priority", lambda r: [r.plan.pk], INTERNAL),
    Row("workplan:chart_status_agency", lambda r: [r.plan.pk], INTERNAL),
    Row("workplan:chart_indicator", lambda r: [r.indicator.pk], INTERNAL),
    Row("workplan:pdf", lambda r: [r.plan.pk], INTERNAL),
    Row("workplan:items_csv", lambda r: [r.plan.pk], INTERNAL),
    Row("workplan:values_csv", lambda r: [], INTERNAL),
    Row("workplan:import", lambda r: [r.plan.pk], COORDINATOR_ONLY),
]

# A plan of another partnership gives 404 to everyone in Northdale, whatever their role there.
ELSEWHERE = [
    Row("workplan:workplan", lambda r: [r.southvale_plan.pk], expect(EVERYONE_NOT_FOUND, anonymous="sign in")),
    Row("workplan:workplan_edit", lambda r: [r.southvale_plan.pk], NOWHERE),
    Row("workplan:timeline", lambda r: [r.southvale_plan.pk], NOWHERE),
    Row("workplan:item_create", lambda r: [r.southvale_plan.pk], NOWHERE),
    Row("workplan:import", lambda r: [r.southvale_plan.pk], NOWHERE),
]


def _ids(table):
    return [f"{row.url_name}:{row.method}:{index}" for index, row in enumerate(table)]


def statuses(world, address, signed_in, method="get", data=None):
    """The status each named person gets, each in their own session from `signed_in`."""
    found = {}
    for name in PEOPLE:
        client = client_of(name, world, signed_in)
        response = getattr(client, method)(address, data or {})
        found[name] = status_of(response)
        close_response(response)
    return found


def check(world, records, signed_in, row):
    address = reverse(row.url_name, args=["northdale", *row.args(records)])
    address += row.query.format(police=world.agencies["police"].pk, leo=world.people["leo"].pk)
    data = row.data(records) if callable(row.data) else row.data
    assert statuses(world, address, signed_in, method=row.method, data=data) == row.expected


@pytest.mark.parametrize("row", TABLE, ids=_ids(TABLE))
def test_each_person_gets_the_status_the_table_gives_them(world, records, signed_in, row):
    check(world, records, signed_in, row)


@pytest.mark.parametrize("row", ELSEWHERE, ids=_ids(ELSEWHERE))
def test_records_of_another_partnership_are_not_found_from_northdale(world, records, signed_in, row):
    check(world, records, signed_in, row)


def url_modules():
    """workplan/urls_*.py, found on disk, so a new part of the app cannot be left out of the table."""
    import workplan

    names = [m.name for m in pkgutil.iter_modules(workplan.__path__) if m.name.startswith("urls_")]
    return [importlib.import_module(f"workplan.{name}") for name in sorted(names)]


def test_the_table_lists_every_url_of_the_workplan_app():
    every = {f"workplan:{pattern.name}" for module in url_modules() for pattern in module.urlpatterns}
    listed = {row.url_name for row in TABLE}
    assert len(url_modules()) >= 2
    assert sorted(every - listed) == [], "add these to TABLE"
    assert sorted(listed - every) == [], "these are in TABLE but not in workplan/urls_*.py"


def test_the_app_serves_every_url_of_its_parts():
    from workplan import urls

    assert {p.name for p in urls.urlpatterns} == {p.name for m in url_modules() for p in m.urlpatterns}


# A refused write changes nothing ------------------------------------------------------------------


def test_a_supporting_officer_gets_403_logging_progress_and_nothing_is_logged(world, records, client, fred):
    client.force_login(fred)
    response = client.post(reverse("workplan:item_progress", args=["northdale", records.item.pk]), AT_RISK)
    assert response.status_code == 403
    records.item.refresh_from_db()
    assert records.item.status == WorkplanItem.Status.NOT_STARTED
    assert not records.item.updates.filter(kind=ProgressUpdate.Kind.UPDATE).exists()


def test_a_member_gets_403_adding_a_plan_and_none_is_added(world, records, client, maya):
    client.force_login(maya)
    before = Workplan.objects.count()
    data = {"title": "A plan of my own", "kind": "annual", "starts": "2030-04-01", "ends": "2031-03-31"}
    assert client.post(reverse("workplan:workplan_create", args=["northdale"]), data).status_code == 403
    assert Workplan.objects.count() == before


def test_the_lead_officer_logs_an_at_risk_update_that_the_item_then_shows(world, records, client, leo):
    client.force_login(leo)
    response = client.post(reverse("workplan:item_progress", args=["northdale", records.item.pk]), AT_RISK)
    assert response.status_code == 302
    records.item.refresh_from_db()
    assert records.item.status == WorkplanItem.Status.AT_RISK
