"""Two-step sign-in in a real browser, and axe-core over every security page: the coordinator sets up an
authenticator app (confirming her password first), makes recovery codes, reads her sessions and her
partnership's security log, opens the reset of a lost device; then signs in again in a new browser with
her password and a recovery code, typed at the keyboard. The site administrator reads the site's log and
sign-in policy."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.browser.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def totp(secret):
    # Near the end of a 30-second period, wait for the next: the code must still be current when it is checked.
    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_two_step_sign_in_from_setting_up_to_signing_in_with_a_recovery_code(demo, open_page, axe_check):
    slug = demo.northdale.slug
    lead = get_user_model().objects.select_related("person").get(username="lead")
    problems = []
    page = open_page("coordinator", bypass_csp=True)

    page.goto(reverse("security:account"))
    problems += axe_check(page, "Sign-in and security")
    page.get_by_role("link", name="Set up two-step sign-in").click()
    page.wait_for_url("**/reauthenticate/**")
    problems += axe_check(page, "Confirm your password")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url("**/2fa/totp/activate/")
    problems += axe_check(page, "Set up your authenticator app")
    secret = page.locator("#authenticator-secret").inner_text().strip()
    page.get_by_label("Authenticator code").fill(totp(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="Turn on two-step sign-in").click()
    assert page.url.endswith(reverse("security:account")), page.url
    assert "You sign in with your password and a code from your authenticator app" in page.content()

    with page.expect_navigation():
        page.get_by_role("button", name="Make recovery codes").click()
    problems += axe_check(page, "Your recovery codes")
    codes = [code.strip() for code in page.locator(".app-recovery-codes code").all_inner_texts()]
    assert len(codes) == 10

    for label, path in [
        ("Your sessions", reverse("usersessions_list")),
        ("Security log", reverse("security:partnership_log", args=[slug])),
        (
            "Security log, dates the wrong way round",
            reverse("security:partnership_log", args=[slug]) + "?date_from=2026-12-02&date_to=2026-12-01",
        ),
        ("Reset someone's two-step sign-in", reverse("security:mfa_reset", args=[slug, lead.person.pk])),
        ("Turn off two-step sign-in", reverse("mfa_deactivate_totp")),
    ]:
        response = page.goto(path)
        assert response.status == 200, f"{label}: HTTP {response.status}"
        problems += axe_check(page, label)
    assert (
        "The end date must be on or after the start date."
        in page.goto(
            reverse("security:partnership_log", args=[slug]) + "?date_from=2026-12-02&date_to=2026-12-01"
        ).text()
    )

    # A new browser: the password, then a recovery code, all at the keyboard.
    fresh = open_page(bypass_csp=True)
    fresh.goto(reverse("account_login"))
    fresh.get_by_label("Username or email address").focus()
    fresh.keyboard.type("coordinator")
    fresh.keyboard.press("Tab")
    fresh.keyboard.type(DEMO_PASSWORD)
    with fresh.expect_navigation():
        fresh.keyboard.press("Enter")
    assert fresh.url.endswith(reverse("mfa_authenticate")), fresh.url
    problems += axe_check(fresh, "Enter your code")
    fresh.keyboard.press("Tab")  # skip link, then on through the page to the code
    fresh.get_by_label("Code from your authenticator app, or a recovery code").focus()
    fresh.keyboard.type(codes[0])
    with fresh.expect_navigation():
        fresh.keyboard.press("Enter")
    assert fresh.goto(reverse("partnership:dashboard", args=[slug])).status == 200
    assert "Sign out" in fresh.content()

    assert not problems, "axe-core found problems (WCAG 2.2 AA):\n" + "\n".join(problems)


def test_the_site_administrator_s_security_pages_pass_axe(demo, open_page, axe_check):
    page = open_page("admin", bypass_csp=True)
    problems = []
    for label, path in [
        ("Site security log", reverse("security:site_log")),
        ("Sign-in policy", reverse("security:site_policy")),
    ]:
        response = page.goto(path)
        assert response.status == 200, f"{label}: HTTP {response.status}"
        problems += axe_check(page, label)
    assert not problems, "axe-core found problems (WCAG 2.2 AA):\n" + "\n".join(problems)
