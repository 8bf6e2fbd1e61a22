"""The named test people, set up only through the services so history and permissions are as in production.

Northdale (a district partnership):
  alice   coordinator, works for the district council
  carol   chair, works for the district council
  leo     lead officer of the police
  olive   officer of the police, holds no role
  fred    lead officer of the fire service (an officer of another agency)
  maya    member of the board, works for no agency
Southvale (another partnership):
  charlie coordinator of Southvale, with no connection to Northdale (the outsider)
"""

import copy
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings

from members.models import AgencyRole, PartnershipRole, Sector, StatutoryRole
from partnership.models import PartnershipGroup
from tests.factories import (
    make_agency,
    make_agency_role,
    make_group,
    make_member,
    make_partnership,
    make_partnership_role,
    make_person,
)


@pytest.fixture(scope="session", autouse=True)
def _no_session_left_on_the_test_database(django_db_setup, django_db_blocker):
    """On PostgreSQL, end any other session still connected to this worker's test database (a live server's
    request thread whose connection outlived it) before pytest-django drops the database, which PostgreSQL
    refuses while a session is open. Runs at the end of the worker's session, before the drop."""
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )


# The fuzz run's count of posts and server errors, added up across xdist workers (tests/security/test_fuzz.py).
pytest_plugins = ["tests.security.fuzz_summary"]

NAMES = ["alice", "carol", "leo", "olive", "fred", "maya", "charlie"]

# The pages axe-core checked in this process (tests/browser's axe_check counts them). Under pytest-xdist
# each worker hands its counts back when it finishes and the controller adds them up, so the line
# "axe: N pages checked, M violations" at the end of the run covers every worker.
AXE_SUMMARY = {"pages": 0, "violations": 0}


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)  # set on an xdist worker only
    if workeroutput is not None:
        workeroutput["axe_summary"] = dict(AXE_SUMMARY)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    for key, count in getattr(node, "workeroutput", {}).get("axe_summary", {}).items():
        AXE_SUMMARY[key] += count


def pytest_terminal_summary(terminalreporter):
    if AXE_SUMMARY["pages"]:
        terminalreporter.write_sep(
            "-", f"axe: {AXE_SUMMARY['pages']} pages checked, {AXE_SUMMARY['violations']} violations"
        )


