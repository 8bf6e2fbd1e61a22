"""Pages of the decisions log and the action points: who may log progress, dropping with a reason,
the CSV export's confidentiality, decisions by correspondence, and query counts that do not grow with rows."""

import csv
import datetime
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.forms_actions import AGREED_ON_NEEDED, CHOOSE_MEETING
from meetings.models import ActionPoint, ActionUpdate, Decision
from tests.meetings.conftest import CANARY, days_from_today, make_meeting
from tests.records import history_mark, history_since

DROPPED_NEEDS_REASON = "Say why the action was dropped."


def url(name, *args):
    return reverse(f"meetings:{name}", args=["northdale", *args])


def in_a_week():
    return timezone.localdate() + datetime.timedelta(days=7)


def make_action(world, *, owner="leo", description="Patrol the Eastgate underpass on Friday nights", **extra):
    return services.action_create(
        partnership=world.northdale,
        description=description,
        owner=world.people[owner],
        due=extra.pop("due", in_a_week()),
        by=world.users["alice"],
        notify=False,
        **extra,
    )


def progress(status="in_progress", note="Two patrols done; the lighting is reported.", **extra):
    return {"status": status, "note": note, **extra}


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# Logging progress -----------------------------------------------------------------------------------


def test_an_officer_of_the_owning_agency_logs_progress(world, client, olive):
    action = make_action(world, owner="leo")
    client.force_login(olive)

    page = client.get(url("action", action.pk))
    assert page.status_code == 200
    assert 'id="progress"' in page.content.decode()

    response = client.post(url("action", action.pk), progress(status="done", note="All four patrols done."))

    assert response.status_code == 302
    assert response["Location"] == url("action", action.pk)
    action.refresh_from_db()
    assert action.status == ActionPoint.Status.DONE
    assert action.closed_on == timezone.localdate()
    update = ActionUpdate.objects.get(action=action)
    assert (update.author, update.note) == (world.people["olive"], "All four patrols done.")
    assert "All four patrols done." in client.get(url("action", action.pk)).content.decode()


def test_an_officer_of_another_agency_sees_no_form_and_gets_403_on_post_and_nothing_changes(world, client, fred):
    action = make_action(world, owner="leo")
    client.force_login(fred)

    page = client.get(url("action", action.pk))
    assert page.status_code == 200
    assert 'id="progress"' not in page.content.decode()

    mark = history_mark()
    response = client.post(url("action", action.pk), progress(status="done"))

    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == ActionPoint.Status.OPEN
    assert not ActionUpdate.objects.filter(action=action).exists()
    assert history_since(mark) == []


def test_the_coordinator_and_the_chair_may_log_progress_but_a_board_member_may_not(world, client):
    action = make_action(world, owner="leo")
    for name, expected in [("maya", 403), ("carol", 302), ("alice", 302)]:
        client.force_login(world.users[name])
        assert client.post(url("action", action.pk), progress()).status_code == expected, name
    assert ActionUpdate.objects.filter(action=action).count() == 2


def test_dropping_an_action_needs_a_reason_next_to_the_field_and_saves_nothing(world, client, olive):
    action = make_action(world, owner="leo")
    client.force_login(olive)
    mark = history_mark()

    response = client.post(url("action", action.pk), progress(status="dropped", dropped_reason="  "))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(DROPPED_NEEDS_REASON) == 2  # in the error summary and next to the field
    assert 'id="id_dropped_reason-error"' in html
    assert "<title>Error: " in html
    action.refresh_from_db()
    assert action.status == ActionPoint.Status.OPEN
    assert not ActionUpdate.objects.filter(action=action).exists()
    assert history_since(mark) == []


def test_dropping_with_a_reason_closes_the_action_and_shows_the_reason(world, client, leo):
    action = make_action(world, owner="leo")
    client.force_login(leo)

    client.post(
        url("action", action.pk), progress(status="dropped", dropped_reason="The underpass is closed for works.")
    )

    action.refresh_from_db()
    assert (action.status, action.closed_on) == (ActionPoint.Status.DROPPED, timezone.localdate())
    page = client.get(url("action", action.pk)).content.decode()
    assert "The underpass is closed for works." in page


# Lists ----------------------------------------------------------------------------------------------


def test_the_actions_list_marks_overdue_actions_and_offers_updates_only_where_allowed(world, client, fred):
    police = make_action(world, owner="leo", description="Police action")
    fire = make_action(world, owner="fred", description="Fire action")
    services.action_update(
        action=fire, by=world.users["alice"], version=None, due=timezone.localdate() - datetime.timedelta(days=2)
    )
    client.force_login(fred)

    html = client.get(url("actions")).content.decode()

    assert "Police action" in html and "Fire action" in html
    assert html.count("govuk-tag--red") == 1
    assert f"{url('action', fire.pk)}#progress" in html
    assert f"{url('action', police.pk)}#progress" not in html
    assert url("action_edit", fire.pk) not in html


