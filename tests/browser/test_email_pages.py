"""An email to members that could not be sent, in a real browser: the coordinator's dashboard says so, she goes
to the email's page by keyboard, reads what went wrong and sends it again; axe-core over both pages."""

import pytest
from django.urls import reverse

from partnership.models import EmailBatch

pytestmark = pytest.mark.browser


def test_the_coordinator_finds_a_failed_email_and_sends_it_again(demo, open_page, axe_check):
    slug = demo.northdale.slug
    batch = EmailBatch.objects.filter(partnership=demo.northdale, composer="meetings.agenda_published").first()
    # As the worker leaves a batch whose mail server kept refusing (tests/meetings/test_email_worker.py).
    EmailBatch.objects.filter(pk=batch.pk).update(
        state=EmailBatch.State.FAILED, delivered=[], attempts=4, error="ConnectionRefusedError: [Errno 111]"
    )
    problems = []
    page = open_page("coordinator", bypass_csp=True)
    page.goto(reverse("partnership:dashboard", args=[slug]))
    assert "1 email could not be sent" in page.content()
    problems += axe_check(page, "Dashboard with an email that could not be sent")

    link = page.get_by_role("link", name=batch.description)
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(reverse("partnership:email", args=[slug, batch.pk])), page.url
    assert "ConnectionRefusedError" in page.content()
    problems += axe_check(page, "An email that could not be sent")

    page.get_by_role("button", name="Try sending again").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "will be sent again to the people not yet sent it" in page.content()
    assert "could not be sent" not in page.locator("main").inner_text()
    batch.refresh_from_db()
    assert batch.state == EmailBatch.State.SENT  # the tests' tasks run at once
    assert not problems, "axe-core found problems (WCAG 2.2 AA):\n" + "\n".join(problems)
