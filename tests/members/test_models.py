"""Rules the partner register's models keep, whichever service writes them."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from members import services
from members.models import AgencyRole, Membership, PartnershipRole, StatutoryRole
from tests.factories import JOINED, make_member


def constraint_message(model, name):
    return next(c for c in model._meta.constraints if c.name == name).violation_error_message


LEFT_BEFORE_JOINED = constraint_message(Membership, "membership_left_after_joined")
ALREADY_A_MEMBER = constraint_message(Membership, "membership_one_current_per_agency")
ALREADY_HAS_LEAD = constraint_message(AgencyRole, "agency_one_current_lead_officer")
ALREADY_HAS_CHAIR = constraint_message(PartnershipRole, "partnership_one_current_chair")


def test_the_constraint_messages_say_what_is_wrong():
    assert LEFT_BEFORE_JOINED == "The date it left must be on or after the date it joined."
    assert ALREADY_A_MEMBER == "This agency is already a current member of the partnership."
    assert ALREADY_HAS_LEAD == "This agency already has a lead officer in this partnership."
    assert ALREADY_HAS_CHAIR == "The partnership already has a chair."


def test_a_membership_cannot_end_before_it_began(world):
    membership = world.memberships["police"]
    with pytest.raises(ValidationError) as caught:
        services.membership_update(
            membership=membership,
            by=world.administrator,
            version=membership.version,
            left=JOINED - datetime.timedelta(1),
        )
    assert LEFT_BEFORE_JOINED in caught.value.messages
    membership.refresh_from_db()
    assert membership.left is None
    assert membership.history.count() == 1


def test_a_membership_may_end_on_the_day_it_began(world):
    membership = world.memberships["police"]
    services.membership_update(membership=membership, by=world.administrator, version=membership.version, left=JOINED)
    membership.refresh_from_db()
    assert membership.left == JOINED


def test_an_agency_has_one_current_membership_of_a_partnership(world):
    with pytest.raises(ValidationError) as caught:
        make_member(by=world.administrator, partnership=world.northdale, agency=world.agencies["police"])
    assert caught.value.message_dict == {NON_FIELD_ERRORS: [ALREADY_A_MEMBER]}
    assert Membership.objects.filter(partnership=world.northdale, agency=world.agencies["police"]).count() == 1


def test_an_agency_that_left_may_join_again(world):
    old = world.memberships["police"]
    services.membership_update(membership=old, by=world.administrator, version=old.version, left=JOINED)
    again = make_member(by=world.administrator, partnership=world.northdale, agency=world.agencies["police"])
    assert again.pk != old.pk
    assert again.is_current


def test_an_agency_may_be_a_member_of_two_partnerships(world):
    membership = make_member(by=world.administrator, partnership=world.southvale, agency=world.agencies["police"])
    assert membership.is_current


def test_an_agency_has_one_current_lead_officer_in_a_partnership(world):
    second = AgencyRole(
        partnership=world.northdale,
        agency=world.agencies["police"],
        person=world.people["olive"],
        role=AgencyRole.Role.LEAD_OFFICER,
        started=timezone.localdate(),
    )
    with pytest.raises(ValidationError) as caught:
        second.full_clean()
    assert caught.value.message_dict == {NON_FIELD_ERRORS: [ALREADY_HAS_LEAD]}


def test_an_agency_may_have_its_own_lead_officer_in_each_partnership(world):
    role = services.agency_role_assign(
        partnership=world.southvale,
        agency=world.agencies["police"],
        person=world.people["olive"],
        role=AgencyRole.Role.LEAD_OFFICER,
        by=world.administrator,
    )
    assert role.pk is not None
    assert AgencyRole.objects.current().filter(agency=world.agencies["police"], role="lead_officer").count() == 2


def test_a_partnership_has_one_chair(world):
    with pytest.raises(ValidationError) as caught:
        services.partnership_role_assign(
            partnership=world.northdale,
            person=world.people["maya"],
            role=PartnershipRole.Role.CHAIR,
            by=world.administrator,
        )
    assert caught.value.message_dict == {NON_FIELD_ERRORS: [ALREADY_HAS_CHAIR]}
    assert list(PartnershipRole.objects.current().filter(partnership=world.northdale, role="chair")) == [
        world.roles["carol"]
    ]


def test_a_partnership_may_have_a_new_chair_once_the_old_one_has_stood_down(world):
    services.role_end(assignment=world.roles["carol"], by=world.administrator)
    chair = services.partnership_role_assign(
        partnership=world.northdale,
        person=world.people["maya"],
        role=PartnershipRole.Role.CHAIR,
        by=world.administrator,
    )
    assert chair.person == world.people["maya"]


def test_a_person_holds_a_role_once(world):
    with pytest.raises(ValidationError) as caught:
        services.partnership_role_assign(
            partnership=world.northdale,
            person=world.people["maya"],
            role=PartnershipRole.Role.MEMBER,
            by=world.administrator,
        )
    assert caught.value.messages == ["This person already holds this role."]


def test_an_agency_role_goes_to_someone_who_works_for_the_agency(world):
    with pytest.raises(ValidationError) as caught:
        services.agency_role_assign(
            partnership=world.northdale,
            agency=world.agencies["police"],
            person=world.people["fred"],
            role=AgencyRole.Role.DEPUTY,
            by=world.administrator,
        )
    assert caught.value.message_dict == {"person": ["The person must work for the agency."]}
    assert not AgencyRole.objects.filter(person=world.people["fred"], agency=world.agencies["police"]).exists()


def test_a_role_cannot_end_before_it_started(world):
    role = world.roles["maya"]
    with pytest.raises(ValidationError) as caught:
        services.role_end(assignment=role, by=world.administrator, ended=role.started - datetime.timedelta(1))
    assert caught.value.message_dict == {"ended": ["A role cannot end before it started."]}
    role.refresh_from_db()
    assert role.ended is None


def test_a_membership_names_its_agency_and_partnership(world):
    assert str(world.memberships["police"]) == "Shire Constabulary in Northdale Community Safety Partnership"
    assert world.memberships["police"].statutory_role == StatutoryRole.RESPONSIBLE_AUTHORITY
