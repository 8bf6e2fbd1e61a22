"""Importing workplan items from a CSV file: a dry run that checks every row and saves nothing, then a
commit that imports every row in one transaction, or nothing at all. For the coordinator only."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.http import close_response
from tests.workplan.conftest import fresh, make_item
from workplan import csv_io, services
from workplan.models import Objective, Priority, SupportingAgency, WorkplanItem

HEADER = (
    "priority,objective,expected outcome,title,description,lead agency,responsible officer email,start,due,"
    "supporting agencies"
)
GOOD_ROWS = [
    "Reduce anti-social behaviour,Fewer repeat calls about the town centre,,Weekend youth outreach,"
    "Detached youth work on Friday and Saturday nights,Shire Constabulary,olive@example.org,2025-04-01,2025-09-30,"
    "Northdale District Council; Shire Fire and Rescue Service",
    "Reduce anti-social behaviour,Safer parks,Fewer reports of damage in parks,Park lighting survey,,"
    "Northdale District Council,alice@example.org,01/05/2025,31/07/2025,",
    "Cut deliberate fires,Fewer fires in empty buildings,Half as many deliberate fires,Secure empty buildings,,"
    "Shire Fire and Rescue Service,FRED@example.org,2025-06-01,2026-03-31,Shire Constabulary",
]


def import_url(plan):
    return reverse("workplan:import", args=["northdale", plan.pk])


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def upload(client, plan, content, *, name="items.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post(import_url(plan), {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def commit(client, plan, text):
    return client.post(import_url(plan), {"step": "commit", "text": text})


def counts():
    return {
        "items": WorkplanItem.objects.count(),
        "item history": WorkplanItem.history.count(),
        "priorities": Priority.objects.count(),
        "objectives": Objective.objects.count(),
        "supporters": SupportingAgency.objects.count(),
    }


def page_text(response):
    """The page's words, tags removed and entities of quotes decoded, for matching messages."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(text.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&").split())


MIXED = "\n".join(
    [
        HEADER,
        GOOD_ROWS[0],  # row 2: good
        "Reduce anti-social behaviour,Safer parks,,Park patrols,,Southvale Borough Council,leo@example.org,"
        "2025-04-01,2025-06-30,",  # row 3: an agency that is not a member of Northdale
        "Reduce anti-social behaviour,Safer parks,,Fire safety talks,,Shire Fire and Rescue Service,"
        "olive@example.org,2025-04-01,2025-06-30,",  # row 4: Olive works for the police, not the fire service
        "Reduce anti-social behaviour,Safer parks,,Bench repairs,,Northdale District Council,"
        "nobody@example.org,2025-04-01,2025-06-30,",  # row 5: no such officer
        "Reduce anti-social behaviour,Safer parks,,Graffiti clean-up,,Northdale District Council,"
        "alice@example.org,next spring,2025-06-30,",  # row 6: a start that is not a date
        "Reduce anti-social behaviour,Safer parks,,Dog fouling campaign,,Northdale District Council,"
        "alice@example.org,2025-06-30,2025-04-01,",  # row 7: due before start
        "Reduce anti-social behaviour,Safer parks,,,,Northdale District Council,alice@example.org,"
        "2025-04-01,2025-06-30,",  # row 8: no title
        "Reduce anti-social behaviour,Safer parks,,Weekend youth outreach,,Shire Constabulary,leo@example.org,"
        "2025-04-01,2025-06-30,",  # row 9: the same title as row 2
        "Reduce anti-social behaviour,Safer parks,,Litter picks,,Northdale District Council,alice@example.org,"
        "2025-04-01,,",  # row 10: no due date
    ]
)


def test_the_dry_run_lists_each_bad_row_with_its_reason_and_saves_nothing(world, plan):
    client = client_for(world.users["alice"])
    before = counts()
    response = upload(client, plan, MIXED)
    assert response.status_code == 200
    assert counts() == before
    text = page_text(response)
    assert "<title>Error: " in response.content.decode()
    assert "8 rows of 9 have problems" in text
    expected = [
        "Row 3: No member agency of the partnership is called ‘Southvale Borough Council’.",
        "Row 4: Olive Okafor works for Shire Constabulary, not for the lead agency Shire Fire and Rescue Service.",
        "Row 5: No one in post in the partnership’s agencies has the email address nobody@example.org.",
        "Row 6: The start date ‘next spring’ is not a date: write it as 2025-04-30 or 30/04/2025.",
        "Row 7: The due date is before the start date.",
        "Row 8: Give the item’s title.",
        "Row 9: Row 2 has the same title: each item needs a title of its own.",
        "Row 10: Give the due date.",
    ]
    for line in expected:
        assert line in text, line
    assert "Row 2:" not in text
    assert 'name="step" value="commit"' not in response.content.decode()
    assert not re.search(r"Import \d+ item", text)


