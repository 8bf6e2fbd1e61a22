"""What each role can and cannot do, in a real browser, on the demo's Northdale partnership."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser


def banner(page):
    return page.locator(".govuk-notification-banner--success").inner_text()


def test_coordinator_changes_the_police_agency(demo, open_page):
    page = open_page("coordinator")
    page.goto(reverse("members:agency", args=[demo.northdale.slug, demo.police.pk]))
    with page.expect_navigation():
        page.get_by_role("link", name="Change the agency's details").click()
    page.get_by_label("Public phone").fill("01632 960999")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()

    assert page.url.endswith(reverse("members:agency", args=[demo.northdale.slug, demo.police.pk]))
    assert "Eastshire Police has been saved." in banner(page)
    assert "01632 960999" in page.locator("main").inner_text()
    demo.police.refresh_from_db()
    assert demo.police.public_phone == "01632 960999"


def test_lead_officer_edits_a_police_officer_but_not_a_fire_officer(demo, open_page):
    page = open_page("lead")
    slug, officer = demo.northdale.slug, demo.police_person
    page.goto(reverse("members:person", args=[slug, officer.pk]))
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile(r"^Change")).click()
    page.get_by_label("Job title").fill("Inspector, Northdale Neighbourhood Policing Team")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert f"{officer.full_name} has been saved." in banner(page)
    officer.refresh_from_db()
    assert officer.job_title == "Inspector, Northdale Neighbourhood Policing Team"

    # The fire service's people are not hers to change: no link, and the address gives the 403 page.
    page.goto(reverse("members:person", args=[slug, demo.fire_person.pk]))
    assert page.get_by_role("link", name=re.compile(r"^Change")).count() == 0
    response = page.goto(reverse("members:person_edit", args=[slug, demo.fire_person.pk]))
    assert response.status == 403
    assert page.locator("h1").inner_text() == "You do not have permission"


def test_outsider_gets_not_found_on_internal_pages(demo, open_page):
    """Northdale's independent board member belongs to no agency, so Eastshire is not hers to see."""
    page = open_page("member")
    eastshire = demo.eastshire.slug
    for path in [
        reverse("partnership:dashboard", args=[eastshire]),
        reverse("members:people", args=[eastshire]),
        reverse("partnership:history", args=[eastshire, "partnership", demo.eastshire.pk]),
    ]:
        response = page.goto(path)
        assert response.status == 404, path
        assert page.locator("h1").inner_text() == "Page not found"
    # The public page is public.
    assert page.goto(reverse("partnership:public", args=[eastshire])).status == 200
    assert page.goto(reverse("partnership:dashboard", args=[demo.northdale.slug])).status == 200


def test_signed_out_visitor_is_sent_to_sign_in_and_back(demo, open_page):
    page = open_page()
    people = reverse("members:people", args=[demo.northdale.slug])
    page.goto(people)
    assert page.url.split("?")[0].endswith(reverse("account_login"))
    page.locator("[name=login]").fill("officer")
    page.get_by_label("Password").fill(demo.password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.url.endswith(people)
    assert page.locator("h1").inner_text() == "People"


def test_error_summary_links_move_focus_to_the_field(demo, open_page):
    page = open_page("coordinator")
    page.goto(reverse("partnership:group_create", args=[demo.northdale.slug]))
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert summary.get_by_role("heading").inner_text() == "There is a problem"
    # GOV.UK Frontend moves focus to the summary when the page loads, so it is read out first.
    assert page.evaluate("() => document.activeElement.classList.contains('govuk-error-summary')")
    link = summary.get_by_role("link").first
    assert link.get_attribute("href") == "#id_name"
    link.click()
    assert page.evaluate("() => document.activeElement.id") == "id_name"
    field = page.locator("#id_name")
    assert "govuk-input--error" in field.get_attribute("class")
    error_id = page.locator("#id_name-error").get_attribute("id")
    assert error_id in (field.get_attribute("aria-describedby") or "").split()

    # The page title says there is an error, once (GOV.UK pattern; WCAG 2.4.2).
    title = page.title()
    assert title.startswith("Error: ") and not title.startswith("Error: Error:"), f"page title: {title!r}"
