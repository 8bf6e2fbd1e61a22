"""Every URL of the partnership and the partner register, with the status each named person gets.

404 to someone who may not see the page (no hint that it exists), 403 to someone who may see but
not change, and a redirect to sign in for anonymous visitors to internal pages (after pretix's
test_permissions).
"""

import pytest
from django.urls import reverse

from members import services_groups as group_services
from members import services_invitations as invitation_services
from members.models import AgencyRole, Person
from partnership import services as partnership_services
from partnership.models import Partnership
from tests.conftest import client_of
from tests.factories import make_agency_role, make_person

LOGIN = "sign in"  # a redirect to the sign-in page
PEOPLE = ["anonymous", "charlie", "maya", "olive", "leo", "fred", "carol", "alice"]


def expect(base=None, **statuses):
    return {**(base or {}), **statuses}


INTERNAL = expect(anonymous=LOGIN, charlie=404, maya=200, olive=200, leo=200, fred=200, carol=200, alice=200)
COORDINATOR_ONLY = expect(INTERNAL, maya=403, olive=403, leo=403, fred=403, carol=403)
POLICE_LEADS = expect(COORDINATOR_ONLY, leo=200)
FIRE_LEADS = expect(COORDINATOR_ONLY, fred=200)
ANY_LEAD = expect(COORDINATOR_ONLY, leo=200, fred=200)
COORDINATOR_AND_CHAIR = expect(COORDINATOR_ONLY, carol=200)
PUBLIC = dict.fromkeys(PEOPLE, 200)
NOWHERE = expect(dict.fromkeys(PEOPLE, 404), anonymous=LOGIN)
SOUTHVALE_INTERNAL = expect(dict.fromkeys(PEOPLE, 404), anonymous=LOGIN, charlie=200)


def nd(**kwargs):
    return lambda w: {"partnership": "northdale", **kwargs}


def olive_information_sharing_role(w):
    role = make_agency_role(
        by=w.administrator, partnership=w.northdale, person=w.people["olive"], role=AgencyRole.Role.INFORMATION_SHARING
    )
    return {"partnership": "northdale", "kind": "agency", "pk": role.pk}


def police_invitation(w):
    """An invitation of a new police officer (no login yet), sent by the coordinator."""
    newcomer = make_person(
        by=w.administrator, first_name="Nia", last_name="Newton", agency=w.agencies["police"], email="nia@example.org"
    )
    return invitation_services.invitation_send(person=newcomer, partnership=w.northdale, by=w.users["alice"])


def an_email(w):
    """An email of the partnership's, queued (the table's tests commit nothing, so it is never sent)."""
    batch = partnership_services.email_batch_queue(
        partnership=w.northdale,
        key="members.invitation:table",
        composer="members.invitation",
        object_id=0,
        description="Invitation to sign in: Nia Newton",
        by=w.users["alice"],
    )
    return {"partnership": "northdale", "pk": batch.pk}


def leo_on_the_board(w):
    return group_services.group_member_add(group=w.groups["board"], person=w.people["leo"], by=w.administrator)


