"""The project's packages import one way, downwards (ARCHITECTURE.md), and views read through selectors."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first. The settings and the root URL configuration see everything and are left out.
LAYERS = ["core", "partnership", "members", "meetings", "workplan", "reviews", "casereviews", "security", "overview"]
TOP = {ROOT / "partnership" / "settings.py", ROOT / "partnership" / "urls.py"}


def modules():
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts and path not in TOP:
                yield package, path


def imported_packages(path):
    """(line, package) for every import of one of our packages in the file, at any depth."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LAYERS:
                yield node.lineno, top


def test_no_package_imports_one_above_it():
    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {other}"
        for package, path in modules()
        for line, other in imported_packages(path)
        if LAYERS.index(other) > LAYERS.index(package)
    ]
    assert upward == []


def test_the_toolkit_imports_no_app_of_ours():
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {other}"
        for package, path in modules()
        if package == "core"
        for line, other in imported_packages(path)
        if other != "core"
    ]
    assert found == []


def test_the_check_sees_an_upward_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from reviews import selectors\n")
    assert list(imported_packages(sample)) == [(2, "reviews")]


def _manager_queries(path):
    """Lines that query a model's manager (`Something.objects`) in a view module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]


@pytest.mark.parametrize("path", sorted(p for _, p in modules() if p.name.startswith("views")), ids=str)
def test_views_read_only_through_selectors(path):
    assert _manager_queries(path) == []


SERVICE_MODULES = [
    "partnership.services",
    "members.services",
    "members.services_groups",
    "members.services_invitations",
    "meetings.services",
    "workplan.services",
    "reviews.services",
    "casereviews.services",
    "security.services",
]
# Not transactions of their own: pure helpers, handover steps (run inside officer_handover's transaction)
# and the reminder runs (one small transaction per reminder, so one failure does not undo the others).
NOT_ATOMIC = {
    "casereviews.services.access_record",
    "members.services.person_sync_access",
    "members.services_groups.officer_handover_of_seats",
    "members.services_invitations.invitation_token_hash",
    "members.services_invitations.invitation_link",
    "members.services_invitations.invitation_resend",
    "members.services_invitations.invitation_lookup",
    "members.services_invitations.site_administrators_group",
    "meetings.services.plan_dates",
    "meetings.services.officer_handover_of_actions",
    "meetings.services.reminders_send",
    "workplan.services.officer_handover_of_items",
    "reviews.services.return_reminders_send",
}


def test_every_service_is_one_transaction():
    import importlib
    import inspect

    outside = []
    for module_name in SERVICE_MODULES:
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(value) or value.__module__ != module_name:
                continue
            # transaction.atomic used as a decorator wraps the function (functools.wraps sets __wrapped__).
            if not hasattr(value, "__wrapped__") and f"{module_name}.{name}" not in NOT_ATOMIC:
                outside.append(f"{module_name}.{name}")
    assert outside == []