def test_my_actions_and_my_agencys_actions_list_the_right_ones(world, client, olive):
    make_action(world, owner="olive", description="Olive own action")
    make_action(world, owner="leo", description="Leo police action")
    make_action(world, owner="fred", description="A fire service action")
    client.force_login(olive)

    mine = client.get(url("my_actions")).content.decode()
    agency = client.get(url("agency_actions")).content.decode()

    assert "Olive own action" in mine and "Leo police action" not in mine
    assert "Olive own action" in agency and "Leo police action" in agency
    assert "A fire service action" not in agency


def test_the_actions_filters_narrow_the_list(world, client, alice):
    make_action(world, owner="leo", description="Police action")
    fire = make_action(world, owner="fred", description="Fire action")
    services.action_log_progress(
        action=fire, author=world.people["fred"], status="done", note="Done", by=world.users["fred"]
    )
    client.force_login(alice)

    police_only = client.get(url("actions"), {"agency": world.agencies["police"].pk}).content.decode()
    outstanding = client.get(url("actions"), {"status": "outstanding"}).content.decode()

    assert "Police action" in police_only and "Fire action" not in police_only
    assert "Police action" in outstanding and "Fire action" not in outstanding


def test_a_due_date_range_the_wrong_way_round_is_pointed_out(world, client, alice):
    make_action(world, owner="leo")
    client.force_login(alice)
    html = client.get(url("actions"), {"due_from": "2030-01-02", "due_to": "2030-01-01"}).content.decode()
    assert 'id="id_due_to-error"' in html
    assert "0 actions" in html


# The CSV export -------------------------------------------------------------------------------------


def test_the_csv_holds_only_the_actions_the_viewer_may_see(world, client, confidential_item, public_item):
    make_action(world, owner="leo", item=confidential_item, description=f"Visit the family in {CANARY}")
    make_action(world, owner="olive", item=public_item, description="Publish the hotspot map")

    client.force_login(world.users["maya"])
    uncleared = client.get(url("actions_csv"))
    client.force_login(world.users["alice"])
    coordinator = client.get(url("actions_csv"))

    assert CANARY not in uncleared.content.decode("utf-8-sig")
    assert "Publish the hotspot map" in uncleared.content.decode("utf-8-sig")
    rows = read_csv(coordinator)
    assert rows[0] == [
        "id",
        "action",
        "owner",
        "agency",
        "due",
        "status",
        "closed on",
        "meeting",
        "group",
        "confidential",
        "last update",
    ]
    by_action = {row[1]: row for row in rows[1:]}
    secret = by_action[f"Visit the family in {CANARY}"]
    assert secret[2:4] == ["Leo Lewis", "Shire Constabulary"]
    assert secret[8:10] == ["Strategic board", "yes"]
    assert by_action["Publish the hotspot map"][9] == "no"


def test_the_csv_keeps_the_filters_names_a_dated_file_and_defuses_formulas(world, client, alice):
    action = make_action(world, owner="leo", description='=HYPERLINK("http://example.org","click")')
    services.action_log_progress(
        action=action, author=world.people["leo"], status="in_progress", note="+44 called", by=world.users["leo"]
    )
    make_action(world, owner="fred", description="@SUM(A1:A2) fire action")
    client.force_login(alice)

    response = client.get(url("actions_csv"), {"agency": world.agencies["police"].pk})

    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="actions-northdale-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    rows = read_csv(response)
    assert len(rows) == 2
    assert rows[1][1] == '\'=HYPERLINK("http://example.org","click")'
    assert rows[1][5] == "In progress"
    assert rows[1][10] == f"{timezone.localdate():%Y-%m-%d}: +44 called"


def test_the_actions_page_links_the_csv_with_its_filters(world, client, alice):
    client.force_login(alice)
    html = client.get(url("actions"), {"status": "outstanding", "page": "1"}).content.decode()
    assert f'{url("actions_csv")}?status=outstanding"' in html


# Decisions ------------------------------------------------------------------------------------------


def decision_form(**fields):
    data = {
        "made": "meeting",
        "meeting": "",
        "item": "",
        "wording": "The partnership adopts the night-time economy plan.",
        "binds": "All partners",
        "decided_on": "",
        "agreed-TOTAL_FORMS": "8",
        "agreed-INITIAL_FORMS": "0",
        "agreed-MIN_NUM_FORMS": "0",
        "agreed-MAX_NUM_FORMS": "8",
    }
    data.update(fields)
    return data


