"""The workplan in a real browser, on the demo's Northdale partnership.

The coordinator adds an item for the police to the current plan through the item form; the police's
lead officer logs an at-risk update on it; the dashboard's "Workplan items needing attention" and the
police's page of the by-agency view show it at risk; the fire service's lead officer sees no progress
form on it and is refused (403) when posting one. A second test visits every workplan page as the
coordinator, and every coordinator form submitted empty, with axe-core checking each.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.browser

ITEM_TITLE = "Lighting survey of the Riverside underpass"
TYPED_FIELDS = "#main-content form[method='post'] :is(input[type='text'], input[type='date'], textarea)"
UPDATE = "The council's contractor cannot start until March, so the survey will be late."


class Walk:
    """One person's page, checked by axe at every step; problems are kept to assert once at the end."""

    def __init__(self, page, who, axe_check, problems):
        self.page, self.who, self.axe_check, self.problems = page, who, axe_check, problems

    def check(self, label):
        self.problems += self.axe_check(self.page, f"{label} ({self.who})")

    def goto(self, path, label):
        response = self.page.goto(path)
        assert response.status == 200, f"{label}: HTTP {response.status}"
        self.check(label)

    def click(self, role, name, label):
        with self.page.expect_navigation():
            self.page.get_by_role(role, name=name, exact=True).first.click()
        self.check(label)


def banner(page):
    return page.locator(".govuk-notification-banner--success").inner_text()


def test_the_police_log_an_at_risk_update_that_the_partnership_sees(demo, open_page, axe_check):
    from workplan import selectors
    from workplan.models import WorkplanItem

    slug = demo.northdale.slug
    plan = selectors.current_workplan(demo.northdale)
    assert plan is not None, "the demo has a current plan for Northdale"
    today = timezone.localdate()
    problems = []

    # The coordinator adds an item for the police from the plan.
    coordinator = Walk(open_page("coordinator", bypass_csp=True), "coordinator", axe_check, problems)
    page = coordinator.page
    coordinator.goto(reverse("workplan:plan", args=[slug]), "The current plan")
    coordinator.click("link", "Add an item", "Add an item")
    page.get_by_label("Objective").select_option(index=1)
    page.get_by_label("Title").fill(ITEM_TITLE)
    page.get_by_label("Lead agency").select_option(value=str(demo.police.pk))
    page.get_by_label("Responsible officer").select_option(value=str(demo.lead.pk))
    page.get_by_label("Start date").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("Due date").fill(f"{today + datetime.timedelta(days=2):%Y-%m-%d}")
    coordinator.click("button", "Add the item", "The new item")
    assert demo.police.name in banner(page)
    item = WorkplanItem.objects.get(partnership=demo.northdale, title=ITEM_TITLE)
    item_url = reverse("workplan:item", args=[slug, item.pk])
    assert page.url.endswith(item_url)

    # The police's lead officer logs an at-risk update.
    police = Walk(open_page("lead", bypass_csp=True), "police lead", axe_check, problems)
    police.goto(item_url, "The item")
    police.page.get_by_label("At risk", exact=True).check()
    police.page.get_by_label("Progress", exact=True).fill(UPDATE)
    police.click("button", "Save the update", "The item after the update")
    assert "progress update has been saved" in banner(police.page)
    assert police.page.locator(".govuk-tag", has_text="At risk").count() >= 1
    item.refresh_from_db()
    assert item.status == WorkplanItem.Status.AT_RISK

    # The dashboard lists it among the items needing attention, at risk.
    coordinator.goto(reverse("partnership:dashboard", args=[slug]), "Dashboard")
    table = page.locator("table", has=page.locator("caption", has_text="Workplan items needing attention"))
    row = table.locator("tr", has=page.get_by_role("link", name=ITEM_TITLE, exact=True))
    assert row.count() == 1
    assert "At risk" in row.inner_text()

    # The by-agency view, chosen for the police, shows it at risk.
    coordinator.goto(reverse("workplan:by_agency", args=[slug]), "Commitments by agency")
    page.get_by_label("Agency").select_option(value=str(demo.police.pk))
    coordinator.click("button", "Show", "The police's commitments")
    row = page.locator("#main-content tr", has=page.get_by_role("link", name=ITEM_TITLE, exact=True))
    assert row.count() >= 1
    assert "At risk" in row.first.inner_text()

    # The fire service's lead officer sees the item but no progress form, and a POST is refused.
    fire = Walk(open_page("otherlead", bypass_csp=True), "fire lead", axe_check, problems)
    fire.goto(item_url, "The item (fire)")
    assert fire.page.get_by_role("button", name="Save the update").count() == 0
    assert fire.page.locator("#progress").count() == 0
    token = fire.page.context.cookies()
    csrf = next((c["value"] for c in token if c["name"] == "csrftoken"), "")
    response = fire.page.request.post(
        reverse("workplan:item_progress", args=[slug, item.pk]),
        form={"status": "complete", "narrative": "Done."},
        headers={"X-CSRFToken": csrf, "Referer": fire.page.url},
    )
    assert response.status == 403
    item.refresh_from_db()
    assert item.status == WorkplanItem.Status.AT_RISK

    assert not problems, "axe-core found problems:\n" + "\n".join(problems)


