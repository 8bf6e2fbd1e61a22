"""Every URL of the meetings app, with the status each named person gets (after pretix's test_permissions).

404 to someone who may not see the record (no hint that it exists), 403 to someone who may see it but
not change it, a redirect to sign in for anonymous visitors to internal pages, and 200 to everyone on
the public pages. Writes that are POST only (moving an item, withdrawing a paper, revoking a share,
logging progress on an action) are posted, so the one who may gets the redirect after the change; the
people are tried in the table's order, with the coordinator last.

The records: the board's last meeting (held, agenda published, minutes a draft) with a public item, a
confidential item shared with nobody and one shared with the police; papers under the public and the
unshared item; decisions under the public and the unshared item; a police action under the public item
and one under the unshared item (owned by Olive, so the police see it by design); the next meeting
(agenda not yet published).
"""

import copy
import datetime
import importlib
import pkgutil
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meetings import services
from tests.conftest import client_of, once_per_module
from tests.http import close_response
from tests.meetings.conftest import days_from_today, make_meeting
from tests.test_permissions import COORDINATOR_ONLY, INTERNAL, NOWHERE, PEOPLE, PUBLIC, expect, status_of

COORDINATOR_AND_CHAIR = expect(COORDINATOR_ONLY, carol=200)
CHAIR_ONLY = expect(COORDINATOR_ONLY, carol=200, alice=403)
# A confidential item shared with nobody: the coordinator and the chair only.
CLEARED_ONLY = expect(INTERNAL, maya=404, olive=404, leo=404, fred=404)
SHARED_WITH_POLICE = expect(CLEARED_ONLY, olive=200, leo=200)
MEMBERS_ONLY = expect(INTERNAL, anonymous=404)  # a public address, but only members may see this record yet
EVERYONE_NOT_FOUND = dict.fromkeys(PEOPLE, 404)


@dataclass
class Row:
    url_name: str
    args: object  # args(records) -> the URL's arguments after the partnership
    expected: dict
    method: str = "get"
    data: dict | None = None


def in_a_week():
    return timezone.localdate() + datetime.timedelta(days=7)


def make_records(world):
    alice = world.users["alice"]
    northdale, people, board = world.northdale, world.people, world.groups["board"]
    meeting = make_meeting(by=alice, group=board, starts_at=days_from_today(-14))
    services.agenda_publish(meeting=meeting, by=alice)
    meeting = services.meeting_mark_held(meeting=meeting, by=alice)
    public = services.agenda_item_create(meeting=meeting, title="Anti-social behaviour hotspots", by=alice)
    unshared = services.agenda_item_create(
        meeting=meeting,
        title="A family at risk",
        is_confidential=True,
        confidential_reason="Personal information about a family.",
        by=alice,
    )
    shared = services.agenda_item_create(
        meeting=meeting,
        title="A police operation",
        is_confidential=True,
        confidential_reason="An operational police matter.",
        by=alice,
    )
    share = services.item_share(item=shared, agency=world.agencies["police"], by=alice)

    def paper(item, title):
        upload = SimpleUploadedFile(f"{title.lower().replace(' ', '-')}.txt", b"The paper's text.")
        return services.paper_add(item=item, title=title, file=upload, by=alice)

    def decision(item, wording):
        return services.decision_record(
            partnership=northdale, item=item, wording=wording, decided_on=timezone.localdate(), by=alice
        )

    def action(item, owner, description):
        return services.action_create(
            partnership=northdale,
            item=item,
            description=description,
            owner=people[owner],
            due=in_a_week(),
            by=alice,
            notify=False,
        )

    southvale_meeting = make_meeting(
        by=world.users["charlie"], group=world.groups["southvale_board"], starts_at=days_from_today(7)
    )
    return SimpleNamespace(
        meeting=meeting,
        next_meeting=make_meeting(by=alice, group=board, starts_at=days_from_today(28)),
        board=board,
        public=public,
        unshared=unshared,
        shared=shared,
        share=share,
        public_paper=paper(public, "Hotspot figures"),
        secret_paper=paper(unshared, "Case chronology"),
        public_decision=decision(public, "Extend the hotspot patrols"),
        secret_decision=decision(unshared, "Fund the support package"),
        police_action=action(public, "leo", "Report patrol results"),
        secret_action=action(unshared, "olive", "Arrange the welfare visit"),
        feed=services.calendar_feed_create(person=people["maya"], by=alice),
        southvale_meeting=southvale_meeting,
    )


@pytest.fixture(scope="module")
def _records_of_the_module(_world_of_the_module, django_db_blocker, tmp_path_factory):
    """The records, made once for the module (tests/conftest.py's once_per_module): every test starts from them."""
    with once_per_module(django_db_blocker, tmp_path_factory):
        yield make_records(_world_of_the_module)


