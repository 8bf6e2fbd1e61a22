"""Case reviews in a real browser, on the demo's Northdale partnership.

The journey: the coordinator records the notification of a death; the chair decides to hold a review; the
coordinator seats the police's lead officer on the panel and asks the police for an individual management
review; the lead officer finds it on the case and uploads the police's report; the fire service's lead
officer, who is not on the case, cannot find it (404, and the case reviews page shows only a count). axe-core
checks every page on the way. A second test runs axe over every page of the app: the demo's death reviews
and ASB applications as the coordinator (who manages and handles them), and the public pages signed out.
"""

import pytest
from django.urls import reverse

from tests.browser.test_reviews import Walk, banner

pytestmark = pytest.mark.browser

PSEUDONYM = "Juniper"


def test_a_death_review_from_notification_to_an_agencys_report(demo, open_page, axe_check, tmp_path):
    from casereviews.models import AgencyReport, DeathReview

    slug = demo.northdale.slug
    problems = []

    coordinator = Walk(open_page("coordinator", bypass_csp=True), "coordinator", axe_check, problems)
    page = coordinator.page
    coordinator.goto(reverse("casereviews:case_reviews", args=[slug]), "Case reviews")
    coordinator.click("link", "Record the notification of a death", "Record a notification")
    page.get_by_label("Date the partnership was told of the death").fill("2026-11-20")
    page.get_by_label("Agency that told the partnership").select_option(label="Eastshire Police")
    page.get_by_label("Pseudonym").fill(PSEUDONYM)
    page.get_by_label("Circumstances in brief").fill("Died at home in Kettleby.")
    coordinator.click("button", "Record the notification", "The new case file")
    assert "has been recorded" in banner(page)
    case = DeathReview.objects.get(pseudonym=PSEUDONYM)
    case_url = reverse("casereviews:death_review", args=[slug, case.pk])

    chair = Walk(open_page("chair", bypass_csp=True), "chair", axe_check, problems)
    chair.goto(case_url, "The case file")
    chair.click("link", "Decide whether to hold a review", "Decide")
    chair.page.get_by_label("Hold a review", exact=True).check()
    chair.page.get_by_label("Reasons for the decision").fill("The death meets the criteria of section 9.")
    chair.click("button", "Record the decision", "The decided case")
    assert "decision has been recorded" in banner(chair.page)

    coordinator.goto(case_url, "The case file")
    coordinator.click("link", "Add someone to the case", "Add to the case")
    page.get_by_label("Person").select_option(label=f"{demo.lead.full_name} (Eastshire Police)")
    page.get_by_label("Panel member for an agency").check()
    coordinator.click("button", "Add to the case", "The panel")
    coordinator.click("link", "Ask an agency for a report", "Ask for a report")
    page.get_by_label("Agency", exact=True).select_option(label="Eastshire Police")
    page.get_by_label("Individual management review").check()
    page.get_by_label("Due by").fill("2027-01-15")
    coordinator.click("button", "Ask for the report", "The case with a report asked for")

    report_file = tmp_path / "police-imr.pdf"
    report_file.write_bytes(b"%PDF-1.4\n% the police's individual management review\n")
    lead = Walk(open_page("lead", bypass_csp=True), "lead", axe_check, problems)
    lead.goto(case_url, "The case file")
    lead.click("link", "Individual management review", "The police's report")
    lead.page.get_by_label("Report (optional)", exact=True).fill("Three contacts with the household in two years.")
    lead.page.get_by_label("Or attach the report (optional)").set_input_files(str(report_file))
    lead.click("button", "Submit the report", "The case after the report")
    assert "has been submitted" in banner(lead.page)
    report = AgencyReport.objects.get(case=case)
    assert report.submitted_at and report.file and report.submitted_by == demo.lead

    other = open_page("otherlead", bypass_csp=True)
    response = other.goto(case_url)
    assert response.status == 404
    other.goto(reverse("casereviews:case_reviews", args=[slug]))
    text = other.content()
    assert case.reference not in text and PSEUDONYM not in text
    assert "3 death reviews" in text

    assert not problems, "axe-core found problems (WCAG 2.2 AA):\n" + "\n".join(problems)


def test_every_case_review_page_passes_axe(demo, open_page, axe_check):
    from casereviews.models import AsbApplication, DeathReview

    slug = demo.northdale.slug
    problems = []
    coordinator = Walk(open_page("coordinator", bypass_csp=True), "coordinator", axe_check, problems)
    rose, ellen = DeathReview.objects.filter(partnership=demo.northdale).order_by("-notified_on")[:2]
    report = rose.agency_reports.filter(submitted_at__isnull=False).first()
    recommendation = ellen.recommendations.first()
    application = AsbApplication.objects.filter(partnership=demo.northdale, threshold="met").first()
    pending = AsbApplication.objects.filter(partnership=demo.northdale, threshold="pending").first()

    def nd(name, *args):
        return reverse(f"casereviews:{name}", args=[slug, *args])

    pages = [
        ("Case reviews", nd("case_reviews")),
        ("Record a notification", nd("death_review_notify")),
        ("A case in progress", nd("death_review", rose.pk)),
        ("A published case", nd("death_review", ellen.pk)),
        ("Change a case", nd("death_review_edit", rose.pk)),
        ("Add to the panel", nd("panel_add", rose.pk)),
        ("Ask for a report", nd("agency_report_request", rose.pk)),
        ("A submitted report", nd("agency_report", report.pk)),
        ("Merged chronology", nd("chronology", rose.pk)),
        ("Log family contact", nd("family_add", rose.pk)),
        ("Record a proceeding", nd("proceeding_add", rose.pk)),
        ("Upload a version", nd("report_version_add", rose.pk)),
        ("Add a recommendation", nd("recommendation_add", rose.pk)),
        ("A recommendation", nd("recommendation", recommendation.pk)),
        ("Report to the board", nd("board_report_add", ellen.pk)),
        ("Access log", nd("access_log", rose.pk)),
        ("Case history", nd("case_history", rose.pk)),
        ("ASB case reviews", nd("asb_applications")),
        ("ASB procedure", nd("asb_procedure")),
        ("Record an ASB application", nd("asb_record")),
        ("An ASB application", nd("asb_application", application.pk)),
        ("Change an ASB application", nd("asb_edit", application.pk)),
        ("Add an incident", nd("asb_incident_add", application.pk)),
        ("Threshold decision", nd("asb_threshold", pending.pk)),
        ("Add an ASB recommendation", nd("asb_recommendation_add", application.pk)),
        ("Add a handler", nd("asb_handler_add", application.pk)),
        ("ASB access log", nd("asb_access_log", application.pk)),
        ("ASB history", nd("asb_history", application.pk)),
    ]
    for label, path in pages:
        coordinator.goto(path, label)
    # Forms sent empty show their errors next to the fields.
    for label, path in [
        ("Record a notification, with errors", nd("death_review_notify")),
        ("Record an ASB application, with errors", nd("asb_record")),
    ]:
        coordinator.goto(path, label)
        form_button = coordinator.page.locator("main form button[type=submit]").first
        with coordinator.page.expect_navigation():
            form_button.click()
        assert coordinator.page.locator(".govuk-error-summary").count() == 1, label
        coordinator.check(label)

    public = Walk(open_page(bypass_csp=True), "signed out", axe_check, problems)
    public.goto(nd("public_asb"), "Public ASB case review page")
    public.goto(nd("public_death_reviews"), "Public death reviews")

    assert not problems, "axe-core found problems (WCAG 2.2 AA):\n" + "\n".join(problems)
