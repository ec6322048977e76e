"""Each rule lives in one function that the admin, the API, the views and the exports call."""

import ast
import pathlib
import re
from collections import Counter

from assets_registry.models import Asset, StatusEvent

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ("assets_registry", "reuse_projects", "maps", "open_data", "common", "evaluation", "staff")


def calls(name_of_call):
    """(file:line) of every call whose function is named name_of_call, in the apps' code."""
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                    if name == name_of_call:
                        found.append((path.relative_to(ROOT).as_posix(), node))
    return found


def test_works_for_this_municipality_is_asked_of_access_works_for_only():
    """`municipalities_of(user).filter(...)` rewrites works_for; only access.py may do it."""
    rewritten = [
        f"{path}:{node.lineno}"
        for path, node in calls("filter")
        if path != "assets_registry/access.py"
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Call)
        and getattr(node.func.value.func, "attr", getattr(node.func.value.func, "id", None))
        in ("municipalities_of", "managed_municipalities")
    ]
    assert rewritten == []
    assert {path for path, _node in calls("works_for")} >= {
        "assets_registry/admin.py",
        "assets_registry/api/views.py",
        "open_data/selectors.py",
    }


def test_no_literal_status_tuples_outside_the_lifecycles():
    """Sets of statuses are lifecycle constants, so a new status is added in one place."""
    from assets_registry.lifecycle import Status
    from reuse_projects.models import Application, Call, ReuseProject

    statuses = set(Status.values) | set(ReuseProject.Status.values)
    statuses |= set(Application.Status.values) | set(Call.Status.values)
    literals = []
    for app in ("maps", "open_data"):
        for path in (ROOT / app).rglob("*.py"):
            if path.name == "public.py":  # being moved out of maps/ by its own change
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Tuple | ast.Set | ast.List) and len(node.elts) > 1:
                    values = [getattr(element, "value", None) for element in node.elts]
                    if all(isinstance(v, str) and v in statuses for v in values):
                        literals.append(f"{path.relative_to(ROOT)}:{node.lineno} {values}")
    assert literals == []


def test_no_production_function_exists_only_for_the_tests():
    """A helper that only tests call is dead code that drifts from what the application does."""
    sources = {}
    for folder in (*APPS, "config", "templates", "bench", "scripts"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".html", ".js", ".txt", ".xml") and path.is_file():
                sources[path] = path.read_text()
    # Every word of the application counted once, rather than one regex per function over all files.
    words = Counter(word for text in sources.values() for word in re.findall(r"\w+", text))
    unused = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.parse(sources[path]).body:
                is_plain_function = isinstance(node, ast.FunctionDef) and not node.decorator_list
                if is_plain_function and words[node.name] < 2:
                    unused.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert unused == []


def test_whether_an_asset_is_public_is_asked_of_the_queryset_only():
    """Asset.is_public and StatusEvent.is_public were a second, unused copy of the public rule."""
    assert not hasattr(Asset, "is_public")
    assert not hasattr(StatusEvent, "is_public")
