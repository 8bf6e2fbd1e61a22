"""Outputs of the workplan: the status and indicator charts as SVG, the timeline page, the plan as PDF and
the items and indicator values as CSV. Members of the partnership get them all; outsiders get 404."""

import csv
import datetime
import io
import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.workplan.conftest import days_from_today, make_item
from workplan import charts, services
from workplan.models import WorkplanItem

SVG = "{http://www.w3.org/2000/svg}"
STATUS_LABELS = [status.label for status in WorkplanItem.Status]


def url(name, *args):
    return reverse(f"workplan:{name}", args=["northdale", *args])


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def svg_of(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "image/svg+xml"
    return ElementTree.fromstring(response.content)


def texts(root):
    return " ".join(text for node in root.iter() for text in (node.text,) if text)


def policy(response):
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())


@pytest.fixture
def second_priority(world, plan):
    return services.priority_create(workplan=plan, title="Protect people from exploitation", by=world.users["alice"])


@pytest.fixture
def full_plan(world, plan, objective, police_item, second_priority):
    """Four items in two priorities: on track, at risk (fire), complete, and one overdue and not started."""
    alice = world.users["alice"]
    services.progress_log(
        item=police_item,
        author=world.people["leo"],
        by=world.users["leo"],
        narrative="Patrols agreed.",
        status="on_track",
    )
    fire_item = make_item(world, objective, lead="fire", officer="fred", title="Arson prevention visits", due=90)
    services.progress_log(
        item=fire_item,
        author=world.people["fred"],
        by=world.users["fred"],
        narrative="Short of staff.",
        status="at_risk",
    )
    exploitation = services.objective_create(priority=second_priority, title="Spot exploitation early", by=alice)
    done = make_item(
        world, exploitation, lead="council", officer="alice", title="Train taxi drivers", starts=-100, due=-10
    )
    services.milestone_add(item=done, title="First course held", due=days_from_today(-50), by=alice)
    services.progress_log(
        item=done, author=world.people["alice"], by=alice, narrative="All drivers trained.", status="complete"
    )
    late = make_item(world, exploitation, title="Refresh the referral pathway", starts=-60, due=-5)
    services.milestone_add(item=late, title="Draft pathway", due=days_from_today(20), by=alice)
    return {"police": police_item, "fire": fire_item, "done": done, "late": late}


@pytest.fixture
def indicator_values(world, indicator):
    alice = world.users["alice"]
    for months_ago, value in ((3, "118"), (2, "109.5"), (1, "97")):
        period = (timezone.localdate().replace(day=1) - datetime.timedelta(days=28 * months_ago)).replace(day=1)
        services.indicator_value_record(indicator=indicator, period=period, value=Decimal(value), by=alice)
    return indicator


# Charts -------------------------------------------------------------------------------------------------


def test_status_by_priority_chart_shows_every_status_and_priority(world, plan, full_plan):
    response = client_for(world.users["maya"]).get(url("chart_status_priority", plan.pk))
    root = svg_of(response)
    assert response["Cache-Control"] == "private, no-store"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root[0].tag == f"{SVG}title" and root[0].get("id") == title_id
    assert root[1].tag == f"{SVG}desc" and root[1].get("id") == desc_id
    assert root[0].text == "Items by priority and status"
    words = texts(root)
    for label in STATUS_LABELS:
        assert label in words
    assert "Reduce anti-social behaviour" in words and "Protect people from exploitation" in words
    assert "Reduce anti-social behaviour: 1 on track, 1 at risk" in root[1].text
    assert "Protect people from exploitation: 1 not started, 1 complete" in root[1].text
    assert not list(root.iter(f"{SVG}script"))


def test_status_by_agency_chart_has_a_bar_for_each_lead_agency(world, plan, full_plan):
    root = svg_of(client_for(world.users["olive"]).get(url("chart_status_agency", plan.pk)))
    words = texts(root)
    for name in ("Northdale District Council", "Shire Constabulary", "Shire Fire and Rescue Service"):
        assert name in words
    for label in STATUS_LABELS:
        assert label in words
    assert "Shire Fire and Rescue Service: 1 at risk" in root[1].text
    assert not list(root.iter(f"{SVG}script"))


def test_status_chart_of_an_empty_plan_says_so(world, plan):
    root = svg_of(client_for(world.users["alice"]).get(url("chart_status_priority", plan.pk)))
    assert "No items yet" in texts(root)


