"""Every page passes axe-core's WCAG 2.2 AA rules, as the coordinator (who sees every page) and signed out.

Each test visits its pages in a loop and asserts once at the end, so one run lists every problem.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser


def visit(page, path, label, problems):
    """Open the page; note it as a problem (and skip it) if it fails or sends us elsewhere, e.g. to sign in."""
    response = page.goto(path)
    if response is None or response.status >= 400:
        problems.append(f"  {label} ({path}): HTTP {response.status if response else 'no response'}")
        return False
    if urlsplit(page.url).path != urlsplit(path).path:
        problems.append(f"  {label} ({path}): redirected to {page.url}")
        return False
    return True


def submit_empty(page, path, label, problems):
    """Open a form, clear its text fields and submit it, so it comes back with its errors."""
    if not visit(page, path, label, problems):
        return False
    for field in page.locator("main form input[type=text], main form input[type=email], main textarea").all():
        field.fill("")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    if not page.locator(".govuk-error-summary").is_visible():
        problems.append(f"  {label} ({page.url}): no error summary after submitting the form empty")
        return False
    title = page.title()
    if not title.startswith("Error: ") or title.startswith("Error: Error:"):
        problems.append(f"  {label} ({page.url}): the title should start 'Error: ' once (WCAG 2.4.2), is {title!r}")
    return True


def coordinator_pages(demo):
    slug = demo.northdale.slug

    def p(name, *args):
        return reverse(name, args=[slug, *args])

    group, police, person = demo.group, demo.police, demo.police_person
    return [
        ("Choose a partnership", reverse("partnership:switch")),
        ("Dashboard", p("partnership:dashboard")),
        ("Public page (signed in)", p("partnership:public")),
        ("Structure", p("partnership:structure")),
        ("Structure with closed groups", p("partnership:structure") + "?closed=1"),
        ("Change the partnership", p("partnership:edit")),
        ("Add a group", p("partnership:group_create")),
        ("Group", p("partnership:group", group.pk)),
        ("Change a group", p("partnership:group_edit", group.pk)),
        ("Audit log", p("partnership:audit")),
        ("Audit log filtered", p("partnership:audit") + f"?agency={police.pk}&kind=person"),
        ("History of the partnership", p("partnership:history", "partnership", demo.northdale.pk)),
        ("History of a group", p("partnership:history", "group", group.pk)),
        ("History of an agency", p("partnership:history", "agency", police.pk)),
        ("History of a person", p("partnership:history", "person", person.pk)),
        ("History of a membership", p("partnership:history", "membership", demo.police_membership.pk)),
        ("Partner register", p("members:register")),
        ("Partner register filtered", p("members:register") + "?q=north&statutory_role=responsible&status=all"),
        ("Partner register sorted, page 2", p("members:register") + "?sort=-joined&page=2"),
        ("Add a partner", p("members:partner_add")),
        ("Change a membership", p("members:membership_edit", demo.police_membership.pk)),
        ("Agency", p("members:agency", police.pk)),
        ("Change an agency", p("members:agency_edit", police.pk)),
        ("Assign an agency role", p("members:agency_role_assign", police.pk)),
        ("People", p("members:people")),
        ("People filtered", p("members:people") + f"?q=a&agency={police.pk}&status=all"),
        ("Add a person", p("members:person_create")),
        ("Person", p("members:person", person.pk)),
        ("Change a person", p("members:person_edit", person.pk)),
        ("Hand over roles", p("members:handover", demo.lead.pk)),
        ("Roles", p("members:roles")),
        ("Assign a partnership role", p("members:partnership_role_assign")),
        ("End a partnership role", p("members:role_end", "partnership", demo.partnership_role.pk)),
        ("End an agency role", p("members:role_end", "agency", demo.agency_role.pk)),
        ("Change your password", reverse("account_change_password")),
        ("Sign out", reverse("account_logout")),
    ]


def test_coordinator_pages_pass_axe(demo, open_page, axe_check):
    page = open_page("coordinator", bypass_csp=True)
    problems = []
    for label, path in coordinator_pages(demo):
        if visit(page, path, label, problems):
            problems += axe_check(page, label)

    slug = demo.northdale.slug
    forms_with_errors = [
        ("Add a person, with errors", reverse("members:person_create", args=[slug])),
        ("Add a group, with errors", reverse("partnership:group_create", args=[slug])),
        ("Change an agency, with errors", reverse("members:agency_edit", args=[slug, demo.police.pk])),
        ("Add a partner, with errors", reverse("members:partner_add", args=[slug])),
        ("Assign a partnership role, with errors", reverse("members:partnership_role_assign", args=[slug])),
    ]
    for label, path in forms_with_errors:
        if submit_empty(page, path, label, problems):
            problems += axe_check(page, label)

    assert not problems, "axe-core found problems (WCAG 2.2 AA):\n" + "\n".join(problems)


def test_signed_out_pages_pass_axe(demo, open_page, axe_check):
    page = open_page(bypass_csp=True)
    problems = []
    pages = [
        ("Home (signed out)", "/"),
        ("Public page of Northdale", reverse("partnership:public", args=[demo.northdale.slug])),
        ("Public page of Eastshire", reverse("partnership:public", args=[demo.eastshire.slug])),
        ("Sign in", reverse("account_login")),
        ("Reset your password", reverse("account_reset_password")),
        ("Accessibility statement", reverse("partnership:accessibility")),
    ]
    for label, path in pages:
        if visit(page, path, label, problems):
            problems += axe_check(page, label)

    if submit_empty(page, reverse("account_login"), "Sign in, with errors", problems):
        problems += axe_check(page, "Sign in, with errors")
    if submit_empty(page, reverse("account_reset_password"), "Reset your password, with errors", problems):
        problems += axe_check(page, "Reset your password, with errors")

    response = page.goto("/p/no-such-partnership/public/")
    assert response.status == 404
    problems += axe_check(page, "Page not found")

    assert not problems, "axe-core found problems (WCAG 2.2 AA):\n" + "\n".join(problems)


def test_permission_denied_page_passes_axe(demo, open_page, axe_check):
    """The 403 page, as the police lead officer trying to change a fire service officer."""
    page = open_page("lead", bypass_csp=True)

    # First, guard every check here against passing vacuously (axe not injected, or no rules run).
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"><a href="/"></a></main></html>')
    found = "\n".join(axe_check(page, "A page known to be bad", record=False))
    assert "image-alt [critical]" in found and "link-name [serious]" in found, found

    response = page.goto(reverse("members:person_edit", args=[demo.northdale.slug, demo.fire_person.pk]))
    assert response.status == 403
    problems = axe_check(page, "You do not have permission")
    assert not problems, "axe-core found problems (WCAG 2.2 AA):\n" + "\n".join(problems)
