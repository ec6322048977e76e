"""/stats/ over HTTP: filters validated (400 naming the field), CSV per chart, staff view."""

import csv
import datetime
import io

import pytest

from assets_registry.models import MunicipalityMembership
from tests.conftest import make_user

D = datetime.date


@pytest.fixture
def data(palermo, amsterdam, walk_asset, concession):
    asset = walk_asset(
        palermo,
        [
            ("confiscated_first_instance", D(2012, 1, 1)),
            ("confiscated_final", D(2013, 1, 1)),
            ("allocated", D(2015, 1, 1)),
        ],
    )
    concession(asset, status="active", starts_on=D(2016, 1, 1))
    walk_asset(palermo, [("confiscated_first_instance", D(2012, 1, 1))])  # not public yet
    amsterdam.is_published = False
    amsterdam.save()
    walk_asset(
        amsterdam,
        [("confiscated_first_instance", D(2019, 1, 1)), ("confiscated_final", D(2020, 1, 1))],
    )


def test_the_public_page_shows_published_figures_only(client, data):
    response = client.get("/stats/")

    assert response.status_code == 200
    board = response.context["board"]
    assert (board.final, board.in_reuse, board.total) == (1, 1, 1)
    assert not board.filters.staff_view
    assert b"<svg" in response.content


def test_staff_also_count_the_unpublished_assets_of_their_municipalities(client, data, amsterdam):
    officer = make_user("amsterdam_officer")
    MunicipalityMembership.objects.create(user=officer, municipality=amsterdam, role="officer")
    client.force_login(officer)

    staff = client.get("/stats/").context["board"]
    public = client.get("/stats/?view=public").context["board"]

    assert staff.filters.staff_view
    assert (staff.final, public.final) == (2, 1)
    # Palermo's unpublished (seized) asset is not theirs: never counted.
    assert staff.total == 2


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("year_from=abc", "year_from"),
        ("year_from=2020&year_to=2010", "year_to"),
        ("kind=castle", "kind"),
        ("country=Italy", "country"),
        ("level=planet", "level"),
    ],
)
def test_bad_filters_are_a_400_naming_the_field(client, data, query, field):
    response = client.get(f"/stats/?{query}")

    assert response.status_code == 400
    assert field in response.context["form"].errors


def test_an_unknown_chart_csv_is_a_400(client, data):
    response = client.get("/stats/?csv=pie")

    assert response.status_code == 400
    assert "csv" in response.content.decode()


def test_each_chart_downloads_as_csv_with_the_filters_applied(client, data):
    response = client.get("/stats/?csv=comparison&level=country")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Country"
    assert rows[1][:4] == ["IT", "1", "1", "100.0"]
    for chart in ("status", "kind", "durations", "waiting", "trend", "map", "monitoring"):
        assert client.get(f"/stats/?csv={chart}").status_code == 200