def test_indicator_chart_shows_values_target_and_baseline(world, indicator_values):
    root = svg_of(client_for(world.users["fred"]).get(url("chart_indicator", indicator_values.pk)))
    words = texts(root)
    assert "Value" in words and "Target: 100" in words and "Baseline: 120" in words
    description = root[1].text
    assert "Baseline 120, target 100 (lower is better)" in description
    assert "109.5" in description and "The latest value meets the target" in description
    assert not list(root.iter(f"{SVG}script"))


def test_the_same_chart_serves_the_page_and_the_pdf(world, plan, full_plan):
    counts, groups = charts.plan_status_counts(plan, "priority")
    svg = charts.status_chart(counts, groups, title="Items by priority and status", what="priority")
    uri = charts.data_uri(svg)
    assert uri.startswith("data:image/svg+xml;base64,")
    ElementTree.fromstring(svg)


@pytest.mark.parametrize("name", ["chart_status_priority", "chart_status_agency", "chart_indicator"])
def test_charts_are_for_members_only(world, plan, indicator, name):
    pk = indicator.pk if name == "chart_indicator" else plan.pk
    assert client_for(world.users["charlie"]).get(url(name, pk)).status_code == 404
    response = client_for().get(url(name, pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_plan_of_another_partnership_has_no_chart(world, plan):
    other = services.workplan_create(
        partnership=world.southvale,
        title="Southvale plan",
        starts=days_from_today(-10),
        ends=days_from_today(300),
        by=world.users["charlie"],
    )
    assert client_for(world.users["alice"]).get(url("chart_status_priority", other.pk)).status_code == 404


def test_chart_responses_alone_allow_inline_styles(world, plan, indicator):
    alice = client_for(world.users["alice"])
    for response in (
        alice.get(url("chart_status_priority", plan.pk)),
        alice.get(url("chart_status_agency", plan.pk)),
        alice.get(url("chart_indicator", indicator.pk)),
    ):
        directives = policy(response)
        assert directives["style-src"] == "'self' 'unsafe-inline'"
        assert directives["script-src"] == "'none'"
    page = policy(alice.get(url("timeline", plan.pk)))
    assert page["style-src"] == "'self'" and page["script-src"] == "'self'"


# Timeline -----------------------------------------------------------------------------------------------


def timeline_svg(response):
    html = response.content.decode()
    found = re.search(r"<svg.*?</svg>", html, re.S)
    assert found, "no inline SVG on the page"
    return found.group(0), ElementTree.fromstring(found.group(0))


def test_timeline_shows_every_item_on_the_chart_and_in_the_tables(world, plan, full_plan):
    response = client_for(world.users["maya"]).get(url("timeline", plan.pk))
    assert response.status_code == 200
    markup, root = timeline_svg(response)
    assert root.get("role") == "img"
    labelled_by = root.get("aria-labelledby").split()
    assert [root.find(f"{SVG}title").get("id"), root.find(f"{SVG}desc").get("id")] == labelled_by
    assert "4 items in 2 priorities" in root.find(f"{SVG}desc").text
    tooltips = [node.text for node in root.iter(f"{SVG}title")]
    for item in full_plan.values():
        assert any(text.startswith(f"{item.title}: led by {item.lead_agency.name}") for text in tooltips)
        assert response.content.decode().count(f">{item.title}</a>") == 1  # the table's link to the item
    assert any(text.startswith("Milestone: Draft pathway") for text in tooltips)
    assert any(text.startswith("Today,") for text in tooltips)
    # Nothing the content security policy would block: no style attributes, no <style>, no script.
    assert "style=" not in markup and "<style" not in markup and "<script" not in markup
    # Bars are coloured by status.
    fills = {rect.get("fill") for rect in root.iter(f"{SVG}rect")}
    assert charts.STATUS_COLOURS["at_risk"] in fills and charts.STATUS_COLOURS["complete"] in fills


def test_timeline_of_a_plan_without_items_says_so(world, plan):
    response = client_for(world.users["alice"]).get(url("timeline", plan.pk))
    assert response.status_code == 200
    assert "This plan has no items yet" in response.content.decode()
    assert "<svg" not in response.content.decode().split('id="main-content"')[1]


def test_timeline_is_for_members_only(world, plan):
    assert client_for(world.users["charlie"]).get(url("timeline", plan.pk)).status_code == 404
    assert client_for().get(url("timeline", plan.pk)).status_code == 302


def test_timeline_queries_do_not_grow_with_the_items(world, plan, objective, police_item):
    client = client_for(world.users["alice"])
    with CaptureQueriesContext(connection) as one:
        assert client.get(url("timeline", plan.pk)).status_code == 200
    for n in range(3):
        item = make_item(world, objective, title=f"Extra item {n}")
        services.milestone_add(item=item, title="A milestone", due=days_from_today(10), by=world.users["alice"])
    with CaptureQueriesContext(connection) as four:
        assert client.get(url("timeline", plan.pk)).status_code == 200
    assert len(four) == len(one)


# PDF ----------------------------------------------------------------------------------------------------


def test_pdf_holds_the_priorities_items_indicators_and_attention_list(world, plan, full_plan, indicator_values):
    response = client_for(world.users["carol"]).get(url("pdf", plan.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"workplan-annual-plan-{timezone.localdate():%Y-%m-%d}.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert reader.metadata.title == "Annual plan"
    for words in (
        "Reduce anti-social behaviour",
        "Protect people from exploitation",
        "Fewer repeat calls about the town centre",
        "Town centre patrol plan",
        "Arson prevention visits",
        "Train taxi drivers",
        "Refresh the referral pathway",
        "Anti-social behaviour incidents",
        "Shire Fire and Rescue Service",
        "Fred Fisher",
        "Items that need attention",
    ):
        assert words in text, words
    assert "Latest value 97 in" in text and "meets the target" in text
    assert "Target 100 (lower is better)" in text and "Baseline 120" in text
    attention = text.split("Items that need attention")[-1]
    assert "Arson prevention visits" in attention and "Refresh the referral pathway" in attention
    assert "Train taxi drivers" not in attention
    # The charts are drawn in the PDF (WeasyPrint draws SVG as vectors, so their words are text).
    for words in ("Items by priority and status", "Items by lead agency and status", "Target: 100", "Baseline: 120"):
        assert words in text, words


def test_pdf_is_for_members_only(world, plan):
    assert client_for(world.users["charlie"]).get(url("pdf", plan.pk)).status_code == 404


# CSV ----------------------------------------------------------------------------------------------------


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_items_csv_has_a_row_for_each_item(world, plan, full_plan):
    response = client_for(world.users["olive"]).get(url("items_csv", plan.pk))
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="workplan-items-northdale-{today:%Y-%m-%d}.csv"'
    header, *rows = csv_rows(response)
    assert header[:3] == ["priority", "objective", "title"]
    by_title = {row[2]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_title) == {item.title for item in full_plan.values()}
    police = by_title["Town centre patrol plan"]
    assert police == {
        "priority": "Reduce anti-social behaviour",
        "objective": "Fewer repeat calls about the town centre",
        "title": "Town centre patrol plan",
        "lead agency": "Shire Constabulary",
        "responsible officer": "Leo Lewis",
        "responsible officer email": "leo@example.org",
        "supporting agencies": "Shire Fire and Rescue Service",
        "start": f"{days_from_today(-14):%Y-%m-%d}",
        "due": f"{days_from_today(60):%Y-%m-%d}",
        "status": "On track",
        "last update": f"{today:%Y-%m-%d}",
    }
    assert by_title["Refresh the referral pathway"]["last update"] == ""


def test_items_csv_cannot_carry_a_formula(world, plan, objective):
    make_item(world, objective, title='=HYPERLINK("http://example.com")')
    _, row = csv_rows(client_for(world.users["alice"]).get(url("items_csv", plan.pk)))
    assert row[2] == '\'=HYPERLINK("http://example.com")'


def test_values_csv_has_every_indicator_value(world, indicator_values):
    response = client_for(world.users["maya"]).get(url("values_csv"))
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="indicator-values-northdale-{today:%Y-%m-%d}.csv"'
    header, *rows = csv_rows(response)
    assert header[:6] == ["indicator", "unit", "owning agency", "priority", "period", "value"]
    assert [row[5] for row in rows] == ["118.00", "109.50", "97.00"]
    assert [row[9] for row in rows] == ["no", "no", "yes"]
    assert {row[0] for row in rows} == {"Anti-social behaviour incidents"}
    assert rows[0][2] == "Shire Constabulary"


@pytest.mark.parametrize("name", ["items_csv", "values_csv"])
def test_csv_exports_are_for_members_only(world, plan, name):
    args = [plan.pk] if name == "items_csv" else []
    assert client_for(world.users["charlie"]).get(url(name, *args)).status_code == 404
    assert client_for().get(url(name, *args)).status_code == 302
