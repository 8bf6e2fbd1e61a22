"""Every page of meetings, decisions and action points passes axe-core's WCAG 2.2 AA rules, in the demo:
the coordinator's pages and forms (also sent back with their errors), the lead officer's and the chair's,
and the public's. One test per group of people, each visiting its pages in a loop and asserting once at
the end, so one run lists every problem.
"""

import datetime
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.browser

CLEARED_FIELDS = (
    "main form input[type=text], main form input[type=number], main form input[type=date], "
    "main form input[type=time], main form input[type=url], main form textarea"
)


def visit(page, path, label, problems):
    """Open the page; note it as a problem (and skip it) if it fails or sends us elsewhere."""
    response = page.goto(path)
    if response is None or response.status >= 400:
        problems.append(f"  {label} ({path}): HTTP {response.status if response else 'no response'}")
        return False
    if urlsplit(page.url).path != urlsplit(path).path:
        problems.append(f"  {label} ({path}): redirected to {page.url}")
        return False
    return True


def submit_with_errors(page, path, label, button, problems, prepare=None):
    """Open a form, clear its fields (or `prepare` it), submit it with `button` and expect its errors back."""
    if not visit(page, path, label, problems):
        return False
    if prepare is None:
        for field in page.locator(CLEARED_FIELDS).all():
            field.fill("")
    else:
        prepare(page)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=button, exact=True).click()
    if not page.locator(".govuk-error-summary").is_visible():
        problems.append(f"  {label} ({page.url}): no error summary after submitting the form")
        return False
    title = page.title()
    if not title.startswith("Error: ") or title.startswith("Error: Error:"):
        problems.append(f"  {label} ({page.url}): the title should start 'Error: ' once (WCAG 2.4.2), is {title!r}")
    return True


def check_all(page, pages, axe_check, problems):
    for label, path in pages:
        if visit(page, path, label, problems):
            problems += axe_check(page, label)


def records(demo):
    """The demo's meetings records the pages are opened on."""
    from meetings.models import ActionPoint, AgendaItem, ConfidentialShare, Decision, Meeting, Minutes, Paper
    from partnership.models import PartnershipGroup

    northdale = demo.northdale
    meetings = Meeting.objects.filter(partnership=northdale)
    board = PartnershipGroup.objects.get(partnership=northdale, kind=PartnershipGroup.Kind.BOARD)
    held = meetings.filter(group=board, status=Meeting.Status.HELD).order_by("-starts_at").first()
    items = AgendaItem.objects.filter(meeting__partnership=northdale, standing="")
    open_actions = ActionPoint.objects.filter(partnership=northdale, status__in=ActionPoint.OPEN_STATUSES)
    return SimpleNamespace(
        board=board,
        held=held,
        unpublished=meetings.filter(status=Meeting.Status.SCHEDULED, agenda_published_at__isnull=True).first(),
        public=meetings.filter(is_public=True, minutes__state=Minutes.State.PUBLISHED).order_by("-starts_at").first(),
        coming=meetings.filter(is_public=True, starts_at__gt=timezone.now()).order_by("starts_at").first(),
        circulated=meetings.filter(minutes__state=Minutes.State.CIRCULATED).first(),
        approved=meetings.filter(minutes__state=Minutes.State.APPROVED).first(),
        draft=meetings.filter(status=Meeting.Status.HELD, minutes__state=Minutes.State.DRAFT).first(),
        item=items.filter(meeting=held).order_by("order").first(),
        approved_item=items.filter(meeting__minutes__state=Minutes.State.PUBLISHED).first(),
        confidential=ConfidentialShare.objects.filter(item__meeting__partnership=northdale).first().item,
        paper_item=Paper.objects.filter(item__meeting__partnership=northdale).first().item,
        decision=Decision.objects.filter(partnership=northdale).first(),
        action=open_actions.filter(item__isnull=False).first(),
        police_action=open_actions.filter(agency=demo.police).first(),
        confidential_action=open_actions.filter(is_confidential=True).first(),
    )


