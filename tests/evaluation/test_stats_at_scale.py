"""/stats/ with more municipalities than the map draws one by one: the page stays light (the map
draws provinces, the comparison's table its top rows) and every chart's CSV stays whole."""

import csv
import datetime
import io

import pytest

from assets_registry.models import Asset, Municipality
from evaluation import stats
from tests.conftest import square_municipality

# A grid of square municipalities, COLUMNS wide, cut into four provinces of five columns each.
COUNT = stats.MAP_MAX_AREAS + 20
COLUMNS = 20
SIDE = 0.05


@pytest.fixture
def many_municipalities(boundaries):
    """COUNT published municipalities, each with one finally confiscated asset."""
    municipalities = []
    for i in range(COUNT):
        column, row = i % COLUMNS, i // COLUMNS
        x, y = 9 + column * SIDE, 44 + row * SIDE
        municipalities.append(
            square_municipality(
                x,
                y,
                SIDE,
                name=f"Comune {i:03d}",
                code=f"T{i:04d}",
                slug=f"comune-{i}",
                region="Regione di prova",
                region_code="99",
                province=f"Provincia {column // 5}",
                province_code=f"99{column // 5}",
            )
        )
    municipalities = Municipality.objects.bulk_create(municipalities)
    Asset.objects.bulk_create(
        Asset(
            municipality=municipality,
            reference=f"IT-{municipality.code}-00001",
            kind="building_unit",
            title="Villa",
            status="confiscated_final",
            status_date=datetime.date(2020, 1, 15),
        )
        for municipality in municipalities
    )
    return municipalities


def test_the_page_stays_light_and_the_map_draws_provinces(client, many_municipalities):
    response = client.get("/stats/")

    assert response.status_code == 200
    assert len(response.content) < 150_000
    html = response.content.decode()
    assert response.context["board"].map_unit == "province"
    assert html.count('<path class="area') == 4
    assert "Provincia 3" in html
    comparison = response.context["charts"]["comparison"]
    assert len(comparison.rows) == COUNT
    assert len(comparison.table_rows) == 25
    assert f"the CSV lists all {COUNT}" in html


def test_filtered_to_a_province_the_map_draws_its_municipalities(client, many_municipalities):
    response = client.get("/stats/?province=Provincia+0")

    assert response.context["board"].map_unit == "municipality"
    assert response.content.decode().count('<path class="area') == COUNT // 4


def test_filtered_to_a_region_still_too_full_the_map_draws_its_provinces(
    client, many_municipalities
):
    response = client.get("/stats/?region=Regione+di+prova&level=region")

    board = response.context["board"]
    assert board.map_unit == "province"
    # Each province is coloured by its region's figures, as the board compares regions.
    assert {(p["name"], p["group"], p["final"]) for p in board.choropleth[0]["paths"]} == {
        (f"Provincia {n}", "Regione di prova", COUNT) for n in range(4)
    }


def test_the_comparison_csv_lists_every_municipality(client, many_municipalities):
    response = client.get("/stats/?csv=comparison")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Municipality"
    assert {row[0] for row in rows[1:]} == {m.name for m in many_municipalities}


def test_the_map_csv_lists_what_the_map_draws(client, many_municipalities):
    response = client.get("/stats/?csv=map")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["Country", "Province"]
    assert [row[1] for row in rows[1:]] == [f"Provincia {n}" for n in range(4)]
    assert [row[3] for row in rows[1:]] == [str(COUNT // 4)] * 4
