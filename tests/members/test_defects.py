"""Defects found by using the register and people pages, each pinned by a test."""

from django.urls import reverse
from django.utils import timezone

from members.models import PartnershipRole, Person
from tests.factories import make_person


def url(name, *args):
    return reverse(name, args=["northdale", *args])


def test_the_status_filters_are_labelled_and_not_optional(world, client):
    client.force_login(world.users["alice"])
    for name in ("members:register", "members:people"):
        page = client.get(url(name)).text
        assert "[invalid name]" not in page
        assert '<label class="govuk-label" for="id_status">Show</label>' in page or ">Show<" in page
        assert "Show (optional)" not in page


def test_a_person_with_no_agency_added_by_the_coordinator_belongs_to_the_partnership(world, client):
    client.force_login(world.users["alice"])
    response = client.post(
        url("members:person_create"),
        {"first_name": "Ivy", "last_name": "Independent", "agency": "", "email": "ivy@example.org", "job_title": ""},
    )
    assert response.status_code == 302
    ivy = Person.objects.get(last_name="Independent")
    assert response["Location"] == url("members:person", ivy.pk)
    assert client.get(response["Location"]).status_code == 200
    assert "Ivy Independent" in client.get(url("members:people")).text
    # ... and can be given a role.
    assigned = client.post(
        url("members:partnership_role_assign"),
        {"person": ivy.pk, "role": "member", "started": timezone.localdate().isoformat()},
    )
    assert assigned.status_code == 302
    assert PartnershipRole.objects.current().filter(partnership=world.northdale, person=ivy, role="member").exists()


def test_a_person_with_no_agency_of_another_partnership_stays_out_of_sight(world, client):
    other = make_person(by=world.administrator, first_name="Sol", last_name="Southvale", added_to=world.southvale)
    client.force_login(world.users["alice"])
    assert client.get(url("members:person", other.pk)).status_code == 404
