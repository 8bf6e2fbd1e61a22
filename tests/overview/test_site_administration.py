"""Site administration in the browser's pages: a site administrator starts a partnership and appoints its
first coordinator by invitation; no step needs /admin/. Only site administrators may."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from members import services_invitations as services
from members.models import Invitation, PartnershipRole, Person
from partnership.models import Partnership

START = reverse("site:partnership_start")


def start_data(**changes):
    data = {
        "name": "Westmoor Community Safety Partnership",
        "slug": "westmoor",
        "area": "Westmoor borough",
        "kind": Partnership.Kind.UNITARY,
        "nation": Partnership.Nation.WALES,
        "parent": "",
        "coordinator_first_name": "Gwen",
        "coordinator_last_name": "Hughes",
        "coordinator_email": "gwen.hughes@example.org",
        "coordinator_job_title": "Community safety manager",
        "coordinator_agency": "",
        "coordinator_username": "",
    }
    return {**data, **changes}


@pytest.fixture
def site_admin(world):
    """A site administrator who is not a superuser: made through the service, as the page does."""
    user = get_user_model().objects.create_user("sam", "sam@example.org")
    services.site_administrator_add(login="sam", by=world.administrator)
    return get_user_model().objects.get(pk=user.pk)


def test_a_site_administrator_starts_a_partnership_and_its_coordinator_is_invited(
    world, client, site_admin, django_capture_on_commit_callbacks
):
    client.force_login(site_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(START, start_data())

    assert response.status_code == 302 and response["Location"] == reverse("site:home")
    westmoor = Partnership.objects.get(slug="westmoor")
    assert (westmoor.kind, westmoor.nation, westmoor.area) == ("unitary", "wales", "Westmoor borough")
    gwen = Person.objects.get(email="gwen.hughes@example.org")
    assert PartnershipRole.objects.current().filter(partnership=westmoor, person=gwen, role="coordinator").exists()
    invitation = Invitation.objects.get(person=gwen, partnership=westmoor)
    assert invitation.invited_by == site_admin
    assert westmoor.history.get().history_user == site_admin
    (email,) = mail.outbox
    assert email.to == ["gwen.hughes@example.org"] and "Westmoor Community Safety Partnership" in email.body

    # The coordinator accepts from the email's link, sets a password and coordinates the new partnership.
    link = re.search(r"/invitations/\S+/", email.body).group(0)
    client.logout()
    client.post(link, {"password1": "Westmoor-passw0rd!", "password2": "Westmoor-passw0rd!"})
    assert client.get(reverse("partnership:edit", args=["westmoor"])).status_code == 200

    client.force_login(site_admin)
    page = client.get(reverse("site:home")).text
    assert "Westmoor Community Safety Partnership" in page and "Gwen Hughes" in page and "Accepted" in page


def test_a_district_reports_to_a_county_and_a_county_to_no_one(world, client, site_admin):
    client.force_login(site_admin)
    client.post(START, start_data(name="Eastmoor County Group", slug="eastmoor", kind="county"))
    eastmoor = Partnership.objects.get(slug="eastmoor")
    response = client.post(
        START,
        start_data(
            name="Fenby CSP", slug="fenby", kind="county", parent=eastmoor.pk, coordinator_email="f@example.org"
        ),
    )
    assert response.status_code == 200
    assert "A county strategy group does not report to another partnership." in response.text
    assert not Partnership.objects.filter(slug="fenby").exists()

    client.post(
        START,
        start_data(
            name="Fenby CSP", slug="fenby", kind="district", parent=eastmoor.pk, coordinator_email="f@example.org"
        ),
    )
    assert Partnership.objects.get(slug="fenby").parent == eastmoor


def test_a_taken_address_is_refused_next_to_its_field_and_nothing_is_half_saved(world, client, site_admin):
    client.force_login(site_admin)
    people_before = Person.objects.count()
    response = client.post(START, start_data(slug="northdale"))
    assert response.status_code == 200
    assert response.context["form"].errors["slug"]
    assert "There is a problem" in response.text
    assert Person.objects.count() == people_before
    assert not Partnership.objects.filter(name="Westmoor Community Safety Partnership").exists()


def test_a_missing_coordinator_email_is_refused_next_to_its_field(world, client, site_admin):
    client.force_login(site_admin)
    response = client.post(START, start_data(coordinator_email=""))
    assert response.status_code == 200
    assert response.context["form"].errors["coordinator_email"]
    assert not Partnership.objects.filter(slug="westmoor").exists()


def test_an_existing_person_who_signs_in_is_appointed_without_a_new_invitation(world, client, site_admin):
    leo = world.people["leo"]
    leo.user.set_password("Leo-has-one-already-1")
    leo.user.save()
    client.force_login(site_admin)
    client.post(START, start_data(coordinator_email=leo.email))
    westmoor = Partnership.objects.get(slug="westmoor")
    assert PartnershipRole.objects.current().filter(partnership=westmoor, person=leo, role="coordinator").exists()
    assert not Invitation.objects.filter(partnership=westmoor).exists()


@pytest.mark.parametrize("name", ["alice", "carol", "leo", "maya", "charlie"])
def test_people_who_are_not_site_administrators_get_403(world, client, name):
    client.force_login(world.users[name])
    assert client.get(reverse("site:home")).status_code == 403
    assert client.get(START).status_code == 403
    assert client.post(START, start_data()).status_code == 403
    assert not Partnership.objects.filter(slug="westmoor").exists()


def test_visitors_are_asked_to_sign_in(client):
    response = client.get(reverse("site:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_superuser_is_a_site_administrator(world, client):
    client.force_login(world.administrator)
    assert client.get(reverse("site:home")).status_code == 200


def test_a_site_administrator_appoints_and_removes_another(world, client, site_admin):
    client.force_login(site_admin)
    response = client.post(reverse("site:administrator_add"), {"login": "alice@example.org"})
    assert response.status_code == 302
    alice = get_user_model().objects.get(username="alice")
    assert alice.has_perm("partnership.add_partnership")
    assert alice.history.latest().history_change_reason == "Made a site administrator"

    client.post(reverse("site:administrator_remove", args=[alice.pk]))
    assert not get_user_model().objects.get(pk=alice.pk).has_perm("partnership.add_partnership")


def test_an_unknown_login_is_refused_next_to_the_field(world, client, site_admin):
    client.force_login(site_admin)
    response = client.post(reverse("site:administrator_add"), {"login": "nobody"})
    assert response.status_code == 200
    assert services.NO_SUCH_LOGIN in response.text


def test_a_site_administrator_cannot_remove_themselves(world, client, site_admin):
    client.force_login(site_admin)
    client.post(reverse("site:administrator_remove", args=[site_admin.pk]))
    assert get_user_model().objects.get(pk=site_admin.pk).has_perm("partnership.add_partnership")
