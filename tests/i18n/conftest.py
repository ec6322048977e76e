"""Fixtures of the language tests: compiled catalogues and the jurisdictions."""

import fcntl

import pytest
from django.apps import apps
from django.core.management import call_command

from assets_registry.jurisdiction_presets import load_jurisdictions
from common.catalogues import LOCALE, catalogue, languages
from tests.reuse_projects.conftest import (  # noqa: F401 - fixtures shared with the workflow tests
    application_a,
    application_b,
    member_b,
    open_call,
    organisation_a,
    organisation_b,
    palermo_asset,
)


def _stale():
    for language in languages():
        po = catalogue(language)
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            return True
    return False


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    """The .mo files are built, not committed (make test builds them; so does this, for a bare
    pytest). A lock keeps two xdist workers from writing them at once."""
    with open(LOCALE / ".compile.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _stale():
            call_command("compilemessages", ignore_patterns=[".venv/*"], verbosity=0)


@pytest.fixture
def jurisdictions(boundaries):
    """Italy and the Netherlands, as the data migration loads them (a live-server test empties
    every table when it ends, so reload them when needed)."""
    load_jurisdictions(apps)
