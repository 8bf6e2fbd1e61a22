"""A meeting from start to finish in a real browser, on the demo's Northdale partnership.

The coordinator schedules a board meeting that began a few hours ago (attendance is recorded once a
meeting has started) and the board's next meeting, adds an item, publishes the agenda, records
attendance, minutes the item with an action for the fire service, and circulates the minutes. The fire
service's lead officer logs progress on the action; the next meeting shows it under matters arising;
the chair approves the minutes at that next meeting. axe-core checks every page on the way.
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.browser

ITEM_TITLE = "Street drinking in Market Square"
ACTION = "Survey the flats above the Market Square shops for fire risks"
PROGRESS = "Visited eight of the twelve flats; two need new smoke alarms, fitted on Friday."


def banner(page):
    return page.locator(".govuk-notification-banner--success").inner_text()


class Walk:
    """One person's page, checked by axe at every step; problems are kept to assert once at the end."""

    def __init__(self, page, who, axe_check, problems):
        self.page, self.who, self.axe_check, self.problems = page, who, axe_check, problems

    def check(self, label):
        self.problems += self.axe_check(self.page, f"{label} ({self.who})")

    def goto(self, path, label):
        response = self.page.goto(path)
        assert response.status == 200, f"{label}: HTTP {response.status}"
        self.check(label)

    def click(self, role, name, label):
        """Follow a link or press a button, then check the page it leads to."""
        with self.page.expect_navigation():
            self.page.get_by_role(role, name=name, exact=True).first.click()
        self.check(label)


def schedule(walk, slug, group, moment, label):
    """The coordinator adds a meeting of `group` at `moment` through the form; returns the new meeting's id."""
    page = walk.page
    walk.goto(reverse("meetings:meeting_create", args=[slug]), f"Add a meeting ({label})")
    local = timezone.localtime(moment)
    page.get_by_label("Group").select_option(label=group.name)
    page.get_by_label("Date", exact=True).fill(f"{local:%Y-%m-%d}")
    page.get_by_label("Starts at").fill(f"{local:%H:%M}")
    page.get_by_label("Place").fill("Committee room 2, Northdale House")
    walk.click("button", "Save", f"The new meeting ({label})")
    assert "has been added" in banner(page)
    return int(page.url.rstrip("/").split("/")[-1])


