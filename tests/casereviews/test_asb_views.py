"""The pages of ASB case reviews and the public case review pages, driven through the browser's forms.

An application is seen by its current handlers only (a 404 for anyone else, the chair included); its
figures and the procedure are public, and the public pages are the same for every visitor.
"""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casereviews import services
from casereviews.models import AsbApplication, AsbHandler, AsbProcedure, CaseAccess, DeathReview, ReportVersion
from casereviews.models import QualityAssurance as QA
from core.responses import PRIVATE, PUBLIC
from core.writes import STALE_EDIT
from tests.conftest import client_of
from tests.http import close_response

APPLICANT = "Priya Quintrell"
ADDRESS = "14 Larkspur Close, Northdale"


def url(name, *args):
    return reverse(f"casereviews:{name}", args=["northdale", *args])


def day(days_ago):
    return timezone.localdate() - datetime.timedelta(days=days_ago)


def record(client, **overrides):
    data = {
        "received_on": day(0).isoformat(),
        "channel": "phone",
        "made_by": "victim",
        "applicant_name": APPLICANT,
        "applicant_contact": "07700 900123",
        "applicant_address": ADDRESS,
        "on_behalf_name": "",
        "summary": "Loud music and threats from the flat above, most nights since the spring.",
        "retention_until": "",
        **overrides,
    }
    response = client.post(url("asb_record"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return AsbApplication.objects.order_by("-pk").first()


def edit_data(application, **overrides):
    return {
        "received_on": application.received_on.isoformat(),
        "channel": application.channel,
        "made_by": application.made_by,
        "applicant_name": application.applicant_name,
        "applicant_contact": application.applicant_contact,
        "applicant_address": application.applicant_address,
        "on_behalf_name": application.on_behalf_name,
        "summary": application.summary,
        "retention_until": application.retention_until.isoformat(),
        "version": AsbApplication.objects.get(pk=application.pk).version,
        **overrides,
    }


def decide(client, application, threshold, **overrides):
    data = {
        "threshold": threshold,
        "threshold_decided_on": day(0).isoformat(),
        "threshold_reasons": "Three reports to the police in the last month.",
        "applicant_told_threshold_on": "",
        "version": AsbApplication.objects.get(pk=application.pk).version,
        **overrides,
    }
    return client.post(url("asb_threshold", application.pk), data)


def figures_row(html, year_start):
    """The four figures of the reporting year starting on `year_start`, as read from the page's table."""
    label = f"{year_start:%B %Y} to "
    match = re.search(re.escape(label) + r".*?</th>(.*?)</tr>", html, re.S)
    assert match, f"no row for the year starting {year_start}"
    return [int(n) for n in re.findall(r'govuk-table__cell--numeric">(\d+)</td>', match.group(1))]


def this_year_start():
    today = timezone.localdate()
    return datetime.date(today.year if today.month >= 4 else today.year - 1, 4, 1)


@pytest.fixture
def alice_client(world):
    return client_of("alice", world)


# The whole journey ------------------------------------------------------------------------------------


def test_an_application_goes_from_record_to_review_and_the_figures_count_it(world, alice_client):
    client = alice_client
    application = record(client)
    assert application.reference.startswith(f"ASB {day(0).year}/")

    for days_ago in (10, 20, 30):
        response = client.post(
            url("asb_incident_add", application.pk),
            {"reported_on": day(days_ago).isoformat(), "reported_to": world.agencies["police"].pk, "summary": "Noise"},
        )
        assert response.status_code == 302
    page = client.get(url("asb_threshold", application.pk)).content.decode()
    assert "so on these reports the threshold <strong>is met</strong>" in page

    assert decide(client, application, "met").status_code == 302
    agencies = [world.agencies["council"].pk, world.agencies["police"].pk]
    response = client.post(
        url("asb_edit", application.pk),
        edit_data(
            application,
            review_on=day(0).isoformat(),
            agencies_present=agencies,
            outcome="Mediation offered; the landlord to act on the tenancy.",
        ),
    )
    assert response.status_code == 302
    response = client.post(
        url("asb_recommendation_add", application.pk),
        {"text": "Serve a warning under the tenancy agreement.", "agency": world.agencies["council"].pk},
    )
    assert response.status_code == 302

    # A second application whose threshold is not met.
    other = record(client, applicant_name="Tom Ashgrove")
    assert decide(client, other, "not_met", threshold_reasons="One report only.").status_code == 302

    saved = AsbApplication.objects.get(pk=application.pk)
    assert saved.threshold == "met"
    assert set(saved.agencies_present.values_list("pk", flat=True)) == set(agencies)
    recommendation = saved.recommendations.get()

    internal = client.get(url("asb_applications")).content.decode()
    public = client_of("anonymous", world).get(url("public_asb")).content.decode()
    # received, threshold not met, reviews held, reviews that led to recommendations
    assert figures_row(internal, this_year_start()) == [2, 1, 1, 1]
    assert figures_row(public, this_year_start()) == [2, 1, 1, 1]

    page = client.get(url("asb_application", application.pk)).content.decode()
    assert APPLICANT in page and ADDRESS in page
    assert "Shire Constabulary" in page and "Mediation offered" in page
    assert "Serve a warning" in page and "Mark done" in page

    response = client.post(url("asb_recommendation_done", recommendation.pk))
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.is_done


def test_the_internal_list_shows_only_the_applications_the_user_handles(world, alice_client):
    application = record(alice_client)
    page = alice_client.get(url("asb_applications")).content.decode()
    assert application.reference in page
    assert "Record an application" in page and "Edit the procedure" in page

    leo_page = client_of("leo", world).get(url("asb_applications")).content.decode()
    assert application.reference not in leo_page
    assert "Record an application" not in leo_page and "Edit the procedure" not in leo_page


def test_the_list_and_the_application_page_run_a_fixed_number_of_queries(world, alice_client):
    def count(address):
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(address).status_code == 200
        return len(queries)

    first = record(alice_client)
    for days_ago in (3, 4):
        alice_client.post(url("asb_incident_add", first.pk), {"reported_on": day(days_ago).isoformat(), "summary": "x"})
    one = count(url("asb_applications")), count(url("asb_application", first.pk))
    for _ in range(4):
        record(alice_client)
    for days_ago in (5, 6, 7):
        alice_client.post(url("asb_incident_add", first.pk), {"reported_on": day(days_ago).isoformat(), "summary": "x"})
    alice_client.post(url("asb_handler_add", first.pk), {"person": world.people["leo"].pk})
    assert (count(url("asb_applications")), count(url("asb_application", first.pk))) == one


# Who sees an application -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["carol", "leo", "maya", "olive", "fred", "charlie"])
def test_anyone_not_handling_the_application_gets_404(world, alice_client, name):
    application = record(alice_client)
    client = client_of(name, world)
    for address in [
        url("asb_application", application.pk),
        url("asb_edit", application.pk),
        url("asb_threshold", application.pk),
        url("asb_access_log", application.pk),
        url("asb_history", application.pk),
    ]:
        response = client.get(address)
        assert response.status_code == 404, address
        assert APPLICANT not in response.content.decode()


def test_a_site_administrator_not_handling_it_gets_404(world, alice_client):
    application = record(alice_client)
    client = client_of("anonymous", world)
    client.force_login(world.administrator)
    assert client.get(url("asb_application", application.pk)).status_code == 404


def test_a_handler_added_sees_the_application_and_loses_it_once_removed(world, alice_client):
    application = record(alice_client)
    leo = client_of("leo", world)
    assert leo.get(url("asb_application", application.pk)).status_code == 404

    response = alice_client.post(url("asb_handler_add", application.pk), {"person": world.people["leo"].pk})
    assert response.status_code == 302
    assert leo.get(url("asb_application", application.pk)).status_code == 200

    handler = AsbHandler.objects.current().get(application=application, person=world.people["leo"])
    response = alice_client.post(url("asb_handler_remove", handler.pk), follow=True)
    assert "no longer handles the application and cannot open it any more" in response.content.decode()
    assert leo.get(url("asb_application", application.pk)).status_code == 404


def test_the_last_handler_cannot_be_removed(world, alice_client):
    application = record(alice_client)
    handler = AsbHandler.objects.current().get(application=application)
    response = alice_client.post(url("asb_handler_remove", handler.pk), follow=True)
    assert services.LAST_HANDLER in response.content.decode()
    assert AsbHandler.objects.current().filter(application=application).count() == 1


def test_a_handler_who_is_already_handling_it_is_refused_next_to_the_field(world, alice_client):
    application = record(alice_client)
    response = alice_client.post(url("asb_handler_add", application.pk), {"person": world.people["alice"].pk})
    assert response.status_code == 200
    assert response.context["form"].errors["person"] == [services.NOT_HANDLER.format(person=world.people["alice"])]


def test_each_visit_of_the_application_is_recorded_in_its_access_log(world, alice_client):
    application = record(alice_client)
    alice_client.get(url("asb_application", application.pk))
    entry = CaseAccess.objects.get(asb_application=application)
    assert (entry.user, entry.what) == (world.users["alice"], "Viewed the application")
    log = alice_client.get(url("asb_access_log", application.pk)).content.decode()
    assert "Viewed the application" in log and "Viewed the access log" in log


def test_the_history_shows_the_threshold_decision_with_its_reasons(world, alice_client):
    application = record(alice_client)
    decide(alice_client, application, "not_met", threshold_reasons="Only one report.")
    page = alice_client.get(url("asb_history", application.pk)).content.decode()
    assert "Threshold decided" in page and "Only one report." in page


def test_only_a_coordinator_may_record_an_application_or_edit_the_procedure(world):
    for name in ["carol", "leo", "maya"]:
        client = client_of(name, world)
        assert client.get(url("asb_record")).status_code == 403
        assert client.get(url("asb_procedure")).status_code == 403


# Errors next to their fields ---------------------------------------------------------------------------


def procedure_data(**overrides):
    return {
        "threshold_complaints": "3",
        "threshold_months": "6",
        "procedure": "Write to the community safety team with the dates of your reports.",
        "contact_name": "Community safety team",
        "contact_email": "safer@northdale.example.org",
        "contact_phone": "01632 960000",
        "escalation": "Ask the chair of the partnership to look at it again.",
        "year_starts_month": "4",
        **overrides,
    }


def test_a_threshold_above_three_is_refused_next_to_its_field(world, alice_client):
    response = alice_client.post(url("asb_procedure"), procedure_data(threshold_complaints="4"))
    assert response.status_code == 200
    assert response.context["form"].errors["threshold_complaints"] == [
        "The threshold may not be more than three complaints (2014 Act, s.104(4))."
    ]
    assert "<title>Error: " in response.content.decode()
    assert not AsbProcedure.objects.filter(partnership=world.northdale).exists()


def test_the_procedure_is_saved_and_a_stale_edit_is_refused(world, alice_client):
    response = alice_client.post(url("asb_procedure"), procedure_data(threshold_complaints="2"))
    assert response.status_code == 302
    procedure = AsbProcedure.objects.get(partnership=world.northdale)
    assert procedure.threshold_complaints == 2
    stale = procedure.version

    assert alice_client.post(url("asb_procedure"), procedure_data(version=stale)).status_code == 302
    response = alice_client.post(url("asb_procedure"), procedure_data(version=stale, contact_name="Someone else"))
    assert response.status_code == 200
    assert STALE_EDIT in response.content.decode()
    assert AsbProcedure.objects.get(pk=procedure.pk).contact_name == "Community safety team"


def test_a_review_date_before_the_threshold_is_met_is_refused_next_to_its_field(world, alice_client):
    application = record(alice_client)
    response = alice_client.post(url("asb_edit", application.pk), edit_data(application, review_on=day(0).isoformat()))
    assert response.status_code == 200
    assert response.context["form"].errors["review_on"] == ["A review is held only when the threshold is met."]
    assert AsbApplication.objects.get(pk=application.pk).review_on is None


def test_an_application_on_behalf_needs_the_name_of_who_applies(world, alice_client):
    response = alice_client.post(
        url("asb_record"),
        {
            "received_on": day(0).isoformat(),
            "channel": "email",
            "made_by": "on_behalf",
            "applicant_name": APPLICANT,
            "summary": "Noise",
        },
    )
    assert response.status_code == 200
    assert "on_behalf_name" in response.context["form"].errors
    assert not AsbApplication.objects.exists()


def test_a_threshold_decision_needs_its_date(world, alice_client):
    application = record(alice_client)
    response = decide(alice_client, application, "met", threshold_decided_on="")
    assert response.status_code == 200
    assert "threshold_decided_on" in response.context["form"].errors
    assert AsbApplication.objects.get(pk=application.pk).threshold == "pending"


# The public pages --------------------------------------------------------------------------------------


def test_the_public_page_shows_the_procedure_and_no_application_detail(world, alice_client):
    alice_client.post(url("asb_procedure"), procedure_data())
    application = record(alice_client)
    anonymous = client_of("anonymous", world).get(url("public_asb"))
    assert anonymous.status_code == 200
    assert anonymous["Cache-Control"] == PUBLIC
    page = anonymous.content.decode()
    assert "Write to the community safety team" in page and "safer@northdale.example.org" in page
    assert "Ask the chair of the partnership" in page
    for secret in [APPLICANT, ADDRESS, "07700 900123", "Loud music", application.reference]:
        assert secret not in page


def test_the_public_page_is_the_same_for_every_visitor(world, alice_client):
    record(alice_client)
    anonymous = client_of("anonymous", world).get(url("public_asb"))
    signed_in = alice_client.get(url("public_asb"))
    assert signed_in.content == anonymous.content
    assert signed_in["Cache-Control"] == PUBLIC


def test_the_partnerships_public_page_links_to_the_case_review_pages(world):
    page = client_of("anonymous", world).get(reverse("partnership:public", args=["northdale"])).content.decode()
    assert url("public_asb") in page and url("public_death_reviews") in page


PDF = b"%PDF-1.4\n% the published report\n%%EOF\n"


@pytest.fixture
def published(world, settings, tmp_path):
    """A death review whose redacted report is published."""
    settings.MEDIA_ROOT = str(tmp_path)
    alice, carol = world.users["alice"], world.users["carol"]
    case = services.death_review_notify(
        partnership=world.northdale,
        by=alice,
        notified_on=day(300),
        date_of_death=day(310),
        circumstances="Found at home by a neighbour after a long history of abuse.",
        pseudonym="Amy",
    )
    case = services.death_review_decide(
        case=case,
        by=carol,
        version=case.version,
        decision=DeathReview.Decision.HOLD,
        decided_on=day(290),
        decision_reasons="The criteria are met.",
    )
    services.report_version_add(
        case=case, kind=ReportVersion.Kind.OVERVIEW, file=SimpleUploadedFile("overview.pdf", PDF), by=alice
    )
    submission = services.quality_assurance_submit(case=case, submitted_on=day(100), by=alice)
    services.quality_assurance_outcome(submission=submission, outcome=QA.Outcome.APPROVED, outcome_on=day(50), by=alice)
    return services.death_review_publish(
        case=case,
        published_on=day(10),
        published_title="Review into the death of Amy",
        file=SimpleUploadedFile("published.pdf", PDF),
        by=alice,
    )


def test_the_published_reviews_show_their_title_and_nothing_else_of_the_case(world, published):
    response = client_of("anonymous", world).get(url("public_death_reviews"))
    assert response["Cache-Control"] == PUBLIC
    page = response.content.decode()
    assert "Review into the death of Amy" in page
    assert url("public_death_review_file", published.pk) in page
    for secret in ["Found at home", published.reference, f"{day(310):%-d %B %Y}"]:
        assert secret not in page


def test_the_published_report_downloads_with_its_etag_and_answers_304(world, published):
    client = client_of("anonymous", world)
    address = url("public_death_review_file", published.pk)
    first = client.get(address)
    body = b"".join(first.streaming_content)
    close_response(first)
    assert body == PDF
    etag = f'"{published.published_report.sha256}"'
    assert first["ETag"] == etag
    assert first["Cache-Control"] == PUBLIC

    again = client.get(address, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["Cache-Control"] == PUBLIC
    assert again["Cache-Control"] != PRIVATE


def test_an_unpublished_review_has_no_public_report(world, published):
    services.death_review_notify(
        partnership=world.northdale, by=world.users["alice"], notified_on=day(5), circumstances="Not yet public."
    )
    unpublished = DeathReview.objects.exclude(pk=published.pk).get()
    assert client_of("anonymous", world).get(url("public_death_review_file", unpublished.pk)).status_code == 404