@pytest.fixture
def records(_records_of_the_module, world):
    """The records, as fresh Python objects for each test."""
    return copy.deepcopy(_records_of_the_module)


PROGRESS = {"status": "in_progress", "note": "Two patrols done."}

TABLE = [
    # Meetings
    Row("meetings:meetings", lambda r: [], PUBLIC),
    Row("meetings:meeting_create", lambda r: [], COORDINATOR_ONLY),
    Row("meetings:meeting_plan", lambda r: [], COORDINATOR_ONLY),
    Row("meetings:meeting", lambda r: [r.meeting.pk], PUBLIC),
    Row("meetings:meeting", lambda r: [r.next_meeting.pk], PUBLIC),
    Row("meetings:meeting_edit", lambda r: [r.meeting.pk], COORDINATOR_ONLY),
    Row("meetings:meeting_status", lambda r: [r.next_meeting.pk], COORDINATOR_ONLY),
    Row("meetings:agenda_publish", lambda r: [r.next_meeting.pk], COORDINATOR_ONLY),
    Row("meetings:item_create", lambda r: [r.next_meeting.pk], COORDINATOR_ONLY),
    Row("meetings:attendance", lambda r: [r.meeting.pk], COORDINATOR_ONLY),
    Row("meetings:minutes_step", lambda r: [r.meeting.pk, "circulate"], COORDINATOR_ONLY),
    Row("meetings:minutes_step", lambda r: [r.meeting.pk, "approve"], CHAIR_ONLY),
    Row("meetings:minutes_step", lambda r: [r.meeting.pk, "publish"], COORDINATOR_ONLY),
    Row("meetings:minutes_step", lambda r: [r.meeting.pk, "shred"], expect(NOWHERE, charlie=404)),
    # Agenda items
    Row("meetings:item", lambda r: [r.public.pk], INTERNAL),
    Row("meetings:item", lambda r: [r.unshared.pk], CLEARED_ONLY),
    Row("meetings:item", lambda r: [r.shared.pk], SHARED_WITH_POLICE),
    Row("meetings:item_edit", lambda r: [r.public.pk], COORDINATOR_ONLY),
    Row("meetings:item_edit", lambda r: [r.unshared.pk], expect(CLEARED_ONLY, carol=403)),
    Row("meetings:item_edit", lambda r: [r.shared.pk], expect(SHARED_WITH_POLICE, olive=403, leo=403, carol=403)),
    Row(
        "meetings:item_move",
        lambda r: [r.public.pk],
        expect(COORDINATOR_ONLY, alice=302),
        "post",
        {"direction": "up"},
    ),
    Row(
        "meetings:item_move",
        lambda r: [r.unshared.pk],
        expect(CLEARED_ONLY, carol=403, alice=302),
        "post",
        {"direction": "down"},
    ),
    Row("meetings:item_minutes", lambda r: [r.public.pk], COORDINATOR_ONLY),
    Row("meetings:item_minutes", lambda r: [r.unshared.pk], expect(CLEARED_ONLY, carol=403)),
    Row("meetings:paper_add", lambda r: [r.public.pk], COORDINATOR_ONLY),
    Row("meetings:paper_add", lambda r: [r.unshared.pk], expect(CLEARED_ONLY, carol=403)),
    Row("meetings:item_share", lambda r: [r.unshared.pk], CLEARED_ONLY),
    Row("meetings:item_share", lambda r: [r.shared.pk], expect(SHARED_WITH_POLICE, olive=403, leo=403)),
    Row("meetings:item_share", lambda r: [r.public.pk], COORDINATOR_AND_CHAIR),
    # Papers and sharing
    Row("meetings:paper", lambda r: [r.public_paper.pk], PUBLIC),
    Row("meetings:paper", lambda r: [r.secret_paper.pk], expect(CLEARED_ONLY, anonymous=404)),
    Row(
        "meetings:paper_withdraw",
        lambda r: [r.public_paper.pk],
        expect(COORDINATOR_ONLY, alice=302),
        "post",
    ),
    Row(
        "meetings:paper_withdraw",
        lambda r: [r.secret_paper.pk],
        expect(CLEARED_ONLY, carol=403, alice=302),
        "post",
    ),
    # As sharing the item: 404 to those who do not see it, 403 to those who see it but may not share it.
    Row(
        "meetings:share_revoke",
        lambda r: [r.share.pk],
        expect(SHARED_WITH_POLICE, olive=403, leo=403, carol=302, alice=302),
        "post",
    ),
    # Attendance and quorum
    Row("meetings:quorum_edit", lambda r: [r.board.pk], COORDINATOR_ONLY),
    Row("meetings:agency_attendance", lambda r: [], INTERNAL),
    # Decisions
    Row("meetings:decisions", lambda r: [], INTERNAL),
    Row("meetings:decision_create", lambda r: [], COORDINATOR_ONLY),
    Row("meetings:decision", lambda r: [r.public_decision.pk], INTERNAL),
    Row("meetings:decision", lambda r: [r.secret_decision.pk], CLEARED_ONLY),
    Row("meetings:item_decision_create", lambda r: [r.public.pk], COORDINATOR_ONLY),
    Row("meetings:item_decision_create", lambda r: [r.unshared.pk], expect(CLEARED_ONLY, carol=403)),
    # Action points
    Row("meetings:actions", lambda r: [], INTERNAL),
    Row("meetings:my_actions", lambda r: [], INTERNAL),
    Row("meetings:agency_actions", lambda r: [], INTERNAL),
    Row("meetings:action_create", lambda r: [], COORDINATOR_AND_CHAIR),
    Row("meetings:action", lambda r: [r.police_action.pk], INTERNAL),
    # The owner (Olive) and her agency see an action under an item not shared with them.
    Row("meetings:action", lambda r: [r.secret_action.pk], expect(CLEARED_ONLY, olive=200, leo=200)),
    # Logging progress: the owning agency's officers, the coordinator and the chair.
    Row(
        "meetings:action",
        lambda r: [r.police_action.pk],
        expect(INTERNAL, maya=403, olive=302, leo=302, fred=403, carol=302, alice=302),
        "post",
        PROGRESS,
    ),
    Row(
        "meetings:action",
        lambda r: [r.secret_action.pk],
        expect(CLEARED_ONLY, olive=302, leo=302, carol=302, alice=302),
        "post",
        PROGRESS,
    ),
    Row("meetings:action_edit", lambda r: [r.police_action.pk], COORDINATOR_ONLY),
    Row("meetings:action_edit", lambda r: [r.secret_action.pk], expect(CLEARED_ONLY, olive=403, leo=403, carol=403)),
    Row("meetings:actions_csv", lambda r: [], INTERNAL),
    Row("meetings:item_action_create", lambda r: [r.public.pk], COORDINATOR_AND_CHAIR),
    Row("meetings:item_action_create", lambda r: [r.unshared.pk], CLEARED_ONLY),
    # Outputs
    Row("meetings:agenda_pdf", lambda r: [r.meeting.pk], PUBLIC),
    Row("meetings:agenda_pdf", lambda r: [r.next_meeting.pk], expect(MEMBERS_ONLY, charlie=404)),
    Row("meetings:minutes_pdf", lambda r: [r.meeting.pk], expect(MEMBERS_ONLY, charlie=404)),
    Row("meetings:meeting_ics", lambda r: [r.meeting.pk], PUBLIC),
    Row("meetings:group_ics", lambda r: [r.board.pk], PUBLIC),
    Row("meetings:calendar", lambda r: [], INTERNAL),
    Row("meetings:person_ics", lambda r: [r.feed.token], PUBLIC),  # the secret address is the credential
    Row("meetings:person_ics", lambda r: ["not-an-address"], EVERYONE_NOT_FOUND),
    # History of meetings' records (partnership:history)
    Row("partnership:history", lambda r: ["meeting", r.meeting.pk], INTERNAL),
    Row("partnership:history", lambda r: ["agendaitem", r.public.pk], INTERNAL),
    Row("partnership:history", lambda r: ["agendaitem", r.unshared.pk], CLEARED_ONLY),
    Row("partnership:history", lambda r: ["agendaitem", r.shared.pk], SHARED_WITH_POLICE),
    Row("partnership:history", lambda r: ["decision", r.secret_decision.pk], CLEARED_ONLY),
    Row("partnership:history", lambda r: ["actionpoint", r.secret_action.pk], expect(CLEARED_ONLY, olive=200, leo=200)),
]