TABLE = [
    # The partnership
    ("partnership:home", lambda w: {}, expect(dict.fromkeys(PEOPLE, 302), anonymous=200)),
    ("partnership:switch", lambda w: {}, expect(dict.fromkeys(PEOPLE, 200), anonymous=LOGIN)),
    ("partnership:public", nd(), PUBLIC),
    ("partnership:accessibility", lambda w: {}, PUBLIC),
    # The load balancer's health check: reachability and the queue's length only, for anyone.
    ("partnership:health", lambda w: {}, PUBLIC),
    ("partnership:dashboard", nd(), INTERNAL),
    ("partnership:structure", nd(), INTERNAL),
    ("partnership:edit", nd(), COORDINATOR_ONLY),
    ("partnership:group_create", nd(), COORDINATOR_ONLY),
    ("partnership:group", lambda w: nd(pk=w.groups["asb"].pk)(w), INTERNAL),
    ("partnership:group_edit", lambda w: nd(pk=w.groups["asb"].pk)(w), COORDINATOR_ONLY),
    ("partnership:audit", nd(), COORDINATOR_AND_CHAIR),
    # An email to members names meetings and people: the coordinators' only (404 to the rest).
    ("partnership:email", an_email, expect(NOWHERE, charlie=404, alice=200)),
    ("partnership:history", lambda w: nd(kind="partnership", pk=w.northdale.pk)(w), INTERNAL),
    ("partnership:history", lambda w: nd(kind="group", pk=w.groups["asb"].pk)(w), INTERNAL),
    ("partnership:history", lambda w: nd(kind="agency", pk=w.agencies["police"].pk)(w), INTERNAL),
    ("partnership:history", lambda w: nd(kind="person", pk=w.people["olive"].pk)(w), INTERNAL),
    ("partnership:history", lambda w: nd(kind="membership", pk=w.memberships["police"].pk)(w), INTERNAL),
    # The partner register
    ("members:register", nd(), INTERNAL),
    ("members:partner_add", nd(), COORDINATOR_ONLY),
    ("members:membership_edit", lambda w: nd(pk=w.memberships["police"].pk)(w), COORDINATOR_ONLY),
    ("members:agency", lambda w: nd(pk=w.agencies["police"].pk)(w), INTERNAL),
    ("members:agency_edit", lambda w: nd(pk=w.agencies["police"].pk)(w), POLICE_LEADS),
    ("members:agency_edit", lambda w: nd(pk=w.agencies["fire"].pk)(w), FIRE_LEADS),
    ("members:agency_role_assign", lambda w: nd(pk=w.agencies["police"].pk)(w), POLICE_LEADS),
    ("members:people", nd(), INTERNAL),
    ("members:person_create", nd(), ANY_LEAD),
    ("members:person", lambda w: nd(pk=w.people["olive"].pk)(w), INTERNAL),
    ("members:person", lambda w: nd(pk=w.people["maya"].pk)(w), INTERNAL),
    ("members:person_edit", lambda w: nd(pk=w.people["olive"].pk)(w), POLICE_LEADS),
    ("members:person_edit", lambda w: nd(pk=w.people["leo"].pk)(w), POLICE_LEADS),
    ("members:person_edit", lambda w: nd(pk=w.people["fred"].pk)(w), FIRE_LEADS),
    ("members:person_edit", lambda w: nd(pk=w.people["maya"].pk)(w), COORDINATOR_ONLY),
    ("members:handover", lambda w: nd(pk=w.people["leo"].pk)(w), COORDINATOR_ONLY),
    ("members:roles", nd(), INTERNAL),
    ("members:partnership_role_assign", nd(), COORDINATOR_ONLY),
    ("members:role_end", olive_information_sharing_role, POLICE_LEADS),
    ("members:role_end", lambda w: nd(kind="agency", pk=w.roles["leo"].pk)(w), COORDINATOR_ONLY),
    ("members:role_end", lambda w: nd(kind="partnership", pk=w.roles["maya"].pk)(w), COORDINATOR_ONLY),
    # Invitations: the coordinator invites anyone; a lead officer, people of their own agency.
    ("members:person_invite", lambda w: nd(pk=w.people["olive"].pk)(w), POLICE_LEADS),
    ("members:person_invite", lambda w: nd(pk=w.people["maya"].pk)(w), COORDINATOR_ONLY),
    ("members:invitation_resend", lambda w: nd(pk=police_invitation(w).pk)(w), POLICE_LEADS),
    ("members:invitation_withdraw", lambda w: nd(pk=police_invitation(w).pk)(w), POLICE_LEADS),
    # Group membership: the coordinator gives and ends seats.
    ("members:group_member_add", lambda w: nd(pk=w.groups["board"].pk)(w), COORDINATOR_ONLY),
    ("members:seat_end", lambda w: nd(pk=leo_on_the_board(w).pk)(w), COORDINATOR_ONLY),
    # Spreadsheets: every member exports; the coordinator imports.
    ("members:agencies_csv", nd(), INTERNAL),
    ("members:people_csv", nd(), INTERNAL),
    ("members:agencies_import", nd(), COORDINATOR_ONLY),
    ("members:people_import", nd(), COORDINATOR_ONLY),
]

