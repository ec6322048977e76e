"""The documentation points at pages that exist and at files a clone has."""

import pathlib
import re

import pytest
from django.urls import Resolver404, resolve

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *ROOT.glob("fixtures/*/*.md")]
# Sample values for the placeholders of the documented paths.
SAMPLES = {"slug": "palermo", "ref": "PA-0001", "id": "1", "layer": "assets", "z": "3", "x": "1"}


def public_surface_paths():
    design = (ROOT / "docs" / "DESIGN.md").read_text()
    table = design.split("## Public surface", 1)[1].split("\n## ", 1)[0]
    paths = []
    for row in table.splitlines():
        if row.startswith("| `"):
            first_cell = row.split("|")[1]
            paths += re.findall(r"`(/[^`\s]*)`", first_cell)
    return paths


def test_the_design_lists_its_public_surface():
    assert "/cities/<slug>/" in public_surface_paths()


@pytest.mark.parametrize("path", public_surface_paths())
def test_every_documented_page_exists(path):
    concrete = re.sub(r"<(\w+)>", lambda m: SAMPLES.get(m.group(1), "1"), path)
    try:
        resolve(concrete)
    except Resolver404:
        pytest.fail(f"docs/DESIGN.md documents {path}, which no URL serves")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_docs_name_no_path_outside_the_repository(doc):
    text = doc.read_text()

    assert not re.findall(r"(?:\.\./shared|/work/|data/real)", text)