# Records of another partnership give 404 to everyone in Northdale, whatever their role there.
ELSEWHERE = [
    Row("meetings:meeting", lambda r: [r.southvale_meeting.pk], EVERYONE_NOT_FOUND),
    Row("meetings:meeting_edit", lambda r: [r.southvale_meeting.pk], NOWHERE),
    Row("meetings:agenda_pdf", lambda r: [r.southvale_meeting.pk], EVERYONE_NOT_FOUND),
    Row("meetings:meeting_ics", lambda r: [r.southvale_meeting.pk], EVERYONE_NOT_FOUND),
    Row("meetings:group_ics", lambda r: [r.southvale_meeting.group_id], EVERYONE_NOT_FOUND),
    Row("meetings:quorum_edit", lambda r: [r.southvale_meeting.group_id], NOWHERE),
    Row("meetings:attendance", lambda r: [r.southvale_meeting.pk], NOWHERE),
]


def _ids(table):
    return [f"{row.url_name}:{row.method}:{index}" for index, row in enumerate(table)]


def statuses(world, address, signed_in, method="get", data=None):
    """The status each named person gets, each in their own session from `signed_in` (a paper's file closed after)."""
    found = {}
    for name in PEOPLE:
        client = client_of(name, world, signed_in)
        response = getattr(client, method)(address, data or {})
        found[name] = status_of(response)
        close_response(response)
    return found


