"""A partnership started and staffed in the browser, with no /admin/ page, written from visible labels only.

The site administrator starts a partnership and invites its coordinator; the coordinator accepts the
invitation from the email's link, sets a password, adds agencies, invites a lead officer, builds the board
with its members and plans its meetings; the lead officer accepts and sees their agency. axe-core checks
every page on the way, the forms again with their errors, and the pages an invitation link can end on.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from partnership.models import PartnershipGroup
from tests.browser.test_meetings_flow import Walk, banner

pytestmark = pytest.mark.browser

PASSWORD = "Westmoor-partnership-2026"
LEAD_PASSWORD = "Police-lead-in-Westmoor-1"


def link_in_newest_email_to(address):
    sent = [message for message in mail.outbox if address in message.to]
    assert sent, f"no email to {address}"
    return re.search(r"https?://\S+/invitations/\S+/", sent[-1].body).group(0)


def choose(page, label, starting):
    """Select the option of the `label` select whose text starts with `starting` (a name before its agency)."""
    select = page.get_by_label(label)
    texts = [text.strip() for text in select.locator("option").all_inner_texts()]
    select.select_option(label=next(text for text in texts if text.startswith(starting)))


def path_of(link):
    return "/" + link.split("/", 3)[3]


def test_a_partnership_is_started_and_staffed_in_the_browser(demo, open_page, axe_check):
    problems = []

    # The site administrator starts Westmoor and appoints its first coordinator.
    admin = Walk(open_page("admin", bypass_csp=True), "site administrator", axe_check, problems)
    page = admin.page
    admin.goto("/site/", "Site administration")
    admin.click("link", "Start a partnership", "Start a partnership")
    admin.click("button", "Start the partnership and send the invitation", "Start a partnership, with errors")
    assert page.locator(".govuk-error-summary").is_visible()
    page.get_by_label("Name of the partnership").fill("Westmoor Community Safety Partnership")
    page.get_by_label("Web address name").fill("westmoor")
    page.get_by_label("Area it covers").fill("Westmoor borough")
    page.get_by_label("Unitary or metropolitan partnership").check()
    page.get_by_label("England").check()
    page.get_by_label("First name").fill("Gwen")
    page.get_by_label("Last name").fill("Hughes")
    page.get_by_label("Email address").fill("gwen.hughes@westmoor.example.org")
    page.get_by_label("Job title").fill("Community Safety Manager")
    admin.click("button", "Start the partnership and send the invitation", "Site administration, after")
    assert "an invitation has been sent to gwen.hughes@westmoor.example.org" in banner(page)
    assert "Westmoor Community Safety Partnership" in page.locator("main").inner_text()

    # The coordinator follows the email's link and sets a password.
    link = link_in_newest_email_to("gwen.hughes@westmoor.example.org")
    gwen = Walk(open_page(bypass_csp=True), "coordinator", axe_check, problems)
    page = gwen.page
    gwen.goto(path_of(link), "Accept your invitation")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD + "x")
    gwen.click("button", "Set password and sign in", "Accept your invitation, with errors")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    gwen.click("button", "Set password and sign in", "The new partnership's dashboard")
    assert "Welcome to Westmoor Community Safety Partnership" in banner(page)
    assert "Setting up the partnership" in page.locator("main").inner_text()

    # The link works once.
    used = Walk(open_page(bypass_csp=True), "visitor", axe_check, problems)
    response = used.page.goto(path_of(link))
    assert response.status == 410
    used.check("A used invitation")

    # Agencies: the register warns of the responsible authorities still missing.
    gwen.click("link", "Every responsible authority is a member", "Partner register")
    assert "of the 5 responsible authorities" in page.locator("main").inner_text()
    for name, sector, kind in [
        ("Westmoor Police", "Police", "Chief officer of police"),
        ("Westmoor Borough Council", "Local authority", "English unitary authority"),
    ]:
        gwen.goto("/p/westmoor/partners/", "Partner register")
        gwen.click("link", "Add a partner", "Add a partner")
        page.get_by_label("Or a new agency's name").fill(name)
        page.get_by_label("New agency's sector").select_option(label=sector)
        page.get_by_label("New agency's type").select_option(label=kind)
        page.get_by_label("Suggest it from the agency's type").check()
        gwen.click("button", "Add partner", f"{name}'s page")
        assert f"{name} is now a partner" in banner(page)

    # A lead officer for the police, invited by the coordinator.
    gwen.goto("/p/westmoor/people/new/", "Add a person")
    page.get_by_label("First name").fill("Imran")
    page.get_by_label("Last name").fill("Shah")
    page.get_by_label("Agency").select_option(label="Westmoor Police")
    page.get_by_label("Email").fill("imran.shah@police.example.org")
    gwen.click("button", "Save", "Imran Shah's page")
    gwen.click("link", "Invite to sign in", "Invite Imran to sign in")
    gwen.click("button", "Send invitation", "Imran Shah's page, invited")
    assert "Invitation sent to imran.shah@police.example.org" in banner(page)
    gwen.goto("/p/westmoor/partners/", "Partner register, with partners")
    gwen.click("link", "Westmoor Police", "Westmoor Police's page")
    gwen.click("link", "Assign a role", "Assign a role")
    choose(page, "Person", "Imran Shah")
    page.get_by_label("Lead officer", exact=True).check()
    gwen.click("button", "Assign role", "Westmoor Police's page, with its lead officer")

    # The board, its members and a year of meetings.
    gwen.goto("/p/westmoor/structure/", "Structure")
    gwen.click("link", "Add a group", "Add a group")
    page.get_by_label("Name").fill("Westmoor Safer Board")
    page.get_by_label("Kind").select_option(label="Strategic board")
    page.get_by_label("Remit").fill("Agrees the partnership plan and holds partners to account.")
    gwen.click("button", "Save", "The board's page")
    for person, seat in [("Gwen Hughes", "Chair"), ("Imran Shah", "Member")]:
        gwen.click("link", "Add a member to Westmoor Safer Board", "Add a member")
        choose(page, "Person", person)
        page.get_by_label(seat, exact=True).check()
        gwen.click("button", "Add member", f"The board's page, with {person}")
        assert f"{person} now has a seat on Westmoor Safer Board" in banner(page)
    assert "Imran Shah" in page.locator("table").first.inner_text()

    gwen.goto("/p/westmoor/meetings/plan/", "Plan a year of meetings")
    today = timezone.localdate()
    page.get_by_label("Group").select_option(label="Westmoor Safer Board")
    page.get_by_label("From").fill(f"{today + datetime.timedelta(days=7):%Y-%m-%d}")
    page.get_by_label("Until").fill(f"{today + datetime.timedelta(days=365):%Y-%m-%d}")
    page.get_by_label("Which week of the month").select_option(index=1)
    page.get_by_label("Day of the week").select_option(index=1)
    page.get_by_label("Every how many months").fill("3")
    page.get_by_label("Starts at").fill("14:00")
    page.get_by_label("Length in minutes").fill("120")
    page.get_by_label("Place").fill("Westmoor Town Hall")
    gwen.click("button", "Show the dates", "The year's dates")
    gwen.click("button", "Create the meetings", "The meetings")
    assert "meetings" in banner(page).lower()

    # The lead officer accepts from their email and sees their agency.
    lead_link = link_in_newest_email_to("imran.shah@police.example.org")
    imran = Walk(open_page(bypass_csp=True), "lead officer", axe_check, problems)
    imran.goto(path_of(lead_link), "Accept your invitation (lead officer)")
    imran.page.get_by_label("Choose a password").fill(LEAD_PASSWORD)
    imran.page.get_by_label("Type the password again").fill(LEAD_PASSWORD)
    imran.click("button", "Set password and sign in", "The lead officer's dashboard")
    imran.goto("/p/westmoor/partners/", "Partner register (lead officer)")
    imran.click("link", "Westmoor Police", "Westmoor Police (lead officer)")
    assert "Imran Shah" in imran.page.locator("main").inner_text()

    # Pages an invitation link can end on.
    forged = Walk(open_page(bypass_csp=True), "visitor", axe_check, problems)
    assert forged.page.goto("/invitations/not-a-real-link/").status == 404
    forged.check("A forged invitation link")

    assert not problems, "\n".join(problems)


def test_the_new_set_up_pages_pass_axe(demo, open_page, axe_check):
    """The import pages, seats, invitations and the register's warning, on the demo, as the coordinator."""
    problems = []
    walk = Walk(open_page("coordinator", bypass_csp=True), "coordinator", axe_check, problems)
    slug = demo.northdale.slug
    person = demo.police_person
    board = PartnershipGroup.objects.get(partnership=demo.northdale, kind=PartnershipGroup.Kind.BOARD)
    for path, label in [
        (f"/p/{slug}/partners/", "Partner register"),
        (f"/p/{slug}/partners/import/", "Import agencies"),
        (f"/p/{slug}/people/import/", "Import people"),
        (f"/p/{slug}/people/{person.pk}/", "A person with seats"),
        (f"/p/{slug}/people/{person.pk}/invite/", "Invite a person"),
        (f"/p/{slug}/groups/{board.pk}/", "A group with members"),
        (f"/p/{slug}/groups/{board.pk}/members/add/", "Add a member"),
        (f"/p/{slug}/", "Dashboard with the checklist"),
    ]:
        walk.goto(path, label)
    # The import's dry run, with a bad row.
    walk.goto(f"/p/{slug}/people/import/", "Import people")
    walk.page.get_by_label("Upload a CSV file").set_input_files(
        files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": b"first name,last name,agency\nA,,Nowhere\n"}]
    )
    walk.click("button", "Check the file", "The import's dry run, with problems")
    assert "Row 2" in walk.page.locator(".govuk-error-summary").inner_text()
    walk.goto(f"/p/{slug}/groups/{board.pk}/", "A group with members")
    walk.page.get_by_role("link", name=re.compile("^End seat")).first.click()
    walk.page.wait_for_load_state()
    walk.check("End a seat")
    assert not problems, "\n".join(problems)


def test_the_dashboard_does_not_scroll_sideways_on_a_small_screen(demo, open_page):
    page = open_page("coordinator")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/p/{demo.northdale.slug}/")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]}px wide on a {widths[1]}px screen"
