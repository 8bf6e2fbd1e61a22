"""The workplan's pages: the lead agency logs progress, supporting agencies comment, others are refused;
the coordinator's forms refuse bad input next to the field; list pages run a pinned number of queries.

The plan, its priority and objective and the indicator come from tests/workplan/conftest.py. The item
"Hotspot patrols in Eastgate" is led by the police (leo, olive) with leo responsible, and supported by the
district council (alice, carol). Fred works for the fire service, which has no part in it.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from core.writes import STALE_EDIT
from meetings import services as meeting_services
from workplan import services
from workplan.models import IndicatorValue, ProgressUpdate, WorkplanItem

ERROR_SUMMARY = "There is a problem"
TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def url(name, *args):
    return reverse(f"workplan:{name}", args=["northdale", *args])


@pytest.fixture
def item(world, objective):
    return services.item_create(
        workplan=objective.priority.workplan,
        objective=objective,
        title="Hotspot patrols in Eastgate",
        lead_agency=world.agencies["police"],
        responsible_officer=world.people["leo"],
        starts=days(-30),
        due=days(90),
        supporters=[world.agencies["council"]],
        by=world.users["alice"],
    )


def as_user(client, user):
    client.force_login(user)
    return client


def assert_refused(response, field, message, form="form"):
    """The page comes back with the message next to the field and in the summary at the top."""
    assert response.status_code == 200
    errors = response.context[form].errors
    assert message in errors.get(field, []), errors
    assert ERROR_SUMMARY in response.text
    assert response.text.count(escape(message)) >= 2  # in the summary and beside the field


def item_data(world, objective, **changes):
    data = {
        "objective": objective.pk,
        "title": "Youth outreach in the town centre",
        "description": "",
        "lead_agency": world.agencies["police"].pk,
        "responsible_officer": world.people["olive"].pk,
        "starts": days(1).isoformat(),
        "due": days(120).isoformat(),
    }
    return {**data, **changes}


# Progress and comments ------------------------------------------------------------------------------


def test_the_lead_agencys_officer_logs_an_at_risk_update_and_the_item_shows_it(world, client, item):
    as_user(client, world.users["olive"])
    page = client.get(url("item", item.pk))
    assert "Log progress" in page.text and "Add a comment" not in page.text

    response = client.post(
        url("item_progress", item.pk),
        {"status": WorkplanItem.Status.AT_RISK, "narrative": "Two of the four patrol nights were cancelled."},
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == WorkplanItem.Status.AT_RISK
    assert item.last_update_at is not None
    update = item.updates.get()
    assert (update.author, update.kind) == (world.people["olive"], ProgressUpdate.Kind.UPDATE)
    shown = client.get(url("item", item.pk)).text
    assert '<strong class="govuk-tag govuk-tag--yellow">At risk</strong>' in shown
    assert "Two of the four patrol nights were cancelled." in shown
    assert "Olive Okafor" in shown


def test_dropping_an_item_without_a_reason_is_refused_next_to_the_field(world, client, item):
    as_user(client, world.users["leo"])
    response = client.post(
        url("item_progress", item.pk), {"status": WorkplanItem.Status.DROPPED, "narrative": "No longer needed."}
    )
    assert_refused(response, "dropped_reason", services.DROP_NEEDS_REASON, form="progress_form")
    item.refresh_from_db()
    assert item.status == WorkplanItem.Status.NOT_STARTED
    assert not item.updates.exists()


def test_an_officer_of_another_agency_gets_403_posting_progress_and_nothing_changes(world, client, item):
    as_user(client, world.users["fred"])
    page = client.get(url("item", item.pk))
    assert page.status_code == 200
    assert "Log progress" not in page.text and "Add a comment" not in page.text

    progress = client.post(
        url("item_progress", item.pk), {"status": WorkplanItem.Status.COMPLETE, "narrative": "Done, says fire."}
    )
    comment = client.post(url("item_comment", item.pk), {"comment-narrative": "Fire has a view."})

    assert (progress.status_code, comment.status_code) == (403, 403)
    item.refresh_from_db()
    assert item.status == WorkplanItem.Status.NOT_STARTED
    assert not item.updates.exists()


def test_a_supporting_agency_comments_but_cannot_change_the_status(world, client, item):
    as_user(client, world.users["carol"])  # the chair, who works for the supporting district council
    page = client.get(url("item", item.pk))
    assert "Add a comment" in page.text and "Log progress" not in page.text

    commented = client.post(
        url("item_comment", item.pk),
        {"comment-narrative": "The council's wardens joined two patrols.", "status": WorkplanItem.Status.COMPLETE},
    )
    progress = client.post(
        url("item_progress", item.pk), {"status": WorkplanItem.Status.COMPLETE, "narrative": "All done."}
    )

    assert (commented.status_code, progress.status_code) == (302, 403)
    item.refresh_from_db()
    assert item.status == WorkplanItem.Status.NOT_STARTED
    assert item.last_update_at is None
    comment = item.updates.get()
    assert (comment.kind, comment.status, comment.author) == (ProgressUpdate.Kind.COMMENT, "", world.people["carol"])
    assert "The council&#x27;s wardens joined two patrols." in client.get(url("item", item.pk)).text


def test_a_member_with_no_agency_reads_the_item_but_may_not_comment(world, client, item):
    as_user(client, world.users["maya"])
    page = client.get(url("item", item.pk))
    assert page.status_code == 200 and "Hotspot patrols in Eastgate" in page.text
    updates_before = item.updates.count()
    assert client.post(url("item_comment", item.pk), {"comment-narrative": "A view."}).status_code == 403
    assert item.updates.count() == updates_before
    assert not item.updates.filter(narrative="A view.").exists()


def test_someone_from_another_partnership_gets_404(world, client, item):
    as_user(client, world.users["charlie"])
    assert client.get(url("item", item.pk)).status_code == 404
    assert client.get(url("plan")).status_code == 404


def test_the_item_shows_the_action_points_linked_to_it_that_the_viewer_may_see(world, client, item):
    alice = world.users["alice"]
    action = meeting_services.action_create(
        partnership=world.northdale,
        description="Share the patrol rota with the wardens",
        owner=world.people["leo"],
        due=days(14),
        workplan_item=item,
        by=alice,
        notify=False,
    )
    as_user(client, world.users["fred"])
    page = client.get(url("item", item.pk))
    assert "Share the patrol rota with the wardens" in page.text
    assert reverse("meetings:action", args=["northdale", action.pk]) in page.text


def test_a_confidential_action_linked_to_the_item_shows_only_to_those_cleared_for_it(world, client, item):
    alice = world.users["alice"]
    meeting = meeting_services.meeting_create(
        partnership=world.northdale,
        group=world.groups["board"],
        starts_at=timezone.now() - datetime.timedelta(days=7),
        location="Council chamber, Northdale House",
        by=alice,
    )
    secret = meeting_services.agenda_item_create(
        meeting=meeting,
        title="A family at risk in Eastgate",
        is_confidential=True,
        confidential_reason="Personal information.",
        by=alice,
    )
    meeting_services.action_create(
        partnership=world.northdale,
        description="Visit the family named in the confidential item",
        owner=world.people["leo"],
        due=days(7),
        item=secret,
        workplan_item=item,
        by=alice,
        notify=False,
    )
    assert "Visit the family" in as_user(client, world.users["olive"]).get(url("item", item.pk)).text
    assert "Visit the family" not in as_user(client, world.users["fred"]).get(url("item", item.pk)).text


def test_the_coordinator_links_an_action_from_a_meeting_to_a_workplan_item(world, client, item):
    as_user(client, world.users["alice"])
    form = client.get(reverse("meetings:action_create", args=["northdale"])).context["form"]
    assert list(form.fields["workplan_item"].queryset) == [item]

    response = client.post(
        reverse("meetings:action_create", args=["northdale"]),
        {
            "description": "Agree the patrol rota with the wardens",
            "owner": world.people["olive"].pk,
            "due": days(14).isoformat(),
            "workplan_item": item.pk,
        },
    )

    assert response.status_code == 302
    action = item.actions.get()
    assert action.description == "Agree the patrol rota with the wardens"
    assert "Agree the patrol rota with the wardens" in client.get(url("item", item.pk)).text


def test_an_action_is_not_linked_to_a_workplan_item_of_another_partnership(world, item):
    with pytest.raises(ValidationError) as refused:
        meeting_services.action_create(
            partnership=world.southvale,
            description="Borrow Northdale's item",
            owner=world.people["charlie"],
            due=days(7),
            workplan_item=item,  # Northdale's
            by=world.users["charlie"],
            notify=False,
        )
    assert refused.value.message_dict == {"workplan_item": [meeting_services.WORKPLAN_ITEM_ELSEWHERE]}


def test_the_items_and_indicators_history_pages_are_for_members_only(world, client, item, indicator):
    for kind, pk in (("workplanitem", item.pk), ("indicator", indicator.pk)):
        path = reverse("partnership:history", args=["northdale", kind, pk])
        assert as_user(client, world.users["maya"]).get(path).status_code == 200
        assert as_user(client, world.users["charlie"]).get(path).status_code == 404


# The coordinator's forms ----------------------------------------------------------------------------


def test_a_responsible_officer_of_another_agency_is_refused_next_to_the_field(world, client, plan, objective):
    as_user(client, world.users["alice"])
    response = client.post(
        url("item_create", plan.pk), item_data(world, objective, responsible_officer=world.people["fred"].pk)
    )
    assert_refused(response, "responsible_officer", "The responsible officer must work for the lead agency.")
    assert not WorkplanItem.objects.exists()


def test_a_due_date_before_the_start_is_refused_next_to_the_field(world, client, plan, objective):
    as_user(client, world.users["alice"])
    response = client.post(
        url("item_create", plan.pk),
        item_data(world, objective, starts=days(30).isoformat(), due=days(10).isoformat()),
    )
    assert_refused(response, "due", "The due date must be on or after the start date.")
    assert not WorkplanItem.objects.exists()


def test_a_plan_that_ends_before_it_starts_is_refused_next_to_the_field(world, client):
    as_user(client, world.users["alice"])
    response = client.post(
        url("workplan_create"),
        {"title": "Backwards", "kind": "annual", "starts": days(10).isoformat(), "ends": days(-10).isoformat()},
    )
    assert_refused(response, "ends", "A plan must end after it starts.")


def test_the_coordinator_adds_an_item_with_supporters_who_may_then_comment(world, client, plan, objective):
    as_user(client, world.users["alice"])
    response = client.post(
        url("item_create", plan.pk), item_data(world, objective, supporters=[world.agencies["fire"].pk])
    )
    created = WorkplanItem.objects.get()
    assert response.status_code == 302
    assert response.url == url("item", created.pk)
    assert [s.agency for s in created.supporters.all()] == [world.agencies["fire"]]
    fred = world.users["fred"]
    assert fred.has_perm(services.COMMENT_ITEM, created)
    assert not fred.has_perm(services.UPDATE_ITEM, created)
    assert world.users["olive"].has_perm(services.UPDATE_ITEM, created)


def test_the_lead_agency_cannot_also_be_a_supporter(world, client, plan, objective):
    as_user(client, world.users["alice"])
    response = client.post(
        url("item_create", plan.pk), item_data(world, objective, supporters=[world.agencies["police"].pk])
    )
    assert_refused(response, "supporters", services.SUPPORTER_IS_LEAD)


def test_a_stale_edit_of_an_item_is_refused_and_the_newer_change_kept(world, client, item):
    as_user(client, world.users["alice"])
    form = client.get(url("item_edit", item.pk)).context["form"]
    services.item_update(item=item, by=world.users["alice"], version=item.version, title="Patrols: Eastgate")

    data = item_data(world, item.objective, title="My older wording")
    data.update(responsible_officer=world.people["leo"].pk, version=form["version"].value())
    response = client.post(url("item_edit", item.pk), data)

    assert response.status_code == 200
    assert STALE_EDIT in response.context["form"].non_field_errors()
    assert ERROR_SUMMARY in response.text
    item.refresh_from_db()
    assert item.title == "Patrols: Eastgate"


def test_only_the_coordinator_changes_the_plan(world, client, item, plan):
    supporters_before = set(item.supporters.values_list("agency_id", flat=True))
    history_before = item.supporters.model.history.count()
    for name in ("leo", "carol", "maya"):
        as_user(client, world.users[name])
        assert client.get(url("item_edit", item.pk)).status_code == 403
        assert client.get(url("priority_create", plan.pk)).status_code == 403
        assert client.post(url("supporter_add", item.pk), {"agency": world.agencies["fire"].pk}).status_code == 403
        assert client.post(url("supporter_add", item.pk), {"agency": world.agencies["council"].pk}).status_code == 403
    assert set(item.supporters.values_list("agency_id", flat=True)) == supporters_before
    assert item.supporters.model.history.count() == history_before


def test_the_coordinator_removes_a_supporter_and_its_officers_may_no_longer_comment(world, client, item):
    support = item.supporters.get()
    as_user(client, world.users["alice"])
    assert client.get(url("supporter_remove", item.pk, support.pk)).status_code == 200
    assert client.post(url("supporter_remove", item.pk, support.pk)).status_code == 302
    assert not item.supporters.exists()
    carol = type(world.users["carol"]).objects.get(pk=world.users["carol"].pk)
    assert not carol.has_perm(services.COMMENT_ITEM, item)


def test_the_lead_agency_marks_a_milestone_reached(world, client, item):
    milestone = services.milestone_add(item=item, title="Rota agreed", due=days(7), by=world.users["alice"])
    as_user(client, world.users["olive"])
    response = client.post(url("milestone_done", item.pk, milestone.pk), {"done_on": TODAY.isoformat()})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == TODAY
    as_user(client, world.users["fred"])
    assert client.post(url("milestone_done", item.pk, milestone.pk), {"done_on": TODAY.isoformat()}).status_code == 403


# Indicators -----------------------------------------------------------------------------------------


def test_the_owning_agency_enters_a_value_and_a_correction_keeps_the_earlier_one(world, client, indicator):
    as_user(client, world.users["olive"])
    month = TODAY.replace(day=1).isoformat()
    assert client.post(url("indicator_value", indicator.pk), {"period": month, "value": "112"}).status_code == 302
    assert client.post(url("indicator_value", indicator.pk), {"period": month, "value": "98.5"}).status_code == 302

    value = IndicatorValue.objects.get(indicator=indicator)
    assert value.value == Decimal("98.5")
    assert value.history.count() == 2
    page = client.get(url("indicator", indicator.pk)).text
    assert "98.50" in page and "Was 112," in page
    assert "Meets the target" in page


def test_an_officer_of_another_agency_may_not_enter_indicator_values(world, client, indicator):
    as_user(client, world.users["fred"])
    month = TODAY.replace(day=1).isoformat()
    assert client.post(url("indicator_value", indicator.pk), {"period": month, "value": "1"}).status_code == 403
    assert not IndicatorValue.objects.exists()


def test_the_indicator_list_shows_the_trend_since_the_previous_value(world, client, indicator):
    alice = world.users["alice"]
    this_month = TODAY.replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    services.indicator_value_record(indicator=indicator, period=last_month, value=Decimal("110"), by=alice)
    services.indicator_value_record(indicator=indicator, period=this_month, value=Decimal("104"), by=alice)
    page = as_user(client, world.users["maya"]).get(url("indicators")).text
    assert f"Down from 110 in {last_month:%B %Y}: better" in page
    assert "Misses the target" in page
    assert "Enter a value" not in page


# Query counts ---------------------------------------------------------------------------------------

# The police officer's pages run one query more where they show "Log progress" or "Enter a value": the
# coordinator may do both everywhere, so her rights need no query.
PINNED = {
    "alice": {"plan": 12, "by agency": 14, "by officer": 11, "attention": 9, "indicators": 8},
    "olive": {"plan": 12, "by agency": 15, "by officer": 12, "attention": 10, "indicators": 9},
}


def grow(world, objective, start, stop):
    """Add items numbered start..stop-1: led by the police (leo responsible) or the council (alice), supported
    by the other and the fire service, each with a resource, a milestone and an update; half of them overdue
    or at risk. And as many indicators, each with three months of values."""
    alice = world.users["alice"]
    police, council, fire = (world.agencies[k] for k in ("police", "council", "fire"))
    for n in range(start, stop):
        lead, officer, other = (
            (police, world.people["leo"], council) if n % 2 else (council, world.people["alice"], police)
        )
        item = services.item_create(
            workplan=objective.priority.workplan,
            objective=objective,
            title=f"Item {n:03}",
            lead_agency=lead,
            responsible_officer=officer,
            starts=days(-100),
            due=days(-5 if n % 4 == 0 else 60 + n),
            supporters=[other, fire],
            by=alice,
        )
        services.resource_commit(item=item, agency=other, kind="staff", description=f"Wardens {n}", by=alice)
        services.milestone_add(item=item, title=f"Milestone {n}", due=days(10), by=alice)
        status = WorkplanItem.Status.AT_RISK if n % 3 == 0 else WorkplanItem.Status.ON_TRACK
        services.progress_log(item=item, author=officer, narrative=f"Update {n}", status=status, by=alice)
        indicator = services.indicator_create(
            partnership=world.northdale,
            name=f"Indicator {n:03}",
            unit="a month",
            baseline=Decimal(50),
            target=Decimal(40),
            direction="down" if n % 2 else "up",
            agency=lead,
            priority=objective.priority,
            by=alice,
        )
        month = TODAY.replace(day=1)
        for value in (45, 42, 44):
            services.indicator_value_record(indicator=indicator, period=month, value=Decimal(value), by=alice)
            month = (month - datetime.timedelta(days=1)).replace(day=1)


def count_queries(client, pages):
    counts = {}
    for name, (path, expect) in pages.items():
        client.get(path)  # warm the caches a long-running server would have warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, name
        # A template's {% if %} swallows django-zeal's N+1 error, so check that every row came out whole.
        for text, times in expect:
            assert response.text.count(text) == times, (name, text)
        counts[name] = len(queries)
    return counts


@pytest.mark.parametrize("who", ["alice", "olive"])
def test_list_pages_run_the_same_number_of_queries_for_5_items_and_for_40(world, client, objective, who):
    as_user(client, world.users[who])
    police = world.agencies["police"].pk
    leo = world.people["leo"].pk

    def pages(rows):
        return {
            "plan": (url("plan"), [(">Item 0", rows)]),
            "by agency": (
                url("by_agency") + f"?agency={police}",
                # Items it leads (odd), supports (even) and has put resources into (even).
                [("Wardens", (rows + 1) // 2), (">Item 0", rows // 2 + 2 * ((rows + 1) // 2))],
            ),
            "by officer": (url("by_officer") + f"?officer={leo}", [(">Item 0", rows // 2)]),
            "attention": (url("attention"), []),
            "indicators": (url("indicators"), [("Trend</dt>", rows), ("Up from", rows)]),
        }

    grow(world, objective, 0, 5)
    few = count_queries(client, pages(5))
    grow(world, objective, 5, 40)
    many = count_queries(client, pages(40))
    assert {"5 items": few, "40 items": many} == {"5 items": PINNED[who], "40 items": PINNED[who]}
