"""GeoJSON layers: RFC 7946, built in PostGIS, strict filters, HTTP caching and open CORS."""

import geopandas
import pytest
from django.contrib.gis.geos import Point

from assets_registry import services
from maps.layers import Layer
from tests.conftest import ROTTERDAM_CENTRE

# Declared here, not only through the `boundaries` fixture, so that pytest-django creates the
# test database even when this module runs alone.
pytestmark = pytest.mark.django_db

ASSET_PROPERTIES = {
    "reference",
    "title",
    "kind",
    "category",
    "subcategory",
    "address",
    "status",
    "status_date",
    "location_precision",
    "floor_area_m2",
    "land_area_m2",
    "municipality",
    "url",
}


@pytest.fixture
def palermo_assets(palermo, record_asset, palermo_point):
    return {
        "final": record_asset(palermo, location=Point(13.3615123, 38.1157456, srid=4326)),
        "delivered": record_asset(palermo, status="delivered", location=palermo_point()),
        "seized": record_asset(palermo, status="seized", location=palermo_point()),
        "no_location": record_asset(palermo),
    }


def test_asset_layer_is_an_rfc7946_feature_collection(client, palermo_assets):
    response = client.get("/layers/assets.geojson")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    by_reference = {f["properties"]["reference"]: f for f in collection["features"]}
    assert set(by_reference) == {
        palermo_assets["final"].reference,
        palermo_assets["delivered"].reference,
    }
    feature = by_reference[palermo_assets["final"].reference]
    assert feature["type"] == "Feature"
    assert feature["id"] == palermo_assets["final"].pk
    # Longitude first, 6 decimals (about 10 cm).
    assert feature["geometry"] == {"type": "Point", "coordinates": [13.361512, 38.115746]}
    assert set(feature["properties"]) == ASSET_PROPERTIES
    assert (
        feature["properties"]["url"]
        == f"http://testserver/assets/{palermo_assets['final'].reference}/"
    )


def test_layers_filter_by_city_status_use_and_bbox(
    client, palermo_assets, rotterdam, record_asset, record_project
):
    in_rotterdam = record_asset(rotterdam, location=ROTTERDAM_CENTRE)
    record_project(palermo_assets["delivered"], use_category="sport")

    def references(query):
        response = client.get(f"/layers/assets.geojson?{query}")
        assert response.status_code == 200, response.content
        return {f["properties"]["reference"] for f in response.json()["features"]}

    palermo = {palermo_assets["final"].reference, palermo_assets["delivered"].reference}
    assert references("city=palermo") == palermo
    assert references("city=rotterdam") == {in_rotterdam.reference}
    assert references("status=delivered") == {palermo_assets["delivered"].reference}
    assert references("status=delivered,confiscated_final") == palermo | {in_rotterdam.reference}
    assert references("use=sport") == {palermo_assets["delivered"].reference}
    assert references("use=culture") == set()
    assert references("bbox=4.3,51.8,4.6,52.0") == {in_rotterdam.reference}

    projects = client.get("/layers/reuse-projects.geojson?use=sport&city=palermo").json()
    assert [f["properties"]["use_category"] for f in projects["features"]] == ["sport"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=seized", "status"),
        ("status=", "status"),
        ("use=casino", "use"),
        ("city=nowhere", "city"),
        ("bbox=13,38,14", "bbox"),
        ("bbox=13,38,nan,39", "bbox"),
        ("where=1%3D1", "where"),
    ],
)
def test_bad_filters_are_refused_naming_the_parameter(client, boundaries, query, parameter):
    response = client.get(f"/layers/assets.geojson?{query}")

    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert response.json()["reason"]


def test_unpublished_municipality_is_not_a_known_city(client, rotterdam, record_asset):
    record_asset(rotterdam, location=ROTTERDAM_CENTRE)
    rotterdam.is_published = False
    rotterdam.save()

    assert client.get("/layers/assets.geojson?city=rotterdam").status_code == 400
    assert client.get("/layers/assets.geojson").json()["features"] == []