def test_a_decision_by_correspondence_needs_who_agreed(world, client, alice):
    client.force_login(alice)

    response = client.post(url("decision_create"), decision_form(made="correspondence"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(services.AGREED_BY_NEEDED) == 2
    assert 'id="id_agreed-0-person-error"' in html
    assert not Decision.objects.exists()


def test_a_decision_by_correspondence_records_who_agreed_and_when(world, client, alice):
    client.force_login(alice)
    leo, fred = world.people["leo"], world.people["fred"]

    response = client.post(
        url("decision_create"),
        decision_form(
            made="correspondence",
            **{
                "agreed-0-person": leo.pk,
                "agreed-0-agreed_on": "2030-03-02",
                "agreed-1-person": fred.pk,
                "agreed-1-agreed_on": "2030-03-04",
            },
        ),
    )

    decision = Decision.objects.get()
    assert response["Location"] == url("decision", decision.pk)
    assert decision.by_correspondence and decision.meeting is None
    assert decision.decided_on == datetime.date(2030, 3, 4)
    agreed = {(a.person_id, a.agreed_on) for a in decision.agreements.all()}
    assert agreed == {(leo.pk, datetime.date(2030, 3, 2)), (fred.pk, datetime.date(2030, 3, 4))}
    page = client.get(url("decisions")).content.decode()
    assert "Leo Lewis, 2 Mar 2030" in page and "Fred Fisher, 4 Mar 2030" in page


def test_someone_named_without_a_date_is_refused(world, client, alice):
    client.force_login(alice)
    data = decision_form(made="correspondence", **{"agreed-0-person": world.people["leo"].pk})
    response = client.post(url("decision_create"), data)
    assert AGREED_ON_NEEDED.format(number=1) in response.content.decode()
    assert not Decision.objects.exists()


def test_a_decision_at_a_meeting_needs_the_meeting_and_takes_its_date(world, client, alice, meeting, public_item):
    client.force_login(alice)

    refused = client.post(url("decision_create"), decision_form())
    assert CHOOSE_MEETING in refused.content.decode()

    client.post(url("decision_create"), decision_form(item=public_item.pk))

    decision = Decision.objects.get()
    assert (decision.meeting, decision.item) == (meeting, public_item)
    assert decision.decided_on == timezone.localdate(meeting.starts_at)


def test_a_decision_under_a_confidential_item_is_seen_only_by_those_cleared(world, client, confidential_item):
    alice = world.users["alice"]
    client.force_login(alice)
    client.post(url("item_decision_create", confidential_item.pk), decision_form(wording=f"Fund the {CANARY} plan."))
    decision = Decision.objects.get()
    assert decision.is_confidential

    client.force_login(world.users["maya"])
    assert CANARY not in client.get(url("decisions")).content.decode()
    assert client.get(url("decision", decision.pk)).status_code == 404
    assert "0 decisions" in client.get(url("decisions"), {"q": CANARY}).content.decode()
    client.force_login(world.users["carol"])
    assert CANARY in client.get(url("decisions")).content.decode()


def test_the_decisions_log_searches_the_wording(world, client, alice, meeting):
    for wording in ["Adopt the hate crime plan", "Fund street lighting in Eastgate"]:
        services.decision_record(
            partnership=world.northdale, wording=wording, decided_on=timezone.localdate(), meeting=meeting, by=alice
        )
    client.force_login(alice)
    html = client.get(url("decisions"), {"q": "lighting eastgate"}).content.decode()
    assert "Fund street lighting" in html and "hate crime" not in html


# Creating and changing actions ----------------------------------------------------------------------


def test_the_coordinators_forms_open_with_the_items_meeting_and_owners_offered(world, client, alice, public_item):
    action = make_action(world, owner="leo", item=public_item)
    client.force_login(alice)
    pages = [
        url("decision_create"),
        url("item_decision_create", public_item.pk),
        url("action_create"),
        url("item_action_create", public_item.pk),
        url("action_edit", action.pk),
        url("action", action.pk),
        url("decision_create") + f"?meeting={public_item.meeting_id}",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
    html = client.get(url("action_create")).content.decode()
    assert "Leo Lewis (Shire Constabulary)" in html
    assert "Maya Morgan" not in html  # works for no agency, so cannot own an action
    assert public_item.title in client.get(url("decision_create")).content.decode()


def test_the_chair_adds_an_action_for_an_item(world, client, carol, public_item):
    client.force_login(carol)
    response = client.post(
        url("item_action_create", public_item.pk),
        {"description": "Map the hotspots", "owner": world.people["olive"].pk, "due": f"{in_a_week():%Y-%m-%d}"},
    )
    action = ActionPoint.objects.get()
    assert response["Location"] == url("action", action.pk)
    assert (action.item, action.meeting, action.agency) == (public_item, public_item.meeting, world.agencies["police"])


def test_an_action_due_in_the_past_is_refused_next_to_the_date(world, client, alice):
    client.force_login(alice)
    response = client.post(
        url("action_create"),
        {"description": "Too late", "owner": world.people["leo"].pk, "due": "2001-01-01"},
    )
    assert 'id="id_due-error"' in response.content.decode()
    assert services.DUE_IN_PAST_ON_CREATE in response.content.decode()
    assert not ActionPoint.objects.exists()


def test_giving_an_action_to_another_agency_moves_the_right_to_update_it(world, client, alice):
    action = make_action(world, owner="leo")
    client.force_login(alice)
    response = client.post(
        url("action_edit", action.pk),
        {
            "description": action.description,
            "owner": world.people["fred"].pk,
            "due": f"{action.due:%Y-%m-%d}",
            "version": action.version,
        },
    )
    assert response.status_code == 302
    client.force_login(world.users["fred"])
    assert client.post(url("action", action.pk), progress()).status_code == 302
    client.force_login(world.users["olive"])
    assert client.post(url("action", action.pk), progress()).status_code == 403


def test_a_stale_edit_is_refused(world, client, alice):
    action = make_action(world, owner="leo")
    services.action_update(action=action, by=alice, version=action.version, description="Changed meanwhile")
    client.force_login(alice)
    response = client.post(
        url("action_edit", action.pk),
        {"description": "My change", "owner": world.people["leo"].pk, "due": f"{action.due:%Y-%m-%d}", "version": 0},
    )
    assert "Someone else changed this record" in response.content.decode()
    action.refresh_from_db()
    assert action.description == "Changed meanwhile"


# Query counts ---------------------------------------------------------------------------------------

# The coordinator's actions page: session, user, partnership, access (2), count, rows, the four filter lists,
# the navigation's partnerships. An officer's adds one query for the actions they may update.
PINNED = {
    ("alice", "actions"): 12,
    ("olive", "actions"): 13,
    ("alice", "decisions"): 12,
    ("maya", "decisions"): 12,
    ("olive", "my_actions"): 10,
    ("olive", "agency_actions"): 10,
}


def grow(world, meeting, start, stop):
    """Actions (with an update each, half under an item) and decisions (half by correspondence)."""
    alice = world.users["alice"]
    owners = ["leo", "olive", "fred"]
    for n in range(start, stop):
        item = services.agenda_item_create(meeting=meeting, title=f"Item {n}", by=alice) if n % 2 else None
        action = make_action(
            world, owner=owners[n % 3], description=f"Action {n}", meeting=meeting if item is None else None, item=item
        )
        services.action_log_progress(
            action=action, author=world.people["alice"], status="in_progress", note=f"Update {n}", by=alice
        )
        if n % 2:
            services.decision_record(
                partnership=world.northdale,
                wording=f"Decision {n}",
                decided_on=timezone.localdate(),
                by_correspondence=True,
                agreed_by=[(world.people["leo"], timezone.localdate()), (world.people["fred"], timezone.localdate())],
                by=alice,
            )
        else:
            services.decision_record(
                partnership=world.northdale,
                wording=f"Decision {n}",
                decided_on=timezone.localdate(),
                meeting=meeting,
                item=item,
                by=alice,
            )


def count_queries(client, users, pages):
    counts = {}
    for name in pages:
        client.force_login(users[name])
        for page in pages[name]:
            client.get(url(page))  # warm the caches a long-running server keeps warm
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url(page))
            assert response.status_code == 200
            counts[(name, page)] = len(queries)
    return counts


def test_the_lists_run_the_same_pinned_number_of_queries_for_5_rows_and_for_50(world, client):
    meeting = make_meeting(by=world.users["alice"], group=world.groups["board"], starts_at=days_from_today(-7))
    pages = {
        "alice": ["actions", "decisions"],
        "olive": ["actions", "my_actions", "agency_actions"],
        "maya": ["decisions"],
    }
    grow(world, meeting, 0, 5)
    few = count_queries(client, world.users, pages)
    grow(world, meeting, 5, 50)
    many = count_queries(client, world.users, pages)
    assert {"5 rows": few, "50 rows": many} == {"5 rows": PINNED, "50 rows": PINNED}