# Records of another partnership, or of none, give 404 to everyone in Northdale.
ELSEWHERE = [
    ("partnership:dashboard", lambda w: {"partnership": "southvale"}, SOUTHVALE_INTERNAL),
    ("members:register", lambda w: {"partnership": "southvale"}, SOUTHVALE_INTERNAL),
    ("partnership:public", lambda w: {"partnership": "southvale"}, PUBLIC),
    (
        "partnership:group",
        lambda w: {"partnership": "southvale", "pk": w.groups["southvale_board"].pk},
        SOUTHVALE_INTERNAL,
    ),
    ("partnership:group", lambda w: nd(pk=w.groups["southvale_board"].pk)(w), NOWHERE),
    ("partnership:group_edit", lambda w: nd(pk=w.groups["southvale_board"].pk)(w), NOWHERE),
    ("partnership:group", lambda w: {"partnership": "southvale", "pk": w.groups["asb"].pk}, NOWHERE),
    ("members:agency", lambda w: nd(pk=w.agencies["southvale_council"].pk)(w), NOWHERE),
    ("members:agency", lambda w: {"partnership": "southvale", "pk": w.agencies["police"].pk}, NOWHERE),
    ("members:agency_edit", lambda w: nd(pk=w.agencies["southvale_council"].pk)(w), NOWHERE),
    ("members:membership_edit", lambda w: nd(pk=w.memberships["southvale_council"].pk)(w), NOWHERE),
    ("members:person", lambda w: nd(pk=w.people["charlie"].pk)(w), NOWHERE),
    ("members:person", lambda w: {"partnership": "southvale", "pk": w.people["olive"].pk}, NOWHERE),
    ("members:person_edit", lambda w: nd(pk=w.people["charlie"].pk)(w), NOWHERE),
    ("members:handover", lambda w: {"partnership": "southvale", "pk": w.people["leo"].pk}, NOWHERE),
    ("members:role_end", lambda w: nd(kind="partnership", pk=w.roles["charlie"].pk)(w), NOWHERE),
    ("members:role_end", lambda w: nd(kind="team", pk=w.roles["maya"].pk)(w), NOWHERE),
    ("partnership:history", lambda w: nd(kind="agency", pk=w.agencies["southvale_council"].pk)(w), NOWHERE),
    ("partnership:history", lambda w: nd(kind="partnership", pk=w.southvale.pk)(w), NOWHERE),
    ("partnership:history", lambda w: nd(kind="user", pk=w.users["olive"].pk)(w), NOWHERE),
    ("partnership:dashboard", lambda w: {"partnership": "nowhere"}, NOWHERE),
    ("partnership:public", lambda w: {"partnership": "nowhere"}, dict.fromkeys(PEOPLE, 404)),
]


def _ids(table):
    return [f"{name}:{index}" for index, (name, _, _) in enumerate(table)]


def status_of(response):
    login = reverse("account_login")
    if response.status_code == 302 and response["Location"].startswith(login + "?next="):
        return LOGIN
    return response.status_code


def statuses(world, url, method="get", data=None, signed_in=None):
    """The status each named person gets for `url`, each in a session of their own: a fresh login, or the
    person's session from the `signed_in` fixture (as a fresh login leaves it, in every test)."""
    found = {}
    for name in PEOPLE:
        client = client_of(name, world, signed_in)
        found[name] = status_of(getattr(client, method)(url, data or {}))
    return found


@pytest.mark.parametrize(("url_name", "kwargs", "expected"), TABLE, ids=_ids(TABLE))
def test_each_person_gets_the_status_the_table_gives_them(world, signed_in, url_name, kwargs, expected):
    assert statuses(world, reverse(url_name, kwargs=kwargs(world)), signed_in=signed_in) == expected


@pytest.mark.parametrize(("url_name", "kwargs", "expected"), ELSEWHERE, ids=_ids(ELSEWHERE))
def test_records_of_another_partnership_are_not_found(world, signed_in, url_name, kwargs, expected):
    assert statuses(world, reverse(url_name, kwargs=kwargs(world)), signed_in=signed_in) == expected


def test_the_table_lists_every_url_of_the_partnership_and_the_register():
    from members.urls import urlpatterns as member_urls
    from partnership.urls import partnership_urls

    every = {f"partnership:{p.name}" for p in partnership_urls[0]} | {f"members:{p.name}" for p in member_urls}
    assert every == {name for name, _, _ in TABLE}


def test_an_ended_role_cannot_be_ended_again(world, client, alice):
    from members import services

    services.role_end(assignment=world.roles["maya"], by=alice)
    client.force_login(alice)
    response = client.get(reverse("members:role_end", args=["northdale", "partnership", world.roles["maya"].pk]))
    assert response.status_code == 404


def test_anonymous_visitors_return_to_the_page_they_asked_for_after_signing_in(world, client):
    url = reverse("members:person", args=["northdale", world.people["olive"].pk])
    response = client.get(url)
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


# Writes: a refused POST changes nothing -------------------------------------------------------


