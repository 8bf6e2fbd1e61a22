"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

- One Playwright and one Chromium for the whole session; a fresh browser context (cookies, storage)
  for every page a test opens, closed at the end of the test.
- Data: the demo (`manage.py load_demo`, overview/demo.py), loaded ONCE per session (per pytest-xdist
  worker: each worker has its own test database, live server and Chromium) and copied, then put back
  from that copy before every browser test, so each test starts from exactly the demo as just loaded
  and no test sees another's changes, in any order, without paying for `load_demo` (~30 s) again:
  - `_demo_snapshot` (session): with the database as migrations left it, loads the demo, committed
    (the live server serves it from its own connection on PostgreSQL), then copies the whole database:
    on SQLite (an in-memory database the live server shares) with sqlite3's backup API into a second
    in-memory database; on PostgreSQL, every Django table into a schema of its own (`demo_snapshot`,
    outside the search path, so `flush` leaves it alone).
  - `demo` (each test): puts the copy back (SQLite: backup API the other way; PostgreSQL: one
    transaction that truncates every table, copies the rows back and sets the sequences past them;
    Django's foreign keys are deferred to the commit), clears ContentType's cache (the ids come back
    with the rows), then looks up the records the tests need.
  - The tests use live_server, so they are transactional (pytest-django flushes the database after
    each one) and pytest-django runs them after every other test of the worker: what they leave, and
    the demo, never reach a test that runs on an empty database.
  - Files the demo and the tests store (papers, review PDFs) go to a temporary MEDIA_ROOT of the
    session, not to the working tree; stored files are only ever added, so the copy need not include
    them.
- Signing in: most tests put a session cookie made with Django's test client (`force_login`) into the
  browser context (`open_page("coordinator")`), which is fast. test_keyboard.py signs in through the
  real sign-in page instead, by keyboard, with the demo password.
- axe-core (tests/browser/vendor/axe.min.js) is injected by `axe_check`; the pages it checked are
  counted (in tests/conftest.py, which adds up the xdist workers' counts) and the count is printed at
  the end of the run ("axe: N pages checked, M violations").
"""

import importlib
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
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

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
SNAPSHOT_SCHEMA = "demo_snapshot"


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


class SqliteSnapshot:
    """The whole SQLite database, copied by sqlite3's backup API into an in-memory database of its own."""

    def __init__(self):
        connection.ensure_connection()
        self.copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(self.copy)

    def restore(self):
        connection.ensure_connection()
        self.copy.backup(connection.connection)

    def discard(self):
        self.copy.close()


class PostgresqlSnapshot:
    """Every Django table, copied into a schema of its own, outside the search path (so flush never sees it)."""

    def __init__(self):
        self.tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
        in_tables = set(self.tables)
        self.models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in in_tables]
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SNAPSHOT_SCHEMA}")
            for table in self.tables:
                name = connection.ops.quote_name(table)
                cursor.execute(f"CREATE TABLE {SNAPSHOT_SCHEMA}.{name} AS TABLE {name}")

    def restore(self):
        # One transaction: Django's foreign keys on PostgreSQL are DEFERRABLE INITIALLY DEFERRED, so the
        # tables can be filled in any order and are checked at the commit.
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in connection.ops.sql_flush(no_style(), self.tables):
                cursor.execute(sql)
            for table in self.tables:
                name = connection.ops.quote_name(table)
                cursor.execute(f"INSERT INTO {name} SELECT * FROM {SNAPSHOT_SCHEMA}.{name}")
            for sql in connection.ops.sequence_reset_sql(no_style(), self.models):
                cursor.execute(sql)

    def discard(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE")


SNAPSHOTS = {"sqlite": SqliteSnapshot, "postgresql": PostgresqlSnapshot}


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for the session (of this xdist worker) and copied; `demo` puts the copy back."""
    if connection.vendor not in SNAPSHOTS:
        pytest.fail(f"The browser tests copy the demo on SQLite or PostgreSQL, not {connection.vendor}", pytrace=False)
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    media.enable()
    try:
        with django_db_blocker.unblock():
            # The shipped review frameworks are data of a migration, which a flush deletes; put them back
            # (idempotent) in case a transactional test ran on this database before.
            importlib.import_module("reviews.migrations.0002_shipped_frameworks").forwards(apps, None)
            call_command("load_demo", stdout=StringIO())
            snapshot = SNAPSHOTS[connection.vendor]()
        yield snapshot
        with django_db_blocker.unblock():
            snapshot.discard()
    finally:
        media.disable()


@pytest.fixture
def demo(_demo_snapshot, live_server, transactional_db):
    """The demo, as just loaded, in the live server's database; with the records the tests need, looked up."""
    from django.contrib.contenttypes.models import ContentType

    from members.models import Agency, AgencyRole, Membership, PartnershipRole, Person
    from partnership.models import Partnership, PartnershipGroup

    _demo_snapshot.restore()
    ContentType.objects.clear_cache()  # the flush after the last test made new ids; the copy has the old ones
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
