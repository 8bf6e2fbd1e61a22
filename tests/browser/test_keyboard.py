"""The service works by keyboard alone, and whatever has the keyboard focus shows it.

Only page.keyboard is used to act on a page (no clicks, no fill); page.goto stands for typing an address.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser

MAX_TABS = 60

# What the focused element is, and whether it shows a focus indicator: a visible outline (not 'none',
# not zero wide, not transparent) or a box-shadow, as GOV.UK Frontend's focus styles use one or both.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const transparent = /rgba\\(.*,\\s*0\\)$/.test(style.outlineColor) || style.outlineColor === 'transparent';
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && !transparent;
  const shadow = style.boxShadow !== 'none';
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '',
    text: (el.innerText || el.value || '').trim().slice(0, 60),
    outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`, boxShadow: style.boxShadow,
    visible: outline || shadow,
  };
}"""


def focused(page):
    return page.evaluate(FOCUSED)


def describe(element):
    if element is None:
        return "nothing (the page itself)"
    where = f"#{element['id']}" if element["id"] else (f"[name={element['name']}]" if element["name"] else "")
    return f"<{element['tag']}{where}> {element['text']!r}"


def tab_to(page, matches, invisible, what):
    """Press Tab until the focused element matches; note every stop on the way that shows no focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        element = focused(page)
        if element is not None and not element["visible"]:
            invisible.append(
                f"{page.url}: {describe(element)} (outline {element['outline']}, box-shadow {element['boxShadow']})"
            )
        if element is not None and matches(element):
            return element
    raise AssertionError(f"{MAX_TABS} presses of Tab on {page.url} never reached {what}")


def test_skip_link_is_first_and_moves_focus_to_main(demo, open_page):
    page = open_page()
    page.goto(reverse("partnership:public", args=[demo.northdale.slug]))

    page.keyboard.press("Tab")
    element = focused(page)
    assert element is not None and element["text"] == "Skip to main content", describe(element)
    assert element["visible"], f"The skip link shows no focus: {element}"

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"
    assert page.url.endswith("#main-content")


def test_coordinator_signs_in_and_adds_a_group_by_keyboard(demo, open_page):
    page = open_page()
    invisible = []
    slug = demo.northdale.slug

    # Sign in: Tab to the username, type it, Tab on to the password (past the "Forgotten your password?"
    # link in its hint), type it, Enter.
    page.goto(reverse("account_login"))
    tab_to(page, lambda e: e["name"] == "login", invisible, "the username field")
    page.keyboard.type("coordinator")
    tab_to(page, lambda e: e["name"] == "password", invisible, "the password field")
    page.keyboard.type(demo.password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".app-account-bar").inner_text().count("Sign out") == 1, "not signed in"
    assert not page.url.rstrip("/").endswith("/accounts/login"), "still on the sign-in page"

    # Add a group: Tab to "Add a group" on the structure page and press Enter.
    page.goto(reverse("partnership:structure", args=[slug]))
    tab_to(page, lambda e: e["text"] == "Add a group", invisible, "the 'Add a group' link")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Add a group"

    # Fill the form by keyboard: type the name, choose the kind and the parent group by typing their
    # first letters into the focused select, type the remit, then Tab to Save and press Enter.
    tab_to(page, lambda e: e["id"] == "id_name", invisible, "the name field")
    page.keyboard.type("Keyboard task group")
    tab_to(page, lambda e: e["id"] == "id_kind", invisible, "the kind of group")
    page.keyboard.type("Task")
    tab_to(page, lambda e: e["id"] == "id_remit", invisible, "the remit")
    page.keyboard.type("Made without a mouse.")
    tab_to(page, lambda e: e["id"] == "id_parent", invisible, "the parent group")
    page.keyboard.type("Anti")
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Save", invisible, "the Save button")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    banner = page.locator(".govuk-notification-banner--success")
    assert banner.is_visible(), "no success message after saving the group"
    assert "Keyboard task group has been added to the structure." in banner.inner_text()
    assert page.locator("h1").inner_text() == "Keyboard task group"

    from partnership.models import PartnershipGroup

    group = PartnershipGroup.objects.get(partnership=demo.northdale, name="Keyboard task group")
    assert (group.kind, group.remit, group.parent.name) == (
        "task_group",
        "Made without a mouse.",
        "Anti-social behaviour",
    )
    assert not invisible, "Focused elements that show no focus indicator:\n" + "\n".join(invisible)