def _olive(world):
    return Person.objects.get(pk=world.people["olive"].pk)


def _person_post(person, **changes):
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "job_title": person.job_title,
        "agency": person.agency_id or "",
        "email": person.email,
        "phone": person.phone,
        "team_role": person.team_role,
        "left_on": "",
        "version": person.version,
    }
    return {**data, **changes}


def test_officer_of_another_agency_gets_403_on_police_person_edit_and_nothing_changes(world, client, fred):
    olive = _olive(world)
    client.force_login(fred)
    response = client.post(
        reverse("members:person_edit", args=["northdale", olive.pk]), _person_post(olive, job_title="Changed by fred")
    )
    assert response.status_code == 403
    after = _olive(world)
    assert (after.job_title, after.version, after.history.count()) == (olive.job_title, olive.version, 1)


def test_outsider_gets_404_posting_to_a_police_person_and_nothing_changes(world, client, charlie):
    olive = _olive(world)
    client.force_login(charlie)
    response = client.post(
        reverse("members:person_edit", args=["northdale", olive.pk]), _person_post(olive, job_title="Changed")
    )
    assert response.status_code == 404
    assert _olive(world).job_title == olive.job_title


def test_anonymous_post_is_sent_to_sign_in_and_nothing_changes(world, client):
    olive = _olive(world)
    response = client.post(
        reverse("members:person_edit", args=["northdale", olive.pk]), _person_post(olive, job_title="Changed")
    )
    assert status_of(response) == LOGIN
    assert _olive(world).job_title == olive.job_title


def test_lead_officer_may_post_a_change_to_one_of_their_officers(world, client, leo):
    olive = _olive(world)
    client.force_login(leo)
    response = client.post(
        reverse("members:person_edit", args=["northdale", olive.pk]), _person_post(olive, job_title="Sergeant")
    )
    assert response.status_code == 302
    assert _olive(world).job_title == "Sergeant"


def test_officer_with_no_role_gets_403_posting_to_their_agency_edit_and_nothing_changes(world, client, olive):
    police = world.agencies["police"]
    client.force_login(olive)
    response = client.post(
        reverse("members:agency_edit", args=["northdale", police.pk]),
        {"name": "Renamed", "sector": "police", "version": police.version},
    )
    assert response.status_code == 403
    police.refresh_from_db()
    assert police.name == "Shire Constabulary"


def test_chair_gets_403_posting_to_the_partnership_edit_and_nothing_changes(world, client, carol):
    client.force_login(carol)
    response = client.post(
        reverse("partnership:edit", args=["northdale"]),
        {"name": "Renamed", "kind": "district", "area": "Elsewhere", "version": world.northdale.version},
    )
    assert response.status_code == 403
    assert Partnership.objects.get(slug="northdale").name == "Northdale Community Safety Partnership"


def test_lead_officer_gets_403_ending_their_own_lead_role_and_it_stays(world, client, leo):
    client.force_login(leo)
    role = world.roles["leo"]
    response = client.post(reverse("members:role_end", args=["northdale", "agency", role.pk]), {"ended": "2025-01-01"})
    assert response.status_code == 403
    assert AgencyRole.objects.get(pk=role.pk).ended is None


def test_lead_officer_of_another_agency_gets_403_ending_a_police_role_and_it_stays(world, client, fred):
    kwargs = olive_information_sharing_role(world)
    client.force_login(fred)
    response = client.post(reverse("members:role_end", kwargs=kwargs), {"ended": "2025-01-01"})
    assert response.status_code == 403
    assert AgencyRole.objects.get(pk=kwargs["pk"]).ended is None


def test_lead_officer_gets_403_handing_over_and_nothing_moves(world, client, leo):
    client.force_login(leo)
    response = client.post(
        reverse("members:handover", args=["northdale", world.people["leo"].pk]),
        {"successor": world.people["olive"].pk},
    )
    assert response.status_code == 403
    assert AgencyRole.objects.get(pk=world.roles["leo"].pk).ended is None


def test_member_gets_403_adding_a_partner_and_nothing_is_added(world, client, maya):
    client.force_login(maya)
    response = client.post(
        reverse("members:partner_add", args=["northdale"]),
        {
            "new_agency_name": "Shady Agency",
            "new_agency_sector": "other",
            "statutory_role": "invited",
            "joined": "2025-01-01",
        },
    )
    assert response.status_code == 403
    assert not world.northdale.memberships.filter(agency__name="Shady Agency").exists()
