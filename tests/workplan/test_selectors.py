"""The workplan selectors: who may read, log progress on, comment on and change what; the lists and
figures they work out (attention, status counts, the plan's tree), and the queries they take."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from guardian.shortcuts import assign_perm

from members.access import access_for
from tests.workplan.conftest import days_from_today, fresh, make_item
from workplan import selectors, services
from workplan.models import Indicator, ProgressUpdate, Workplan, WorkplanItem

Status = WorkplanItem.Status


def log(world, item, status, *, who="leo", at=None):
    return services.progress_log(
        item=item, author=world.people[who], by=world.users[who], narrative="Progress noted.", status=status, at=at
    )


def weeks_ago(weeks):
    return timezone.now() - datetime.timedelta(weeks=weeks)


@pytest.fixture
def fire_priority(world, plan):
    return services.priority_create(workplan=plan, title="Reduce deliberate fires", by=world.users["alice"])


@pytest.fixture
def fire_objective(world, fire_priority):
    return services.objective_create(
        priority=fire_priority, title="Fewer fires set in derelict buildings", by=world.users["alice"]
    )


@pytest.fixture
def fire_item(world, fire_objective):
    return make_item(world, fire_objective, lead="fire", officer="fred", title="Derelict buildings survey")


@pytest.fixture
def southvale_item(world, charlie):
    plan = services.workplan_create(
        partnership=world.southvale,
        title="Southvale plan",
        starts=days_from_today(-30),
        ends=days_from_today(300),
        by=charlie,
    )
    priority = services.priority_create(workplan=plan, title="Safer streets", by=charlie)
    objective = services.objective_create(priority=priority, title="Fewer burglaries", by=charlie)
    return make_item(world, objective, lead="southvale_council", officer="charlie", by=charlie)


# Reading and rights ---------------------------------------------------------------------------------


def test_every_member_reads_the_plan_and_outsiders_get_404(world, plan, police_item, alice, leo, fred, maya, charlie):
    for user in (alice, leo, fred, maya):
        assert selectors.workplan_get_for_user(fresh(user), world.northdale, plan.pk) == plan
        assert selectors.item_get_for_user(fresh(user), world.northdale, police_item.pk) == police_item
    for user in (fresh(charlie), AnonymousUser()):
        with pytest.raises(Http404):
            selectors.workplan_get_for_user(user, world.northdale, plan.pk)
        with pytest.raises(Http404):
            selectors.item_get_for_user(user, world.northdale, police_item.pk)


def test_an_item_of_another_partnership_is_not_found_even_by_the_coordinator(world, southvale_item, alice):
    with pytest.raises(Http404):
        selectors.item_get_for_user(fresh(alice), world.northdale, southvale_item.pk)


def test_the_lead_agencys_officers_and_the_coordinator_may_log_progress(world, police_item, alice, leo, olive):
    for user in (alice, leo, olive):
        assert selectors.item_get_for_user(fresh(user), world.northdale, police_item.pk, update=True) == police_item


def test_a_supporter_or_member_may_not_log_progress_and_an_outsider_is_not_told_the_item_exists(
    world, police_item, fred, maya, charlie
):
    for user in (fred, maya):
        with pytest.raises(PermissionDenied):
            selectors.item_get_for_user(fresh(user), world.northdale, police_item.pk, update=True)
    with pytest.raises(Http404):
        selectors.item_get_for_user(fresh(charlie), world.northdale, police_item.pk, update=True)


def test_only_a_supporting_agencys_officers_may_comment(world, police_item, fred, leo, maya):
    assert selectors.item_get_for_user(fresh(fred), world.northdale, police_item.pk, comment=True) == police_item
    for user in (leo, maya):
        with pytest.raises(PermissionDenied):
            selectors.item_get_for_user(fresh(user), world.northdale, police_item.pk, comment=True)


def test_only_the_coordinator_changes_plans_and_items(world, plan, police_item, alice, leo, carol):
    assert selectors.item_get_for_user(fresh(alice), world.northdale, police_item.pk, change=True) == police_item
    assert selectors.workplan_get_for_user(fresh(alice), world.northdale, plan.pk, change=True) == plan
    for user in (leo, carol):
        with pytest.raises(PermissionDenied):
            selectors.item_get_for_user(fresh(user), world.northdale, police_item.pk, change=True)
        with pytest.raises(PermissionDenied):
            selectors.workplan_get_for_user(fresh(user), world.northdale, plan.pk, change=True)


@pytest.mark.parametrize(
    ("name", "rights"),
    [
        ("alice", {"update": True, "comment": False, "change": True}),
        ("leo", {"update": True, "comment": False, "change": False}),
        ("fred", {"update": False, "comment": True, "change": False}),
        ("maya", {"update": False, "comment": False, "change": False}),
    ],
)
def test_an_items_rights_name_what_each_person_may_do(world, police_item, name, rights):
    user = fresh(world.users[name])
    assert selectors.item_rights(user, access_for(user, world.northdale), police_item) == rights


def test_updatable_item_ids_come_from_the_agencys_rights_and_the_persons_own_in_one_query(
    world, police_item, fire_item, objective, leo, olive, fred, django_assert_num_queries
):
    other_police_item = make_item(world, objective, title="Shop watch")
    closed_to_all = make_item(world, objective, lead="fire", officer="fred", title="Smoke alarms")
    assign_perm(services.UPDATE_ITEM, fresh(olive), fire_item)
    ids = [police_item.pk, fire_item.pk, other_police_item.pk, closed_to_all.pk]
    with django_assert_num_queries(1):
        assert selectors.updatable_item_ids(leo, ids) == {police_item.pk, other_police_item.pk}
    with django_assert_num_queries(1):
        assert selectors.updatable_item_ids(olive, ids) == {police_item.pk, other_police_item.pk, fire_item.pk}
    with django_assert_num_queries(1):
        assert selectors.updatable_item_ids(fred, ids[:3]) == {fire_item.pk}


def test_updatable_item_ids_ask_nothing_of_the_database_when_there_is_nothing_to_ask(
    world, police_item, leo, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert selectors.updatable_item_ids(leo, []) == set()
        assert selectors.updatable_item_ids(AnonymousUser(), [police_item.pk]) == set()


def test_enterable_indicator_ids_are_the_owning_agencys_in_one_query(
    world, indicator, alice, leo, olive, fred, django_assert_num_queries
):
    fires = services.indicator_create(
        partnership=world.northdale,
        name="Deliberate fires",
        unit="fires a month",
        baseline=Decimal(30),
        target=Decimal(20),
        direction=Indicator.Direction.DOWN,
        agency=world.agencies["fire"],
        by=alice,
    )
    ids = [indicator.pk, fires.pk]
    for user, expected in ((leo, {indicator.pk}), (olive, {indicator.pk}), (fred, {fires.pk})):
        with django_assert_num_queries(1):
            assert selectors.enterable_indicator_ids(user, ids) == expected
    with django_assert_num_queries(0):
        assert selectors.enterable_indicator_ids(AnonymousUser(), ids) == set()


def test_the_owning_agencys_officers_enter_indicator_values_and_others_may_only_read(
    world, indicator, alice, leo, olive, fred, maya, charlie
):
    for user in (alice, leo, olive):
        assert selectors.indicator_get_for_user(fresh(user), world.northdale, indicator.pk, enter_values=True)
    for user in (fred, maya):
        assert selectors.indicator_get_for_user(fresh(user), world.northdale, indicator.pk) == indicator
        with pytest.raises(PermissionDenied):
            selectors.indicator_get_for_user(fresh(user), world.northdale, indicator.pk, enter_values=True)
    with pytest.raises(PermissionDenied):
        selectors.indicator_get_for_user(fresh(leo), world.northdale, indicator.pk, change=True)
    with pytest.raises(Http404):
        selectors.indicator_get_for_user(fresh(charlie), world.northdale, indicator.pk)


def test_the_indicator_page_offers_entering_values_to_those_the_selector_lets_enter_them(
    world, indicator, alice, leo, olive, fred, maya
):
    for user, may in ((alice, True), (leo, True), (olive, True), (fred, False), (maya, False)):
        user = fresh(user)
        assert selectors.can_enter_values(user, access_for(user, world.northdale), indicator) is may


# Plans ----------------------------------------------------------------------------------------------


def test_the_current_plan_is_the_annual_plan_running_today(world, strategy, plan, alice):
    services.workplan_create(
        partnership=world.northdale, title="Next year", starts=plan.ends, ends=days_from_today(600), by=alice
    )
    assert selectors.current_workplan(world.northdale) == plan


def test_with_no_annual_plan_running_the_current_plan_is_the_latest(world, strategy, alice):
    services.workplan_create(
        partnership=world.northdale,
        title="Last year",
        starts=days_from_today(-500),
        ends=days_from_today(-135),
        by=alice,
    )
    assert selectors.current_workplan(world.northdale) == strategy
    assert selectors.current_workplan(world.southvale) is None


def test_a_partnership_lists_only_its_own_plans(world, plan, strategy, southvale_item, alice):
    assert set(selectors.workplans_visible_to(fresh(alice), world.northdale)) == {plan, strategy}
    assert set(selectors.items_of(world.northdale)) == set()


# Progress -------------------------------------------------------------------------------------------


def test_the_status_over_time_lists_each_update_oldest_first_without_comments(world, police_item):
    log(world, police_item, Status.ON_TRACK, at=weeks_ago(8))
    log(world, police_item, Status.AT_RISK, at=weeks_ago(4))
    services.progress_log(
        item=police_item,
        author=world.people["fred"],
        by=world.users["fred"],
        narrative="We can help",
        kind=ProgressUpdate.Kind.COMMENT,
    )
    log(world, police_item, Status.OFF_TRACK, at=weeks_ago(1))
    assert [row["status"] for row in selectors.status_over_time(police_item)] == [
        Status.ON_TRACK,
        Status.AT_RISK,
        Status.OFF_TRACK,
    ]
    assert selectors.last_updates([police_item]) == {police_item.pk: reloaded_last_update(police_item)}


def reloaded_last_update(item):
    return WorkplanItem.objects.get(pk=item.pk).last_update_at


def test_attention_lists_open_items_overdue_at_risk_off_track_or_with_no_recent_update(world, plan, objective):
    def item(title, **dates):
        return make_item(world, objective, title=title, **dates)

    needing_attention = {
        item("Never updated", starts=-60),
        item("Last updated seven weeks ago", starts=-60),
        item("Overdue", starts=-30, due=-1),
        item("At risk"),
        item("Off track"),
    }
    fine = {
        item("Just started"),
        item("Updated five weeks ago", starts=-60),
        item("Yet to start", starts=5, due=90),
        item("Complete, though past its due date", starts=-60, due=-1),
        item("Dropped, and never updated", starts=-60),
    }
    by_title = {i.title: i for i in needing_attention | fine}
    log(world, by_title["Last updated seven weeks ago"], Status.ON_TRACK, at=weeks_ago(7))
    log(world, by_title["Updated five weeks ago"], Status.ON_TRACK, at=weeks_ago(5))
    log(world, by_title["At risk"], Status.AT_RISK)
    log(world, by_title["Off track"], Status.OFF_TRACK)
    log(world, by_title["Complete, though past its due date"], Status.COMPLETE, at=weeks_ago(9))
    services.progress_log(
        item=by_title["Dropped, and never updated"],
        author=world.people["leo"],
        by=world.users["leo"],
        narrative="Merged",
        status=Status.DROPPED,
        dropped_reason="Merged into the patrol plan",
        at=weeks_ago(9),
    )

    listed = list(selectors.attention(world.northdale))
    assert {i.title for i in listed} == {i.title for i in needing_attention}
    assert [i.due for i in listed] == sorted(i.due for i in listed)
    for shown in listed:
        assert shown.is_stale or shown.is_overdue or shown.status in (Status.AT_RISK, Status.OFF_TRACK)
    stale = {i.title for i in listed if i.is_stale}
    assert stale == {"Never updated", "Last updated seven weeks ago"}


@pytest.mark.parametrize("started", [-40, -41, -42, -43, -44])
def test_attention_and_the_items_page_agree_on_when_an_item_never_updated_goes_stale(world, objective, started):
    item = make_item(world, objective, starts=started, due=90)
    assert (item in selectors.attention(world.northdale)) is item.is_stale


def test_attention_for_one_plan_leaves_out_the_others(world, plan, strategy, objective, alice):
    overdue_here = make_item(world, objective, starts=-30, due=-1)
    other_objective = services.objective_create(
        priority=services.priority_create(workplan=strategy, title="Long term", by=alice), title="Later", by=alice
    )
    overdue_there = make_item(world, other_objective, starts=-30, due=-1)
    assert set(selectors.attention(world.northdale)) == {overdue_here, overdue_there}
    assert list(selectors.attention(world.northdale, plan)) == [overdue_here]


def test_milestones_due_within_a_month_and_not_done_are_listed(world, police_item, leo):
    def milestone(title, due):
        return services.milestone_add(item=police_item, title=title, due=days_from_today(due), by=leo)

    late, soon, done = milestone("Late", -3), milestone("Soon", 30), milestone("Done", 10)
    milestone("Later", 31)
    services.milestone_complete(milestone=done, done_on=timezone.localdate(), by=leo)
    assert list(selectors.milestones_due(world.northdale)) == [late, soon]


# Figures --------------------------------------------------------------------------------------------


@pytest.fixture
def known_statuses(world, objective, fire_objective):
    """Reduce ASB: police on track x2, at risk x1. Reduce fires: fire complete x1 and not started x1,
    police off track x1."""
    for status in (Status.ON_TRACK, Status.ON_TRACK, Status.AT_RISK):
        log(world, make_item(world, objective), status)
    log(world, make_item(world, fire_objective, lead="fire", officer="fred"), Status.COMPLETE, who="fred")
    make_item(world, fire_objective, lead="fire", officer="fred")
    log(world, make_item(world, fire_objective), Status.OFF_TRACK)


def test_status_counts_by_priority(world, plan, known_statuses, django_assert_num_queries):
    with django_assert_num_queries(1):
        table = selectors.status_counts(selectors.items_of(world.northdale).filter(workplan=plan), "priority")
    assert table == {
        "Reduce anti-social behaviour": {"on_track": 2, "at_risk": 1},
        "Reduce deliberate fires": {"complete": 1, "not_started": 1, "off_track": 1},
    }


def test_status_counts_by_agency(world, plan, known_statuses, django_assert_num_queries):
    with django_assert_num_queries(1):
        table = selectors.status_counts(selectors.items_of(world.northdale).filter(workplan=plan), "agency")
    assert table == {
        "Shire Constabulary": {"on_track": 2, "at_risk": 1, "off_track": 1},
        "Shire Fire and Rescue Service": {"complete": 1, "not_started": 1},
    }
    assert list(table) == sorted(table)


@pytest.mark.parametrize("size", [5, 40])
def test_the_plans_tree_takes_three_queries_however_many_items(
    world, plan, objective, fire_objective, size, django_assert_num_queries
):
    for n in range(size):
        if n % 2:
            make_item(world, fire_objective, lead="fire", officer="fred", title=f"Fire item {n:02}")
        else:
            make_item(world, objective, title=f"Police item {n:02}")
    plan = Workplan.objects.get(pk=plan.pk)
    with django_assert_num_queries(3):
        shown = [
            (priority.title, objective.title, item.title, item.lead_agency.name, item.responsible_officer.full_name)
            for priority in selectors.plan_tree(plan)
            for objective in priority.plan_objectives
            for item in objective.plan_items
        ]
    assert len(shown) == size
    assert {row[:2] for row in shown} == {
        ("Reduce anti-social behaviour", "Fewer repeat calls about the town centre"),
        ("Reduce deliberate fires", "Fewer fires set in derelict buildings"),
    }


def test_an_indicators_series_is_oldest_first_in_one_query(world, indicator, leo, django_assert_num_queries):
    for month, value in ((6, 98), (4, 110), (5, 104)):
        services.indicator_value_record(
            indicator=indicator, period=datetime.date(2025, month, 1), value=Decimal(value), by=leo
        )
    with django_assert_num_queries(1):
        series = selectors.indicator_series([indicator])
    assert [(v.period.month, v.value) for v in series[indicator.pk]] == [(4, 110), (5, 104), (6, 98)]
    assert [indicator.meets_target(v.value) for v in series[indicator.pk]] == [False, False, True]
