"""Every PDF, CSV, SVG and iCalendar address sends the one Cache-Control rule of core.responses: private,
no-store for anything not public, and the public policy only for the one output that is the same for everyone
(a group's calendar feed). Plus the helpers themselves, the CSV writer and the email and link helpers."""

import copy
import csv
import datetime
import io
import re
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import get_resolver, reverse

from core import csv_export
from core.email import send_each
from core.links import absolute_url
from core.responses import (
    PRIVATE,
    PUBLIC,
    csv_response,
    file_response,
    ical_response,
    not_modified,
    pdf_response,
    svg_response,
)
from meetings import services as meeting_services
from reviews import services as review_services
from tests.conftest import client_of, once_per_module
from tests.http import close_response
from tests.meetings.conftest import days_from_today, make_meeting
from tests.reviews.conftest import (
    HALLMARKS,
    MISSING_RETURNS,
    make_framework,
    make_review,
    open_review,
    shipped,
    submit_a_return,
)
from tests.reviews.conftest import NACRO as NACRO_FRAMEWORK
from tests.reviews.conftest import days_from_today as review_day
from tests.workplan.conftest import (
    make_indicator,
    make_objective,
    make_plan,
    make_police_item,
    make_priority,
    make_strategy,
)

ROOT = Path(__file__).resolve().parent.parent


def make_records(world):
    alice, carol = world.users["alice"], world.users["carol"]
    board = world.groups["board"]
    meeting = make_meeting(by=alice, group=board, starts_at=days_from_today(-14))
    meeting_services.agenda_publish(meeting=meeting, by=alice)
    meeting = meeting_services.meeting_mark_held(meeting=meeting, by=alice)
    item = meeting_services.agenda_item_create(meeting=meeting, title="Anti-social behaviour hotspots", by=alice)
    paper = meeting_services.paper_add(
        item=item, title="Hotspot figures", file=SimpleUploadedFile("hotspots.txt", b"The figures."), by=alice
    )
    feed = meeting_services.calendar_feed_create(person=world.people["maya"], by=alice)

    plan = make_plan(world, make_strategy(world))
    priority = make_priority(world, plan)
    make_police_item(world, make_objective(world, priority))
    indicator = make_indicator(world, priority)

    review = make_review(world, make_framework(world, shipped(NACRO_FRAMEWORK)))
    year = datetime.timedelta(days=365)
    approved = open_review(
        world, shipped(HALLMARKS), title="Review of three years ago", period_start=review_day(-365) - 2 * year
    )
    submit_a_return(world, approved)
    approved = review_services.review_consolidate(review=approved, by=alice)
    approved = review_services.review_approve(
        review=approved, approver=world.people["carol"], by=carol, missing_reason=MISSING_RETURNS
    )
    return SimpleNamespace(
        meeting=meeting,
        board=board,
        paper=paper,
        feed=feed,
        plan=plan,
        indicator=indicator,
        review=review,
        question=review.framework.questions.order_by("order").first(),
        approved=approved,
    )


@pytest.fixture(scope="module")
def _records_of_the_module(_world_of_the_module, django_db_blocker, tmp_path_factory):
    with once_per_module(django_db_blocker, tmp_path_factory):
        yield make_records(_world_of_the_module)


@pytest.fixture
def records(_records_of_the_module, world):
    return copy.deepcopy(_records_of_the_module)


@dataclass
class Output:
    url_name: str
    args: object  # args(records) -> the URL's arguments after the partnership
    content_type: str
    cache_control: str = PRIVATE
    who: str = "alice"
    query: str = ""


