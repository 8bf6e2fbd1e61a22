"""The partner register's selectors: the partnership's current members and people in post, and who may
read, end or hand over a role or a person (404 to those who may not see, 403 to those who may not act)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404

from members import selectors, services
from members.models import AgencyRole
from tests.factories import make_agency, make_agency_role, make_member, make_person


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def fire_has_left(world):
    membership = world.memberships["fire"]
    return services.membership_update(
        membership=membership, by=world.administrator, version=membership.version, left=datetime.date(2025, 3, 31)
    )


def test_the_current_member_agencies_leave_out_an_agency_that_has_left(world, fire_has_left):
    names = [agency.name for agency in selectors.current_member_agencies(world.northdale)]
    assert names == ["Northdale District Council", "Shire Constabulary"]


def test_an_agency_that_has_left_stays_choosable_where_a_record_names_it(world, fire_has_left):
    fire = world.agencies["fire"]
    assert fire in selectors.current_member_agencies(world.northdale, keep=fire.pk)
    assert world.agencies["southvale_council"] not in selectors.current_member_agencies(world.northdale, keep=fire.pk)


def test_the_current_memberships_and_the_current_register_agree(world, fire_has_left):
    current = {m.pk for m in selectors.current_memberships(world.northdale)}
    register = list(selectors.current_register_of(world.northdale))
    assert current == {m.pk for m in register} == {world.memberships["council"].pk, world.memberships["police"].pk}
    police = next(m for m in register if m.agency_id == world.agencies["police"].pk)
    assert [lead.person for lead in police.agency.leads] == [world.people["leo"]]


def test_current_officers_work_for_a_current_member_agency_and_are_in_post(world, fire_has_left):
    people = world.people
    services.person_update(
        person=people["olive"], by=world.administrator, version=people["olive"].version, left_on=datetime.date.today()
    )
    officers = set(selectors.current_officers(world.northdale))
    # Maya works for no agency; Fred's agency has left; Olive has left her post.
    assert officers == {people["alice"], people["carol"], people["leo"]}
    assert people["fred"] in selectors.current_officers(world.northdale, keep=people["fred"].pk)


def test_current_people_are_the_people_of_the_partnership_in_post_by_name(world):
    services.person_update(
        person=world.people["olive"],
        by=world.administrator,
        version=world.people["olive"].version,
        left_on=datetime.date.today(),
    )
    names = [person.last_name for person in selectors.current_people(world.northdale)]
    assert names == ["Archer", "Chen", "Fisher", "Lewis", "Morgan"]
    assert world.people["olive"] in selectors.people_of(world.northdale)
    assert world.people["charlie"] not in selectors.people_of(world.northdale)


def test_a_member_reads_any_role_of_the_partnership_but_not_another_partnerships(world):
    maya = fresh(world.users["maya"])
    leo_role = world.roles["leo"]
    assert selectors.role_get_for_user(maya, world.northdale, "agency", leo_role.pk) == leo_role
    assert selectors.role_get_for_user(maya, world.northdale, "partnership", world.roles["carol"].pk)
    with pytest.raises(Http404):
        selectors.role_get_for_user(maya, world.northdale, "partnership", world.roles["charlie"].pk)
    with pytest.raises(Http404):
        selectors.role_get_for_user(maya, world.northdale, "team", leo_role.pk)


def test_a_lead_officer_ends_their_agencys_roles_but_not_their_own_lead_role(world):
    by, police = world.administrator, world.agencies["police"]
    olive_role = make_agency_role(
        by=by, partnership=world.northdale, person=world.people["olive"], role=AgencyRole.Role.INFORMATION_SHARING
    )
    leo = fresh(world.users["leo"])
    assert selectors.role_get_for_user(leo, world.northdale, "agency", olive_role.pk, end=True) == olive_role
    assert olive_role.agency_id == police.pk
    with pytest.raises(PermissionDenied):
        selectors.role_get_for_user(leo, world.northdale, "agency", world.roles["leo"].pk, end=True)
    with pytest.raises(PermissionDenied):
        selectors.role_get_for_user(fresh(world.users["fred"]), world.northdale, "agency", olive_role.pk, end=True)
    with pytest.raises(PermissionDenied):
        selectors.role_get_for_user(leo, world.northdale, "partnership", world.roles["maya"].pk, end=True)
    alice = fresh(world.users["alice"])
    assert selectors.role_get_for_user(alice, world.northdale, "partnership", world.roles["maya"].pk, end=True)


def test_only_the_coordinator_hands_a_persons_roles_over(world):
    leo = world.people["leo"]
    assert selectors.person_get_for_user(fresh(world.users["alice"]), world.northdale, leo.pk, hand_over=True) == leo
    for name in ("carol", "leo", "maya"):
        with pytest.raises(PermissionDenied):
            selectors.person_get_for_user(fresh(world.users[name]), world.northdale, leo.pk, hand_over=True)
    with pytest.raises(Http404):
        selectors.person_get_for_user(
            fresh(world.users["alice"]), world.northdale, world.people["charlie"].pk, hand_over=True
        )


def test_a_new_agency_that_joins_is_a_current_member_with_its_people(world):
    by = world.administrator
    probation = make_agency(by=by, name="Probation Service")
    make_member(by=by, partnership=world.northdale, agency=probation)
    officer = make_person(by=by, agency=probation, first_name="Priya", last_name="Patel")
    assert probation in selectors.current_member_agencies(world.northdale)
    assert officer in selectors.current_officers(world.northdale)
