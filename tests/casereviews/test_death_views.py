"""The death review pages end to end through the test client: notification, decision, panel, an agency's
report with its file, the chronology, proceedings, versions, quality assurance, publication, the action
plan; the access log records each view; people not on the case get a 404, people on it without the right
a 403; stale edits are refused."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casereviews import services
from casereviews.models import AgencyReport, CaseAccess, DeathReview
from core.writes import STALE_EDIT
from tests.conftest import client_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a tiny test file\n"


def url(name, *args):
    return reverse(f"casereviews:{name}", args=["northdale", *args])


def notify(world):
    client = client_of("alice", world)
    response = client.post(
        url("death_review_notify"),
        {
            "notified_on": "2026-10-01",
            "notified_by": world.agencies["police"].pk,
            "date_of_death": "2026-09-28",
            "pseudonym": "Wren",
            "circumstances": "Found at home.",
        },
    )
    case = DeathReview.objects.get()
    assert response.status_code == 302 and response["Location"] == url("death_review", case.pk)
    return case


def test_the_whole_review_runs_in_the_browser(world):
    case = notify(world)
    alice, carol, leo = (client_of(name, world) for name in ["alice", "carol", "leo"])

    page = carol.get(url("death_review", case.pk)).content.decode()
    assert "Wren" in page and "Decide whether to hold a review" in page
    response = carol.post(
        url("death_review_decide", case.pk),
        {"version": case.version, "decision": "hold", "decided_on": "2026-10-20", "decision_reasons": "Criteria met."},
    )
    assert response.status_code == 302

    assert (
        alice.post(url("panel_add", case.pk), {"person": world.people["leo"].pk, "role": "panel_member"}).status_code
        == 302
    )
    response = alice.post(
        url("agency_report_request", case.pk),
        {"agency": world.agencies["police"].pk, "kind": "imr", "due_on": "2026-12-20"},
    )
    assert response.status_code == 302
    report = AgencyReport.objects.get()

    upload = SimpleUploadedFile("imr.pdf", PDF, content_type="application/pdf")
    response = leo.post(
        url("agency_report", report.pk), {"version": report.version, "text": "Our contact.", "file": upload}
    )
    assert response.status_code == 302
    download = leo.get(url("agency_report_file", report.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF

    assert (
        leo.post(
            url("chronology_add", case.pk),
            {"agency": world.agencies["police"].pk, "occurred_on": "2026-05-01", "entry": "Call out."},
        ).status_code
        == 302
    )
    assert b"Call out." in alice.get(url("chronology_csv", case.pk)).content

    assert (
        alice.post(url("proceeding_add", case.pk), {"kind": "criminal_trial", "started_on": "2026-11-01"}).status_code
        == 302
    )
    assert "Paused" in alice.get(url("death_review", case.pk)).content.decode()

    version = SimpleUploadedFile("overview.pdf", PDF, content_type="application/pdf")
    assert alice.post(url("report_version_add", case.pk), {"kind": "overview", "file": version}).status_code == 302
    assert alice.post(url("qa_submit", case.pk), {"submitted_on": "2027-01-10"}).status_code == 302
    submission = case.quality_assurance.get()
    assert (
        alice.post(url("qa_outcome", submission.pk), {"outcome": "approved", "outcome_on": "2027-02-01"}).status_code
        == 302
    )
    published = SimpleUploadedFile("published.pdf", PDF, content_type="application/pdf")
    response = alice.post(
        url("publish", case.pk),
        {"published_on": "2027-03-01", "published_title": "Review into the death of Wren", "file": published},
    )
    assert response.status_code == 302
    public = client_of("anonymous", world).get(url("public_death_reviews")).content.decode()
    assert "Review into the death of Wren" in public and "Found at home" not in public

    assert (
        alice.post(
            url("recommendation_add", case.pk), {"text": "Train call handlers.", "agency": world.agencies["police"].pk}
        ).status_code
        == 302
    )
    recommendation = case.recommendations.get()
    response = leo.post(
        url("recommendation", recommendation.pk),
        {"version": recommendation.version, "status": "complete", "evidence": "All trained."},
    )
    assert response.status_code == 302
    pdf = alice.get(url("action_plan_pdf", case.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"

    log = alice.get(url("access_log", case.pk)).content.decode()
    assert "Viewed the case file" in log and "Downloaded the individual management review of Shire Constabulary" in log
    assert CaseAccess.objects.filter(death_review=case, user=world.users["leo"]).exists()
    assert alice.get(url("case_history", case.pk)).status_code == 200


def test_people_not_on_the_case_cannot_find_it(world):
    case = notify(world)
    for name in ["leo", "olive", "fred", "maya", "charlie"]:
        assert client_of(name, world).get(url("death_review", case.pk)).status_code == 404, name
    landing = client_of("fred", world).get(url("case_reviews")).content.decode()
    assert case.reference not in landing and "Wren" not in landing and "1 death review" in landing
    admin = client_of("anonymous", world)
    admin.force_login(world.administrator)
    assert admin.get(url("death_review", case.pk)).status_code == 404


def test_someone_on_the_case_without_the_right_gets_403(world):
    case = notify(world)
    services.panel_member_add(case=case, person=world.people["leo"], role="panel_member", by=world.users["alice"])
    leo = client_of("leo", world)
    assert leo.get(url("death_review", case.pk)).status_code == 200
    for name in ["panel_add", "death_review_edit", "access_log", "death_review_decide"]:
        assert leo.get(url(name, case.pk)).status_code == 403, name


def test_a_stale_edit_is_refused_and_nothing_changes(world):
    case = notify(world)
    alice = client_of("alice", world)
    services.death_review_update(case=case, by=world.users["alice"], version=case.version, pseudonym="Robin")
    response = alice.post(
        url("death_review_edit", case.pk),
        {"version": case.version, "pseudonym": "Lark", "circumstances": "x", "retention_until": "2033-10-01"},
    )
    assert response.status_code == 200 and STALE_EDIT in response.content.decode()
    assert DeathReview.objects.get().pseudonym == "Robin"


def test_a_file_that_is_not_a_pdf_is_refused_next_to_its_field(world):
    case = notify(world)
    services.death_review_decide(
        case=case,
        by=world.users["carol"],
        version=case.version,
        decision="hold",
        decided_on=datetime.date(2026, 10, 2),
        decision_reasons="r",
    )
    fake = SimpleUploadedFile("report.pdf", b"<svg onload=alert(1)>", content_type="application/pdf")
    response = client_of("alice", world).post(url("report_version_add", case.pk), {"kind": "overview", "file": fake})
    assert response.status_code == 200
    assert "is not a PDF file" in response.content.decode()
    assert not case.report_versions.exists()


def test_the_home_office_date_can_be_recorded_after_the_decision(world):
    case = notify(world)
    case = services.death_review_decide(
        case=case,
        by=world.users["carol"],
        version=case.version,
        decision="hold",
        decided_on=datetime.date(2026, 10, 2),
        decision_reasons="r",
    )
    form = {
        "version": case.version,
        "circumstances": case.circumstances,
        "retention_until": "2033-10-01",
        "home_office_notified_on": "2026-10-01",
    }
    response = client_of("alice", world).post(url("death_review_edit", case.pk), form)
    assert (
        response.status_code == 200
        and "The Home Office is told after the decision is made." in response.content.decode()
    )
    assert DeathReview.objects.get().home_office_notified_on is None
    response = client_of("alice", world).post(
        url("death_review_edit", case.pk), {**form, "home_office_notified_on": "2026-10-06"}
    )
    assert response.status_code == 302
    assert DeathReview.objects.get().home_office_notified_on == datetime.date(2026, 10, 6)