OUTPUTS = [
    Output("meetings:agenda_pdf", lambda r: [r.meeting.pk], "application/pdf"),
    Output("meetings:agenda_pdf", lambda r: [r.meeting.pk], "application/pdf", who="anonymous"),
    Output("meetings:minutes_pdf", lambda r: [r.meeting.pk], "application/pdf"),
    Output("meetings:meeting_ics", lambda r: [r.meeting.pk], "text/calendar"),
    Output("meetings:meeting_ics", lambda r: [r.meeting.pk], "text/calendar", who="anonymous"),
    Output("meetings:group_ics", lambda r: [r.board.pk], "text/calendar", PUBLIC, who="anonymous"),
    Output("meetings:group_ics", lambda r: [r.board.pk], "text/calendar", PUBLIC),
    Output("meetings:person_ics", lambda r: [r.feed.token], "text/calendar", who="anonymous"),
    Output("meetings:actions_csv", lambda r: [], "text/csv"),
    Output("meetings:paper", lambda r: [r.paper.pk], "text/plain", who="anonymous"),
    Output("workplan:chart_status_priority", lambda r: [r.plan.pk], "image/svg+xml"),
    Output("workplan:chart_status_agency", lambda r: [r.plan.pk], "image/svg+xml"),
    Output("workplan:chart_indicator", lambda r: [r.indicator.pk], "image/svg+xml"),
    Output("workplan:pdf", lambda r: [r.plan.pk], "application/pdf"),
    Output("workplan:items_csv", lambda r: [r.plan.pk], "text/csv"),
    Output("workplan:values_csv", lambda r: [], "text/csv"),
    Output("reviews:pdf", lambda r: [r.review.pk], "application/pdf"),  # a draft, made on the fly
    Output("reviews:pdf", lambda r: [r.approved.pk], "application/pdf"),  # the stored document
    Output("reviews:document", lambda r: [r.approved.pk, 1], "application/pdf"),
    Output("reviews:chart_question", lambda r: [r.review.pk, r.question.pk], "image/svg+xml"),
    Output("reviews:chart_year_on_year", lambda r: [], "image/svg+xml"),
    Output("reviews:chart_year_on_year", lambda r: [], "image/svg+xml", query="?by=agency"),
]


def _ids(table):
    return [f"{row.url_name}{row.query}:{row.who}" for row in table]