def check(world, records, signed_in, row):
    address = reverse(row.url_name, args=["northdale", *row.args(records)])
    assert statuses(world, address, signed_in, method=row.method, data=row.data) == row.expected


@pytest.mark.parametrize("row", TABLE, ids=_ids(TABLE))
def test_each_person_gets_the_status_the_table_gives_them(world, records, signed_in, row):
    check(world, records, signed_in, row)


@pytest.mark.parametrize("row", ELSEWHERE, ids=_ids(ELSEWHERE))
def test_records_of_another_partnership_are_not_found_from_northdale(world, records, signed_in, row):
    check(world, records, signed_in, row)


def url_modules():
    """meetings/urls_*.py, found on disk, so a new part of the app cannot be left out of the table."""
    import meetings

    names = [m.name for m in pkgutil.iter_modules(meetings.__path__) if m.name.startswith("urls_")]
    return [importlib.import_module(f"meetings.{name}") for name in sorted(names)]


def test_the_table_lists_every_url_of_the_meetings_app():
    every = {f"meetings:{pattern.name}" for module in url_modules() for pattern in module.urlpatterns}
    listed = {row.url_name for row in TABLE if row.url_name.startswith("meetings:")}
    assert len(url_modules()) >= 3
    assert sorted(every - listed) == [], "add these to TABLE"
    assert sorted(listed - every) == [], "these are in TABLE but not in meetings/urls_*.py"


def test_the_app_serves_every_url_of_its_parts():
    from meetings import urls

    assert {p.name for p in urls.urlpatterns} == {p.name for m in url_modules() for p in m.urlpatterns}


# A refused write changes nothing ------------------------------------------------------------------


def test_an_officer_of_another_agency_gets_403_logging_progress_and_nothing_is_logged(world, records, client, fred):
    client.force_login(fred)
    response = client.post(reverse("meetings:action", args=["northdale", records.police_action.pk]), PROGRESS)
    assert response.status_code == 403
    records.police_action.refresh_from_db()
    assert (records.police_action.status, records.police_action.updates.count()) == ("open", 0)


def test_the_chair_gets_403_moving_an_item_and_the_agenda_keeps_its_order(world, records, client, carol):
    orders = list(records.meeting.items.order_by("order", "pk").values_list("pk", flat=True))
    client.force_login(carol)
    response = client.post(reverse("meetings:item_move", args=["northdale", records.public.pk]), {"direction": "up"})
    assert response.status_code == 403
    assert list(records.meeting.items.order_by("order", "pk").values_list("pk", flat=True)) == orders


def test_a_police_officer_gets_403_revoking_the_police_share_and_it_stays(world, records, client, leo):
    client.force_login(leo)
    response = client.post(reverse("meetings:share_revoke", args=["northdale", records.share.pk]))
    assert response.status_code == 403
    records.share.refresh_from_db()
    assert records.share.is_current


def test_someone_who_sees_the_item_but_may_not_share_it_gets_403_sharing_and_revoking(world, records, client, leo):
    client.force_login(leo)
    share_page = client.get(reverse("meetings:item_share", args=["northdale", records.shared.pk]))
    revoke = client.post(reverse("meetings:share_revoke", args=["northdale", records.share.pk]))
    assert (share_page.status_code, revoke.status_code) == (403, 403)


def test_someone_who_cannot_see_the_item_gets_404_sharing_and_revoking(world, records, client, fred):
    client.force_login(fred)
    share_page = client.get(reverse("meetings:item_share", args=["northdale", records.shared.pk]))
    revoke = client.post(reverse("meetings:share_revoke", args=["northdale", records.share.pk]))
    assert (share_page.status_code, revoke.status_code) == (404, 404)
    records.share.refresh_from_db()
    assert records.share.is_current


def test_the_coordinator_gets_403_approving_minutes_which_the_chair_approves(world, records, client, alice):
    later = make_meeting(by=alice, group=records.board, starts_at=days_from_today(-1))
    services.minutes_circulate(minutes=records.meeting.minutes, by=alice)
    client.force_login(alice)
    address = reverse("meetings:minutes_step", args=["northdale", records.meeting.pk, "approve"])
    assert client.post(address, {"at_meeting": later.pk}).status_code == 403
    records.meeting.minutes.refresh_from_db()
    assert records.meeting.minutes.state == "circulated"
    client.force_login(world.users["carol"])
    assert client.post(address, {"at_meeting": later.pk}).status_code == 302
    records.meeting.minutes.refresh_from_db()
    assert records.meeting.minutes.state == "approved"
