"""The partner register's pages: bad input is refused next to its field, good input is saved with history."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from core.writes import STALE_EDIT
from members import forms, services
from members.models import Agency, AgencyRole, Membership, PartnershipRole, Person, Sector, StatutoryRole
from tests.factories import make_member, make_person
from tests.records import history_mark, history_since

ERROR_SUMMARY = "There is a problem"


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def as_leo(client, leo):
    client.force_login(leo)
    return client


def url(name, *args):
    return reverse(name, args=["northdale", *args])


def assert_refused(response, field, message):
    """The page comes back with the message next to the field and in the summary at the top."""
    assert response.status_code == 200
    assert message in response.context["form"].errors.get(field, []), response.context["form"].errors
    assert ERROR_SUMMARY in response.text
    assert response.text.count(escape(message)) >= 2  # in the summary and beside the field


def person_data(person, **changes):
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


def membership_data(membership, **changes):
    data = {
        "statutory_role": membership.statutory_role,
        "joined": membership.joined.isoformat(),
        "left": "",
        "notes": membership.notes,
        "version": membership.version,
    }
    return {**data, **changes}


# Adding a partner ----------------------------------------------------------------------------


def test_adding_a_partner_with_both_an_existing_agency_and_a_new_name_is_refused(world, as_alice):
    mark = history_mark()
    response = as_alice.post(
        url("members:partner_add"),
        {
            "agency": world.agencies["southvale_council"].pk,
            "new_agency_name": "Northdale Housing",
            "new_agency_sector": Sector.HOUSING,
            "statutory_role": StatutoryRole.INVITED_TO_COOPERATE,
            "joined": "2024-04-01",
        },
    )
    assert_refused(response, "agency", forms.CHOOSE_ONE_AGENCY)
    assert history_since(mark) == []


def test_adding_a_partner_with_neither_an_agency_nor_a_name_is_refused(world, as_alice):
    response = as_alice.post(url("members:partner_add"), {"statutory_role": "invited", "joined": "2024-04-01"})
    assert_refused(response, "agency", forms.CHOOSE_ONE_AGENCY)


def test_a_new_partner_needs_a_sector(world, as_alice):
    response = as_alice.post(
        url("members:partner_add"),
        {"new_agency_name": "Northdale Housing", "statutory_role": "invited", "joined": "2024-04-01"},
    )
    assert_refused(response, "new_agency_sector", forms.NEW_AGENCY_NEEDS_SECTOR)
    assert not Agency.objects.filter(name="Northdale Housing").exists()


def test_a_new_partner_cannot_take_the_name_of_an_existing_agency(world, as_alice):
    response = as_alice.post(
        url("members:partner_add"),
        {
            "new_agency_name": "shire constabulary",
            "new_agency_sector": "police",
            "statutory_role": "invited",
            "joined": "2024-04-01",
        },
    )
    assert_refused(response, "new_agency_name", forms.NAME_TAKEN)


def test_a_current_partner_is_not_offered_again(world, as_alice):
    response = as_alice.post(
        url("members:partner_add"),
        {"agency": world.agencies["police"].pk, "statutory_role": "responsible", "joined": "2024-04-01"},
    )
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert Membership.objects.filter(agency=world.agencies["police"]).count() == 1


def test_coordinator_adds_a_new_agency_as_a_partner(world, as_alice, alice):
    response = as_alice.post(
        url("members:partner_add"),
        {
            "new_agency_name": "Northdale Housing",
            "new_agency_sector": Sector.HOUSING,
            "statutory_role": StatutoryRole.INVITED_TO_COOPERATE,
            "joined": "2024-04-01",
        },
    )
    agency = Agency.objects.get(name="Northdale Housing")
    assert response.status_code == 302
    assert response["Location"] == url("members:agency", agency.pk)
    membership = Membership.objects.get(partnership=world.northdale, agency=agency)
    assert (membership.statutory_role, membership.joined) == ("invited", datetime.date(2024, 4, 1))
    assert agency.history.get().history_user == alice
    assert membership.history.get().history_user == alice


def test_coordinator_adds_an_existing_agency_as_a_partner(world, as_alice, alice):
    agency = world.agencies["southvale_council"]
    response = as_alice.post(
        url("members:partner_add"), {"agency": agency.pk, "statutory_role": "required", "joined": "2024-04-01"}
    )
    assert response.status_code == 302
    assert Membership.objects.get(partnership=world.northdale, agency=agency).history.get().history_user == alice


# Memberships -----------------------------------------------------------------------------------


def test_a_membership_that_ends_before_it_began_is_refused_next_to_the_date_it_left(world, as_alice):
    membership = world.memberships["police"]
    mark = history_mark()
    response = as_alice.post(
        url("members:membership_edit", membership.pk), membership_data(membership, left="2019-01-01")
    )
    assert_refused(response, "left", "The date it left must be on or after the date it joined.")
    assert Membership.objects.get(pk=membership.pk).left is None
    assert history_since(mark) == []


def test_coordinator_records_that_an_agency_left(world, as_alice, alice):
    membership = world.memberships["fire"]
    response = as_alice.post(
        url("members:membership_edit", membership.pk), membership_data(membership, left="2024-03-31")
    )
    assert response.status_code == 302
    saved = Membership.objects.get(pk=membership.pk)
    assert saved.left == datetime.date(2024, 3, 31)
    assert saved.history.latest().history_user == alice
    assert AgencyRole.objects.get(pk=world.roles["fred"].pk).ended == datetime.date(2024, 3, 31)


def test_a_stale_membership_edit_shows_the_stale_edit_message_and_saves_nothing(world, as_alice):
    membership = world.memberships["police"]
    services.membership_update(membership=membership, by=world.administrator, version=membership.version, notes="New")
    response = as_alice.post(
        url("members:membership_edit", membership.pk), membership_data(membership, notes="Old tab")
    )
    assert response.status_code == 200
    assert STALE_EDIT in response.context["form"].non_field_errors()
    assert escape(STALE_EDIT) in response.text
    assert Membership.objects.get(pk=membership.pk).notes == "New"


# People ----------------------------------------------------------------------------------------


def test_a_person_cannot_be_given_a_username_already_taken(world, as_alice):
    mark = history_mark()
    response = as_alice.post(
        url("members:person_create"),
        {"first_name": "Pat", "last_name": "Price", "agency": world.agencies["police"].pk, "username": "Olive"},
    )
    assert_refused(response, "username", services.USERNAME_TAKEN)
    assert not Person.objects.filter(last_name="Price").exists()
    assert history_since(mark) == []


def test_a_lead_officer_adds_a_person_only_to_their_own_agency(world, as_leo):
    response = as_leo.post(
        url("members:person_create"),
        {"first_name": "Pat", "last_name": "Price", "agency": world.agencies["fire"].pk},
    )
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert not Person.objects.filter(last_name="Price").exists()


def test_a_lead_officer_must_choose_their_agency_for_a_new_person(world, as_leo):
    response = as_leo.post(url("members:person_create"), {"first_name": "Pat", "last_name": "Price", "agency": ""})
    assert_refused(response, "agency", "Choose your agency.")
    assert not Person.objects.filter(last_name="Price").exists()


def test_a_lead_officer_adds_a_person_to_their_agency(world, as_leo, leo):
    response = as_leo.post(
        url("members:person_create"),
        {"first_name": "Pat", "last_name": "Price", "agency": world.agencies["police"].pk, "username": "pat"},
    )
    person = Person.objects.get(last_name="Price")
    assert response.status_code == 302
    assert response["Location"] == url("members:person", person.pk)
    assert person.history.get().history_user == leo
    assert person.user.username == "pat"
    assert leo.has_perm("members.change_person", person)


def test_a_lead_officer_changes_one_of_their_officers_and_history_names_them(world, as_leo, leo):
    olive = world.people["olive"]
    response = as_leo.post(url("members:person_edit", olive.pk), person_data(olive, job_title="Sergeant"))
    assert response.status_code == 302
    assert response["Location"] == url("members:person", olive.pk)
    saved = Person.objects.get(pk=olive.pk)
    assert saved.job_title == "Sergeant"
    record = saved.history.latest()
    assert (record.history_user, record.history_type) == (leo, "~")


def test_a_stale_person_edit_shows_the_stale_edit_message_and_saves_nothing(world, as_leo):
    olive = world.people["olive"]
    services.person_update(person=olive, by=world.administrator, version=olive.version, phone="01632 960001")
    mark = history_mark()
    response = as_leo.post(url("members:person_edit", olive.pk), person_data(olive, job_title="Sergeant"))
    assert response.status_code == 200
    assert STALE_EDIT in response.context["form"].non_field_errors()
    assert escape(STALE_EDIT) in response.text
    assert ERROR_SUMMARY in response.text
    saved = Person.objects.get(pk=olive.pk)
    assert (saved.job_title, saved.phone) == ("Police constable", "01632 960001")
    assert history_since(mark) == []


def test_saving_a_person_unchanged_records_no_history(world, as_leo):
    olive = world.people["olive"]
    mark = history_mark()
    response = as_leo.post(url("members:person_edit", olive.pk), person_data(olive))
    assert response.status_code == 302
    assert history_since(mark) == []


def test_a_lead_officer_cannot_move_their_officer_to_another_agency(world, as_leo):
    olive = world.people["olive"]
    response = as_leo.post(url("members:person_edit", olive.pk), person_data(olive, agency=world.agencies["fire"].pk))
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert Person.objects.get(pk=olive.pk).agency == world.agencies["police"]


# Roles and handover ----------------------------------------------------------------------------


def test_coordinator_assigns_a_partnership_role(world, as_alice, alice):
    response = as_alice.post(
        url("members:partnership_role_assign"),
        {"person": world.people["olive"].pk, "role": PartnershipRole.Role.VICE_CHAIR, "started": "2025-01-01"},
    )
    assert response.status_code == 302
    role = PartnershipRole.objects.current().get(person=world.people["olive"])
    assert (role.role, role.history.get().history_user) == ("vice_chair", alice)


def test_a_second_chair_is_refused_with_the_reason(world, as_alice):
    response = as_alice.post(
        url("members:partnership_role_assign"),
        {"person": world.people["olive"].pk, "role": PartnershipRole.Role.CHAIR, "started": "2025-01-01"},
    )
    assert response.status_code == 200
    assert "The partnership already has a chair." in response.context["form"].non_field_errors()
    assert escape("The partnership already has a chair.") in response.text


def test_a_lead_officer_cannot_appoint_a_lead_officer(world, as_leo):
    response = as_leo.post(
        url("members:agency_role_assign", world.agencies["police"].pk),
        {"person": world.people["olive"].pk, "role": AgencyRole.Role.LEAD_OFFICER, "started": "2025-01-01"},
    )
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert (
        AgencyRole.objects.current().get(role="lead_officer", agency=world.agencies["police"]).person.user.username
        == "leo"
    )


def test_a_lead_officer_appoints_a_deputy(world, as_leo, leo):
    response = as_leo.post(
        url("members:agency_role_assign", world.agencies["police"].pk),
        {"person": world.people["olive"].pk, "role": AgencyRole.Role.DEPUTY, "started": "2025-01-01"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("members:agency", world.agencies["police"].pk)
    deputy = AgencyRole.objects.current().get(person=world.people["olive"])
    assert (deputy.role, deputy.started, deputy.history.get().history_user) == (
        "deputy",
        datetime.date(2025, 1, 1),
        leo,
    )


def test_a_role_ended_before_it_started_is_refused_next_to_the_date(world, as_alice):
    role = world.roles["maya"]
    response = as_alice.post(url("members:role_end", "partnership", role.pk), {"ended": "2000-01-01"})
    assert_refused(response, "ended", "A role cannot end before it started.")
    assert PartnershipRole.objects.get(pk=role.pk).ended is None


def test_coordinator_ends_a_role(world, as_alice, alice):
    role = world.roles["maya"]
    today = datetime.date.today().isoformat()
    response = as_alice.post(url("members:role_end", "partnership", role.pk), {"ended": today})
    assert response.status_code == 302
    ended = PartnershipRole.objects.get(pk=role.pk)
    assert ended.ended.isoformat() == today
    assert ended.history.latest().history_user == alice


def test_handover_to_someone_at_another_agency_is_refused_next_to_the_successor(world, as_alice):
    mark = history_mark()
    response = as_alice.post(url("members:handover", world.people["leo"].pk), {"successor": world.people["fred"].pk})
    expected = services.HANDOVER_AGENCY_MISMATCH.format(agency="Shire Constabulary", role="Lead officer")
    assert_refused(response, "successor", expected)
    assert history_since(mark) == []


def test_coordinator_hands_a_lead_officers_roles_to_their_successor(world, as_alice, alice):
    response = as_alice.post(
        url("members:handover", world.people["leo"].pk),
        {"successor": world.people["olive"].pk, "outgoing_has_left": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("members:person", world.people["olive"].pk)
    lead = AgencyRole.objects.current().get(agency=world.agencies["police"], role="lead_officer")
    assert lead.person == world.people["olive"]
    assert lead.history.get().history_change_reason == "Handover from Leo Lewis to Olive Okafor"
    assert lead.history.get().history_user == alice
    assert Person.objects.get(pk=world.people["leo"].pk).left_on is not None


def test_someone_who_has_left_is_not_offered_as_a_successor(world, as_alice):
    olive = world.people["olive"]
    services.person_update(
        person=olive, by=world.administrator, version=olive.version, left_on=datetime.date(2024, 1, 1)
    )
    response = as_alice.post(url("members:handover", world.people["leo"].pk), {"successor": olive.pk})
    assert response.status_code == 200
    assert "successor" in response.context["form"].errors


# Lists: the register and the people ---------------------------------------------------------------


def names(response):
    """The agencies on a page of the register, or the people on a page of people."""
    return [str(row.agency if isinstance(row, Membership) else row) for row in response.context["page_obj"]]


@pytest.fixture
def former_partner(world):
    membership = make_member(
        by=world.administrator,
        partnership=world.northdale,
        name="Northdale Youth Offending Team",
        sector=Sector.YOUTH,
        statutory_role=StatutoryRole.INVITED_TO_COOPERATE,
    )
    return services.membership_update(
        membership=membership, by=world.administrator, version=membership.version, left=datetime.date(2023, 3, 31)
    )


def test_the_register_lists_current_partners_by_name(world, as_alice, former_partner):
    response = as_alice.get(url("members:register"))
    assert names(response) == ["Northdale District Council", "Shire Constabulary", "Shire Fire and Rescue Service"]


def test_the_register_filters_by_statutory_role(world, as_alice):
    response = as_alice.get(url("members:register"), {"statutory_role": StatutoryRole.REQUIRED_TO_COOPERATE})
    assert names(response) == ["Shire Fire and Rescue Service"]


def test_the_register_filters_by_sector(world, as_alice):
    response = as_alice.get(url("members:register"), {"sector": Sector.POLICE})
    assert names(response) == ["Shire Constabulary"]


def test_the_register_filters_by_name(world, as_alice):
    response = as_alice.get(url("members:register"), {"q": "shire"})
    assert names(response) == ["Shire Constabulary", "Shire Fire and Rescue Service"]


def test_the_register_lists_former_partners_on_request(world, as_alice, former_partner):
    assert names(as_alice.get(url("members:register"), {"status": "former"})) == ["Northdale Youth Offending Team"]
    assert len(names(as_alice.get(url("members:register"), {"status": "all"}))) == 4


def test_the_register_sorts_by_statutory_role_and_reverses(world, as_alice, former_partner):
    by_role = names(as_alice.get(url("members:register"), {"sort": "role", "status": "all"}))
    assert by_role == [
        "Northdale Youth Offending Team",
        "Shire Fire and Rescue Service",
        "Northdale District Council",
        "Shire Constabulary",
    ]  # "invited" < "required" < "responsible", then by name
    assert names(as_alice.get(url("members:register"), {"sort": "-agency"})) == [
        "Shire Fire and Rescue Service",
        "Shire Constabulary",
        "Northdale District Council",
    ]


def test_the_register_ignores_an_unknown_sort(world, as_alice):
    response = as_alice.get(url("members:register"), {"sort": "password"})
    assert response.context["sort"] == "agency"
    assert names(response)[0] == "Northdale District Council"


def test_the_register_shows_each_partners_lead_officer(world, as_alice):
    response = as_alice.get(url("members:register"))
    assert "Leo Lewis" in response.text
    assert "Fred Fisher" in response.text


def test_the_register_pages_through_the_partners(world, as_alice, settings):
    settings.PAGE_SIZE = 2
    first = as_alice.get(url("members:register"))
    second = as_alice.get(url("members:register"), {"page": 2})
    assert names(first) == ["Northdale District Council", "Shire Constabulary"]
    assert names(second) == ["Shire Fire and Rescue Service"]
    assert first.context["page_obj"].paginator.num_pages == 2
    assert 'rel="next"' in first.text
    assert names(as_alice.get(url("members:register"), {"page": "99"})) == ["Shire Fire and Rescue Service"]


def test_the_pages_keep_the_filter(world, as_alice, settings):
    settings.PAGE_SIZE = 1
    response = as_alice.get(url("members:register"), {"q": "shire", "page": 2})
    assert names(response) == ["Shire Fire and Rescue Service"]
    assert "q=shire" in response.text


def test_people_are_listed_by_surname(world, as_alice):
    response = as_alice.get(url("members:people"))
    assert names(response) == ["Alice Archer", "Carol Chen", "Fred Fisher", "Leo Lewis", "Maya Morgan", "Olive Okafor"]


def test_people_filter_by_name_and_agency(world, as_alice):
    assert names(as_alice.get(url("members:people"), {"q": "oka"})) == ["Olive Okafor"]
    assert names(as_alice.get(url("members:people"), {"agency": world.agencies["police"].pk})) == [
        "Leo Lewis",
        "Olive Okafor",
    ]


def test_people_who_have_left_are_listed_on_request(world, as_alice):
    olive = world.people["olive"]
    services.person_update(
        person=olive, by=world.administrator, version=olive.version, left_on=datetime.date(2024, 1, 1)
    )
    assert "Olive Okafor" not in names(as_alice.get(url("members:people")))
    assert names(as_alice.get(url("members:people"), {"status": "former"})) == ["Olive Okafor"]


def test_people_sort_by_agency_and_reverse(world, as_alice):
    def with_an_agency(response):
        return [name for name in names(response) if name != "Maya Morgan"]  # databases differ on where NULL sorts

    in_order = ["Alice Archer", "Carol Chen", "Leo Lewis", "Olive Okafor", "Fred Fisher"]
    assert with_an_agency(as_alice.get(url("members:people"), {"sort": "agency"})) == in_order
    assert with_an_agency(as_alice.get(url("members:people"), {"sort": "-agency"})) == in_order[::-1]


def test_people_pages(world, as_alice, settings):
    settings.PAGE_SIZE = 4
    for n in range(3):
        make_person(by=world.administrator, agency=world.agencies["fire"], last_name=f"Zed{n}")

    def surnames(page):
        return [name.split()[-1] for name in names(as_alice.get(url("members:people"), {"page": page}))]

    assert surnames(1) == ["Archer", "Chen", "Fisher", "Lewis"]
    assert surnames(2) == ["Morgan", "Okafor", "Zed0", "Zed1"]
    assert surnames(3) == ["Zed2"]


def test_an_edit_posted_without_its_version_is_refused_and_nothing_changes(world, as_alice):
    leo_person = world.people["leo"]
    data = person_data(leo_person, job_title="Superintendent")
    del data["version"]
    response = as_alice.post(url("members:person_edit", leo_person.pk), data)
    assert response.status_code == 200
    assert response.context["form"].errors.get("version")
    assert Person.objects.get(pk=leo_person.pk).job_title == leo_person.job_title


def test_a_lead_officer_assigns_roles_only_in_the_partnership_where_they_lead(world, client, administrator):
    """Olive leads the police in Southvale, not in Northdale: she edits the shared police record
    (guardian's change_agency) but cannot assign police roles in Northdale."""
    police, southvale = world.agencies["police"], world.southvale
    make_member(
        by=administrator, partnership=southvale, agency=police, statutory_role=StatutoryRole.RESPONSIBLE_AUTHORITY
    )
    services.agency_role_assign(
        partnership=southvale,
        agency=police,
        person=world.people["olive"],
        role=AgencyRole.Role.LEAD_OFFICER,
        by=administrator,
    )
    client.force_login(world.users["olive"])
    assert client.get(reverse("members:agency_role_assign", args=["southvale", police.pk])).status_code == 200
    assert client.get(url("members:agency_role_assign", police.pk)).status_code == 403
    assert client.get(url("members:agency_edit", police.pk)).status_code == 200
    response = client.post(
        url("members:agency_role_assign", police.pk),
        {"person": world.people["olive"].pk, "role": AgencyRole.Role.DEPUTY, "started": "2026-01-01"},
    )
    assert response.status_code == 403
    assert not AgencyRole.objects.filter(partnership=world.northdale, person=world.people["olive"]).exists()
