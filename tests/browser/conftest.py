"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

- One Playwright and one Chromium for the whole session; a fresh browser context (cookies, storage)
  for every page a test opens, closed at the end of the test.
- Data: the demo (`manage.py load_demo`, partnership/demo.py), loaded into the live server's database
  by the `demo` fixture. live_server runs on a transactional database that is flushed after every
  test, so each test loads the demo again: keep the number of browser tests small (one test visits
  many pages in a loop).
- Signing in: most tests put a session cookie made with Django's test client (`force_login`) into the
  browser context (`open_page("coordinator")`), which is fast. test_keyboard.py signs in through the
  real sign-in page instead, by keyboard, with the demo password.
- axe-core (tests/browser/vendor/axe.min.js) is injected by `axe_check`; the pages it checked are
  counted and the count is printed at the end of the run ("axe: N pages checked, M violations").
"""

import os
import shutil
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

# Playwright's sync API runs an asyncio event loop in the test's own thread (it drives Chromium from a
# greenlet on that loop). Django's async-safety guard sees the running loop and raises
# SynchronousOnlyOperation as soon as the test thread uses the ORM (loading the demo, force_login,
# looking up ids) while a page is open. Nothing here runs concurrently with that loop: the ORM calls
# are plain synchronous calls between browser steps, so the guard is a false alarm and is switched off
# for this test run only. It must be set before any test runs, so it is set when this file is imported.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEMO_PASSWORD = "demo-password-123"
TIMEOUT_MS = 10_000

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    targets: v.nodes.map(n => n.target.join(' ')),
  }));
}"""
SHOWN_TARGETS = 4

# Filled by axe_check, printed by pytest_terminal_summary (under pytest-xdist, each worker keeps its own).
AXE_SUMMARY = {"pages": 0, "violations": 0}


# Browser -----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is needed for the browser tests: apt-get install -y chromium", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def session_cookie(username, url):
    """A signed-in session for `username`, made by Django's test client (no sign-in page involved)."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": url}


@pytest.fixture
def open_page(browser, live_server):
    """open_page(username=None, bypass_csp=False): a new page in a context of its own, signed in as username.

    bypass_csp=True lets axe-core be injected despite the site's Content-Security-Policy (which rightly
    forbids scripts that are not the site's own); use it only for the axe runs.
    """
    contexts = []

    def open_page(username=None, *, bypass_csp=False):
        context = browser.new_context(base_url=live_server.url, bypass_csp=bypass_csp)
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        if username:
            context.add_cookies([session_cookie(username, live_server.url)])
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


# Demo data ---------------------------------------------------------------------------------------


@pytest.fixture
def demo(live_server, transactional_db):
    """The demo, loaded in the live server's database; with the records the tests need, looked up."""
    from members.models import Agency, AgencyRole, Membership, PartnershipRole, Person
    from partnership.models import Partnership, PartnershipGroup

    call_command("load_demo", stdout=StringIO())
    northdale = Partnership.objects.get(slug="northdale")
    eastshire = Partnership.objects.get(slug="eastshire")
    police = Agency.objects.get(name="Eastshire Police")
    fire = Agency.objects.get(name="Eastshire Fire and Rescue Service")
    in_post = Person.objects.filter(left_on__isnull=True).order_by("last_name", "first_name")
    police_person = in_post.filter(agency=police).exclude(user__username="lead").first()
    fire_person = in_post.filter(agency=fire).exclude(user__username="otherlead").first()
    group = (
        PartnershipGroup.objects.filter(partnership=northdale, is_archived=False, parent__isnull=False)
        .order_by("name")
        .first()
    )
    return SimpleNamespace(
        password=DEMO_PASSWORD,
        northdale=northdale,
        eastshire=eastshire,
        police=police,
        fire=fire,
        police_membership=Membership.objects.get(partnership=northdale, agency=police, left__isnull=True),
        police_person=police_person,
        fire_person=fire_person,
        lead=Person.objects.get(user__username="lead"),
        group=group,
        partnership_role=PartnershipRole.objects.current().filter(partnership=northdale, role="member").first(),
        agency_role=AgencyRole.objects.current().filter(partnership=northdale, person=police_person).first(),
    )


# axe-core ----------------------------------------------------------------------------------------


def _describe(violation):
    targets = violation["targets"]
    shown = ", ".join(targets[:SHOWN_TARGETS])
    more = f" (+{len(targets) - SHOWN_TARGETS} more)" if len(targets) > SHOWN_TARGETS else ""
    return f"    - {violation['id']} [{violation['impact']}] {violation['help']}: {shown}{more}  {violation['helpUrl']}"


@pytest.fixture
def axe_check():
    """axe_check(page, label) runs axe-core's WCAG 2.2 AA rules on the page as it is now.

    Returns a list of readable problem lines (empty when the page passes), so a test can check many
    pages and assert once at the end. The page must come from open_page(..., bypass_csp=True).
    """

    def axe_check(page, label, *, record=True):
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(AXE_RUN, AXE_TAGS)
        if record:
            AXE_SUMMARY["pages"] += 1
            AXE_SUMMARY["violations"] += len(violations)
        if not violations:
            return []
        return [f"  {label} ({page.url}):", *(_describe(v) for v in violations)]

    return axe_check


def pytest_terminal_summary(terminalreporter):
    if AXE_SUMMARY["pages"]:
        terminalreporter.write_sep(
            "-", f"axe: {AXE_SUMMARY['pages']} pages checked, {AXE_SUMMARY['violations']} violations"
        )