def submit_empty(walk, path, label):
    """Open a form, clear every field a person types in, submit it, and check the page with its errors."""
    page = walk.page
    walk.goto(path, label)
    for field in page.locator(
        "#main-content form[method='post'] :is(input[type='text'], input[type='date'], textarea)"
    ).all():
        if field.is_visible():
            field.fill("")
    with page.expect_navigation():
        page.locator("#main-content form[method='post'] button[type='submit']").first.click()
    assert page.title().startswith("Error:"), f"{label}: submitted empty, the page shows no error"
    walk.check(f"{label}, submitted empty")


def test_every_workplan_page_passes_axe(demo, open_page, axe_check):
    from workplan import selectors
    from workplan.models import Indicator, Milestone, SupportingAgency, WorkplanItem

    slug = demo.northdale.slug
    plan = selectors.current_workplan(demo.northdale)
    item = WorkplanItem.objects.filter(workplan=plan, supporters__isnull=False).order_by("pk").first()
    priority = plan.priorities.order_by("pk").first()
    objective = priority.objectives.order_by("pk").first()
    indicator = Indicator.objects.filter(partnership=demo.northdale).order_by("pk").first()
    milestone = Milestone.objects.filter(item__workplan=plan).order_by("pk").first()
    supporter = SupportingAgency.objects.filter(item=item).order_by("pk").first()
    assert None not in (item, priority, objective, indicator, milestone, supporter), "the demo has all of these"

    def url(name, *args):
        return reverse(f"workplan:{name}", args=[slug, *args])

    problems = []
    walk = Walk(open_page("coordinator", bypass_csp=True), "coordinator", axe_check, problems)
    pages = [
        ("The current plan", url("plan")),
        ("A plan", url("workplan", plan.pk)),
        ("All plans", url("workplans")),
        ("By agency", url("by_agency")),
        ("By agency, the police", url("by_agency") + f"?agency={demo.police.pk}"),
        ("By officer", url("by_officer")),
        ("By officer, the police lead", url("by_officer") + f"?officer={demo.lead.pk}"),
        ("Needing attention", url("attention")),
        ("An item", url("item", item.pk)),
        ("Indicators", url("indicators")),
        ("An indicator", url("indicator", indicator.pk)),
        ("Timeline", url("timeline", plan.pk)),
        ("Import: upload", url("import", plan.pk)),
        ("Change the plan", url("workplan_edit", plan.pk)),
        ("Change a priority", url("priority_edit", priority.pk)),
        ("Change an objective", url("objective_edit", objective.pk)),
        ("Change an item", url("item_edit", item.pk)),
        ("Change an indicator", url("indicator_edit", indicator.pk)),
        ("Mark a milestone reached", url("milestone_done", item.pk, milestone.pk)),
        ("Remove a supporting agency", url("supporter_remove", item.pk, supporter.pk)),
    ]
    for label, path in pages:
        walk.goto(path, label)

    forms = [
        ("Add a plan", url("workplan_create")),
        ("Change the plan", url("workplan_edit", plan.pk)),
        ("Add a priority", url("priority_create", plan.pk)),
        ("Change a priority", url("priority_edit", priority.pk)),
        ("Add an objective", url("objective_create", priority.pk)),
        ("Change an objective", url("objective_edit", objective.pk)),
        ("Add an item", url("item_create", plan.pk)),
        ("Change an item", url("item_edit", item.pk)),
        ("Add a milestone", url("milestone_add", item.pk)),
        ("Mark a milestone reached", url("milestone_done", item.pk, milestone.pk)),
        ("Add a supporting agency", url("supporter_add", item.pk)),
        ("Record a resource", url("resource_add", item.pk)),
        ("Add an indicator", url("indicator_create")),
        ("Change an indicator", url("indicator_edit", indicator.pk)),
        ("Enter a value", url("indicator_value", indicator.pk)),
        ("Import: upload", url("import", plan.pk)),
    ]
    for label, path in forms:
        submit_empty(walk, path, label)

    # The progress form on the item's page, submitted empty.
    walk.goto(url("item", item.pk), "An item")
    with walk.page.expect_navigation():
        walk.page.get_by_role("button", name="Save the update", exact=True).click()
    assert walk.page.title().startswith("Error:")
    walk.check("An item, progress submitted empty")

    assert not problems, "axe-core found problems:\n" + "\n".join(problems)
