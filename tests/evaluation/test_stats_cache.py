"""The public /stats/ board comes from the shared cache, keyed by the data version: a second
visitor costs no figures, a change to the public data shows at once, and a staff board counting
unpublished assets is never shared."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assets_registry.models import MunicipalityMembership
from evaluation import stats
from tests.conftest import make_user

D = datetime.date
FINAL = [("confiscated_first_instance", D(2012, 1, 1)), ("confiscated_final", D(2013, 1, 1))]


@pytest.fixture(autouse=True)
def data_version_bumps_immediately(db):
    """The data version is bumped by deferred triggers at commit, which a test never reaches."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.fixture
def dashboard_calls(monkeypatch):
    """The boards computed (not taken from the cache), by their filters."""
    calls = []
    compute = stats.dashboard

    def counted(filters, user=None, **kwargs):
        calls.append(filters)
        return compute(filters, user, **kwargs)

    monkeypatch.setattr(stats, "dashboard", counted)
    return calls


@pytest.fixture
def palermo_asset(palermo, walk_asset):
    return walk_asset(palermo, FINAL)


def test_a_second_visitor_gets_the_cached_board(client, palermo_asset, dashboard_calls):
    with CaptureQueriesContext(connection) as first:
        client.get("/stats/")
    with CaptureQueriesContext(connection) as second:
        response = client.get("/stats/")

    assert response.status_code == 200
    assert response.context["board"].final == 1
    assert len(dashboard_calls) == 1
    # The data version and the cached board; the filters' lists of places likewise.
    assert len(second) <= 4 < len(first)


def test_other_filters_are_another_board(client, palermo_asset, dashboard_calls):
    client.get("/stats/")
    client.get("/stats/?level=region")
    client.get("/stats/?level=region")

    assert [filters.level for filters in dashboard_calls] == ["municipality", "region"]


def test_a_new_public_asset_shows_at_once(client, palermo, palermo_asset, walk_asset):
    assert client.get("/stats/").context["board"].final == 1

    walk_asset(palermo, FINAL)

    assert client.get("/stats/").context["board"].final == 2


def test_a_filed_monitoring_report_shows_at_once(
    client, palermo_asset, concession, filed_report, dashboard_calls
):
    project = concession(palermo_asset)
    assert client.get("/stats/").context["board"].monitoring == []

    filed_report(project, year=2024, beneficiaries=120)

    assert client.get("/stats/").context["board"].monitoring[0]["beneficiaries"] == 120
    assert len(dashboard_calls) == 2


def test_a_staff_board_is_never_shared(client, palermo_asset, amsterdam, walk_asset):
    amsterdam.is_published = False
    amsterdam.save()
    walk_asset(amsterdam, FINAL)
    officer = make_user("amsterdam_officer")
    MunicipalityMembership.objects.create(user=officer, municipality=amsterdam, role="officer")
    staff = type(client)()
    staff.force_login(officer)

    before = client.get("/stats/").context["board"]
    theirs = staff.get("/stats/").context["board"]
    after = client.get("/stats/").context["board"]
    public = staff.get("/stats/?view=public").context["board"]

    assert (before.final, theirs.final, after.final, public.final) == (1, 2, 1, 1)
    assert theirs.filters.staff_view and not after.filters.staff_view
