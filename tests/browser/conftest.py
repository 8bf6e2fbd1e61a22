"""Browser tests: Debian's Chromium, driven by Playwright, against a live server of the demo.

- One Playwright and one Chromium for the whole session; a fresh browser context (cookies, storage)
  for every page a test opens, closed at the end of the test.
- Data: the demo (`manage.py load_demo`, overview/demo.py), loaded ONCE per session (per pytest-xdist
  worker: each worker has its own test database, live server and Chromium), and every test starts
  from exactly the demo as just loaded, whatever the tests before it changed, in any order:
  - `_demo_database` (session) copies the database as the other tests use it (as migrations left it:
    every other test rolls back what it does), loads the demo, committed, and copies the database
    again. On SQLite (an in-memory database, which the live server shares) a copy is a second
    in-memory database made with sqlite3's backup API; on PostgreSQL it is a schema of its own
    (`snapshot_baseline`, `snapshot_demo`, outside the search path, so Django never sees them) holding
    a copy of every Django table.
  - `demo` (each test) puts the demo's copy back before the test and the first copy back after it.
    SQLite: the backup API, the other way. PostgreSQL: one transaction that deletes every row, copies
    the rows back and sets each sequence past them (Django's foreign keys there are DEFERRABLE
    INITIALLY DEFERRED, so they are checked at the commit). Either takes well under a second, against
    ~30 s for load_demo. ContentType's cache is cleared each time (the ids come back with the rows).
  - So no flush: pytest-django's `live_server` would make each test a transactional test and flush
    every table after it (which on PostgreSQL costs seconds, and deletes what data migrations made).
    `demo_server` is pytest-django's LiveServer helper (Django's LiveServerThread, sharing the
    in-memory SQLite connection as Django does), started by a session fixture of ours, and
    `transactional_db` is overridden here to give the test database access with real commits and no
    flush. What a test writes is committed, so the live server sees it, and it is gone when the test
    ends: a test that runs after the browser tests on the same worker finds the database as it was.
  - Files the demo and the tests store (papers, review PDFs) go to a temporary MEDIA_ROOT of the
    session, not into the working tree; the app only ever adds stored files, so the copies need not
    include them.
- Signing in: most tests put a session cookie made with Django's test client (`force_login`) into the
  browser context (`open_page("coordinator")`), which is fast. test_keyboard.py signs in through the
  real sign-in page instead, by keyboard, with the demo password.
- axe-core (tests/browser/vendor/axe.min.js) is injected by `axe_check`; the pages it checked are
  counted (in tests/conftest.py, which adds up the xdist workers' counts) and the count is printed at
  the end of the run ("axe: N pages checked, M violations").
"""

import os
import shutil
import sqlite3
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
from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import modify_settings, override_settings  # noqa: E402

from tests.conftest import AXE_SUMMARY  # noqa: E402

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
def open_page(browser, demo_server, demo):
    """open_page(username=None, bypass_csp=False): a new page of the demo in a context of its own, signed in
    as username.

    bypass_csp=True lets axe-core be injected despite the site's Content-Security-Policy (which rightly
    forbids scripts that are not the site's own); use it only for the axe runs.
    """
    contexts = []

    def open_page(username=None, *, bypass_csp=False):
        context = browser.new_context(base_url=demo_server.url, bypass_csp=bypass_csp)
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        if username:
            context.add_cookies([session_cookie(username, demo_server.url)])
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


# Demo data ---------------------------------------------------------------------------------------


class SqliteCopy:
    """The whole SQLite database as it is now, in an in-memory database of its own (sqlite3's backup API)."""

    def __init__(self, name):
        connection.ensure_connection()
        self.copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(self.copy)

    def restore(self):
        connection.ensure_connection()
        self.copy.backup(connection.connection)

    def discard(self):
        self.copy.close()


class PostgresqlCopy:
    """Every Django table as it is now, copied into a schema of its own, outside the search path."""

    def __init__(self, name):
        tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
        self.schema = connection.ops.quote_name(name)
        self.tables = [connection.ops.quote_name(table) for table in tables]
        self.models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in tables]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {self.schema}")
            for table in self.tables:
                cursor.execute(f"CREATE TABLE {self.schema}.{table} AS TABLE {table}")

    def restore(self):
        # One transaction; the foreign keys are checked at the commit, so the order of the tables is free.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in self.tables:
                cursor.execute(f"DELETE FROM {table}")
            for table in self.tables:
                cursor.execute(f"INSERT INTO {table} SELECT * FROM {self.schema}.{table}")
            for sql in connection.ops.sequence_reset_sql(no_style(), self.models):
                cursor.execute(sql)

    def discard(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")


COPIES = {"sqlite": SqliteCopy, "postgresql": PostgresqlCopy}


@pytest.fixture(scope="session")
def _demo_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """Copies of the database without the demo and with it, for `demo` to put back (once per xdist worker)."""
    if connection.vendor not in COPIES:
        pytest.fail(f"The browser tests copy the database on SQLite or PostgreSQL, not {connection.vendor}")
    copy = COPIES[connection.vendor]
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    media.enable()
    copies = []
    try:
        with django_db_blocker.unblock():
            copies.append(copy("snapshot_baseline"))
            try:
                call_command("load_demo", stdout=StringIO())
                copies.append(copy("snapshot_demo"))
            finally:
                copies[0].restore()
        baseline, loaded = copies
        yield SimpleNamespace(baseline=baseline, demo=loaded)
    finally:
        with django_db_blocker.unblock():
            for made in copies:
                made.discard()
            close_this_connection()
        media.disable()


def close_this_connection():
    """Close the test thread's connection, as pytest-django does after a transactional test.

    Playwright's sync API runs the test thread in greenlets with contexts of their own, and Django keeps
    connections per context, so the ORM calls of a test (after Chromium started) and those of the session
    fixtures go through different connections. Each is closed when its work is done: PostgreSQL will not
    drop the test database while one is still open. (On an in-memory SQLite database, close() does nothing.)
    """
    connection.close()


@pytest.fixture(scope="session")
def demo_server(request, django_db_setup):
    """A live server of the app for the session: pytest-django's LiveServer (Django's LiveServerThread), at
    the address pytest-django's live_server would use (--liveserver, DJANGO_LIVE_TEST_SERVER_ADDRESS)."""
    from pytest_django.live_server_helper import LiveServer

    address = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(address)
    hosts = modify_settings(ALLOWED_HOSTS={"append": server.thread.host})
    hosts.enable()
    yield server
    hosts.disable()
    server.stop()


@pytest.fixture
def transactional_db(django_db_setup, django_db_blocker):
    """pytest-django's transactional_db, for the browser tests, without the flush after each test.

    The test may use the database, with no transaction around it: what it writes is committed, and the
    live server sees it (and the other way round). `demo` puts the database back instead of a flush. The
    name keeps what pytest-django does for transactional tests: it sets up the test database for them
    and runs them after the other tests.
    """
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def demo(_demo_database, demo_server, transactional_db):
    """The demo, as just loaded, in the live server's database, with the records the tests need, looked up;
    the database is put back as it was before the demo when the test ends."""
    _demo_database.demo.restore()
    ContentType.objects.clear_cache()
    try:
        yield look_up_the_demo()
    finally:
        _demo_database.baseline.restore()
        ContentType.objects.clear_cache()
        close_this_connection()


def look_up_the_demo():
    from members.models import Agency, AgencyRole, Membership, PartnershipRole, Person
    from partnership.models import Partnership, PartnershipGroup

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
