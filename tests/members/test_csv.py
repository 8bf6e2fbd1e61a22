"""Agencies and people as CSV: the export is accepted unchanged by the import; a dry run lists every bad row
with its line and reason; nothing is saved unless every row is good."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members import csv_io
from members.models import Agency, Membership, Person
from tests.http import close_response


def url(name):
    return reverse(name, args=["northdale"])


def exported(client, name):
    response = client.get(url(name))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    close_response(response)
    return text


def upload(client, name, text):
    return client.post(url(name), {"file": SimpleUploadedFile("file.csv", text.encode(), content_type="text/csv")})


def commit(client, name, text):
    return client.post(url(name), {"step": "commit", "text": text})


def counts():
    return (Agency.objects.count(), Membership.objects.count(), Person.objects.count(), Person.history.count())


@pytest.fixture
def as_alice(client, world):
    client.force_login(world.users["alice"])
    return client


@pytest.mark.parametrize(
    "export, imports",
    [("members:agencies_csv", "members:agencies_import"), ("members:people_csv", "members:people_import")],
)
def test_the_export_is_accepted_unchanged_by_the_import(world, as_alice, export, imports):
    text = exported(as_alice, export)
    before = counts()
    check = upload(as_alice, imports, text)
    assert check.status_code == 200
    assert check.context["check"].ok, [row.problems for row in check.context["check"].bad_rows]
    assert {row.found["action"] for row in check.context["check"].rows} == {"unchanged"}
    assert commit(as_alice, imports, text).status_code == 302
    assert counts() == before


def test_the_agencies_export_names_role_sector_and_dates(world, as_alice):
    text = exported(as_alice, "members:agencies_csv")
    lines = text.splitlines()
    assert lines[0] == ",".join(csv_io.AGENCIES.headings)
    assert any(line.startswith("Shire Constabulary,,Police,,Responsible authority,") for line in lines)


def test_a_new_agency_and_a_change_of_role_are_imported_through_the_services(world, as_alice):
    text = exported(as_alice, "members:agencies_csv")
    text = text.replace(
        "Shire Fire and Rescue Service,,Fire and rescue,,Required to cooperate",
        "Shire Fire and Rescue Service,,Fire and rescue,,Responsible authority",
    )
    text += "Shire Integrated Care Board,Shire ICB,Health,Integrated care board,,2026-04-01,,,,\n"
    check = upload(as_alice, "members:agencies_import", text).context["check"]
    assert check.ok, [row.problems for row in check.bad_rows]
    assert sorted(row.found["action"] for row in check.rows if row.found["action"] != "unchanged") == [
        "changed",
        "new agency",
    ]
    assert commit(as_alice, "members:agencies_import", text).status_code == 302
    icb = Membership.objects.get(partnership=world.northdale, agency__name="Shire Integrated Care Board")
    assert icb.statutory_role == "responsible"  # suggested from the type
    assert icb.joined.isoformat() == "2026-04-01"
    assert icb.history.get().history_user == world.users["alice"]
    assert Membership.objects.get(pk=world.memberships["fire"].pk).statutory_role == "responsible"


def test_the_dry_run_lists_every_bad_row_with_its_line_and_reason_and_saves_nothing(world, as_alice):
    text = "\n".join(
        [
            "agency,sector,statutory role,joined",
            "Good New Agency,Voluntary and community sector,Invited to cooperate,2026-01-01",
            ",Police,Responsible authority,",
            "Bad Sector Agency,Sorcery,Invited to cooperate,",
            "Bad Date Agency,Housing,Invited to cooperate,31/31/2026",
            "Good New Agency,Voluntary and community sector,Invited to cooperate,2026-01-01",
        ]
    )
    before = counts()
    response = upload(as_alice, "members:agencies_import", text)
    check = response.context["check"]
    assert not check.ok
    problems = {row.number: row.problems for row in check.bad_rows}
    assert set(problems) == {3, 4, 5, 6}
    assert "Give the agency's name." in problems[3]
    assert any("Sorcery" in p for p in problems[4])
    assert any("is not a date" in p for p in problems[5])
    assert any("also on row 2" in p for p in problems[6])
    assert "Row 4:" in response.text
    # A forged commit of the bad file saves nothing either.
    assert commit(as_alice, "members:agencies_import", text).status_code == 200
    assert counts() == before


def test_an_import_does_not_change_an_agencys_shared_details(world, as_alice):
    text = "agency,short name,sector\nShire Constabulary,SC,Police\n"
    check = upload(as_alice, "members:agencies_import", text).context["check"]
    assert not check.ok
    assert any("change an agency's details on its page" in problem for problem in check.rows[0].problems)


def test_people_are_added_and_changed_and_matched_by_email(world, as_alice):
    text = exported(as_alice, "members:people_csv")
    text = text.replace("leo@example.org,,no", "leo@example.org,01234 567890,no")
    text += "Nia,Newton,Shire Constabulary,Sergeant,nia@example.org,,yes,Shaper,\n"
    check = upload(as_alice, "members:people_import", text).context["check"]
    assert check.ok, [row.problems for row in check.bad_rows]
    assert commit(as_alice, "members:people_import", text).status_code == 302
    nia = Person.objects.get(email="nia@example.org")
    assert (nia.agency, nia.contact_public, nia.team_role) == (world.agencies["police"], True, "shaper")
    assert Person.objects.get(pk=world.people["leo"].pk).phone == "01234 567890"


def test_a_person_of_an_agency_that_is_not_a_member_is_refused(world, as_alice):
    text = "first name,last name,agency,email\nSam,Smith,Southvale Borough Council,sam@example.org\n"
    check = upload(as_alice, "members:people_import", text).context["check"]
    assert not check.ok
    assert any("not a current member agency" in problem for problem in check.rows[0].problems)


def test_a_file_with_unknown_columns_is_refused_as_a_whole(world, as_alice):
    response = upload(as_alice, "members:people_import", "first name,last name,shoe size\nA,B,9\n")
    assert response.status_code == 200
    assert "Unknown column: shoe size" in response.text


@pytest.mark.parametrize("name", ["carol", "leo", "olive", "maya"])
def test_only_the_coordinator_imports(world, client, name):
    client.force_login(world.users[name])
    before = counts()
    assert client.get(url("members:people_import")).status_code == 403
    text = "first name,last name\nZed,Zulu\n"
    assert upload(client, "members:people_import", text).status_code == 403
    assert commit(client, "members:agencies_import", "agency,sector\nNew One,Police\n").status_code == 403
    assert counts() == before


def test_members_export_and_outsiders_get_404(world, client):
    client.force_login(world.users["olive"])
    assert client.get(url("members:people_csv")).status_code == 200
    client.force_login(world.users["charlie"])
    assert client.get(url("members:people_csv")).status_code == 404
    assert client.get(url("members:agencies_import")).status_code == 404


def test_the_csv_guards_formulas_and_reads_them_back(world, as_alice):
    text = "first name,last name,agency,job title\n'=Eve,Evans,,'=SUM(A1)\n"
    check = upload(as_alice, "members:people_import", text).context["check"]
    assert check.ok
    commit(as_alice, "members:people_import", text)
    eve = Person.objects.get(last_name="Evans")
    assert eve.first_name == "=Eve"
    assert "'=Eve" in exported(as_alice, "members:people_csv")