def test_a_file_with_bad_rows_cannot_be_committed(world, plan):
    client = client_for(world.users["alice"])
    before = counts()
    response = commit(client, plan, MIXED)
    assert response.status_code == 200
    assert counts() == before
    assert "The file was checked again" in page_text(response)
    assert "Row 3: No member agency" in page_text(response)


def test_an_all_good_file_is_checked_then_imported_in_one_go(world, plan):
    alice = world.users["alice"]
    client = client_for(alice)
    text = "\n".join([HEADER, *GOOD_ROWS])
    before = counts()

    dry_run = upload(client, plan, text)
    assert dry_run.status_code == 200
    assert counts() == before
    assert "Import 3 items" in page_text(dry_run)
    carried = re.search(r'name="text" value="([^"]*)"', dry_run.content.decode(), re.S)
    assert carried is not None

    response = commit(client, plan, text)
    assert response.status_code == 302
    assert response["Location"] == reverse("workplan:workplan", args=["northdale", plan.pk])
    items = {item.title: item for item in WorkplanItem.objects.filter(workplan=plan).select_related("objective")}
    assert set(items) == {"Weekend youth outreach", "Park lighting survey", "Secure empty buildings"}

    outreach = items["Weekend youth outreach"]
    assert outreach.lead_agency == world.agencies["police"]
    assert outreach.responsible_officer == world.people["olive"]
    assert str(outreach.starts) == "2025-04-01" and str(outreach.due) == "2025-09-30"
    assert outreach.description == "Detached youth work on Friday and Saturday nights"
    assert {s.agency.name for s in outreach.supporters.all()} == {
        "Northdale District Council",
        "Shire Fire and Rescue Service",
    }
    assert str(items["Park lighting survey"].starts) == "2025-05-01"  # DD/MM/YYYY
    assert items["Secure empty buildings"].responsible_officer == world.people["fred"]  # email in any case

    # Priorities and objectives are made by title; one of each per title.
    assert sorted(plan.priorities.values_list("title", flat=True)) == [
        "Cut deliberate fires",
        "Reduce anti-social behaviour",
    ]
    parks = Objective.objects.get(priority__workplan=plan, title="Safer parks")
    assert parks.expected_outcome == "Fewer reports of damage in parks"
    assert Objective.objects.filter(priority__workplan=plan).count() == 3

    # Every row has its history, by the coordinator, and the lead agencies may log progress.
    for item in items.values():
        records = list(item.history.all())
        assert len(records) == 1 and records[0].history_user == alice
    assert all(record.history_user == alice for record in Priority.history.filter(workplan_id=plan.pk))
    assert fresh(world.users["leo"]).has_perm("workplan.change_workplanitem", outreach)
    assert fresh(world.users["fred"]).has_perm("workplan.comment_workplanitem", outreach)


def test_existing_priorities_and_objectives_are_reused(world, plan, priority, objective):
    client = client_for(world.users["alice"])
    response = commit(client, plan, "\n".join([HEADER, GOOD_ROWS[0]]))
    assert response.status_code == 302
    item = WorkplanItem.objects.get(title="Weekend youth outreach")
    assert item.objective == objective
    assert plan.priorities.count() == 1


def test_a_title_already_in_the_plan_is_refused(world, plan, police_item):
    row = GOOD_ROWS[0].replace("Weekend youth outreach", "Town centre patrol plan")
    response = upload(client_for(world.users["alice"]), plan, "\n".join([HEADER, row]))
    assert "Row 2: The plan already has an item with this title." in page_text(response)


def test_a_file_changed_between_dry_run_and_commit_is_checked_again(world, plan):
    client = client_for(world.users["alice"])
    before = counts()
    tampered = "\n".join([HEADER, GOOD_ROWS[0].replace("olive@example.org", "fred@example.org")])
    response = commit(client, plan, tampered)
    assert response.status_code == 200
    assert counts() == before
    assert "Fred Fisher works for Shire Fire and Rescue Service, not for the lead agency" in page_text(response)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("priority;objective;title\nA;B;C\n".encode("utf-16"), "items.csv", csv_io.NOT_UTF8),
        ("Priorité,objective\n".encode("latin-1"), "items.csv", csv_io.NOT_UTF8),
        (b"PK\x03\x04\x14\x00\x06\x00binary", "items.xlsx", csv_io.SPREADSHEET),
        (b"PK\x03\x04\x14\x00\x06\x00binary", "items.csv", csv_io.SPREADSHEET),
        (b"\x00\x01\x02 binary", "items.csv", csv_io.NOT_CSV),
        (b"", "items.csv", csv_io.EMPTY),
        ("Weekend youth outreach,Shire Constabulary,2025-04-01\n", "items.csv", csv_io.NO_HEADER),
        (HEADER + "\n", "items.csv", csv_io.NO_ROWS),
    ],
)
def test_a_file_that_is_not_a_usable_csv_gets_a_clear_error(world, plan, content, name, message):
    before = counts()
    response = upload(client_for(world.users["alice"]), plan, content, name=name)
    assert response.status_code == 200
    assert counts() == before
    text = page_text(response)
    assert message.replace("’", "'") in text.replace("’", "'")
    assert response.content.decode().count("govuk-error-summary__list") == 1


