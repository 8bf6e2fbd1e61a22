"""The case review pages run the same pinned number of queries with 5 rows in every list and with 60: cases a
person is on, a case's panel, reports, chronology, recommendations and access log, applications a person
handles with their incidents, and the published reports on the public page."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casereviews import services
from casereviews.models import CaseRole
from tests.factories import make_agency, make_member, make_person

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n"
PINNED = {
    "case reviews": 11,
    "case file": 23,
    "merged chronology": 13,
    "access log": 10,
    "case history": 11,
    "ASB applications": 13,
    "ASB application": 16,
    "public ASB page": 7,
    "public death reviews": 2,
}


def _day(n):
    return datetime.date(2026, 1, 1) + datetime.timedelta(days=n)


def grow(world, case, application, start, stop, settings_media):
    alice, by = world.users["alice"], world.administrator
    for n in range(start, stop):
        agency = make_member(by=by, partnership=world.northdale, name=f"Partner {n:03}").agency
        person = make_person(by=by, agency=agency, username=f"officer{n:03}")
        services.panel_member_add(case=case, person=person, role=CaseRole.PANEL_MEMBER, by=alice)
        services.agency_report_request(case=case, agency=agency, kind="imr", due_on=_day(n), by=alice)
        services.chronology_entry_add(case=case, agency=agency, occurred_on=_day(-n), entry=f"Entry {n}", by=alice)
        services.recommendation_add(case=case, text=f"Recommendation {n}", agency=agency, by=alice)
        services.family_contact_add(
            case=case, contacted_on=_day(n), with_whom="Sister", method="letter", summary="s", by=alice
        )
        services.access_record(user=alice, what=f"Visit {n}", death_review=case)
        other = services.death_review_notify(
            partnership=world.northdale, by=alice, notified_on=_day(n), circumstances="c"
        )
        services.asb_incident_add(application=application, reported_on=_day(n), reported_to=agency, by=alice)
        services.asb_application_record(
            partnership=world.northdale, by=alice, received_on=_day(n), channel="phone", applicant_name="A", summary="s"
        )
        if n % 10 == 0:
            decided = services.death_review_decide(
                case=other,
                by=world.users["carol"],
                version=other.version,
                decision="hold",
                decided_on=_day(n + 1),
                decision_reasons="r",
            )
            services.report_version_add(case=decided, kind="overview", file=ContentFile(PDF, "o.pdf"), by=alice)
            qa = services.quality_assurance_submit(case=decided, submitted_on=_day(n + 2), by=alice)
            services.quality_assurance_outcome(submission=qa, outcome="approved", outcome_on=_day(n + 3), by=alice)
            services.death_review_publish(
                case=decided,
                published_on=_day(n + 4),
                published_title=f"Review {n}",
                file=ContentFile(PDF, "p.pdf"),
                by=alice,
            )


def count(client, pages):
    counts = {}
    for name, url in pages.items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def test_case_review_pages_run_the_same_pinned_queries_for_5_rows_and_for_60(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    alice = world.users["alice"]
    make_agency(by=world.administrator, name="Unused agency")
    case = services.death_review_notify(partnership=world.northdale, by=alice, notified_on=_day(0), circumstances="c")
    case = services.death_review_decide(
        case=case,
        by=world.users["carol"],
        version=case.version,
        decision="hold",
        decided_on=_day(2),
        decision_reasons="r",
    )
    services.proceeding_add(case=case, kind="inquest", started_on=_day(3), by=alice)
    application = services.asb_application_record(
        partnership=world.northdale, by=alice, received_on=_day(0), channel="phone", applicant_name="A", summary="s"
    )

    def nd(name, *args):
        return reverse(f"casereviews:{name}", args=["northdale", *args])

    pages = {
        "case reviews": nd("case_reviews"),
        "case file": nd("death_review", case.pk),
        "merged chronology": nd("chronology", case.pk),
        "access log": nd("access_log", case.pk),
        "case history": nd("case_history", case.pk),
        "ASB applications": nd("asb_applications"),
        "ASB application": nd("asb_application", application.pk),
    }
    public = {"public ASB page": nd("public_asb"), "public death reviews": nd("public_death_reviews")}
    client = Client()
    client.force_login(alice)
    grow(world, case, application, 0, 5, tmp_path)
    small = {**count(client, pages), **count(Client(), public)}
    grow(world, case, application, 5, 60, tmp_path)
    large = {**count(client, pages), **count(Client(), public)}
    assert {"5 rows": small, "60 rows": large} == {"5 rows": PINNED, "60 rows": PINNED}
