"""List pages run a fixed number of queries whatever the size of the partnership (after Zulip's pinned counts).

Each page is measured with 10 rows of everything it lists and again with 200, and both counts are pinned.
If a change to a page moves its count, check the page for a query per row before updating the pin.
"""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members import services as member_services
from members import services_groups as group_services
from members import services_invitations as invitation_services
from members.models import Agency, StatutoryRole
from tests.factories import make_agency_role, make_group, make_member, make_partnership, make_person

PINNED = {
    # The coordinator's dashboard carries the set-up checklist (9 counts and exists), the register the
    # warning of missing responsible authorities (1); the count of case reviews in progress (1, no names);
    # the coordinator's emails that could not be sent (1); the newest audit entries, one query for each of the
    # log's three parts (3), so that none gathers and sorts the whole log.
    "dashboard": 29,
    "public": 10,
    "structure": 7,
    "register": 10,
    "people": 9,
    "roles": 8,
    "audit": 10,
    "history": 8,
    "agency": 10,
    "group": 9,
    "person": 11,
    "site administration": 10,
    "public, signed out": 5,
}
ROLES = list(StatutoryRole.values)


def grow(world, start, stop):
    """Add rows numbered start..stop-1 to every list: partners with a lead officer who publishes their
    contact details and leads a sub-group, an officer of the police, and an edit to the police's record."""
    by = world.administrator
    police = Agency.objects.get(pk=world.agencies["police"].pk)
    olive = world.people["olive"]
    for n in range(start, stop):
        membership = make_member(
            by=by, partnership=world.northdale, name=f"Partner {n:03}", statutory_role=ROLES[n % len(ROLES)]
        )
        lead = make_person(by=by, agency=membership.agency, last_name=f"Lead{n:03}", contact_public=True)
        make_agency_role(by=by, partnership=world.northdale, person=lead)
        make_group(by=by, partnership=world.northdale, name=f"Sub-group {n:03}", parent=world.groups["asb"], lead=lead)
        group_services.group_member_add(group=world.groups["asb"], person=lead, by=by)
        if n < 30:  # seats of one person on many groups, and partnerships on the site (a page of 25 shown)
            group_services.group_member_add(group=make_group(by=by, partnership=world.northdale), person=olive, by=by)
            westmoor = make_partnership(by=by, name=f"Westmoor {n:03}", slug=f"westmoor-{n:03}", area="Westmoor")
            member_services.partnership_role_assign(partnership=westmoor, person=lead, role="coordinator", by=by)
        make_person(by=by, agency=police, last_name=f"Officer{n:03}")
        police = member_services.agency_update(agency=police, by=by, version=police.version, short_name=f"P{n}")


def pages(world):
    def nd(name, *args):
        return reverse(name, args=["northdale", *args])

    return {
        "dashboard": nd("partnership:dashboard"),
        "public": nd("partnership:public"),
        "structure": nd("partnership:structure"),
        "register": nd("members:register"),
        "people": nd("members:people"),
        "roles": nd("members:roles"),
        "audit": nd("partnership:audit"),
        "history": nd("partnership:history", "agency", world.agencies["police"].pk),
        "agency": nd("members:agency", world.agencies["police"].pk),
        "group": nd("partnership:group", world.groups["asb"].pk),
        "person": nd("members:person", world.people["olive"].pk),
        "site administration": reverse("site:home"),
    }


def count_queries(visits):
    """Queries run by each (page, client, url) visit."""
    counts = {}
    for page, client, url in visits:
        client.get(url)  # warm the caches a long-running server would have warm (content types, permissions)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, page
        counts[page] = len(queries)
    return counts


def test_list_pages_run_the_same_pinned_number_of_queries_for_10_rows_and_for_200(world, client, alice):
    # The coordinator, who is also a site administrator here (for the site administration page).
    invitation_services.site_administrator_add(login="alice", by=world.administrator)
    client.force_login(alice)
    urls = pages(world)
    visits = [(page, client, url) for page, url in urls.items()] + [("public, signed out", Client(), urls["public"])]
    grow(world, 0, 10)
    small = count_queries(visits)
    grow(world, 10, 200)
    large = count_queries(visits)
    assert {"10 rows": small, "200 rows": large} == {"10 rows": PINNED, "200 rows": PINNED}