def test_unknown_and_missing_columns_are_named(world, plan):
    header = "priority,objective,title,lead agency,responsible officer email,start,budget"
    response = upload(client_for(world.users["alice"]), plan, header + "\nA,B,C,D,E,2025-01-01,100\n")
    text = page_text(response)
    assert "Unknown column: budget." in text
    assert "The file has no column for: due." in text


def test_a_file_too_big_is_refused(world, plan):
    big = HEADER + "\n" + (GOOD_ROWS[0] + "\n") * (csv_io.MAX_BYTES // len(GOOD_ROWS[0]) + 1)
    response = upload(client_for(world.users["alice"]), plan, big)
    assert csv_io.TOO_BIG in page_text(response)


def test_too_many_rows_are_refused(world, plan):
    rows = [f"P,O,,Item {n},,Shire Constabulary,leo@example.org,2025-04-01,2025-05-01," for n in range(2001)]
    response = upload(client_for(world.users["alice"]), plan, "\n".join([HEADER, *rows]))
    assert csv_io.TOO_MANY_ROWS in page_text(response)


def test_no_file_chosen_asks_for_one(world, plan):
    response = client_for(world.users["alice"]).post(import_url(plan), {})
    assert "Choose a CSV file to upload." in page_text(response)


@pytest.mark.parametrize("name", ["carol", "leo", "olive", "fred", "maya"])
def test_only_the_coordinator_may_import(world, plan, name):
    client = client_for(world.users[name])
    before = counts()
    assert client.get(import_url(plan)).status_code == 403
    assert upload(client, plan, "\n".join([HEADER, *GOOD_ROWS])).status_code == 403
    assert commit(client, plan, "\n".join([HEADER, *GOOD_ROWS])).status_code == 403
    assert counts() == before


def test_outsiders_get_404_and_visitors_are_asked_to_sign_in(world, plan):
    before = counts()
    assert client_for(world.users["charlie"]).get(import_url(plan)).status_code == 404
    assert commit(client_for(world.users["charlie"]), plan, HEADER).status_code == 404
    assert commit(client_for(world.users["charlie"]), plan, "\n".join([HEADER, *GOOD_ROWS])).status_code == 404
    assert counts() == before
    response = client_for().get(import_url(plan))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_coordinator_sees_the_upload_form(world, plan):
    response = client_for(world.users["alice"]).get(import_url(plan))
    assert response.status_code == 200
    text = page_text(response)
    assert "Import items from a spreadsheet" in text
    assert ",".join(csv_io.HEADINGS) in text


def test_the_items_export_is_accepted_by_the_import_into_another_plan(world, plan, objective):
    make_item(world, objective, officer="leo", title="Patrols in the park", supporters=[world.agencies["fire"]])
    make_item(world, objective, lead="fire", officer="fred", title="Home fire safety visits")
    alice = client_for(world.users["alice"])
    response = alice.get(reverse("workplan:items_csv", args=["northdale", plan.pk]))
    text = response.content.decode("utf-8-sig")
    close_response(response)
    next_year = services.workplan_create(
        partnership=world.northdale,
        title="Next year's plan",
        parent=plan.parent,
        starts=plan.ends + datetime.timedelta(days=1),
        ends=plan.ends + datetime.timedelta(days=365),
        by=world.users["alice"],
    )

    check = upload(alice, next_year, text)
    assert check.status_code == 200
    assert check.context["check"].ok, [row.problems for row in check.context["check"].bad_rows]
    assert commit(alice, next_year, text).status_code == 302
    titles = set(WorkplanItem.objects.filter(workplan=next_year).values_list("title", flat=True))
    assert titles == {"Patrols in the park", "Home fire safety visits"}
    copied = WorkplanItem.objects.get(workplan=next_year, title="Patrols in the park")
    assert list(copied.supporters.values_list("agency__name", flat=True)) == ["Shire Fire and Rescue Service"]