def test_a_meeting_from_scheduling_to_approved_minutes(demo, open_page, axe_check):
    from meetings.models import ActionPoint, Meeting
    from members.models import Person
    from partnership.models import PartnershipGroup

    slug = demo.northdale.slug
    board = PartnershipGroup.objects.get(partnership=demo.northdale, kind=PartnershipGroup.Kind.BOARD)
    fire_lead = Person.objects.get(user__username="otherlead")
    now = timezone.now().replace(second=0, microsecond=0)
    problems = []

    # The coordinator schedules this afternoon's board meeting and the next one, an hour later.
    coordinator = Walk(open_page("coordinator", bypass_csp=True), "coordinator", axe_check, problems)
    page = coordinator.page
    coordinator.goto(reverse("meetings:meetings", args=[slug]), "Meetings")
    meeting_id = schedule(coordinator, slug, board, now - datetime.timedelta(hours=3), "this meeting")
    next_id = schedule(coordinator, slug, board, now - datetime.timedelta(hours=1), "the next meeting")
    meeting_url = reverse("meetings:meeting", args=[slug, meeting_id])

    # An item on the agenda.
    coordinator.goto(meeting_url, "The meeting")
    coordinator.click("link", "Add an agenda item", "Add an agenda item")
    page.get_by_label("Title").fill(ITEM_TITLE)
    page.get_by_label("Description").fill("Residents report drinking and noise late at night around the square.")
    coordinator.click("button", "Save", "The meeting with the new item")
    assert page.get_by_role("link", name=ITEM_TITLE, exact=True).count() == 1

    # Publishing the agenda emails every member.
    mail.outbox.clear()
    coordinator.click("link", "Publish the agenda", "Publish the agenda")
    coordinator.click("button", "Publish the agenda", "The meeting, agenda published")
    assert "The agenda has been published" in banner(page)
    assert any(ITEM_TITLE in message.body for message in mail.outbox)

    # Attendance: everyone expected was there, which marks the meeting held.
    coordinator.click("link", "Record attendance", "Record attendance")
    present = page.locator("main input[type=radio][value=present]")
    assert present.count() >= 3
    for radio in present.all():
        radio.check()
    coordinator.click("button", "Save attendance", "The meeting, attendance recorded")
    assert "Attendance has been recorded" in banner(page)
    assert Meeting.objects.get(pk=meeting_id).status == Meeting.Status.HELD

    # The item's minutes, and an action for the fire service.
    coordinator.click("link", ITEM_TITLE, "The agenda item")
    coordinator.click("link", "Write the minutes of this item", "Write the minutes of the item")
    page.get_by_label("Minutes of the discussion").fill(
        "The board heard from residents and agreed joint visits by the police, council and fire service."
    )
    coordinator.click("button", "Save", "The agenda item, minuted")
    assert "The minutes of the item have been saved" in banner(page)
    mail.outbox.clear()
    coordinator.click("link", "Add an action", "Add an action")
    page.get_by_label("Action", exact=True).fill(ACTION)
    page.get_by_label("Owner").select_option(value=str(fire_lead.pk))
    page.get_by_label("Due date").fill(f"{timezone.localdate() + datetime.timedelta(days=21):%Y-%m-%d}")
    coordinator.click("button", "Add the action", "The new action")
    assert f"The action has been given to {fire_lead.full_name}" in banner(page)
    action = ActionPoint.objects.get(description=ACTION)
    assert (action.agency_id, action.meeting_id) == (demo.fire.pk, meeting_id)
    assert [m.to for m in mail.outbox if ACTION in m.body] == [[fire_lead.email]]

    # The draft minutes go to members.
    coordinator.goto(meeting_url, "The meeting, minuted")
    coordinator.click("link", "Circulate the draft minutes", "Circulate the draft minutes")
    coordinator.click("button", "Circulate the minutes", "The meeting, minutes circulated")
    assert "The draft minutes have been circulated" in banner(page)

    # The fire service's lead officer finds the action among hers and logs progress.
    lead = Walk(open_page("otherlead", bypass_csp=True), "fire lead officer", axe_check, problems)
    lead.goto(reverse("meetings:my_actions", args=[slug]), "My actions")
    lead.click("link", ACTION, "The action")
    lead.page.get_by_label("In progress", exact=True).check()
    lead.page.get_by_label("Progress", exact=True).fill(PROGRESS)
    lead.click("button", "Save update", "The action, updated")
    assert "Your update has been saved" in banner(lead.page)
    assert PROGRESS in lead.page.locator("main").inner_text()
    action.refresh_from_db()
    assert action.status == ActionPoint.Status.IN_PROGRESS

    # At the next meeting the action comes back under matters arising, with its update.
    coordinator.goto(reverse("meetings:meeting", args=[slug, next_id]), "The next meeting")
    arising = page.locator("table", has_text="Actions from earlier meetings")
    row = arising.locator("tr", has_text=ACTION)
    assert row.count() == 1
    assert "In progress" in row.inner_text() and "1 update" in row.inner_text()

    # The chair approves the minutes at the next meeting.
    chair = Walk(open_page("chair", bypass_csp=True), "chair", axe_check, problems)
    chair.goto(meeting_url, "The meeting (chair)")
    chair.click("link", "Approve the minutes", "Approve the minutes")
    chair.page.locator(f"input[name=at_meeting][value='{next_id}']").check()
    chair.click("button", "Approve the minutes", "The meeting, minutes approved")
    assert "The minutes have been approved" in banner(chair.page)
    minutes = Meeting.objects.select_related("minutes").get(pk=meeting_id).minutes
    assert (minutes.state, minutes.approved_at_meeting_id, minutes.approved_by.user.username) == (
        "approved",
        next_id,
        "chair",
    )

    assert not problems, "axe-core found problems (WCAG 2.2 AA):\n" + "\n".join(problems)
