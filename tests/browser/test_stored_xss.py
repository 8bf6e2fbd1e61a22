"""Stored script never runs: payloads saved through the services in every field the pages show come back as
text, in a real Chromium, on the demo's Northdale partnership.

The payloads go into a group's name (a meeting's title is its group's name), a meeting's place, an agenda
item's title and description, its minutes, a decision, an action point, a person's names and job title, an
agency's name, a workplan item's title and description, and the partnership's vision, mission and aims.
A `javascript:` link is refused by both URL fields (a meeting's online link, an agency's website).

The pages are opened with the Content-Security-Policy bypassed, so that a payload the templates failed to
escape would run (the policy would otherwise block inline script and hide the bug): a listener records every
dialog, and each page must show its payloads literally as text, with no element the payloads would make.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.browser

SCRIPT = '<script>alert("xss")</script>'
IMG = '"><img src=x onerror=alert("xss")>'
SVG = '<svg onload=alert("xss")>'
LINK = 'javascript:alert("xss")'

# Each field its own label, so a failure names the field; the payloads are written exactly as given.
GROUP = f"Street safety group {SVG}"
PLACE = f"Room {IMG}"
ITEM_TITLE = f"Item {SCRIPT}"
ITEM_DESCRIPTION = f"Background {IMG}"
MINUTES = f"Minuted {SVG}"
DECISION = f"Decided {SCRIPT}"
ACTION = f"Action {IMG}"
FIRST_NAME = f"Nia {SCRIPT}"
LAST_NAME = f"Newton {IMG}"
JOB_TITLE = f"Sergeant {SVG}"
AGENCY = f"Agency {SCRIPT}"
WORK_TITLE = f"Work {IMG}"
WORK_DESCRIPTION = f"Work detail {SCRIPT}"
VISION = f"Vision {SCRIPT}"
MISSION = f"Mission {IMG}"
AIMS = f"Aims {SVG}"

# Elements an unescaped payload would have made.
INJECTED = """() => ({
  images: document.querySelectorAll('img[src="x"], img[onerror]').length,
  svgs: document.querySelectorAll('svg[onload]').length,
  scripts: [...document.scripts].filter(s => s.textContent.includes('alert("xss")')).length,
})"""


def store_the_payloads(demo):
    """Every payload saved through the services, as the coordinator; returns what the pages need."""
    from meetings import services as meetings
    from members import services as members
    from members.models import AgencyRole, Person, Sector, StatutoryRole
    from partnership import services as partnership
    from partnership.models import PartnershipGroup
    from workplan import selectors as workplan_selectors
    from workplan import services as workplan
    from workplan.models import Objective

    northdale = demo.northdale
    coordinator = Person.objects.get(user__username="coordinator")
    by = coordinator.user
    now = timezone.now().replace(second=0, microsecond=0)
    today = timezone.localdate()

    partnership.partnership_update(
        partnership=northdale, by=by, version=northdale.version, vision=VISION, mission=MISSION, aims=AIMS
    )
    board = PartnershipGroup.objects.get(partnership=northdale, kind=PartnershipGroup.Kind.BOARD)
    group = partnership.group_create(
        partnership=northdale, by=by, name=GROUP, kind=PartnershipGroup.Kind.SUB_GROUP, parent=board
    )

    agency = members.agency_create(by=by, name=AGENCY, sector=Sector.VOLUNTARY)
    members.membership_create(
        partnership=northdale, agency=agency, statutory_role=StatutoryRole.INVITED_TO_COOPERATE, by=by
    )
    person = members.person_create(
        by=by,
        first_name=FIRST_NAME,
        last_name=LAST_NAME,
        job_title=JOB_TITLE,
        agency=agency,
        email="nia.newton@example.org",
        contact_public=True,
        added_to=northdale,
    )
    members.agency_role_assign(
        partnership=northdale, agency=agency, person=person, role=AgencyRole.Role.LEAD_OFFICER, by=by
    )

    meeting = meetings.meeting_create(
        partnership=northdale,
        group=group,
        starts_at=now - datetime.timedelta(hours=3),
        ends_at=now - datetime.timedelta(hours=1),
        location=PLACE,
        by=by,
        standing=False,
    )
    item = meetings.agenda_item_create(meeting=meeting, title=ITEM_TITLE, description=ITEM_DESCRIPTION, by=by)
    meetings.agenda_publish(meeting=meeting, by=by)
    meetings.minutes_write(item=item, discussion=MINUTES, by=by)
    decision = meetings.decision_record(partnership=northdale, wording=DECISION, decided_on=today, item=item, by=by)
    action = meetings.action_create(
        partnership=northdale,
        description=ACTION,
        owner=coordinator,
        due=today + datetime.timedelta(days=30),
        item=item,
        by=by,
    )
    upcoming = meetings.meeting_create(
        partnership=northdale, group=group, starts_at=now + datetime.timedelta(days=2), location=PLACE, by=by
    )

    plan = workplan_selectors.current_workplan(northdale)
    objective = Objective.objects.filter(priority__workplan=plan).order_by("pk").first()
    work = workplan.item_create(
        workplan=plan,
        objective=objective,
        title=WORK_TITLE,
        description=WORK_DESCRIPTION,
        lead_agency=agency,
        responsible_officer=person,
        starts=today - datetime.timedelta(days=60),
        due=today - datetime.timedelta(days=1),  # overdue: the dashboard lists it as needing attention
        by=by,
    )
    return {
        "group": group,
        "agency": agency,
        "person": person,
        "meeting": meeting,
        "upcoming": upcoming,
        "item": item,
        "decision": decision,
        "action": action,
        "plan": plan,
        "work": work,
    }


def test_a_javascript_link_is_refused_by_every_url_field(demo):
    from meetings import services as meetings
    from members import services as members
    from members.models import Person, Sector
    from partnership.models import PartnershipGroup

    by = Person.objects.get(user__username="coordinator").user
    board = PartnershipGroup.objects.get(partnership=demo.northdale, kind=PartnershipGroup.Kind.BOARD)
    with pytest.raises(ValidationError) as refused:
        meetings.meeting_create(
            partnership=demo.northdale,
            group=board,
            starts_at=timezone.now() + datetime.timedelta(days=3),
            online_link=LINK,
            by=by,
        )
    assert "online_link" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        members.agency_create(by=by, name="Linked agency", sector=Sector.VOLUNTARY, website=LINK)
    assert "website" in refused.value.message_dict
    assert not board.meetings.filter(online_link=LINK).exists()


def test_stored_payloads_show_as_text_and_never_run(demo, open_page):
    made = store_the_payloads(demo)
    slug = demo.northdale.slug

    def at(name, *args):
        return reverse(name, args=[slug, *args])

    meeting_texts = [GROUP, PLACE, ITEM_TITLE, ITEM_DESCRIPTION, MINUTES]
    pages = [
        ("coordinator", at("partnership:dashboard"), [ACTION, GROUP, WORK_TITLE, AGENCY]),
        ("coordinator", at("meetings:meetings"), [GROUP]),
        ("coordinator", at("meetings:meeting", made["meeting"].pk), meeting_texts),
        (
            "coordinator",
            at("meetings:item", made["item"].pk),
            [ITEM_TITLE, ITEM_DESCRIPTION, MINUTES, DECISION, ACTION],
        ),
        ("coordinator", at("meetings:meeting", made["upcoming"].pk), [GROUP, PLACE]),
        ("coordinator", at("meetings:calendar"), [GROUP]),
        ("coordinator", at("meetings:decisions"), [DECISION]),
        ("coordinator", at("meetings:decision", made["decision"].pk), [DECISION]),
        ("coordinator", at("meetings:actions") + f"?group={made['group'].pk}", [ACTION, GROUP]),
        ("coordinator", at("meetings:my_actions"), [ACTION]),
        ("coordinator", at("meetings:action", made["action"].pk), [ACTION]),
        ("coordinator", at("members:register"), [AGENCY]),
        ("coordinator", at("members:agency", made["agency"].pk), [AGENCY, FIRST_NAME, LAST_NAME]),
        ("coordinator", at("members:people") + "?q=Newton", [FIRST_NAME, LAST_NAME, AGENCY]),
        ("coordinator", at("members:person", made["person"].pk), [FIRST_NAME, LAST_NAME, JOB_TITLE, AGENCY]),
        ("coordinator", at("workplan:plan"), [WORK_TITLE, AGENCY]),
        ("coordinator", at("workplan:item", made["work"].pk), [WORK_TITLE, WORK_DESCRIPTION, AGENCY]),
        ("coordinator", at("workplan:timeline", made["plan"].pk), [WORK_TITLE]),
        ("coordinator", at("partnership:structure"), [GROUP]),
        ("coordinator", at("partnership:group", made["group"].pk), [GROUP]),
        ("coordinator", at("partnership:audit"), [ITEM_TITLE, AGENCY]),
        (None, at("partnership:public"), [VISION, MISSION, AIMS, GROUP, AGENCY, FIRST_NAME, LAST_NAME, JOB_TITLE]),
        (None, at("meetings:meeting", made["meeting"].pk), [GROUP, ITEM_TITLE, ITEM_DESCRIPTION]),
    ]

    dialogs, problems = [], []
    browsers = {}

    def page_of(who):
        if who not in browsers:
            page = open_page(who, bypass_csp=True)  # the policy off: an unescaped payload would run

            def record(dialog, who=who):
                dialogs.append(f"{who or 'anonymous'} at {page.url}: {dialog.type} {dialog.message!r}")
                dialog.dismiss()

            page.on("dialog", record)
            browsers[who] = page
        return browsers[who]

    for who, path, texts in pages:
        page = page_of(who)
        response = page.goto(path)
        assert response.status == 200, f"{path} ({who or 'anonymous'}): HTTP {response.status}"
        page.wait_for_load_state("load")
        shown = page.locator("body").inner_text()
        missing = [text for text in texts if text not in shown]
        if missing:
            problems.append(f"{path} ({who or 'anonymous'}) does not show as text: {missing}")
        injected = page.evaluate(INJECTED)
        if any(injected.values()):
            problems.append(f"{path} ({who or 'anonymous'}) has elements the payloads made: {injected}")

    # The SVG chart is a document of its own, where a script would run too; the agency names its bar.
    page = page_of("coordinator")
    response = page.goto(at("workplan:chart_status_agency", made["plan"].pk))
    assert response.status == 200
    chart = page.evaluate("() => document.documentElement.textContent")
    if AGENCY not in chart:
        problems.append(f"the status-by-agency chart does not name {AGENCY!r} as text")
    if page.evaluate("() => document.querySelectorAll('script, [onload], [onerror]').length"):
        problems.append("the status-by-agency chart has a script or an event handler")

    assert not dialogs, "A stored payload ran:\n" + "\n".join(dialogs)
    assert not problems, "\n".join(problems)
