"""Today's statutory partners beside the 2001 ones, the role suggested from type and nation, and the
register's warning when a responsible authority is missing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from members import forms, services
from members.models import AgencyType, Membership, Sector, StatutoryRole
from members.selectors_setup import missing_responsible_authorities
from tests.factories import make_agency, make_member


def url(name, *args):
    return reverse(name, args=["northdale", *args])


def test_todays_responsible_authorities_are_shipped_with_their_citations(db):
    for name in [
        "Chief officer of police",
        "Fire and rescue authority",
        "Integrated care board",
        "The Probation Service",
    ]:
        kind = AgencyType.objects.get(name=name)
        assert kind.statutory_role == StatutoryRole.RESPONSIBLE_AUTHORITY
        assert "Crime and Disorder Act 1998, s.5(1)" in kind.citation
        assert not kind.is_historical
    assert AgencyType.objects.get(name="Integrated care board").nation == "england"
    assert AgencyType.objects.get(name="Local health board").nation == "wales"
    pcc = AgencyType.objects.get(name="Police and crime commissioner")
    assert pcc.statutory_role == StatutoryRole.REQUIRED_TO_COOPERATE
    assert "Police Reform and Social Responsibility Act 2011 s.10" in pcc.citation


def test_the_2001_types_that_changed_are_kept_and_marked_historical(db):
    police_authority = AgencyType.objects.get(name="Police authority or police force")
    assert police_authority.is_historical
    assert police_authority.applies_until.isoformat() == "2012-11-21"
    assert AgencyType.objects.get(name="Learning and Skills Council").is_historical
    assert not AgencyType.objects.get(name="English district council").is_historical


@pytest.mark.parametrize(
    "type_name, nation, role",
    [
        ("Integrated care board", "england", "responsible"),
        ("Integrated care board", "wales", "non_statutory"),
        ("Local health board", "wales", "responsible"),
        ("Local health board", "england", "non_statutory"),
        ("The Probation Service", "wales", "responsible"),
        ("Youth justice service (youth offending team)", "england", "invited"),
    ],
)
def test_the_role_is_suggested_from_the_type_and_the_nation(db, type_name, nation, role):
    assert AgencyType.objects.get(name=type_name).suggested_role(nation) == role


def add_partner(client, **data):
    defaults = {
        "agency": "",
        "new_agency_name": "",
        "new_agency_sector": "",
        "new_agency_type": "",
        "statutory_role": "",
        "joined": timezone.localdate().isoformat(),
    }
    return client.post(url("members:partner_add"), {**defaults, **data})


def test_a_new_partner_takes_the_suggested_role_and_it_stays_editable(world, client):
    client.force_login(world.users["alice"])
    icb = AgencyType.objects.get(name="Integrated care board")
    response = add_partner(client, new_agency_name="Shire ICB", new_agency_sector="health", new_agency_type=icb.pk)
    assert response.status_code == 302
    membership = Membership.objects.get(partnership=world.northdale, agency__name="Shire ICB")
    assert membership.statutory_role == "responsible"

    chosen = add_partner(
        client,
        new_agency_name="Shire Youth Justice",
        new_agency_sector="youth",
        new_agency_type=AgencyType.objects.get(name="Youth justice service (youth offending team)").pk,
        statutory_role="non_statutory",
    )
    assert chosen.status_code == 302
    assert Membership.objects.get(agency__name="Shire Youth Justice").statutory_role == "non_statutory"


def test_no_suggestion_without_a_type_is_said_next_to_the_field(world, client):
    client.force_login(world.users["alice"])
    response = add_partner(client, new_agency_name="Untyped Trust", new_agency_sector="voluntary")
    assert response.status_code == 200
    assert forms.NO_TYPE_TO_SUGGEST in response.context["form"].errors["statutory_role"]
    assert not Membership.objects.filter(agency__name="Untyped Trust").exists()


def test_historical_types_are_not_offered_for_new_agencies_but_stay_on_old_records(world, client):
    historical = AgencyType.objects.get(name="Learning and Skills Council")
    form = forms.PartnerAddForm(agencies=world.northdale.memberships.none(), nation="england")
    assert historical not in form.fields["new_agency_type"].queryset
    old = make_agency(by=world.administrator, name="Old LSC", sector=Sector.EDUCATION, agency_type=historical)
    edit = forms.AgencyForm(instance=old)
    assert historical in edit.fields["agency_type"].queryset
    assert edit.fields["agency_type"].label_from_instance(historical) == "Learning and Skills Council (historical)"


def test_the_register_warns_of_each_missing_responsible_authority(world, client):
    # Northdale has the council and the police as responsible authorities; the fire service only cooperates.
    assert missing_responsible_authorities(world.northdale) == [
        "the fire and rescue authority",
        "the integrated care board",
        "the Probation Service",
    ]
    client.force_login(world.users["olive"])
    page = client.get(url("members:register")).text
    assert "3 of the 5 responsible authorities are not a current member" in page
    assert "the integrated care board" in page

    by = world.administrator
    for name, sector in [("Shire ICB", Sector.HEALTH), ("Probation Service, Shire", Sector.PROBATION)]:
        make_member(
            by=by,
            partnership=world.northdale,
            agency=make_agency(by=by, name=name, sector=sector),
            statutory_role=StatutoryRole.RESPONSIBLE_AUTHORITY,
        )
    membership = world.memberships["fire"]
    services.membership_update(
        membership=membership, by=by, version=membership.version, statutory_role=StatutoryRole.RESPONSIBLE_AUTHORITY
    )
    assert missing_responsible_authorities(world.northdale) == []
    assert "responsible authorities are not a current member" not in client.get(url("members:register")).text


def test_a_welsh_partnership_needs_a_local_health_board(world):
    world.southvale.nation = "wales"
    assert "the local health board" in missing_responsible_authorities(world.southvale)
