"""Every route declared: the URL configuration is walked, and any route of ours, present or future, that no
permission table lists with an answer for every named person (the public, an outsider, a member, an officer,
a lead officer, an officer of another agency, the chair, the coordinator) fails this test.

The tables are the `TABLE` and `ELSEWHERE` lists of every tests/**/test_permissions.py module (found on
disk, so a new app's table is picked up), and `SITE_TABLE` below for the site-wide pages (site
administration and invitations). They cover every output: pages, PDFs, CSV, iCalendar feeds, charts and
downloads are routes like any other. Third-party routes are exempt only by name: the Django admin
(superusers only; tests/test_admin.py) and django-allauth's sign-in, two-step and sessions pages
(account_*, mfa_*, usersessions_*; tests/security).
"""

import importlib
from pathlib import Path

import pytest
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from members import services_invitations as invitation_services
from tests.conftest import client_of
from tests.factories import make_person
from tests.test_permissions import LOGIN, PEOPLE, expect, status_of

ROOT = Path(__file__).resolve().parent
EXEMPT_NAMESPACES = {"admin"}
# allauth's sign-in pages, its two-step sign-in pages (mfa_*) and its sessions page (usersessions_*): a person's
# own, for any signed-in person; tests/security/test_mfa.py drives them.
EXEMPT_PREFIXES = ("account_", "mfa_", "usersessions_")


def routes(patterns=None, namespace=None):
    """(namespace, name, route) of every route of the URL configuration; the name with its namespace."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if namespace and pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield namespace, name, str(pattern.pattern)


def _row_name_and_expected(row):
    if isinstance(row, tuple):
        return row[0], row[2]
    return row.url_name, row.expected


def permission_tables():
    """{module: [(url name, expected statuses), ...]} for every permission table of the suite."""
    found = {}
    for path in sorted(ROOT.rglob("test_permissions.py")):
        module = importlib.import_module(".".join(path.relative_to(ROOT.parent).with_suffix("").parts))
        rows = [*getattr(module, "TABLE", []), *getattr(module, "ELSEWHERE", [])]
        found[module.__name__] = [_row_name_and_expected(row) for row in rows]
    found[__name__] = [(name, expected) for name, _, expected, _ in SITE_TABLE]
    return found


def declared():
    return {name for rows in permission_tables().values() for name, _ in rows}


def test_every_route_of_ours_is_in_a_permission_table():
    ours = set()
    for namespace, name, route in routes():
        if namespace in EXEMPT_NAMESPACES or (name or "").startswith(EXEMPT_PREFIXES):
            continue
        if name is None:
            pytest.fail(f"the route {route!r} has no name, so no table can list it")
        ours.add(name)
    assert sorted(ours - declared()) == [], "add these routes to a permission table (tests/**/test_permissions.py)"


def test_every_row_gives_an_answer_for_every_named_person():
    missing = [
        f"{module}: {name} lacks {sorted(set(PEOPLE) - set(expected))}"
        for module, rows in permission_tables().items()
        for name, expected in rows
        if set(expected) != set(PEOPLE)
    ]
    assert missing == []


def test_the_walker_sees_routes_of_every_app():
    names = {name for _, name, _ in routes()}
    for namespace in ["partnership", "members", "meetings", "workplan", "reviews", "casereviews", "security", "site"]:
        assert any(name and name.startswith(namespace + ":") for name in names), namespace


# Site-wide pages ---------------------------------------------------------------------------------------

# Site administration is for site administrators only (none of the named people is one); an invitation's
# link works for whoever holds it, signed in or not.
SITE_ONLY = expect(dict.fromkeys(PEOPLE, 403), anonymous=LOGIN)


def _invitation(world):
    """A real invitation, with a token the test knows (only its hash is stored)."""
    newcomer = make_person(
        by=world.administrator, first_name="Nia", last_name="Newton", agency=world.agencies["police"], email="n@e.org"
    )
    with pytest.MonkeyPatch.context() as patch, TestCase.captureOnCommitCallbacks(execute=True):
        patch.setattr(invitation_services.secrets, "token_urlsafe", lambda size: TOKEN)
        # The link is made as the worker sends the email, once the invitation is committed.
        invitation_services.invitation_send(person=newcomer, partnership=world.northdale, by=world.users["alice"])
    return {"token": TOKEN}


TOKEN = "a-token-the-table-knows-0123456789abcdefghijkl"

# (name, kwargs, expected, method): the two administrator routes take a POST only.
SITE_TABLE = [
    ("site:home", lambda w: {}, SITE_ONLY, "get"),
    ("site:partnership_start", lambda w: {}, SITE_ONLY, "get"),
    ("site:administrator_add", lambda w: {}, SITE_ONLY, "post"),
    ("site:administrator_remove", lambda w: {"pk": w.users["alice"].pk}, SITE_ONLY, "post"),
    ("invitations:accept", _invitation, dict.fromkeys(PEOPLE, 200), "get"),
]


@pytest.mark.parametrize(("url_name", "kwargs", "expected", "method"), SITE_TABLE, ids=[row[0] for row in SITE_TABLE])
def test_each_person_gets_the_status_the_site_table_gives_them(world, signed_in, url_name, kwargs, expected, method):
    url = reverse(url_name, kwargs=kwargs(world))
    found = {name: status_of(getattr(client_of(name, world, signed_in), method)(url)) for name in PEOPLE}
    assert found == expected


def test_a_site_administrator_reaches_the_site_pages(world, client):
    client.force_login(world.administrator)
    for name in ["site:home", "site:partnership_start"]:
        assert client.get(reverse(name)).status_code == 200, name