def _get(world, records, row, **headers):
    address = reverse(row.url_name, args=["northdale", *row.args(records)]) + row.query
    response = client_of(row.who, world).get(address, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    close_response(response)
    return response, body


@pytest.mark.parametrize("row", OUTPUTS, ids=_ids(OUTPUTS))
def test_every_output_sends_the_one_cache_rule(world, records, row):
    response, body = _get(world, records, row)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(row.content_type)
    assert response["Cache-Control"] == row.cache_control
    assert body


def _outputs_named(namespaces=("meetings", "workplan", "reviews")):
    """The URL names of the outputs: a file, a feed, a chart or an export is named for what it gives."""

    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
            elif pattern.name:
                yield prefix + pattern.name

    output = re.compile(r"^(?:\w+):(?:.*(?:pdf|csv|ics|chart).*|document|paper)$")
    return {name for name in walk(get_resolver()) if name.split(":")[0] in namespaces and output.match(name)}


def test_the_table_covers_every_output_address():
    assert _outputs_named() == {row.url_name for row in OUTPUTS}


def test_the_stored_review_pdf_keeps_its_etag_and_answers_304_with_the_rule(world, records):
    row = Output("reviews:pdf", lambda r: [r.approved.pk], "application/pdf")
    first, _ = _get(world, records, row)
    etag = first["ETag"]
    assert etag == f'"{records.approved.documents.get().sha256}"'

    again, body = _get(world, records, row, HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert body == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"] == PRIVATE


def test_the_secret_feed_stays_out_of_search_engines(world, records):
    response, _ = _get(world, records, Output("meetings:person_ics", lambda r: [r.feed.token], "", who="anonymous"))
    assert response["X-Robots-Tag"] == "noindex"


def test_no_module_outside_core_responses_builds_a_response_of_its_own():
    """A file response made anywhere else would escape the one cache rule."""
    apps = ["core", "partnership", "members", "meetings", "workplan", "reviews", "overview"]
    found = subprocess.run(
        ["grep", "-rlE", r"\b(HttpResponse|FileResponse|StreamingHttpResponse)\(", *apps, "--include=*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert found == ["core/responses.py"]


# The helpers themselves -------------------------------------------------------------------------------


def test_the_helpers_set_type_name_and_rule():
    pdf = pdf_response(b"%PDF", "agenda.pdf")
    assert (pdf["Content-Type"], pdf["Content-Disposition"], pdf["Cache-Control"]) == (
        "application/pdf",
        'inline; filename="agenda.pdf"',
        "private, no-store",
    )
    download = pdf_response(b"%PDF", "agenda.pdf", inline=False)
    assert download["Content-Disposition"] == 'attachment; filename="agenda.pdf"'
    csv = csv_response("items.csv")
    assert (csv["Content-Type"], csv["Content-Disposition"]) == (
        "text/csv; charset=utf-8",
        'attachment; filename="items.csv"',
    )
    svg = svg_response(b"<svg/>")
    assert svg["Content-Type"] == "image/svg+xml"
    assert "Content-Disposition" not in svg
    feed = ical_response(b"BEGIN:VCALENDAR", "group.ics", public=True)
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    assert feed["Cache-Control"] == PUBLIC == "public, max-age=900"


def test_a_file_response_carries_its_etag_and_a_matching_request_gets_304():
    stored = file_response(io.BytesIO(b"%PDF-1.7"), "review.pdf", content_type="application/pdf", etag='"abc"')
    assert (stored["ETag"], stored["Cache-Control"]) == ('"abc"', PRIVATE)
    assert stored["Content-Disposition"] == 'attachment; filename="review.pdf"'
    close_response(stored)
    request = RequestFactory().get("/", HTTP_IF_NONE_MATCH='"abc"')
    assert not_modified(request, etag='"abc"').status_code == 304
    assert not_modified(RequestFactory().get("/", HTTP_IF_NONE_MATCH='"old"'), etag='"abc"') is None


# CSV ----------------------------------------------------------------------------------------------------


def written(*rows):
    out = io.StringIO()
    writer = csv_export.writer(out)
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def test_the_csv_starts_with_a_byte_order_mark_and_keeps_plain_cells_and_numbers():
    assert written(["title", 3, Decimal("-4.50"), "-12", None]) == "\ufefftitle,3,-4.50,-12,\r\n"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+44 1234", "'+44 1234"),
        ("-minus", "'-minus"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("%x", "'%x"),
        ("=cmd|' /C calc'!A0", "'=cmd\\|' /C calc'!A0"),
        ("|x", "'\\|x"),
        ("\t=1+2", "'\t=1+2"),
        ("\r=1+2", '"\'\r=1+2"'),
    ],
)
def test_the_csv_defuses_every_formula_start(cell, expected):
    assert written([cell]) == "\ufeff" + expected + "\r\n"


@pytest.mark.parametrize(
    "cell", ["=1+2", "+44 1234", "-minus", "@SUM(A1)", "%x", "|x", "=cmd|' /C calc'!A0", "a \\| b", "\t=x", "plain"]
)
def test_a_written_cell_reads_back_as_it_was(cell):
    (row,) = list(csv.reader(io.StringIO(written([cell]).removeprefix("\ufeff"))))
    assert csv_export.read_back(row[0]) == cell


def test_read_back_leaves_other_apostrophes_alone():
    assert csv_export.read_back("'tis the season") == "'tis the season"
    assert csv_export.read_back("'") == "'"


# Email and links ----------------------------------------------------------------------------------------


def test_send_each_sends_one_message_to_each_address(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_each("Subject", "Body", ["a@example.org", "b@example.org"]) == 2
    assert [message.to for message in mail.outbox] == [["a@example.org"], ["b@example.org"]]
    assert {message.from_email for message in mail.outbox} == {settings.DEFAULT_FROM_EMAIL}
    assert send_each("Subject", "Body", []) == 0


def test_absolute_url_joins_the_site_address_once(settings):
    settings.SITE_URL = "https://hub.example.org/"
    assert absolute_url("/p/northdale/") == "https://hub.example.org/p/northdale/"
