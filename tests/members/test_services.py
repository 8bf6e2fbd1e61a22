"""The partner register's services: permissions kept in step, handover, stale edits and history."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.writes import STALE_EDIT
from members import services
from members.models import AgencyRole, Membership, PartnershipRole, Person, Sector
from partnership.models import AuditEntry, PartnershipGroup
from tests.factories import JOINED, make_agency_role, make_partnership_role, make_person
from tests.records import history_mark, history_since


def fresh(user):
    """The user as the next request will load it, with no permission cache."""
    return get_user_model().objects.get(pk=user.pk)


def may(user, perm, obj):
    return fresh(user).has_perm(perm, obj)


# Guardian groups kept in step -----------------------------------------------------------------


def test_a_lead_officer_may_change_their_agency_and_its_people(world, leo):
    police, people = world.agencies["police"], world.people
    assert may(leo, "members.change_agency", police)
    assert may(leo, "members.change_person", people["olive"])
    assert may(leo, "members.change_person", people["leo"])


def test_a_lead_officer_may_not_change_another_agency_or_its_people(world, leo):
    assert not may(leo, "members.change_agency", world.agencies["fire"])
    assert not may(leo, "members.change_person", world.people["fred"])
    assert not may(leo, "members.change_person", world.people["alice"])


def test_an_officer_with_no_role_may_not_change_their_agency_or_its_people(world, olive):
    assert not may(olive, "members.change_agency", world.agencies["police"])
    assert not may(olive, "members.change_person", world.people["leo"])


def test_a_lead_officer_may_change_a_person_added_to_their_agency_later(world, leo, fred):
    newcomer = make_person(by=world.administrator, agency=world.agencies["police"])
    assert may(leo, "members.change_person", newcomer)
    assert not may(fred, "members.change_person", newcomer)


def test_a_deputy_lead_officer_may_change_the_agency_too(world, olive):
    make_agency_role(by=world.administrator, partnership=world.northdale, person=world.people["olive"], role="deputy")
    assert may(olive, "members.change_agency", world.agencies["police"])
    assert may(olive, "members.change_person", world.people["leo"])


def test_an_information_sharing_lead_gets_no_edit_rights(world, olive):
    make_agency_role(
        by=world.administrator,
        partnership=world.northdale,
        person=world.people["olive"],
        role=AgencyRole.Role.INFORMATION_SHARING,
    )
    assert not may(olive, "members.change_agency", world.agencies["police"])


def test_a_lead_officer_loses_the_permissions_when_the_role_ends(world, leo):
    services.role_end(assignment=world.roles["leo"], by=world.users["alice"])
    assert not may(leo, "members.change_agency", world.agencies["police"])
    assert not may(leo, "members.change_person", world.people["olive"])


def test_a_new_lead_officer_replaces_the_old_one(world, leo, olive):
    police = world.agencies["police"]
    make_agency_role(by=world.users["alice"], partnership=world.northdale, person=world.people["olive"])
    old = AgencyRole.objects.get(pk=world.roles["leo"].pk)
    assert old.ended == timezone.localdate()
    assert old.history.latest().history_change_reason == "Replaced as lead officer by Olive Okafor"
    assert may(olive, "members.change_agency", police)
    assert not may(leo, "members.change_agency", police)


def test_a_person_who_moves_agency_moves_their_permissions(world, leo, fred):
    olive = world.people["olive"]
    services.person_update(person=olive, by=world.users["alice"], version=olive.version, agency=world.agencies["fire"])
    olive.refresh_from_db()
    assert may(fred, "members.change_person", olive)
    assert not may(leo, "members.change_person", olive)
    groups = set(fresh(olive.user).groups.all())
    assert world.agencies["fire"].officers_group in groups
    assert world.agencies["police"].officers_group not in groups


def test_a_lead_officer_who_moves_agency_no_longer_leads_the_old_one(world, leo):
    person = world.people["leo"]
    services.person_update(
        person=person, by=world.users["alice"], version=person.version, agency=world.agencies["fire"]
    )
    role = AgencyRole.objects.get(pk=world.roles["leo"].pk)
    assert role.ended == timezone.localdate()
    assert role.history.latest().history_change_reason == "The person moved to another agency"
    assert not may(leo, "members.change_agency", world.agencies["police"])
    assert not may(leo, "members.change_agency", world.agencies["fire"])


def test_people_of_a_member_agency_see_the_partnerships_internal_pages(world, olive, charlie):
    assert may(olive, "partnership.view_internal", world.northdale)
    assert not may(olive, "partnership.view_internal", world.southvale)
    assert not may(charlie, "partnership.view_internal", world.northdale)


def test_a_board_member_with_no_agency_sees_the_internal_pages(world, maya):
    assert may(maya, "partnership.view_internal", world.northdale)


def test_the_coordinator_may_coordinate_the_partnership(world, alice, carol, charlie):
    assert may(alice, "partnership.coordinate_partnership", world.northdale)
    assert may(alice, "partnership.change_partnership", world.northdale)
    assert not may(alice, "partnership.coordinate_partnership", world.southvale)
    assert not may(carol, "partnership.coordinate_partnership", world.northdale)
    assert not may(charlie, "partnership.coordinate_partnership", world.northdale)


def test_the_chair_may_chair_the_partnership(world, carol, alice):
    assert may(carol, "partnership.chair_partnership", world.northdale)
    assert not may(alice, "partnership.chair_partnership", world.northdale)


def test_a_coordinator_whose_role_ends_no_longer_coordinates(world, alice):
    services.role_end(assignment=world.roles["alice"], by=world.administrator)
    assert not may(alice, "partnership.coordinate_partnership", world.northdale)
    assert may(alice, "partnership.view_internal", world.northdale)


def test_a_membership_ending_ends_the_agencys_roles_there(world):
    membership = world.memberships["police"]
    left = datetime.date(2024, 3, 31)
    services.membership_update(membership=membership, by=world.users["alice"], version=membership.version, left=left)
    role = AgencyRole.objects.get(pk=world.roles["leo"].pk)
    assert role.ended == left
    assert role.history.latest().history_change_reason == "The agency left the partnership"
    assert role.history.latest().history_user == world.users["alice"]


def test_a_membership_ending_takes_the_agencys_people_out_of_the_partnership(world, leo, olive, alice):
    membership = world.memberships["police"]
    services.membership_update(membership=membership, by=alice, version=membership.version, left=JOINED)
    members_group = world.northdale.members_group
    assert not fresh(leo).groups.filter(pk=members_group.pk).exists()
    assert not fresh(olive).groups.filter(pk=members_group.pk).exists()
    assert not may(olive, "partnership.view_internal", world.northdale)
    assert not may(leo, "members.change_agency", world.agencies["police"])
    assert may(alice, "partnership.view_internal", world.northdale)


def test_a_person_with_a_partnership_role_stays_when_their_agency_leaves(world, olive):
    make_partnership_role(by=world.administrator, partnership=world.northdale, person=world.people["olive"])
    membership = world.memberships["police"]
    services.membership_update(membership=membership, by=world.administrator, version=membership.version, left=JOINED)
    assert may(olive, "partnership.view_internal", world.northdale)


def test_an_agency_that_joins_brings_its_people_into_the_partnership(world, olive):
    services.membership_create(
        partnership=world.southvale,
        agency=world.agencies["police"],
        statutory_role="responsible",
        by=world.administrator,
    )
    assert may(olive, "partnership.view_internal", world.southvale)


def test_a_person_who_leaves_their_post_loses_every_partnership_and_agency_group(world, leo):
    person = world.people["leo"]
    services.person_update(person=person, by=world.administrator, version=person.version, left_on=timezone.localdate())
    managed = fresh(leo).groups.filter(name__regex=r"^(partnership|agency):")
    assert list(managed) == []
    assert not may(leo, "partnership.view_internal", world.northdale)


# Handover ------------------------------------------------------------------------------------


@pytest.fixture
def leo_on_the_board(world):
    return make_partnership_role(by=world.administrator, partnership=world.northdale, person=world.people["leo"])


def test_handover_moves_every_role_and_group_led_to_the_successor(world, leo_on_the_board, alice, olive):
    leo, successor = world.people["leo"], world.people["olive"]
    summary = services.officer_handover(partnership=world.northdale, outgoing=leo, successor=successor, by=alice)
    assert summary == [
        "Member of the partnership",
        "Lead officer for Shire Constabulary",
        "Lead of Anti-social behaviour group",
    ]
    assert not PartnershipRole.objects.current().filter(person=leo).exists()
    assert not AgencyRole.objects.current().filter(person=leo).exists()
    assert PartnershipRole.objects.current().get(person=successor, partnership=world.northdale).role == "member"
    assert AgencyRole.objects.current().get(person=successor).role == AgencyRole.Role.LEAD_OFFICER
    assert PartnershipGroup.objects.get(pk=world.groups["asb"].pk).lead == successor
    assert may(olive, "members.change_agency", world.agencies["police"])
    assert not may(world.users["leo"], "members.change_agency", world.agencies["police"])


def test_handover_history_names_the_handover_and_who_made_it(world, leo_on_the_board, alice):
    mark = history_mark()
    services.officer_handover(
        partnership=world.northdale, outgoing=world.people["leo"], successor=world.people["olive"], by=alice
    )
    rows = [row for row in history_since(mark) if row._meta.model_name != "historicaluser"]
    assert len(rows) == 5  # two roles ended, two begun, one group's lead changed
    assert {row.history_change_reason for row in rows} == {"Handover from Leo Lewis to Olive Okafor"}
    assert {row.history_user for row in rows} == {alice}


def test_handover_to_someone_at_another_agency_is_refused_and_saves_nothing(world, leo_on_the_board, alice):
    mark, audit_count = history_mark(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.officer_handover(
            partnership=world.northdale, outgoing=world.people["leo"], successor=world.people["fred"], by=alice
        )
    expected = services.HANDOVER_AGENCY_MISMATCH.format(agency="Shire Constabulary", role="Lead officer")
    assert caught.value.message_dict == {"successor": [expected]}
    assert history_since(mark) == []
    assert AuditEntry.objects.count() == audit_count
    assert PartnershipRole.objects.current().filter(person=world.people["leo"]).exists()
    assert AgencyRole.objects.current().get(pk=world.roles["leo"].pk)
    assert PartnershipGroup.objects.get(pk=world.groups["asb"].pk).lead == world.people["leo"]


def test_handover_to_the_same_person_is_refused(world, alice):
    with pytest.raises(ValidationError) as caught:
        services.officer_handover(
            partnership=world.northdale, outgoing=world.people["leo"], successor=world.people["leo"], by=alice
        )
    assert caught.value.message_dict == {"successor": [services.HANDOVER_SAME_PERSON]}


def test_handover_of_someone_who_has_left_records_the_date_they_left(world, alice):
    on = datetime.date(2025, 1, 31)
    services.officer_handover(
        partnership=world.northdale,
        outgoing=world.people["leo"],
        successor=world.people["olive"],
        by=alice,
        outgoing_has_left=True,
        on=on,
    )
    leo = Person.objects.get(pk=world.people["leo"].pk)
    assert leo.left_on == on
    assert not may(leo.user, "partnership.view_internal", world.northdale)


def test_handover_to_someone_who_already_holds_a_role_does_not_double_it(world, alice):
    make_partnership_role(by=world.administrator, partnership=world.northdale, person=world.people["carol"])
    make_partnership_role(by=world.administrator, partnership=world.northdale, person=world.people["alice"])
    services.officer_handover(
        partnership=world.northdale, outgoing=world.people["carol"], successor=world.people["alice"], by=alice
    )
    held = PartnershipRole.objects.current().filter(person=world.people["alice"]).values_list("role", flat=True)
    assert sorted(held) == ["chair", "coordinator", "member"]


def test_handover_only_touches_the_one_partnership(world, alice):
    services.agency_role_assign(
        partnership=world.southvale,
        agency=world.agencies["police"],
        person=world.people["leo"],
        role=AgencyRole.Role.LEAD_OFFICER,
        by=world.administrator,
    )
    services.officer_handover(
        partnership=world.northdale, outgoing=world.people["leo"], successor=world.people["olive"], by=alice
    )
    assert AgencyRole.objects.current().get(person=world.people["leo"]).partnership == world.southvale


# Stale edits and changes that change nothing ---------------------------------------------------


UPDATES = {
    "agency": (services.agency_update, "short_name"),
    "membership": (services.membership_update, "notes"),
    "person": (services.person_update, "job_title"),
}


def _record(world, kind):
    return {
        "agency": world.agencies["police"],
        "membership": world.memberships["police"],
        "person": world.people["olive"],
    }[kind]


def _update(world, kind, obj, version, value):
    service, field = UPDATES[kind]
    return service(**{kind: obj}, by=world.users["alice"], version=version, **{field: value})


@pytest.mark.parametrize("kind", UPDATES)
def test_an_update_from_an_old_version_is_refused_and_changes_nothing(world, kind):
    obj = _record(world, kind)
    opened = obj.version
    _update(world, kind, obj, opened, "Saved first")
    mark = history_mark()
    with pytest.raises(ValidationError) as caught:
        _update(world, kind, obj, opened, "Saved second")
    assert caught.value.messages == [STALE_EDIT]
    after = type(obj).objects.get(pk=obj.pk)
    assert after.version == opened + 1
    assert getattr(after, UPDATES[kind][1]) == "Saved first"
    assert history_since(mark) == []


@pytest.mark.parametrize("kind", UPDATES)
def test_an_update_from_the_current_version_is_saved_and_bumps_the_version(world, kind):
    obj = _record(world, kind)
    _update(world, kind, obj, obj.version, "Changed")
    after = type(obj).objects.get(pk=obj.pk)
    assert after.version == obj.version + 1
    assert getattr(after, UPDATES[kind][1]) == "Changed"
    assert after.history.latest().history_type == "~"


@pytest.mark.parametrize("kind", UPDATES)
def test_an_update_that_changes_nothing_writes_no_history(world, kind):
    obj = _record(world, kind)
    mark = history_mark()
    _update(world, kind, obj, obj.version, getattr(obj, UPDATES[kind][1]))
    assert history_since(mark) == []
    assert type(obj).objects.get(pk=obj.pk).version == obj.version


# History and the audit index -------------------------------------------------------------------


def _write_paths(world):
    """Every write the register's services make, as a call taking the acting user."""
    p, a = world.people, world.agencies
    nd = world.northdale
    return {
        "agency_create": lambda by: services.agency_create(by=by, name="Shire Probation", sector=Sector.PROBATION),
        "agency_update": lambda by: services.agency_update(
            agency=a["fire"], by=by, version=a["fire"].version, short_name="Fire"
        ),
        "membership_create": lambda by: services.membership_create(
            partnership=world.southvale, agency=a["fire"], statutory_role="required", by=by
        ),
        "membership_update_leaving": lambda by: services.membership_update(
            membership=world.memberships["police"], by=by, version=world.memberships["police"].version, left=JOINED
        ),
        "partner_add_new_agency": lambda by: services.partner_add(
            partnership=nd,
            by=by,
            statutory_role="invited",
            joined=JOINED,
            new_agency={"name": "Northdale Housing", "sector": Sector.HOUSING},
        ),
        "person_create": lambda by: services.person_create(
            by=by, first_name="Pat", last_name="Price", agency=a["fire"]
        ),
        "person_create_with_login": lambda by: services.person_create(
            by=by, first_name="Pat", last_name="Price", agency=a["fire"], username="pat", email="pat@example.org"
        ),
        "person_create_with_password": lambda by: services.person_create(
            by=by, first_name="Pat", last_name="Price", username="pat", password="a-long-test-password-1"
        ),
        "person_update": lambda by: services.person_update(
            person=p["olive"], by=by, version=p["olive"].version, job_title="Sergeant"
        ),
        "person_update_email": lambda by: services.person_update(
            person=p["olive"], by=by, version=p["olive"].version, email="olive.okafor@example.org"
        ),
        "person_update_agency": lambda by: services.person_update(
            person=p["olive"], by=by, version=p["olive"].version, agency=a["fire"]
        ),
        "partnership_role_assign": lambda by: services.partnership_role_assign(
            partnership=nd, person=p["olive"], role="member", by=by
        ),
        "agency_role_assign_replacing_lead": lambda by: services.agency_role_assign(
            partnership=nd, agency=a["police"], person=p["olive"], role="lead_officer", by=by
        ),
        "role_end": lambda by: services.role_end(assignment=world.roles["maya"], by=by),
        "officer_handover": lambda by: services.officer_handover(
            partnership=nd, outgoing=p["leo"], successor=p["olive"], by=by, outgoing_has_left=True
        ),
    }


