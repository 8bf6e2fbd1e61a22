"""Every URL of the case reviews app, with the status each named person gets (after pretix's test_permissions).

A case file is seen only by the people named on it, so here the usual roles count for little: alice (the
coordinator) manages the death review and handles the ASB application because she recorded them; carol
(the chair) commissions the review (she decides, and manages the panel, but does not write the file); leo
(police lead) speaks for the police on its panel. Everyone else in Northdale, olive, fred and maya, gets a
404, as do the outsider charlie and (tested below) a second coordinator and the site administrator. Someone
on the case without the right gets a 403. Writes are posted; people are tried in the table's order, so an
earlier success can change what a later person finds (noted where it does).

The records: `case` (decided, with a pending quality-assurance submission), `undecided`, `approved` (the
panel approved its report; not published), `published`; an ASB application; Southvale's own case and
application, which nobody reaches from Northdale.
"""

import copy
import datetime
import importlib
import pkgutil
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from casereviews import services
from casereviews.models import CaseRole
from tests.conftest import client_of, once_per_module
from tests.factories import make_person
from tests.http import close_response
from tests.test_permissions import COORDINATOR_ONLY, INTERNAL, NOWHERE, PEOPLE, PUBLIC, expect, status_of

PDF = b"%PDF-1.4\n% test\n"
ON_CASE = expect(NOWHERE, alice=200, carol=200, leo=200)
CHANGE = expect(ON_CASE, carol=403, leo=403)
MANAGE = expect(ON_CASE, leo=403)
MANAGERS_ONLY = expect(NOWHERE, alice=200, carol=200)
HANDLERS = expect(NOWHERE, alice=200)
COORDINATOR_AND_CHAIR = expect(COORDINATOR_ONLY, carol=200)
ALL_404 = dict.fromkeys(PEOPLE, 404)


@dataclass
class Row:
    url_name: str
    args: object
    expected: dict
    method: str = "get"
    data: dict | None = None


def _day(n):
    return datetime.date(2026, 10, 1) + datetime.timedelta(days=n)


def _notify(world, partnership=None, by=None):
    by = by or world.users["alice"]
    case = services.death_review_notify(
        partnership=partnership or world.northdale, by=by, notified_on=_day(0), circumstances="Canary circumstances"
    )
    return case


def _decide(world, case, by=None):
    return services.death_review_decide(
        case=case,
        by=by or world.users["carol"],
        version=case.version,
        decision="hold",
        decided_on=_day(5),
        decision_reasons="Criteria met.",
    )


def _approved(world):
    case = _decide(world, _notify(world))
    services.report_version_add(case=case, kind="overview", file=ContentFile(PDF, "o.pdf"), by=world.users["alice"])
    qa = services.quality_assurance_submit(case=case, submitted_on=_day(30), by=world.users["alice"])
    services.quality_assurance_outcome(submission=qa, outcome="approved", outcome_on=_day(40), by=world.users["alice"])
    return case


def make_records(world):
    alice = world.users["alice"]
    ivy = make_person(
        by=world.administrator, first_name="Ivy", last_name="Irons", agency=world.agencies["council"], username="ivy"
    )
    case = _decide(world, _notify(world))
    services.panel_member_add(case=case, person=world.people["leo"], role=CaseRole.PANEL_MEMBER, by=alice)
    ivy_seat = services.panel_member_add(case=case, person=ivy, role=CaseRole.AUTHOR, by=alice)
    police_report = services.agency_report_request(
        case=case, agency=world.agencies["police"], kind="imr", due_on=_day(60), by=alice
    )
    fire_report = services.agency_report_request(
        case=case, agency=world.agencies["fire"], kind="imr", due_on=_day(60), by=alice
    )
    services.agency_report_submit(
        report=fire_report, by=alice, version=fire_report.version, text="t", file=ContentFile(PDF, "f.pdf")
    )
    services.chronology_entry_add(
        case=case, agency=world.agencies["police"], occurred_on=_day(-90), entry="Canary chronology", by=alice
    )
    proceeding = services.proceeding_add(case=case, kind="inquest", started_on=_day(10), by=alice)
    version = services.report_version_add(case=case, kind="overview", file=ContentFile(PDF, "v.pdf"), by=alice)
    qa = services.quality_assurance_submit(case=case, submitted_on=_day(20), by=alice)
    recommendation = services.recommendation_add(
        case=case, text="Train staff.", agency=world.agencies["police"], by=alice
    )

    undecided = _notify(world)
    approved = _approved(world)
    published = _approved(world)
    services.death_review_publish(
        case=published,
        published_on=_day(50),
        published_title="Review into the death of Lark",
        file=ContentFile(PDF, "p.pdf"),
        by=alice,
    )

    application = services.asb_application_record(
        partnership=world.northdale,
        by=alice,
        received_on=_day(0),
        channel="phone",
        applicant_name="Canary",
        summary="s",
    )
    ivy_handler = services.asb_handler_add(application=application, person=ivy, by=alice)
    application = services.asb_threshold_decide(
        application=application, by=alice, version=application.version, threshold="met", threshold_decided_on=_day(3)
    )
    asb_recommendation = services.asb_recommendation_add(
        application=application, text="Visit.", agency=world.agencies["police"], by=alice
    )
    pending = services.asb_application_record(
        partnership=world.northdale, by=alice, received_on=_day(1), channel="email", applicant_name="Other", summary="s"
    )

    charlie = world.users["charlie"]
    southvale_case = _notify(world, world.southvale, charlie)
    southvale_application = services.asb_application_record(
        partnership=world.southvale, by=charlie, received_on=_day(0), channel="phone", applicant_name="S", summary="s"
    )
    return SimpleNamespace(
        case=case,
        ivy_seat=ivy_seat,
        police_report=police_report,
        fire_report=fire_report,
        proceeding=proceeding,
        version=version,
        qa=qa,
        recommendation=recommendation,
        undecided=undecided,
        approved=approved,
        published=published,
        application=application,
        pending=pending,
        ivy_handler=ivy_handler,
        asb_recommendation=asb_recommendation,
        southvale_case=southvale_case,
        southvale_application=southvale_application,
    )


