"""The project's packages import one way, downwards (ARCHITECTURE.md), and views read through selectors."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first. The settings and the root URL configuration see everything and are left out.
LAYERS = ["core", "partnership", "members", "meetings", "workplan", "reviews", "overview"]
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