@pytest.fixture(scope="module")
def _world_of_the_module(django_db_setup, django_db_blocker):
    """The named people, made once per test module in a transaction rolled back when the module ends.

    Each test runs in a savepoint inside it (pytest-django's `db`), so it starts from this state.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(_world_of_the_module, db):
    """The named people and their partnerships, as fresh Python objects for each test (as setUpTestData)."""
    return copy.deepcopy(_world_of_the_module)


@contextmanager
def once_per_module(django_db_blocker, tmp_path_factory):
    """For a module-scoped fixture that makes records on top of the world: a transaction (a savepoint in
    the world's) rolled back when the module ends, and a MEDIA_ROOT of the module for the files stored.

    Each test runs in a savepoint inside it (pytest-django's `db`), so every test starts from the records
    as made, whatever an earlier test of the module changed; give each test its own copy of the Python
    objects with copy.deepcopy, as `world` does.
    """
    with (
        override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def _sessions_of_the_module(_world_of_the_module, django_db_blocker):
    with django_db_blocker.unblock():
        sessions = {}
        for name in NAMES:
            client = Client()
            client.force_login(get_user_model().objects.get(pk=_world_of_the_module.users[name].pk))
            sessions[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
        return sessions


@pytest.fixture
def signed_in(_sessions_of_the_module, world):
    """A signed-in session (its cookie's value) for each named person, made once per test module.

    Sessions are rows in the database (SESSION_ENGINE is db), made in the module's transaction; whatever
    a request of a test does to one (flushing it, rotating its key, storing something in it) is rolled
    back with the test, so every test finds each session exactly as `force_login` had just made it, as a
    fresh login would, without logging the seven people in again for every row of a permission table.
    """
    return _sessions_of_the_module


def client_of(name, world, signed_in=None):
    """A test client for the named person ("anonymous": signed out): signed in by `force_login`, or with
    their session from `signed_in`."""
    client = Client()
    if name == "anonymous":
        return client
    if signed_in is None:
        client.force_login(world.users[name])
    else:
        client.cookies[settings.SESSION_COOKIE_NAME] = signed_in[name]
    return client


@pytest.fixture
def administrator(world):
    return world.administrator


def build_world():
    # The deployment's administrator sets the partnerships up (made as `createsuperuser` makes one).
    administrator = by = get_user_model().objects.create_superuser("admin", "admin@example.org", "admin-password-1")
    northdale = make_partnership(
        by=by, name="Northdale Community Safety Partnership", slug="northdale", area="Northdale district"
    )
    southvale = make_partnership(
        by=by, name="Southvale Community Safety Partnership", slug="southvale", area="Southvale borough"
    )
    agencies = {
        "council": make_agency(by=by, name="Northdale District Council", sector=Sector.LOCAL_AUTHORITY),
        "police": make_agency(by=by, name="Shire Constabulary", sector=Sector.POLICE),
        "fire": make_agency(by=by, name="Shire Fire and Rescue Service", sector=Sector.FIRE),
        "southvale_council": make_agency(by=by, name="Southvale Borough Council", sector=Sector.LOCAL_AUTHORITY),
    }
    memberships = {
        "council": make_member(
            by=by, partnership=northdale, agency=agencies["council"], statutory_role=StatutoryRole.RESPONSIBLE_AUTHORITY
        ),
        "police": make_member(
            by=by, partnership=northdale, agency=agencies["police"], statutory_role=StatutoryRole.RESPONSIBLE_AUTHORITY
        ),
        "fire": make_member(
            by=by, partnership=northdale, agency=agencies["fire"], statutory_role=StatutoryRole.REQUIRED_TO_COOPERATE
        ),
        "southvale_council": make_member(
            by=by,
            partnership=southvale,
            agency=agencies["southvale_council"],
            statutory_role=StatutoryRole.RESPONSIBLE_AUTHORITY,
        ),
    }

    def person(username, first, last, agency, job_title):
        return make_person(
            by=by,
            first_name=first,
            last_name=last,
            agency=agencies[agency] if agency else None,
            job_title=job_title,
            email=f"{username}@example.org",
            username=username,
        )

    people = {
        "alice": person("alice", "Alice", "Archer", "council", "Community safety coordinator"),
        "carol": person("carol", "Carol", "Chen", "council", "Leader of the council"),
        "leo": person("leo", "Leo", "Lewis", "police", "Chief inspector"),
        "olive": person("olive", "Olive", "Okafor", "police", "Police constable"),
        "fred": person("fred", "Fred", "Fisher", "fire", "Station manager"),
        "maya": person("maya", "Maya", "Morgan", None, "Community representative"),
        "charlie": person("charlie", "Charlie", "Clarke", "southvale_council", "Community safety officer"),
    }
    roles = {
        "alice": make_partnership_role(
            by=by, partnership=northdale, person=people["alice"], role=PartnershipRole.Role.COORDINATOR
        ),
        "carol": make_partnership_role(
            by=by, partnership=northdale, person=people["carol"], role=PartnershipRole.Role.CHAIR
        ),
        "maya": make_partnership_role(
            by=by, partnership=northdale, person=people["maya"], role=PartnershipRole.Role.MEMBER
        ),
        "leo": make_agency_role(by=by, partnership=northdale, person=people["leo"], role=AgencyRole.Role.LEAD_OFFICER),
        "fred": make_agency_role(
            by=by, partnership=northdale, person=people["fred"], role=AgencyRole.Role.LEAD_OFFICER
        ),
        "charlie": make_partnership_role(
            by=by, partnership=southvale, person=people["charlie"], role=PartnershipRole.Role.COORDINATOR
        ),
    }
    board = make_group(
        by=by,
        partnership=northdale,
        name="Strategic board",
        kind=PartnershipGroup.Kind.BOARD,
        lead=people["carol"],
        remit="Sets the strategy and signs off the annual review.",
    )
    groups = {
        "board": board,
        "asb": make_group(
            by=by,
            partnership=northdale,
            name="Anti-social behaviour group",
            lead=people["leo"],
            parent=board,
            remit="Tackles anti-social behaviour across the district.",
        ),
        "southvale_board": make_group(
            by=by, partnership=southvale, name="Southvale board", kind=PartnershipGroup.Kind.BOARD
        ),
    }
    return SimpleNamespace(
        administrator=administrator,
        northdale=northdale,
        southvale=southvale,
        agencies=agencies,
        memberships=memberships,
        people=people,
        users={name: people[name].user for name in NAMES},
        roles=roles,
        groups=groups,
    )


@pytest.fixture
def northdale(world):
    return world.northdale


@pytest.fixture
def southvale(world):
    return world.southvale


@pytest.fixture
def agencies(world):
    return world.agencies


@pytest.fixture
def people(world):
    return world.people


@pytest.fixture
def alice(world):
    return world.users["alice"]


@pytest.fixture
def carol(world):
    return world.users["carol"]


@pytest.fixture
def leo(world):
    return world.users["leo"]


@pytest.fixture
def olive(world):
    return world.users["olive"]


@pytest.fixture
def fred(world):
    return world.users["fred"]


@pytest.fixture
def maya(world):
    return world.users["maya"]


@pytest.fixture
def charlie(world):
    return world.users["charlie"]