@pytest.fixture(scope="module")
def _records_of_the_module(_world_of_the_module, django_db_blocker, tmp_path_factory):
    with once_per_module(django_db_blocker, tmp_path_factory):
        yield make_records(_world_of_the_module)


@pytest.fixture
def records(_records_of_the_module, world):
    return copy.deepcopy(_records_of_the_module)


CHRONOLOGY = lambda w: {"agency": w.agencies["police"].pk, "occurred_on": "2026-05-01", "entry": "x"}  # noqa: E731

TABLE = [
    Row("casereviews:case_reviews", lambda r: [], INTERNAL),
    Row("casereviews:death_review_notify", lambda r: [], COORDINATOR_AND_CHAIR),
    Row("casereviews:death_review", lambda r: [r.case.pk], ON_CASE),
    Row("casereviews:death_review", lambda r: [r.undecided.pk], MANAGERS_ONLY),
    Row("casereviews:death_review_edit", lambda r: [r.case.pk], CHANGE),
    Row("casereviews:death_review_decide", lambda r: [r.undecided.pk], expect(MANAGERS_ONLY, alice=403)),
    # Decided already: the chair is sent back to the case.
    Row("casereviews:death_review_decide", lambda r: [r.case.pk], expect(ON_CASE, alice=403, leo=403, carol=302)),
    Row("casereviews:panel_add", lambda r: [r.case.pk], MANAGE),
    # The chair removes Ivy; for alice, after her, the seat is no longer there.
    Row("casereviews:panel_remove", lambda r: [r.ivy_seat.pk], expect(ON_CASE, leo=403, carol=302, alice=404), "post"),
    Row("casereviews:agency_report_request", lambda r: [r.case.pk], CHANGE),
    Row("casereviews:agency_report", lambda r: [r.police_report.pk], ON_CASE),
    # leo submits the police's report; the chair may not; the coordinator then finds it submitted.
    Row(
        "casereviews:agency_report",
        lambda r: [r.police_report.pk],
        expect(ON_CASE, leo=302, carol=403, alice=302),
        "post",
        {"version": 1, "text": "Our contact."},
    ),
    Row("casereviews:agency_report_file", lambda r: [r.fire_report.pk], ON_CASE),
    Row(
        "casereviews:agency_report_file", lambda r: [r.police_report.pk], expect(ON_CASE, alice=404, carol=404, leo=404)
    ),
    Row("casereviews:agency_report_reopen", lambda r: [r.fire_report.pk], expect(CHANGE, alice=302), "post"),
    Row("casereviews:chronology", lambda r: [r.case.pk], ON_CASE),
    Row("casereviews:chronology_add", lambda r: [r.case.pk], expect(CHANGE, leo=302, alice=302), "post", "chronology"),
    Row("casereviews:chronology_csv", lambda r: [r.case.pk], ON_CASE),
    Row("casereviews:family_add", lambda r: [r.case.pk], CHANGE),
    Row("casereviews:proceeding_add", lambda r: [r.case.pk], CHANGE),
    Row(
        "casereviews:proceeding_end",
        lambda r: [r.proceeding.pk],
        expect(CHANGE, alice=302),
        "post",
        {"ended_on": "2026-11-01"},
    ),
    Row("casereviews:report_version_add", lambda r: [r.case.pk], CHANGE),
    Row("casereviews:report_version_file", lambda r: [r.version.pk], ON_CASE),
    Row(
        "casereviews:qa_submit",
        lambda r: [r.case.pk],
        expect(MANAGE, carol=302, alice=302),
        "post",
        {"submitted_on": "2026-11-01"},
    ),
    Row("casereviews:qa_outcome", lambda r: [r.qa.pk], MANAGE),
    Row("casereviews:publish", lambda r: [r.approved.pk], MANAGERS_ONLY),
    Row("casereviews:recommendation_add", lambda r: [r.case.pk], CHANGE),
    Row("casereviews:recommendation", lambda r: [r.recommendation.pk], ON_CASE),
    Row("casereviews:board_report_add", lambda r: [r.case.pk], MANAGE),
    Row("casereviews:action_plan_pdf", lambda r: [r.case.pk], ON_CASE),
    Row("casereviews:access_log", lambda r: [r.case.pk], MANAGE),
    Row("casereviews:case_history", lambda r: [r.case.pk], MANAGE),
    # ASB case reviews
    Row("casereviews:asb_applications", lambda r: [], INTERNAL),
    Row("casereviews:asb_procedure", lambda r: [], COORDINATOR_ONLY),
    Row("casereviews:asb_record", lambda r: [], COORDINATOR_ONLY),
    Row("casereviews:asb_application", lambda r: [r.application.pk], HANDLERS),
    Row("casereviews:asb_edit", lambda r: [r.application.pk], HANDLERS),
    Row("casereviews:asb_incident_add", lambda r: [r.application.pk], HANDLERS),
    Row("casereviews:asb_threshold", lambda r: [r.pending.pk], HANDLERS),
    Row("casereviews:asb_recommendation_add", lambda r: [r.application.pk], HANDLERS),
    Row("casereviews:asb_recommendation_done", lambda r: [r.asb_recommendation.pk], expect(NOWHERE, alice=302), "post"),
    Row("casereviews:asb_handler_add", lambda r: [r.application.pk], HANDLERS),
    Row("casereviews:asb_handler_remove", lambda r: [r.ivy_handler.pk], expect(NOWHERE, alice=302), "post"),
    Row("casereviews:asb_access_log", lambda r: [r.application.pk], HANDLERS),
    Row("casereviews:asb_history", lambda r: [r.application.pk], HANDLERS),
    # Public pages
    Row("casereviews:public_asb", lambda r: [], PUBLIC),
    Row("casereviews:public_death_reviews", lambda r: [], PUBLIC),
    Row("casereviews:public_death_review_file", lambda r: [r.published.pk], PUBLIC),
    Row("casereviews:public_death_review_file", lambda r: [r.approved.pk], ALL_404),
]

