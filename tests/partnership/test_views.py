"""The partnership's pages: its details, structure, audit log, history, dashboard and public page."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from core.writes import STALE_EDIT
from members import services as member_services
from partnership import services
from partnership.models import AuditEntry, Partnership, PartnershipGroup
from tests.factories import make_group, make_partnership, make_partnership_role
from tests.records import history_mark, history_since

ERROR_SUMMARY = "There is a problem"
SELF_OR_DESCENDANT = "A group cannot report to itself or to one of its own sub-groups."
BOARD_HAS_NO_PARENT = "The strategic board is the top of the structure and reports to no group."


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


def url(name, *args):
    return reverse(name, args=["northdale", *args])


def assert_refused(response, field, message):
    assert response.status_code == 200
    assert message in response.context["form"].errors.get(field, []), response.context["form"].errors
    assert ERROR_SUMMARY in response.text
    assert response.text.count(escape(message)) >= 2  # in the summary and beside the field


def group_data(group, **changes):
    data = {
        "name": group.name,
        "kind": group.kind,
        "remit": group.remit,
        "parent": group.parent_id or "",
        "lead": group.lead_id or "",
        "version": group.version,
    }
    if group.is_archived:
        data["is_archived"] = "on"
    return {**data, **changes}


def partnership_data(partnership, **changes):
    data = {
        "name": partnership.name,
        "kind": partnership.kind,
        "parent": partnership.parent_id or "",
        "area": partnership.area,
        "vision": partnership.vision,
        "mission": partnership.mission,
        "aims": partnership.aims,
        "public_email": partnership.public_email,
        "public_phone": partnership.public_phone,
        "version": partnership.version,
    }
    return {**data, **changes}


# Structure ---------------------------------------------------------------------------------------


def test_a_group_cannot_report_to_one_of_its_sub_groups(world, as_alice):
    asb = world.groups["asb"]
    youth = make_group(by=world.administrator, partnership=world.northdale, name="Youth panel", parent=asb)
    mark = history_mark()
    response = as_alice.post(url("partnership:group_edit", asb.pk), group_data(asb, parent=youth.pk))
    assert_refused(response, "parent", SELF_OR_DESCENDANT)
    assert PartnershipGroup.objects.get(pk=asb.pk).parent == world.groups["board"]
    assert history_since(mark) == []


def test_a_group_is_not_offered_as_its_own_parent(world, as_alice):
    asb = world.groups["asb"]
    response = as_alice.post(url("partnership:group_edit", asb.pk), group_data(asb, parent=asb.pk))
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert PartnershipGroup.objects.get(pk=asb.pk).parent == world.groups["board"]


def test_a_group_of_another_partnership_is_not_offered_as_a_parent(world, as_alice):
    response = as_alice.post(
        url("partnership:group_create"),
        {"name": "Borrowed", "kind": "sub_group", "parent": world.groups["southvale_board"].pk},
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not PartnershipGroup.objects.filter(name="Borrowed").exists()


def test_the_board_cannot_report_to_a_group(world, as_alice):
    board = world.groups["board"]
    response = as_alice.post(url("partnership:group_edit", board.pk), group_data(board, parent=world.groups["asb"].pk))
    assert_refused(response, "parent", BOARD_HAS_NO_PARENT)
    assert PartnershipGroup.objects.get(pk=board.pk).parent is None


def test_a_group_name_already_used_in_the_partnership_is_refused_next_to_the_name(world, as_alice):
    response = as_alice.post(url("partnership:group_create"), {"name": "Strategic board", "kind": "sub_group"})
    assert response.status_code == 200
    assert response.context["form"].errors.get("name"), response.context["form"].errors
    assert PartnershipGroup.objects.filter(partnership=world.northdale, name="Strategic board").count() == 1


def test_coordinator_adds_a_sub_group_and_history_names_them(world, as_alice, alice):
    response = as_alice.post(
        url("partnership:group_create"),
        {
            "name": "Domestic abuse forum",
            "kind": "sub_group",
            "remit": "Coordinates the response to domestic abuse.",
            "parent": world.groups["board"].pk,
            "lead": world.people["olive"].pk,
        },
    )
    group = PartnershipGroup.objects.get(name="Domestic abuse forum")
    assert response.status_code == 302
    assert response["Location"] == url("partnership:group", group.pk)
    assert (group.partnership, group.parent, group.lead) == (
        world.northdale,
        world.groups["board"],
        world.people["olive"],
    )
    assert group.history.get().history_user == alice


def test_coordinator_closes_a_group_and_the_structure_hides_it_until_asked(world, as_alice, alice):
    asb = world.groups["asb"]
    response = as_alice.post(url("partnership:group_edit", asb.pk), group_data(asb, is_archived="on"))
    assert response.status_code == 302
    assert PartnershipGroup.objects.get(pk=asb.pk).history.latest().history_user == alice
    shown = [group.name for group, depth in as_alice.get(url("partnership:structure")).context["tree"]]
    assert shown == ["Strategic board"]
    tree = as_alice.get(url("partnership:structure"), {"closed": "1"}).context["tree"]
    assert [(group.name, depth) for group, depth in tree] == [
        ("Strategic board", 0),
        ("Anti-social behaviour group", 1),
    ]


def test_a_stale_group_edit_shows_the_stale_edit_message_and_saves_nothing(world, as_alice):
    asb = world.groups["asb"]
    services.group_update(group=asb, by=world.administrator, version=asb.version, remit="Changed meanwhile")
    mark = history_mark()
    response = as_alice.post(url("partnership:group_edit", asb.pk), group_data(asb, remit="Changed in an old tab"))
    assert response.status_code == 200
    assert STALE_EDIT in response.context["form"].non_field_errors()
    assert escape(STALE_EDIT) in response.text
    assert PartnershipGroup.objects.get(pk=asb.pk).remit == "Changed meanwhile"
    assert history_since(mark) == []


# The partnership's details -------------------------------------------------------------------------


def test_coordinator_changes_the_partnerships_details_and_history_names_them(world, as_alice, alice):
    northdale = world.northdale
    response = as_alice.post(url("partnership:edit"), partnership_data(northdale, vision="A safer Northdale for all."))
    assert response.status_code == 302
    assert response["Location"] == url("partnership:structure")
    saved = Partnership.objects.get(pk=northdale.pk)
    assert saved.vision == "A safer Northdale for all."
    assert (saved.history.latest().history_user, saved.version) == (alice, northdale.version + 1)


def test_a_stale_partnership_edit_shows_the_stale_edit_message_and_saves_nothing(world, as_alice):
    northdale = world.northdale
    services.partnership_update(partnership=northdale, by=world.administrator, version=northdale.version, aims="Newer")
    response = as_alice.post(url("partnership:edit"), partnership_data(northdale, aims="Older"))
    assert response.status_code == 200
    assert STALE_EDIT in response.context["form"].non_field_errors()
    assert Partnership.objects.get(pk=northdale.pk).aims == "Newer"


def test_a_partnership_reports_only_to_a_county_strategy_group(world, as_alice):
    response = as_alice.post(url("partnership:edit"), partnership_data(world.northdale, parent=world.southvale.pk))
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert Partnership.objects.get(pk=world.northdale.pk).parent is None


# Audit log and history ---------------------------------------------------------------------------


@pytest.fixture
def edits(world, leo, alice):
    """Leo changes Olive; Alice changes the board."""
    olive = world.people["olive"]
    member_services.person_update(person=olive, by=leo, version=olive.version, job_title="Sergeant")
    board = world.groups["board"]
    services.group_update(group=board, by=alice, version=board.version, remit="Sets the strategy.")


def audit_rows(client, **filters):
    response = client.get(url("partnership:audit"), filters)
    assert response.status_code == 200
    return [(entry.kind, entry.object_repr) for entry in response.context["page_obj"]]


def test_the_audit_log_filters_by_who_made_the_change(world, as_alice, edits):
    assert audit_rows(as_alice, person=world.people["leo"].pk) == [("members.person", "Olive Okafor")]


def test_the_audit_log_filters_by_agency(world, as_alice, edits):
    rows = audit_rows(as_alice, agency=world.agencies["police"].pk)
    assert rows[0] == ("members.person", "Olive Okafor")
    assert ("members.agency", "Shire Constabulary") in rows
    assert all("Fire" not in name for _, name in rows)


def test_the_audit_log_filters_by_kind_of_record(world, as_alice, edits):
    rows = audit_rows(as_alice, kind="partnership.partnershipgroup")
    assert rows == [
        ("partnership.partnershipgroup", "Strategic board"),
        ("partnership.partnershipgroup", "Anti-social behaviour group"),
        ("partnership.partnershipgroup", "Strategic board"),
    ]


def test_the_audit_log_filters_by_date(world, as_alice, edits):
    old = AuditEntry.objects.filter(kind="members.agency")
    for entry in old:  # AuditEntry is an index with no history of its own, so it may be moved in time here
        entry.history_date = entry.history_date.replace(year=2020)
        entry.save()
    rows = audit_rows(as_alice, date_from="2020-01-01", date_to="2020-12-31")
    assert rows and {kind for kind, _ in rows} == {"members.agency"}
    assert not {kind for kind, _ in audit_rows(as_alice, date_from="2021-01-01")} & {"members.agency"}


def test_an_audit_date_range_that_ends_before_it_starts_is_refused_next_to_the_end_date(world, as_alice):
    response = as_alice.get(url("partnership:audit"), {"date_from": "2025-02-01", "date_to": "2025-01-01"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["date_to"] == ["The end date must be on or after the start date."]
    assert ERROR_SUMMARY in response.text
    assert list(response.context["page_obj"]) == []


def test_the_audit_log_pages(world, as_alice, settings):
    settings.PAGE_SIZE = 5
    total = AuditEntry.objects.filter(partnership=world.northdale).count()
    response = as_alice.get(url("partnership:audit"), {"page": 2})
    assert response.context["page_obj"].number == 2
    assert len(response.context["page_obj"]) == 5
    assert response.context["page_obj"].paginator.count > total


def test_the_history_page_shows_each_change_field_by_field_with_who_made_it(world, as_alice, edits):
    response = as_alice.get(url("partnership:history", "person", world.people["olive"].pk))
    assert response.status_code == 200
    changed, created = response.context["rows"]
    assert (changed["type"], str(changed["who"])) == ("Changed", "Leo Lewis")
    assert changed["changes"] == [{"field": "Job title", "old": "Police constable", "new": "Sergeant"}]
    assert created["type"] == "Created"
    assert {"field": "Agency", "old": "", "new": "Shire Constabulary"} in created["changes"]
    assert "Version" not in {change["field"] for row in response.context["rows"] for change in row["changes"]}
    assert "Sergeant" in response.text


def test_the_history_page_shows_the_reason_for_a_change(world, as_alice, alice):
    member_services.officer_handover(
        partnership=world.northdale, outgoing=world.people["leo"], successor=world.people["olive"], by=alice
    )
    response = as_alice.get(url("partnership:history", "group", world.groups["asb"].pk))
    assert response.context["rows"][0]["reason"] == "Handover from Leo Lewis to Olive Okafor"
    assert response.context["rows"][0]["changes"] == [{"field": "Lead", "old": "Leo Lewis", "new": "Olive Okafor"}]
    assert "Handover from Leo Lewis to Olive Okafor" in response.text


# Dashboard, public page, home ----------------------------------------------------------------------


def test_the_dashboard_counts_partners_and_names_those_without_a_lead_officer(world, as_alice):
    response = as_alice.get(url("partnership:dashboard"))
    assert response.context["total"] == 3
    assert dict(response.context["counts"]) == {
        "Responsible authority": 2,
        "Required to cooperate": 1,
        "Invited to cooperate": 0,
        "Non-statutory": 0,
    }
    assert [m.agency.name for m in response.context["without_lead"]] == ["Northdale District Council"]


def test_the_dashboard_shows_recent_changes_to_the_coordinator_but_not_to_an_officer(world, client, alice, olive):
    client.force_login(alice)
    assert len(client.get(url("partnership:dashboard")).context["recent"]) == 8
    client.force_login(olive)
    assert client.get(url("partnership:dashboard")).context["recent"] == []


def test_the_dashboard_lists_my_current_roles(world, client, leo):
    client.force_login(leo)
    response = client.get(url("partnership:dashboard"))
    assert [str(role) for role in response.context["my_agency_roles"]] == [
        "Lead officer for Shire Constabulary: Leo Lewis"
    ]


def test_the_public_page_publishes_only_contacts_who_agreed(world, client):
    fred = world.people["fred"]
    member_services.person_update(person=fred, by=world.administrator, version=fred.version, contact_public=True)
    response = client.get(url("partnership:public"))
    assert response.status_code == 200
    assert [person.full_name for person in response.context["contacts"]] == ["Fred Fisher"]
    assert "fred@example.org" in response.text
    assert "leo@example.org" not in response.text
    assert "olive@example.org" not in response.text


def test_the_public_page_lists_partners_by_statutory_role_and_leaves_out_ordinary_members(world, client):
    response = client.get(url("partnership:public"))
    grouped = {label: [m.agency.name for m in items] for label, items in response.context["members_by_role"]}
    assert grouped == {
        "Responsible authority": ["Northdale District Council", "Shire Constabulary"],
        "Required to cooperate": ["Shire Fire and Rescue Service"],
    }
    assert sorted(role.get_role_display() for role in response.context["roles"]) == ["Chair", "Coordinator"]


def test_anonymous_visitors_see_the_list_of_partnerships_at_home(world, client):
    response = client.get(reverse("partnership:home"))
    assert [p.slug for p in response.context["partnerships"]] == ["northdale", "southvale"]


def test_someone_in_one_partnership_goes_straight_to_its_dashboard(world, client, olive):
    client.force_login(olive)
    assert client.get(reverse("partnership:home"))["Location"] == url("partnership:dashboard")


def test_someone_in_two_partnerships_chooses_one(world, client, maya):
    make_partnership_role(by=world.administrator, partnership=world.southvale, person=world.people["maya"])
    client.force_login(maya)
    assert client.get(reverse("partnership:home"))["Location"] == reverse("partnership:switch")
    response = client.get(reverse("partnership:switch"))
    assert [p.slug for p in response.context["partnerships"]] == ["northdale", "southvale"]


def test_a_county_partnership_is_named_on_its_districts_public_page(world, client):
    county = make_partnership(by=world.administrator, name="Shire County Strategy Group", kind=Partnership.Kind.COUNTY)
    services.partnership_update(
        partnership=world.northdale, by=world.administrator, version=world.northdale.version, parent=county
    )
    assert "part of Shire County Strategy Group" in client.get(url("partnership:public")).text


def test_the_coordinator_requires_two_step_sign_in_of_leads_and_history_records_it(world, as_alice, alice):
    northdale = world.northdale
    response = as_alice.post(url("partnership:edit"), partnership_data(northdale, require_mfa_for_leads="on"))
    assert response.status_code == 302
    saved = Partnership.objects.get(pk=northdale.pk)
    assert saved.require_mfa_for_leads
    assert (saved.history.latest().history_user, saved.history.latest().require_mfa_for_leads) == (alice, True)