def coordinator_pages(demo, r):
    slug = demo.northdale.slug

    def p(name, *args):
        return reverse(name, args=[slug, *args])

    return [
        ("Meetings", p("meetings:meetings")),
        ("Meetings of the board, page 2", p("meetings:meetings") + f"?group={r.board.pk}&page=2"),
        ("A held meeting", p("meetings:meeting", r.held.pk)),
        ("A meeting with a draft agenda", p("meetings:meeting", r.unpublished.pk)),
        ("Add a meeting", p("meetings:meeting_create")),
        ("Plan a year: the rule", p("meetings:meeting_plan")),
        ("Change a meeting", p("meetings:meeting_edit", r.held.pk)),
        ("Mark held, cancel or postpone", p("meetings:meeting_status", r.unpublished.pk)),
        ("Publish the agenda", p("meetings:agenda_publish", r.unpublished.pk)),
        ("Add an agenda item", p("meetings:item_create", r.unpublished.pk)),
        ("Record attendance", p("meetings:attendance", r.held.pk)),
        ("Circulate the draft minutes", p("meetings:minutes_step", r.draft.pk, "circulate")),
        ("Publish the minutes", p("meetings:minutes_step", r.approved.pk, "publish")),
        ("Publish the minutes, already published", p("meetings:minutes_step", r.public.pk, "publish")),
        ("Agenda item", p("meetings:item", r.item.pk)),
        ("Confidential agenda item", p("meetings:item", r.confidential.pk)),
        ("Agenda item with papers", p("meetings:item", r.paper_item.pk)),
        ("Change an agenda item", p("meetings:item_edit", r.item.pk)),
        ("Minutes of an item", p("meetings:item_minutes", r.item.pk)),
        ("Minutes of an item, published (a correction)", p("meetings:item_minutes", r.approved_item.pk)),
        ("Add a paper", p("meetings:paper_add", r.item.pk)),
        ("Share a confidential item", p("meetings:item_share", r.confidential.pk)),
        ("Quorum", p("meetings:quorum_edit", r.board.pk)),
        ("Attendance by agency", p("meetings:agency_attendance")),
        ("Attendance by agency, a year", p("meetings:agency_attendance") + "?since=2020-01-01&until=2030-12-31"),
        ("Decisions", p("meetings:decisions")),
        ("Decisions searched and filtered", p("meetings:decisions") + f"?q=the&group={r.board.pk}&made=meeting"),
        ("Decision", p("meetings:decision", r.decision.pk)),
        ("Record a decision", p("meetings:decision_create")),
        ("Record a decision under an item", p("meetings:item_decision_create", r.item.pk)),
        ("Action points", p("meetings:actions")),
        ("Action points filtered and sorted", p("meetings:actions") + "?status=outstanding&overdue=on&sort=-owner"),
        ("My actions", p("meetings:my_actions")),
        ("My agency's actions", p("meetings:agency_actions")),
        ("Action point", p("meetings:action", r.action.pk)),
        ("Confidential action point", p("meetings:action", r.confidential_action.pk)),
        ("Add an action", p("meetings:action_create")),
        ("Add an action under an item", p("meetings:item_action_create", r.item.pk)),
        ("Change an action", p("meetings:action_edit", r.action.pk)),
        ("Calendar", p("meetings:calendar")),
        ("History of a meeting", p("partnership:history", "meeting", r.held.pk)),
        ("History of an agenda item", p("partnership:history", "agendaitem", r.item.pk)),
        ("History of a decision", p("partnership:history", "decision", r.decision.pk)),
        ("History of an action point", p("partnership:history", "actionpoint", r.action.pk)),
    ]


def fill_plan_rule(page):
    today = timezone.localdate()
    page.get_by_label("Group").select_option(index=1)
    page.get_by_label("From", exact=True).fill(f"{today:%Y-%m-%d}")
    page.get_by_label("Until", exact=True).fill(f"{today + datetime.timedelta(days=365):%Y-%m-%d}")
    page.get_by_label("Which week of the month").select_option(label="Third")
    page.get_by_label("Day of the week").select_option(label="Tuesday")
    page.get_by_label("Starts at").fill("18:30")
    page.get_by_label("Place").fill("Council chamber")