ELSEWHERE = [
    Row("casereviews:death_review", lambda r: [r.southvale_case.pk], NOWHERE),
    Row("casereviews:access_log", lambda r: [r.southvale_case.pk], NOWHERE),
    Row("casereviews:action_plan_pdf", lambda r: [r.southvale_case.pk], NOWHERE),
    Row("casereviews:asb_application", lambda r: [r.southvale_application.pk], NOWHERE),
]


def _ids(table):
    return [f"{row.url_name}:{row.method}:{index}" for index, row in enumerate(table)]


def check(world, records, signed_in, row):
    address = reverse(row.url_name, args=["northdale", *row.args(records)])
    data = CHRONOLOGY(world) if row.data == "chronology" else row.data
    found = {}
    for name in PEOPLE:
        response = getattr(client_of(name, world, signed_in), row.method)(address, data or {})
        found[name] = status_of(response)
        close_response(response)
    assert found == row.expected


@pytest.mark.parametrize("row", TABLE, ids=_ids(TABLE))
def test_each_person_gets_the_status_the_table_gives_them(world, records, signed_in, row):
    check(world, records, signed_in, row)


@pytest.mark.parametrize("row", ELSEWHERE, ids=_ids(ELSEWHERE))
def test_records_of_another_partnership_are_not_found_from_northdale(world, records, signed_in, row):
    check(world, records, signed_in, row)


def url_modules():
    import casereviews

    names = [m.name for m in pkgutil.iter_modules(casereviews.__path__) if m.name.startswith("urls_")]
    return [importlib.import_module(f"casereviews.{name}") for name in sorted(names)]


def test_the_table_lists_every_url_of_the_casereviews_app():
    every = {f"casereviews:{pattern.name}" for module in url_modules() for pattern in module.urlpatterns}
    listed = {row.url_name for row in TABLE}
    assert sorted(every - listed) == [], "add these to TABLE"
    assert sorted(listed - every) == []


def test_another_coordinator_and_the_site_administrator_cannot_find_a_case(world, records, client):
    second = make_person(
        by=world.administrator, first_name="Sam", last_name="Second", agency=world.agencies["council"], username="sam"
    )
    from members.models import PartnershipRole
    from tests.factories import make_partnership_role

    make_partnership_role(
        by=world.administrator, partnership=world.northdale, person=second, role=PartnershipRole.Role.COORDINATOR
    )
    pages = [
        reverse("casereviews:death_review", args=["northdale", records.case.pk]),
        reverse("casereviews:chronology_csv", args=["northdale", records.case.pk]),
        reverse("casereviews:asb_application", args=["northdale", records.application.pk]),
    ]
    for user in [second.user, world.administrator]:
        client.force_login(user)
        for page in pages:
            assert client.get(page).status_code == 404, (user, page)