def test_unchanged_layer_is_answered_304_and_a_change_gives_a_new_etag(client, palermo_assets):
    first = client.get("/layers/assets.geojson?city=palermo")
    etag = first["ETag"]
    assert first["Last-Modified"]
    assert "max-age" in first["Cache-Control"]

    again = client.get("/layers/assets.geojson?city=palermo", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert client.get("/layers/assets.geojson?city=napoli")["ETag"] != etag

    services.asset_update(asset=palermo_assets["final"], data={"title": "Renamed"}, by=None)
    changed = client.get("/layers/assets.geojson?city=palermo", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_asset_becoming_final_changes_the_layer(client, palermo_assets):
    etag = client.get("/layers/assets.geojson")["ETag"]
    services.asset_record_status(
        asset=palermo_assets["seized"],
        status="confiscated_first_instance",
        effective_date=palermo_assets["seized"].status_date,
        by=None,
    )
    services.asset_record_status(
        asset=palermo_assets["seized"],
        status="confiscated_final",
        effective_date=palermo_assets["seized"].status_date,
        by=None,
    )
    response = client.get("/layers/assets.geojson", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert len(response.json()["features"]) == 3


def test_layers_are_open_to_other_sites(client, boundaries):
    response = client.get("/layers/reuse-projects.geojson", HTTP_ORIGIN="https://comune.example")
    assert response["Access-Control-Allow-Origin"] == "*"

    preflight = client.options(
        "/layers/assets.geojson",
        HTTP_ORIGIN="https://comune.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert client.head("/layers/assets.geojson")["ETag"]
    assert client.post("/layers/assets.geojson").status_code == 405


def test_project_layer_shows_the_concessionaire_only_for_public_assets(
    client, palermo_assets, record_project
):
    shown = record_project(palermo_assets["delivered"], title="Youth centre", deed_number="12/2021")
    record_project(palermo_assets["seized"], title="Not yet public")

    features = client.get("/layers/reuse-projects.geojson").json()["features"]

    assert [f["id"] for f in features] == [shown.pk]
    properties = features[0]["properties"]
    assert properties["organisation"] == "Cooperativa Placido Rizzotto"
    assert properties["deed_number"] == "12/2021"
    assert properties["url"].endswith(f"/projects/{shown.pk}/")


@pytest.mark.django_db(transaction=True)
def test_layer_round_trips_through_geopandas(live_server, palermo_assets, record_project):
    record_project(palermo_assets["delivered"])

    assets = geopandas.read_file(f"{live_server.url}/layers/assets.geojson")
    projects = geopandas.read_file(f"{live_server.url}/layers/reuse-projects.geojson?city=palermo")

    assert assets.crs.to_epsg() == 4326
    assert sorted(assets["reference"]) == sorted(
        [palermo_assets["final"].reference, palermo_assets["delivered"].reference]
    )
    assert assets.geometry.x.between(13.2, 13.5).all()
    assert len(projects) == 1
    assert projects.iloc[0]["use_category"] == "youth_education"


def test_any_change_behind_a_layer_gives_a_new_etag(client, palermo_assets, record_project):
    project = record_project(palermo_assets["delivered"])
    etag = client.get("/layers/reuse-projects.geojson")["ETag"]

    project.organisation.name = "Libera Terra"
    project.organisation.save()
    renamed = client.get("/layers/reuse-projects.geojson", HTTP_IF_NONE_MATCH=etag)

    assert renamed.status_code == 200
    assert renamed.json()["features"][0]["properties"]["organisation"] == "Libera Terra"
    etag = renamed["ETag"]
    palermo = palermo_assets["final"].municipality
    palermo.is_published = False
    palermo.save()
    unpublished = client.get("/layers/reuse-projects.geojson", HTTP_IF_NONE_MATCH=etag)
    assert unpublished.status_code == 200
    assert unpublished.json()["features"] == []


def test_a_layer_with_an_unsafe_property_name_is_refused_even_under_python_O():
    """Property names are written into SQL: the check raises (an assert would vanish with -O)."""
    with pytest.raises(ValueError, match="not SQL-safe"):
        Layer(
            name="bad",
            title="",
            description="",
            queryset=None,
            properties={"title'); DROP TABLE x; --": None},
            tile_properties=(),
            geometry="location",
            statuses=frozenset(),
            city_field="slug",
        )
