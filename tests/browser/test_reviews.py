"""The annual review in a real browser, on the demo's Northdale partnership (which has last year's approved
review and this year's in progress).

The coordinator opens the next year's review through the form, on the Home Office hallmarks (six
questions); the police's and the fire service's lead officers rate every question and submit their
returns; the coordinator moves the review to consolidation and adds a finding and a recommendation; the
chair approves it and downloads its PDF. axe-core checks every page on the way. A second test runs axe
over every page of the reviews app as the coordinator.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser

HALLMARKS = "Home Office: hallmarks of effective partnerships"
FINDING = "Both agencies rate information sharing lower than anything else."
RECOMMENDATION = "Agree an information sharing protocol with every partner agency by the autumn."


@pytest.fixture
def reviews_demo(demo):
    """The demo with its reviews (tests/browser/conftest.py loads it with the shipped frameworks in place)."""
    return demo


def banner(page):
    return page.locator(".govuk-notification-banner--success").inner_text()


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

    def click(self, role, name, label, *, timeout=None):
        """Follow a link or press a button, then check the page it leads to."""
        with self.page.expect_navigation(timeout=timeout):
            self.page.get_by_role(role, name=name, exact=True).first.click()
        self.check(label)


def complete_return(walk, review_url, rating, agency):
    """A lead officer finds the agency's return from the review, rates every question and submits it."""
    page = walk.page
    walk.goto(review_url, "The review")
    walk.click("link", f"Your agency's return: {agency.name}", "The return")
    radios = page.locator(f'input.govuk-radios__input[value="{rating}"]')
    assert radios.count() == 6
    for index in range(radios.count()):
        radios.nth(index).check()
    page.locator("textarea[name$='-evidence']").first.fill("Minutes of the board and our own records.")
    walk.click("button", "Submit the return", "The submitted return")
    assert "has been submitted" in banner(page)


def test_a_review_from_opening_to_the_chairs_approval(reviews_demo, open_page, axe_check):
    from reviews.models import AgencyReturn, AnnualReview

    demo = reviews_demo
    slug = demo.northdale.slug
    before = set(AnnualReview.objects.filter(partnership=demo.northdale).values_list("period_start", flat=True))
    problems = []

    # The coordinator opens the next year's review (the form proposes the year after the latest one).
    coordinator = Walk(open_page("coordinator", bypass_csp=True), "coordinator", axe_check, problems)
    page = coordinator.page
    coordinator.goto(reverse("reviews:reviews", args=[slug]), "Annual review")
    coordinator.goto(reverse("reviews:review_open", args=[slug]), "Open a review")
    page.get_by_label(HALLMARKS, exact=False).check()
    coordinator.click("button", "Open the review", "The new review")
    assert "is open" in banner(page)
    review = AnnualReview.objects.get(partnership=demo.northdale, pk=int(page.url.rstrip("/").split("/")[-1]))
    assert review.period_start not in before
    assert (review.framework.name, review.framework.questions.count(), review.state) == (HALLMARKS, 6, "open")
    review_url = reverse("reviews:review", args=[slug, review.pk])

    # The two lead officers complete their agencies' returns.
    police = Walk(open_page("lead", bypass_csp=True), "police lead", axe_check, problems)
    complete_return(police, review_url, 3, demo.police)
    fire = Walk(open_page("otherlead", bypass_csp=True), "fire lead", axe_check, problems)
    complete_return(fire, review_url, 2, demo.fire)
    submitted = review.returns.filter(state=AgencyReturn.State.SUBMITTED)
    assert {r.agency_id for r in submitted} == {demo.police.pk, demo.fire.pk}

    # The coordinator consolidates: no return can change now; a finding and a recommendation.
    coordinator.goto(review_url, "The review with two returns in")
    coordinator.click("button", "Move to consolidation", "Consolidation")
    assert "No more returns can be changed" in banner(page)
    page.get_by_label("Finding", exact=True).fill(FINDING)
    coordinator.click("button", "Add the finding", "Consolidation with a finding")
    page.get_by_label("Recommendation", exact=True).fill(RECOMMENDATION)
    coordinator.click("button", "Add the recommendation", "Consolidation with a recommendation")
    assert FINDING in page.content() and RECOMMENDATION in page.content()

    # The chair reads the consolidation, approves the review and downloads its PDF.
    chair = Walk(open_page("chair", bypass_csp=True), "chair", axe_check, problems)
    chair.goto(review_url, "The review being consolidated")
    chair.click("link", "Read the consolidated returns", "The consolidated returns")
    chair.click("link", "Approve the review", "Approve the review")
    if chair.page.get_by_label("Why the review is approved without every return").count():
        # Not every agency sent its return: the chair records why it is approved without them.
        chair.page.get_by_label("Why the review is approved without every return").fill(
            "The missing agencies reported to the chair in writing."
        )
    # Approving renders the review's PDF within the request (a background worker is still to come): on a
    # busy two-core machine that has taken longer than the default ten seconds.
    chair.click("button", "Approve the review", "The approved review", timeout=120_000)
    assert "is approved" in banner(chair.page)
    review.refresh_from_db()
    assert review.state == "approved" and review.documents.count() == 1

    response = chair.page.request.get(reverse("reviews:pdf", args=[slug, review.pk]))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-1.7")

    assert not problems, "axe-core found problems:\n" + "\n".join(problems)