def test_the_coordinators_meetings_pages_pass_axe(demo, open_page, axe_check):
    r = records(demo)
    slug = demo.northdale.slug
    page = open_page("coordinator", bypass_csp=True)
    problems = []
    check_all(page, coordinator_pages(demo, r), axe_check, problems)

    # Plan a year, step 2: the dates the rule gives.
    if visit(page, reverse("meetings:meeting_plan", args=[slug]), "Plan a year", problems):
        fill_plan_rule(page)
        with page.expect_navigation():
            page.get_by_role("button", name="Show the dates").click()
        if page.get_by_role("button", name="Create the meetings").count() == 1:
            problems += axe_check(page, "Plan a year: the dates")
        else:
            problems.append(f"  Plan a year: the dates ({page.url}): the dates step did not open")

    def p(name, *args):
        return reverse(name, args=[slug, *args])

    def nobody_present(page):
        page.get_by_label("Person", exact=True).select_option(index=1)

    def postpone_without_a_date(page):
        page.get_by_label("It is postponed to a new date").check()

    forms_with_errors = [
        ("Add a meeting, with errors", p("meetings:meeting_create"), "Save", None),
        ("Change a meeting, with errors", p("meetings:meeting_edit", r.held.pk), "Save", None),
        ("Plan a year, with errors", p("meetings:meeting_plan"), "Show the dates", None),
        ("Postpone, with errors", p("meetings:meeting_status", r.unpublished.pk), "Save", postpone_without_a_date),
        ("Add an agenda item, with errors", p("meetings:item_create", r.unpublished.pk), "Save", None),
        ("Change an agenda item, with errors", p("meetings:item_edit", r.item.pk), "Save", None),
        ("Add a paper, with errors", p("meetings:paper_add", r.item.pk), "Upload", None),
        ("Share, with errors", p("meetings:item_share", r.confidential.pk), "Share", None),
        ("Quorum, with errors", p("meetings:quorum_edit", r.board.pk), "Save", None),
        ("Attendance, with errors", p("meetings:attendance", r.held.pk), "Save attendance", nobody_present),
        (
            "Attendance by agency, with errors",
            p("meetings:agency_attendance") + "?since=2026-02-01&until=2026-01-01",
            "Filter",
            lambda page: None,
        ),
        ("Record a decision, with errors", p("meetings:decision_create"), "Record the decision", None),
        (
            "Decision under an item, with errors",
            p("meetings:item_decision_create", r.item.pk),
            "Record the decision",
            None,
        ),
        ("Add an action, with errors", p("meetings:action_create"), "Add the action", None),
        ("Action under an item, with errors", p("meetings:item_action_create", r.item.pk), "Add the action", None),
        ("Change an action, with errors", p("meetings:action_edit", r.action.pk), "Save", None),
        ("Log progress, with errors", p("meetings:action", r.action.pk), "Save update", None),
    ]
    for label, path, button, prepare in forms_with_errors:
        if submit_with_errors(page, path, label, button, problems, prepare):
            problems += axe_check(page, label)

    assert not problems, "axe-core found problems (WCAG 2.2 AA):\n" + "\n".join(problems)


def test_the_lead_officers_the_chairs_and_the_publics_meetings_pages_pass_axe(demo, open_page, axe_check):
    r = records(demo)
    slug = demo.northdale.slug
    problems = []

    def p(name, *args):
        return reverse(name, args=[slug, *args])

    lead = open_page("lead", bypass_csp=True)
    check_all(
        lead,
        [
            ("Meetings (lead officer)", p("meetings:meetings")),
            ("A held meeting (lead officer)", p("meetings:meeting", r.held.pk)),
            ("Agenda item (lead officer)", p("meetings:item", r.item.pk)),
            ("My actions (lead officer)", p("meetings:my_actions")),
            ("My agency's actions (lead officer)", p("meetings:agency_actions")),
            ("My agency's open actions (lead officer)", p("meetings:agency_actions") + "?status=outstanding"),
            ("Action points (lead officer)", p("meetings:actions")),
            ("A police action (lead officer)", p("meetings:action", r.police_action.pk)),
            ("Decisions (lead officer)", p("meetings:decisions")),
            ("Calendar (lead officer)", p("meetings:calendar")),
        ],
        axe_check,
        problems,
    )
    label = "Log progress on a police action, with errors (lead officer)"
    if submit_with_errors(lead, p("meetings:action", r.police_action.pk), label, "Save update", problems):
        problems += axe_check(lead, label)

    chair = open_page("chair", bypass_csp=True)
    check_all(
        chair,
        [
            ("A meeting with circulated minutes (chair)", p("meetings:meeting", r.circulated.pk)),
            ("Approve the minutes (chair)", p("meetings:minutes_step", r.circulated.pk, "approve")),
            ("Approve the minutes, already approved (chair)", p("meetings:minutes_step", r.approved.pk, "approve")),
        ],
        axe_check,
        problems,
    )

    public = open_page(bypass_csp=True)
    check_all(
        public,
        [
            ("Meetings (public)", p("meetings:meetings")),
            ("Meetings of the board (public)", p("meetings:meetings") + f"?group={r.board.pk}"),
            ("A meeting with published minutes (public)", p("meetings:meeting", r.public.pk)),
            ("A meeting to come (public)", p("meetings:meeting", r.coming.pk)),
        ],
        axe_check,
        problems,
    )

    assert not problems, "axe-core found problems (WCAG 2.2 AA):\n" + "\n".join(problems)