WRITE_PATHS = [
    "agency_create",
    "agency_update",
    "membership_create",
    "membership_update_leaving",
    "partner_add_new_agency",
    "person_create",
    "person_create_with_login",
    "person_create_with_password",
    "person_update",
    "person_update_email",
    "person_update_agency",
    "partnership_role_assign",
    "agency_role_assign_replacing_lead",
    "role_end",
    "officer_handover",
]


@pytest.mark.parametrize("path", WRITE_PATHS)
def test_every_history_row_a_service_writes_names_who_made_the_change(world, alice, path):
    mark = history_mark()
    _write_paths(world)[path](alice)
    rows = history_since(mark)
    assert rows, "the write recorded no history"
    assert {(row._meta.model_name, row.history_user) for row in rows} == {(row._meta.model_name, alice) for row in rows}


@pytest.mark.parametrize("path", WRITE_PATHS)
def test_every_history_row_a_service_writes_is_indexed_in_the_audit_log(world, alice, path):
    mark = history_mark()
    _write_paths(world)[path](alice)
    rows = history_since(mark)
    indexed = {
        (entry.kind, entry.history_id, entry.user_id)
        for entry in AuditEntry.objects.filter(history_id__in=[row.history_id for row in rows])
    }
    assert {(row.instance._meta.label_lower, row.history_id, row.history_user_id) for row in rows} <= indexed


