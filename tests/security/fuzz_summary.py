"""The fuzzer's totals at the end of the run (a pytest plugin, named in tests/conftest.py's `pytest_plugins`).

tests/security/test_fuzz.py counts into FUZZ_SUMMARY in the process that runs it. Under pytest-xdist each
worker hands its counts back when it finishes and the controller adds them up, so the line
"fuzz: N posts to M forms (R routes), K server errors" at the end of the run covers every worker, as
AXE_SUMMARY does. With -v it also names the routes posted to.

The hooks live in a plugin rather than in tests/security/conftest.py because under xdist the controller
collects nothing, so in a run of the whole suite it never loads a sub-directory's conftest and would not
call its hooks.
"""

import copy

import pytest

# Posts made, forms posted to, the route of each form's action, and one line for each server error found
# (an error found again counts once).
FUZZ_SUMMARY = {"posts": 0, "forms": 0, "routes": [], "errors": [], "without_forms": 0}


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)  # set on an xdist worker only
    if workeroutput is not None:
        workeroutput["fuzz_summary"] = copy.deepcopy(FUZZ_SUMMARY)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    for key, found in getattr(node, "workeroutput", {}).get("fuzz_summary", {}).items():
        FUZZ_SUMMARY[key] += found


def pytest_terminal_summary(terminalreporter):
    if not FUZZ_SUMMARY["forms"]:
        return
    errors = sorted(set(FUZZ_SUMMARY["errors"]))
    routes = sorted(set(FUZZ_SUMMARY["routes"]))
    terminalreporter.write_sep(
        "-",
        f"fuzz: {FUZZ_SUMMARY['posts']} posts to {FUZZ_SUMMARY['forms']} forms ({len(routes)} routes), "
        f"{len(errors)} server errors; {FUZZ_SUMMARY['without_forms']} pages with no form (downloads, lists)",
    )
    if terminalreporter.verbosity > 0:
        terminalreporter.write_line(f"  routes posted to: {', '.join(routes)}")
    for line in errors:
        terminalreporter.write_line(f"  server error: {line}")
