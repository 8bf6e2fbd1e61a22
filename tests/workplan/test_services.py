"""The workplan services: the rights they grant and move, progress, indicator values, handover, and the
history every write leaves behind."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.writes import STALE_EDIT
from members import services as member_services
from partnership.models import AuditEntry
from tests.records import history_mark, history_since
from tests.workplan.conftest import days_from_today, fresh, make_item
from workplan import services
from workplan.models import (
    Indicator,
    Priority,
    ProgressUpdate,
    SupportingAgency,
    WorkplanItem,
)

UPDATE, COMMENT = ProgressUpdate.Kind.UPDATE, ProgressUpdate.Kind.COMMENT
Status = WorkplanItem.Status


def may(user, perm, obj):
    return fresh(user).has_perm(perm, obj)


def log(world, item, status, *, who="leo", **extra):
    return services.progress_log(
        item=item,
        author=world.people[who],
        by=world.users[who],
        narrative=extra.pop("narrative", "Patrols agreed with the neighbourhood team."),
        status=status,
        **extra,
    )


def reloaded(item):
    return WorkplanItem.objects.get(pk=item.pk)


# Plans, priorities, objectives -----------------------------------------------------------------------


def test_new_priorities_and_objectives_go_after_the_existing_ones(world, plan, priority, objective, alice):
    second = services.priority_create(workplan=plan, title="Reduce domestic abuse", by=alice)
    another = services.objective_create(priority=priority, title="Fewer fires set on purpose", by=alice)
    assert (priority.order, second.order) == (1, 2)
    assert (objective.order, another.order) == (1, 2)
    assert list(Priority.objects.filter(workplan=plan)) == [priority, second]


def test_a_stale_edit_of_a_plan_is_refused(world, plan, alice, carol):
    services.workplan_update(workplan=plan, by=carol, version=plan.version, summary="Agreed by the board")
    with pytest.raises(ValidationError) as caught:
        services.workplan_update(workplan=plan, by=alice, version=plan.version, summary="Draft")
    assert caught.value.messages == [STALE_EDIT]
    plan.refresh_from_db()
    assert plan.summary == "Agreed by the board"


def test_an_edit_that_changes_nothing_writes_no_history(world, police_item, alice):
    mark = history_mark()
    services.item_update(item=police_item, by=alice, version=police_item.version, title=police_item.title)
    assert history_since(mark) == []


# Rights: who logs progress, who comments, who enters values ------------------------------------------


def test_a_new_item_lets_the_lead_agencys_officers_log_progress_and_supporters_only_comment(
    world, police_item, leo, olive, fred, maya, charlie
):
    for user in (leo, olive):
        assert may(user, services.UPDATE_ITEM, police_item)
        assert not may(user, services.COMMENT_ITEM, police_item)
    assert may(fred, services.COMMENT_ITEM, police_item)
    assert not may(fred, services.UPDATE_ITEM, police_item)
    for user in (maya, charlie):
        assert not may(user, services.UPDATE_ITEM, police_item)
        assert not may(user, services.COMMENT_ITEM, police_item)


def test_a_new_lead_agency_takes_the_right_to_log_progress_with_it(world, objective, alice, leo, olive, fred):
    item = make_item(world, objective)
    services.item_update(
        item=item,
        by=alice,
        version=item.version,
        lead_agency=world.agencies["fire"],
        responsible_officer=world.people["fred"],
    )
    assert may(fred, services.UPDATE_ITEM, item)
    for user in (leo, olive):
        assert not may(user, services.UPDATE_ITEM, item)


def test_a_new_lead_agency_needs_a_responsible_officer_of_its_own(world, police_item, alice, leo):
    with pytest.raises(ValidationError) as caught:
        services.item_update(
            item=police_item, by=alice, version=police_item.version, lead_agency=world.agencies["fire"]
        )
    assert caught.value.message_dict == {
        "responsible_officer": ["The responsible officer must work for the lead agency."]
    }
    assert reloaded(police_item).lead_agency == world.agencies["police"]
    assert may(leo, services.UPDATE_ITEM, police_item)


def test_a_stale_edit_of_an_item_is_refused(world, police_item, alice):
    services.item_update(item=police_item, by=alice, version=police_item.version, title="Patrols, phase 1")
    with pytest.raises(ValidationError) as caught:
        services.item_update(item=police_item, by=alice, version=police_item.version, title="Patrols")
    assert caught.value.messages == [STALE_EDIT]


def test_removing_a_supporter_takes_away_its_right_to_comment(world, police_item, alice, fred):
    supporter = police_item.supporters.get()
    supporter_id = supporter.pk
    services.supporter_remove(supporter=supporter, by=alice)
    assert not may(fred, services.COMMENT_ITEM, police_item)
    assert not SupportingAgency.objects.filter(item=police_item).exists()
    assert [row.history_type for row in SupportingAgency.history.filter(id=supporter_id)] == ["-", "+"]


def test_the_lead_agency_cannot_also_support_its_item(world, police_item, alice):
    with pytest.raises(ValidationError) as caught:
        services.supporter_add(item=police_item, agency=world.agencies["police"], by=alice)
    assert caught.value.message_dict == {"agency": [services.SUPPORTER_IS_LEAD]}


def test_an_item_naming_its_lead_agency_as_a_supporter_is_not_saved_at_all(world, objective):
    with pytest.raises(ValidationError) as caught:
        make_item(world, objective, supporters=[world.agencies["fire"], world.agencies["police"]])
    assert caught.value.message_dict == {"agency": [services.SUPPORTER_IS_LEAD]}
    assert not WorkplanItem.objects.exists()
    assert not SupportingAgency.objects.exists()


def test_an_agency_supports_an_item_only_once(world, police_item, alice):
    with pytest.raises(ValidationError):
        services.supporter_add(item=police_item, agency=world.agencies["fire"], by=alice)
    assert police_item.supporters.count() == 1


def test_a_new_indicator_lets_the_owning_agencys_officers_enter_values(world, indicator, leo, olive, fred, maya):
    for user in (leo, olive):
        assert may(user, services.ENTER_VALUES, indicator)
    for user in (fred, maya):
        assert not may(user, services.ENTER_VALUES, indicator)


def test_a_new_owning_agency_takes_the_right_to_enter_values_with_it(world, indicator, alice, leo, olive, fred):
    services.indicator_update(indicator=indicator, by=alice, version=indicator.version, agency=world.agencies["fire"])
    assert may(fred, services.ENTER_VALUES, indicator)
    for user in (leo, olive):
        assert not may(user, services.ENTER_VALUES, indicator)


# Progress -------------------------------------------------------------------------------------------


def test_a_progress_update_sets_the_items_status_and_when_it_was_last_updated(world, police_item):
    before = timezone.now()
    update = log(world, police_item, Status.ON_TRACK)
    item = reloaded(police_item)
    assert item.status == Status.ON_TRACK
    assert item.last_update_at == update.made_at
    assert update.made_at >= before
    assert (update.kind, update.status, update.author) == (UPDATE, Status.ON_TRACK, world.people["leo"])
    assert item.history.latest().history_user == world.users["leo"]


def test_a_progress_update_needs_a_status(world, police_item):
    with pytest.raises(ValidationError) as caught:
        log(world, police_item, "")
    assert caught.value.message_dict == {"status": [services.UPDATE_NEEDS_STATUS]}
    assert not ProgressUpdate.objects.exists()


def test_a_supporters_comment_changes_neither_status_nor_freshness(world, police_item):
    log(world, police_item, Status.AT_RISK)
    before = reloaded(police_item)
    comment = log(world, police_item, "", who="fred", kind=COMMENT, narrative="We can lend a community safety van.")
    after = reloaded(police_item)
    assert after.status == Status.AT_RISK
    assert (after.last_update_at, after.version) == (before.last_update_at, before.version)
    assert (comment.kind, comment.status) == (COMMENT, "")
    assert police_item.updates.count() == 2


def test_a_comment_that_tries_to_set_a_status_is_refused(world, police_item):
    with pytest.raises(ValidationError) as caught:
        log(world, police_item, Status.OFF_TRACK, who="fred", kind=COMMENT)
    assert caught.value.message_dict == {"status": [services.COMMENT_HAS_NO_STATUS]}
    assert reloaded(police_item).status == Status.NOT_STARTED
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_dropping_an_item_needs_a_reason(world, police_item, reason):
    with pytest.raises(ValidationError) as caught:
        log(world, police_item, Status.DROPPED, dropped_reason=reason)
    assert caught.value.message_dict == {"dropped_reason": [services.DROP_NEEDS_REASON]}
    assert reloaded(police_item).status == Status.NOT_STARTED
    assert not ProgressUpdate.objects.exists()


def test_a_dropped_item_keeps_its_reason_until_it_is_taken_up_again(world, police_item):
    log(world, police_item, Status.DROPPED, dropped_reason="The council's CCTV bid failed")
    dropped = reloaded(police_item)
    assert (dropped.status, dropped.dropped_reason) == (Status.DROPPED, "The council's CCTV bid failed")
    log(world, police_item, Status.ON_TRACK)
    revived = reloaded(police_item)
    assert (revived.status, revived.dropped_reason) == (Status.ON_TRACK, "")


def test_an_update_back_dated_is_recorded_at_that_time(world, police_item):
    seven_weeks_ago = timezone.now() - datetime.timedelta(weeks=7)
    log(world, police_item, Status.ON_TRACK, at=seven_weeks_ago)
    assert reloaded(police_item).last_update_at == seven_weeks_ago
    assert reloaded(police_item).is_stale


def test_completing_a_milestone_on_the_same_day_again_writes_nothing(world, police_item, leo):
    milestone = services.milestone_add(item=police_item, title="Patrol rota agreed", due=days_from_today(20), by=leo)
    services.milestone_complete(milestone=milestone, done_on=timezone.localdate(), by=leo)
    mark = history_mark()
    services.milestone_complete(milestone=milestone, done_on=timezone.localdate(), by=leo)
    assert history_since(mark) == []
    assert milestone.history.count() == 2


# Indicator values -----------------------------------------------------------------------------------


def test_a_value_is_recorded_for_the_month_it_falls_in(world, indicator, leo):
    value = services.indicator_value_record(
        indicator=indicator, period=datetime.date(2025, 5, 17), value=Decimal("96"), by=leo
    )
    assert value.period == datetime.date(2025, 5, 1)


def test_a_second_value_in_the_same_month_corrects_the_first_and_keeps_its_history(world, indicator, leo, olive):
    first = services.indicator_value_record(
        indicator=indicator, period=datetime.date(2025, 5, 3), value=Decimal("96"), by=leo
    )
    second = services.indicator_value_record(
        indicator=indicator, period=datetime.date(2025, 5, 28), value=Decimal("94"), note="Late reports", by=olive
    )
    assert second.pk == first.pk
    assert [(v.period, v.value, v.note) for v in indicator.values.all()] == [
        (datetime.date(2025, 5, 1), Decimal("94"), "Late reports")
    ]
    rows = second.history.order_by("history_id")
    assert [(row.history_type, row.value, row.history_user) for row in rows] == [
        ("+", Decimal("96"), leo),
        ("~", Decimal("94"), olive),
    ]


def test_recording_the_same_value_again_writes_nothing(world, indicator, leo):
    services.indicator_value_record(indicator=indicator, period=datetime.date(2025, 5, 1), value=Decimal(96), by=leo)
    mark = history_mark()
    services.indicator_value_record(indicator=indicator, period=datetime.date(2025, 5, 9), value=Decimal(96), by=leo)
    assert history_since(mark) == []


def test_values_of_different_months_are_kept_apart(world, indicator, leo):
    for month, value in ((4, 110), (5, 96)):
        services.indicator_value_record(
            indicator=indicator, period=datetime.date(2025, month, 10), value=Decimal(value), by=leo
        )
    assert [(v.period.month, v.value) for v in indicator.values.all()] == [(4, Decimal(110)), (5, Decimal(96))]


def test_an_indicator_name_is_used_once_per_partnership(world, indicator, alice):
    with pytest.raises(ValidationError):
        services.indicator_create(
            partnership=world.northdale,
            name=indicator.name,
            unit="incidents",
            baseline=Decimal(1),
            target=Decimal(1),
            direction=Indicator.Direction.UP,
            agency=world.agencies["fire"],
            by=alice,
        )


# Handover -------------------------------------------------------------------------------------------


def test_a_handover_within_the_agency_moves_the_outgoing_officers_open_items(world, objective, alice, leo, olive):
    open_item = make_item(world, objective, officer="leo", title="Open")
    complete = make_item(world, objective, officer="leo", title="Complete")
    dropped = make_item(world, objective, officer="leo", title="Dropped")
    log(world, complete, Status.COMPLETE)
    log(world, dropped, Status.DROPPED, dropped_reason="Merged into another item")

    summary = member_services.officer_handover(
        partnership=world.northdale, outgoing=world.people["leo"], successor=world.people["olive"], by=alice
    )

    moved = reloaded(open_item)
    assert (moved.responsible_officer, moved.lead_agency) == (world.people["olive"], world.agencies["police"])
    assert reloaded(complete).responsible_officer == world.people["leo"]
    assert reloaded(dropped).responsible_officer == world.people["leo"]
    assert "Workplan item: Open" in summary
    assert may(olive, services.UPDATE_ITEM, moved)
    assert moved.history.latest().history_user == alice


def test_a_handover_to_another_agency_moves_the_lead_agency_and_its_rights(world, objective, alice, leo, fred):
    item = make_item(world, objective, officer="olive")
    member_services.officer_handover(
        partnership=world.northdale, outgoing=world.people["olive"], successor=world.people["fred"], by=alice
    )
    moved = reloaded(item)
    assert (moved.responsible_officer, moved.lead_agency) == (world.people["fred"], world.agencies["fire"])
    assert may(fred, services.UPDATE_ITEM, moved)
    assert not may(leo, services.UPDATE_ITEM, moved)


def test_a_handover_to_someone_of_no_agency_is_refused_and_moves_nothing(world, objective, alice):
    item = make_item(world, objective, officer="olive")
    with pytest.raises(ValidationError) as caught:
        member_services.officer_handover(
            partnership=world.northdale, outgoing=world.people["olive"], successor=world.people["maya"], by=alice
        )
    assert caught.value.message_dict == {"successor": [services.SUCCESSOR_NEEDS_AGENCY]}
    assert reloaded(item).responsible_officer == world.people["olive"]


def test_a_handover_leaves_items_in_other_partnerships_alone(world, objective, alice, charlie):
    southvale_plan = services.workplan_create(
        partnership=world.southvale,
        title="Southvale annual plan",
        starts=days_from_today(-30),
        ends=days_from_today(300),
        by=charlie,
    )
    southvale_objective = services.objective_create(
        priority=services.priority_create(workplan=southvale_plan, title="Safer streets", by=charlie),
        title="Fewer burglaries",
        by=charlie,
    )
    elsewhere = make_item(world, southvale_objective, officer="olive", by=charlie)
    here = make_item(world, objective, officer="olive")
    member_services.officer_handover(
        partnership=world.northdale, outgoing=world.people["olive"], successor=world.people["leo"], by=alice
    )
    assert reloaded(here).responsible_officer == world.people["leo"]
    assert reloaded(elsewhere).responsible_officer == world.people["olive"]


# History --------------------------------------------------------------------------------------------


def _write_paths(world, plan, priority, objective, police_item, indicator):
    p, a = world.people, world.agencies
    setup = world.administrator  # set-up steps; their history rows are left out of the comparison

    def milestone():
        return services.milestone_add(item=police_item, title="Rota agreed", due=days_from_today(20), by=setup)

    return {
        "workplan_create": lambda by: services.workplan_create(
            partnership=world.northdale, title="Next year", starts=plan.ends, ends=days_from_today(600), by=by
        ),
        "workplan_update": lambda by: services.workplan_update(
            workplan=plan, by=by, version=plan.version, summary="Agreed by the board"
        ),
        "priority_create": lambda by: services.priority_create(workplan=plan, title="Reduce reoffending", by=by),
        "priority_update": lambda by: services.priority_update(
            priority=priority, by=by, version=priority.version, description="Above all in the town centre"
        ),
        "objective_create": lambda by: services.objective_create(priority=priority, title="Fewer arsons", by=by),
        "objective_update": lambda by: services.objective_update(
            objective=objective, by=by, version=objective.version, expected_outcome="A fifth fewer calls"
        ),
        "item_create": lambda by: make_item(world, objective, supporters=[a["fire"]], by=by),
        "item_update": lambda by: services.item_update(
            item=police_item, by=by, version=police_item.version, lead_agency=a["fire"], responsible_officer=p["fred"]
        ),
        "supporter_add": lambda by: services.supporter_add(item=police_item, agency=a["council"], by=by),
        "supporter_remove": lambda by: services.supporter_remove(supporter=police_item.supporters.get(), by=by),
        "resource_commit": lambda by: services.resource_commit(
            item=police_item,
            agency=a["fire"],
            kind="staff",
            description="Two firefighters",
            amount=8,
            unit="hours",
            by=by,
        ),
        "milestone_add": lambda by: services.milestone_add(
            item=police_item, title="Rota agreed", due=days_from_today(20), by=by
        ),
        "milestone_complete": lambda by: services.milestone_complete(
            milestone=milestone(), done_on=timezone.localdate(), by=by
        ),
        "progress_log": lambda by: services.progress_log(
            item=police_item, author=p["leo"], by=by, narrative="Started", status=Status.ON_TRACK
        ),
        "progress_log_comment": lambda by: services.progress_log(
            item=police_item, author=p["fred"], by=by, narrative="We can help", kind=COMMENT
        ),
        "indicator_create": lambda by: services.indicator_create(
            partnership=world.northdale,
            name="Deliberate fires",
            unit="fires a month",
            baseline=Decimal(30),
            target=Decimal(20),
            direction=Indicator.Direction.DOWN,
            agency=a["fire"],
            by=by,
        ),
        "indicator_update": lambda by: services.indicator_update(
            indicator=indicator, by=by, version=indicator.version, agency=a["fire"], target=Decimal(90)
        ),
        "indicator_value_record": lambda by: services.indicator_value_record(
            indicator=indicator, period=datetime.date(2025, 5, 1), value=Decimal(97), by=by
        ),
        "indicator_value_record_correction": lambda by: (
            services.indicator_value_record(
                indicator=indicator, period=datetime.date(2025, 5, 1), value=Decimal(97), by=setup
            ),
            services.indicator_value_record(
                indicator=indicator, period=datetime.date(2025, 5, 1), value=Decimal(95), by=by
            ),
        ),
        "officer_handover_of_items": lambda by: (
            make_item(world, objective, officer="olive", by=setup),
            member_services.officer_handover(
                partnership=world.northdale, outgoing=p["olive"], successor=p["fred"], by=by
            ),
        ),
    }


WRITE_PATHS = [
    "workplan_create",
    "workplan_update",
    "priority_create",
    "priority_update",
    "objective_create",
    "objective_update",
    "item_create",
    "item_update",
    "supporter_add",
    "supporter_remove",
    "resource_commit",
    "milestone_add",
    "milestone_complete",
    "progress_log",
    "progress_log_comment",
    "indicator_create",
    "indicator_update",
    "indicator_value_record",
    "indicator_value_record_correction",
    "officer_handover_of_items",
]


@pytest.fixture
def write_paths(world, plan, priority, objective, police_item, indicator):
    return _write_paths(world, plan, priority, objective, police_item, indicator)


@pytest.mark.parametrize("path", WRITE_PATHS)
def test_every_history_row_a_service_writes_names_who_made_it_in_the_audit_log(world, write_paths, carol, path):
    """Set-up steps inside a path are made by the administrator and left out: every other row must name carol."""
    mark = history_mark()
    write_paths[path](carol)
    rows = [row for row in history_since(mark) if row.history_user != world.administrator]
    assert rows, "the write recorded no history"
    assert {row.history_user for row in rows} == {carol}
    indexed = {
        (entry.kind, entry.history_id, entry.user_id, entry.partnership_id)
        for entry in AuditEntry.objects.filter(history_id__in=[row.history_id for row in rows])
    }
    assert {
        (row.instance._meta.label_lower, row.history_id, carol.pk, world.northdale.pk)
        for row in rows
        if row.instance._meta.app_label == "workplan"
    } <= indexed


def test_the_write_paths_above_cover_every_workplan_service():
    service_names = {
        name
        for name, value in vars(services).items()
        if callable(value) and not name.startswith("_") and getattr(value, "__module__", "") == services.__name__
    }
    uncovered = {name for name in service_names if not any(path.startswith(name) for path in WRITE_PATHS)}
    assert uncovered == set()