def test_every_page_of_the_reviews_app_passes_axe_as_the_coordinator(reviews_demo, open_page, axe_check):
    from reviews.models import AgencyReturn, AnnualReview, ReviewFramework

    demo = reviews_demo
    slug = demo.northdale.slug
    reviews = AnnualReview.objects.filter(partnership=demo.northdale)
    in_progress = reviews.exclude(state=AnnualReview.State.APPROVED).order_by("-period_start").first()
    approved = reviews.filter(state=AnnualReview.State.APPROVED).order_by("-period_start").first()
    assert in_progress is not None and approved is not None
    agency_return = AgencyReturn.objects.filter(review=in_progress).order_by("agency__name").first()
    own = ReviewFramework.objects.filter(partnership=demo.northdale, is_locked=False).first()
    shipped = ReviewFramework.objects.get(partnership=None, name=HALLMARKS)

    pages = [
        ("Annual review", reverse("reviews:reviews", args=[slug])),
        ("This year's review", reverse("reviews:review", args=[slug, in_progress.pk])),
        ("Last year's review", reverse("reviews:review", args=[slug, approved.pk])),
        ("A return", reverse("reviews:return", args=[slug, agency_return.pk])),
        ("This year's consolidation", reverse("reviews:consolidate", args=[slug, in_progress.pk])),
        ("Last year's consolidation", reverse("reviews:consolidate", args=[slug, approved.pk])),
        ("Frameworks", reverse("reviews:frameworks", args=[slug])),
        ("A framework", reverse("reviews:framework", args=[slug, shipped.pk])),
        ("The framework in use", reverse("reviews:framework", args=[slug, in_progress.framework_id])),
        ("Copy a framework", reverse("reviews:framework_copy", args=[slug, shipped.pk])),
        ("Year on year", reverse("reviews:year_on_year", args=[slug])),
        ("Correct last year's review", reverse("reviews:correct", args=[slug, approved.pk])),
    ]
    problems = []
    page = open_page("coordinator", bypass_csp=True)
    for label, path in pages:
        response = page.goto(path)
        assert response.status == 200, f"{label}: HTTP {response.status}"
        problems += axe_check(page, label)

    # The question form: on the partnership's own unlocked framework (a fresh copy when the demo has none).
    if own is None:
        page.goto(reverse("reviews:framework_copy", args=[slug, shipped.pk]))
        page.get_by_label("Name of your copy").fill("Our hallmarks")
        with page.expect_navigation():
            page.get_by_role("button", name="Copy", exact=False).first.click()
        own = ReviewFramework.objects.get(partnership=demo.northdale, name="Our hallmarks")
        problems += axe_check(page, "A framework of our own")
    question = own.questions.order_by("order").first()
    for label, path in [
        ("Add a question", reverse("reviews:question_add", args=[slug, own.pk])),
        ("Change a question", reverse("reviews:question_edit", args=[slug, question.pk])),
    ]:
        response = page.goto(path)
        assert response.status == 200, f"{label}: HTTP {response.status}"
        problems += axe_check(page, label)

    # The opening form, sent empty: the error summary and the errors beside the fields.
    page.goto(reverse("reviews:review_open", args=[slug]))
    for field in ("Title", "First day of the review year", "Last day of the review year"):
        page.get_by_label(field, exact=True).fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Open the review", exact=True).click()
    assert page.title().startswith("Error: ")
    assert page.locator(".govuk-error-summary").is_visible()
    problems += axe_check(page, "Open a review, sent empty")

    assert not problems, "axe-core found problems:\n" + "\n".join(problems)
