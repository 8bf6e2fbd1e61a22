"""The pages work under their own Content-Security-Policy: no violations, no script errors, and
GOV.UK Frontend's JavaScript (loaded as an external module, never inline) runs."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser

# Record every CSP violation the page reports; added before any of the page's own scripts run.
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${where})`);
});
"""


def test_pages_run_under_the_content_security_policy(demo, open_page):
    page = open_page("coordinator")  # no bypass_csp: the policy is enforced as a visitor's browser would
    page.context.add_init_script(LISTEN_FOR_VIOLATIONS)
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "requestfailed",
        # A request the browser dropped because we moved to the next page is not a problem.
        lambda r: problems.append(f"request failed: {r.url} {r.failure}") if r.failure != "net::ERR_ABORTED" else None,
    )

    slug = demo.northdale.slug
    paths = [
        reverse("partnership:dashboard", args=[slug]),
        reverse("partnership:structure", args=[slug]),
        reverse("members:people", args=[slug]),
        reverse("members:person", args=[slug, demo.police_person.pk]),
        reverse("members:person_edit", args=[slug, demo.police_person.pk]),
    ]
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, f"{path}: policy is {policy!r}"
        classes = page.evaluate("() => [...document.body.classList]")
        assert "govuk-frontend-supported" in classes and "js-enabled" in classes, f"{path}: body classes {classes}"
        problems += [f"{path}: {v}" for v in page.evaluate("() => window.__cspViolations")]

    # A form with errors: GOV.UK Frontend's error summary script moves focus to the summary.
    page.locator("#id_first_name").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert page.evaluate("() => document.activeElement.classList.contains('govuk-error-summary')")
    problems += page.evaluate("() => window.__cspViolations")

    assert not problems, "Console errors or CSP violations:\n" + "\n".join(problems)
