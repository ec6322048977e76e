"""Dependencies run one way: the register knows nothing of reuse or maps, the reuse workflow knows
no public page, and common knows none of the apps above the register.

Layers, lowest first: common < assets_registry < reuse_projects < {maps, open_data, evaluation,
staff}. Every .py file (parsed, so an import inside a function counts too) and every template of a
lower layer is read;
an import of, or a `{% url %}` into, a higher layer fails the test with its file and line.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What each app must never import nor reverse URLs of.
FORBIDDEN = {
    "common": {"assets_registry", "reuse_projects", "maps", "open_data", "evaluation", "staff"},
    "assets_registry": {"reuse_projects", "maps", "open_data", "evaluation", "staff"},
    "reuse_projects": {"maps", "open_data", "evaluation", "staff"},
}
URL_TAG = re.compile(r"""{%\s*url\s+["']([a-z_]+):""")


def imported_modules(source, filename):
    """(line, module) of every import in a Python file, relative imports excluded (they stay in
    their own package)."""
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def wrong_way_imports(app, forbidden, root=ROOT):
    found = []
    for path in sorted((root / app).rglob("*.py")):
        for line, module in imported_modules(path.read_text(), str(path)):
            if module.split(".")[0] in forbidden:
                found.append(f"{path.relative_to(root)}:{line} imports {module}")
    return sorted(set(found))


def wrong_way_url_reversals(app, forbidden, root=ROOT):
    found = []
    for path in sorted((root / app).rglob("templates/**/*")):
        if not path.is_file():
            continue
        for number, text in enumerate(path.read_text().splitlines(), start=1):
            for namespace in URL_TAG.findall(text):
                if namespace in forbidden:
                    found.append(f"{path.relative_to(root)}:{number} reverses {namespace}:")
    return found


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_no_import_runs_the_wrong_way(app):
    assert wrong_way_imports(app, FORBIDDEN[app]) == []


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_no_template_reverses_a_url_of_a_higher_layer(app):
    assert wrong_way_url_reversals(app, FORBIDDEN[app]) == []


def test_the_checks_catch_a_wrong_way_import_and_url(tmp_path):
    (tmp_path / "reuse_projects" / "templates" / "reuse_projects").mkdir(parents=True)
    (tmp_path / "reuse_projects" / "views.py").write_text(
        "from assets_registry import access\n\n\ndef page():\n    from maps import public\n"
    )
    (tmp_path / "reuse_projects" / "templates" / "reuse_projects" / "page.html").write_text(
        "<p>\n<a href=\"{% url 'open_data:export' 'assets' 'csv' %}\">CSV</a>\n"
    )
    forbidden = FORBIDDEN["reuse_projects"]
    assert wrong_way_imports("reuse_projects", forbidden, root=tmp_path) == [
        "reuse_projects/views.py:5 imports maps",
    ]
    assert wrong_way_url_reversals("reuse_projects", forbidden, root=tmp_path) == [
        "reuse_projects/templates/reuse_projects/page.html:2 reverses open_data:",
    ]


def test_every_app_is_in_a_layer():
    """A new app must be placed in the layers above (or stated to be a top layer here)."""
    top = {"maps", "open_data", "evaluation", "staff"}
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps == set(FORBIDDEN) | top