def test_the_write_paths_above_cover_every_service_of_the_register():
    service_names = {
        name
        for name, value in vars(services).items()
        if callable(value) and not name.startswith("_") and getattr(value, "__module__", "") == services.__name__
    }
    uncovered = {name for name in service_names if not any(path.startswith(name) for path in WRITE_PATHS)}
    assert uncovered == {"person_sync_access"}


def test_a_login_made_with_a_password_gets_one_history_row(world):
    person = services.person_create(
        by=world.administrator, first_name="Pat", last_name="Price", username="pat", password="a-long-test-password-3"
    )
    assert person.user.history.count() == 1


def _entry(obj, *, history_type="+"):
    record = obj.history.filter(history_type=history_type).latest()
    return AuditEntry.objects.get(kind=obj._meta.label_lower, history_id=record.history_id)


def _scope(entry):
    return entry.partnership, entry.agency


def test_audit_entries_carry_the_partnership_and_agency_a_record_belongs_to(world):
    nd, a, p = world.northdale, world.agencies, world.people
    assert _scope(_entry(nd)) == (nd, None)
    assert _scope(_entry(world.groups["asb"])) == (nd, None)
    assert _scope(_entry(a["police"])) == (None, a["police"])
    assert _scope(_entry(world.memberships["police"])) == (nd, a["police"])
    assert _scope(_entry(p["olive"])) == (None, a["police"])
    assert _scope(_entry(p["maya"])) == (None, None)
    assert _scope(_entry(world.roles["leo"])) == (nd, a["police"])
    assert _scope(_entry(world.roles["carol"])) == (nd, a["council"])
    assert _scope(_entry(world.roles["maya"])) == (nd, None)
    assert _scope(_entry(world.roles["charlie"])) == (world.southvale, a["southvale_council"])


def test_an_audit_entry_records_who_why_and_what(world, alice):
    services.role_end(assignment=world.roles["maya"], by=alice, reason="Stood down at the AGM")
    entry = _entry(world.roles["maya"], history_type="~")
    assert entry.user == alice
    assert entry.change_reason == "Stood down at the AGM"
    assert entry.object_id == str(world.roles["maya"].pk)
    assert entry.object_repr == "Member: Maya Morgan"
    assert entry.get_history_type_display() == "Changed"


def test_a_person_created_with_a_login_can_sign_in_with_their_password(world, client):
    make_person(
        by=world.administrator, agency=world.agencies["fire"], username="pat", password="a-long-test-password-2"
    )
    assert client.login(username="pat", password="a-long-test-password-2")


def test_a_person_created_with_a_login_but_no_password_cannot_sign_in_until_they_set_one(world):
    person = services.person_create(by=world.administrator, first_name="Pat", last_name="Price", username="pat")
    person.user.refresh_from_db()
    assert not person.user.has_usable_password()


def test_a_username_is_taken_whatever_its_case(world):
    with pytest.raises(ValidationError) as caught:
        services.person_create(by=world.administrator, first_name="A", last_name="B", username="ALICE")
    assert caught.value.message_dict == {"username": [services.USERNAME_TAKEN]}
    assert not Person.objects.filter(first_name="A", last_name="B").exists()


def test_an_email_change_follows_the_person_to_their_login(world):
    olive = world.people["olive"]
    services.person_update(person=olive, by=world.administrator, version=olive.version, email="o.okafor@example.org")
    assert fresh(olive.user).email == "o.okafor@example.org"


def test_a_login_made_or_changed_by_a_service_records_who_did_it(world):
    person = services.person_create(
        by=world.administrator, first_name="Ruth", last_name="Reed", email="ruth@example.org", username="ruth"
    )
    assert fresh(person.user).history.get().history_user == world.administrator
    services.person_update(person=person, by=world.users["alice"], version=person.version, email="r.reed@example.org")
    latest = fresh(person.user).history.first()
    assert (latest.history_type, latest.email, latest.history_user) == ("~", "r.reed@example.org", world.users["alice"])


def test_a_group_led_by_the_outgoing_officer_is_a_new_version_after_handover(world, leo_on_the_board, alice):
    group = world.groups["asb"]
    services.officer_handover(
        partnership=world.northdale, outgoing=world.people["leo"], successor=world.people["olive"], by=alice
    )
    after = PartnershipGroup.objects.get(pk=group.pk)
    assert (after.lead, after.version) == (world.people["olive"], group.version + 1)


def test_partner_add_makes_a_new_agency_a_member_in_one_step(world):
    membership = services.partner_add(
        partnership=world.northdale,
        by=world.administrator,
        statutory_role="invited",
        joined=JOINED,
        new_agency={"name": "Northdale Housing", "sector": Sector.HOUSING},
    )
    assert membership.agency.name == "Northdale Housing"
    assert Membership.objects.filter(partnership=world.northdale, agency__name="Northdale Housing").count() == 1
