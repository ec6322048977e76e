"""The assets API as an officer uses it: GeoJSON in and out, filters, writes via the services."""

import datetime

import pytest
from rest_framework.test import APIClient

from assets_registry.models import Asset, StatusEvent
from tests.conftest import PALERMO_CENTRE

# The fixtures ask for the database only at run time, which pytest-django cannot see when it
# decides whether to create the test database: say it here.
pytestmark = pytest.mark.django_db

ASSETS = "/api/v1/assets/"


@pytest.fixture
def officer_api(palermo_officer):
    api = APIClient()
    api.force_authenticate(palermo_officer)
    return api


def feature(geometry=None, **properties):
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def palermo_villa(palermo, **properties):
    return feature(
        {"type": "Point", "coordinates": [13.3615, 38.1157]},
        municipality=palermo.pk,
        status="confiscated_final",
        effective_date="2019-05-02",
        status_reference="Decree 41/2019",
        kind="building_unit",
        title="Villa Greco",
        address="Via Roma 1",
        location_precision="exact",
        **properties,
    )


def test_creating_an_asset_records_its_first_status_and_returns_the_feature(
    officer_api, palermo, palermo_officer
):
    response = officer_api.post(ASSETS, palermo_villa(palermo), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["type"] == "Feature"
    assert body["geometry"] == {"type": "Point", "coordinates": [13.3615, 38.1157]}
    properties = body["properties"]
    assert properties["reference"] == "IT-082053-00001"
    assert properties["version"] == 1
    assert properties["status"] == "confiscated_final"
    assert properties["status_date"] == "2019-05-02"
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"].endswith(f"{ASSETS}{body['id']}/")
    event = StatusEvent.objects.get(asset_id=body["id"])
    assert (event.status, event.reference, event.recorded_by) == (
        "confiscated_final",
        "Decree 41/2019",
        palermo_officer,
    )


def test_an_asset_without_location_has_a_null_geometry(officer_api, palermo):
    body = palermo_villa(palermo)
    body["geometry"] = None
    body["properties"]["location_precision"] = "unknown"

    response = officer_api.post(ASSETS, body, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["geometry"] is None


def test_parcels_are_a_geojson_property(officer_api, palermo):
    square = [[13.36, 38.11], [13.362, 38.11], [13.362, 38.112], [13.36, 38.112], [13.36, 38.11]]
    body = palermo_villa(palermo, parcels={"type": "Polygon", "coordinates": [square]})

    response = officer_api.post(ASSETS, body, format="json")

    assert response.status_code == 201, response.json()
    parcels = response.json()["properties"]["parcels"]
    assert parcels["type"] == "MultiPolygon"
    assert parcels["coordinates"] == [[square]]


def test_list_is_a_paginated_feature_collection(officer_api, palermo, record_asset):
    for title in ("One", "Two", "Three"):
        record_asset(palermo, title=title)

    response = officer_api.get(ASSETS, {"page_size": 2})

    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert body["count"] == 3
    assert len(body["features"]) == 2
    assert "page=2" in body["next"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "seized"}, {"Seized flat"}),
        ({"status": ["seized", "allocated"]}, {"Seized flat", "Allocated farm"}),
        ({"kind": "land"}, {"Allocated farm"}),
        ({"location_precision": "exact"}, {"Seized flat"}),
        ({"search": "FARM"}, {"Allocated farm"}),
        ({"search": "Via Maqueda"}, {"Seized flat"}),
        ({"search": "I-PA-777"}, {"Allocated farm"}),
        ({"bbox": "13.3,38.1,13.4,38.2"}, {"Seized flat"}),
        ({"bbox": "4.0,51.0,5.0,52.0"}, set()),
    ],
)
def test_list_filters(officer_api, palermo, record_asset, query, expected):
    record_asset(
        palermo,
        status="seized",
        title="Seized flat",
        address="Via Maqueda 10",
        location=PALERMO_CENTRE,
    )
    record_asset(
        palermo,
        status="allocated",
        kind="land",
        title="Allocated farm",
        external_source="ANBSC",
        external_id="I-PA-777",
    )

    response = officer_api.get(ASSETS, query)

    assert response.status_code == 200, response.json()
    assert {f["properties"]["title"] for f in response.json()["features"]} == expected


def test_list_filtered_by_municipality(officer_api, palermo, record_asset):
    record_asset(palermo, title="Villa")

    response = officer_api.get(ASSETS, {"municipality": palermo.pk})

    assert [f["properties"]["title"] for f in response.json()["features"]] == ["Villa"]


@pytest.mark.parametrize(
    ("bbox", "reason"),
    [
        ("13,38,14", "expected 4 comma-separated numbers"),
        ("13,38,14,north", "is not a number"),
        ("13,95,14,96", "latitudes must be within -90 and 90"),
    ],
)
def test_a_malformed_bbox_is_a_400_naming_it(officer_api, palermo, bbox, reason):
    response = officer_api.get(ASSETS, {"bbox": bbox})

    assert response.status_code == 400
    assert reason in response.json()["bbox"][0]


def test_unknown_filter_value_is_a_400(officer_api, palermo):
    response = officer_api.get(ASSETS, {"status": "stolen"})

    assert response.status_code == 400
    assert "status" in response.json()


def test_retrieve_returns_the_feature_with_its_etag(officer_api, palermo, record_asset):
    asset = record_asset(palermo, location=PALERMO_CENTRE, case_number="RG 123/2018")

    response = officer_api.get(f"{ASSETS}{asset.pk}/")

    assert response.status_code == 200
    assert response.headers["ETag"] == '"1"'
    properties = response.json()["properties"]
    assert properties["reference"] == asset.reference
    assert properties["municipality_name"] == "Palermo"
    # Staff of the municipality see the internal fields too.
    assert properties["case_number"] == "RG 123/2018"


def test_patch_changes_the_given_fields_and_bumps_the_version(officer_api, palermo, record_asset):
    asset = record_asset(palermo, title="Villa", address="Via Roma 1")

    response = officer_api.patch(
        f"{ASSETS}{asset.pk}/",
        feature(title="Villa Greco", occupancy="vacant"),
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 200, response.json()
    assert response.headers["ETag"] == '"2"'
    asset.refresh_from_db()
    assert (asset.title, asset.occupancy, asset.address, asset.version) == (
        "Villa Greco",
        "vacant",
        "Via Roma 1",
        2,
    )


def test_put_replaces_the_description_and_location(officer_api, palermo, record_asset):
    asset = record_asset(palermo, title="Villa")

    response = officer_api.put(
        f"{ASSETS}{asset.pk}/",
        feature(
            {"type": "Point", "coordinates": [13.36, 38.12]},
            kind="land",
            title="Citrus grove",
            location_precision="street",
        ),
        format="json",
        HTTP_IF_MATCH="1",
    )

    assert response.status_code == 200, response.json()
    asset.refresh_from_db()
    assert (asset.kind, asset.title, asset.location_precision) == ("land", "Citrus grove", "street")
    assert asset.location.coords == (13.36, 38.12)


def test_status_cannot_be_changed_by_an_update(officer_api, palermo, record_asset):
    asset = record_asset(palermo, status="seized")

    response = officer_api.patch(
        f"{ASSETS}{asset.pk}/", feature(status="allocated"), format="json", HTTP_IF_MATCH="1"
    )

    assert response.status_code == 400
    assert response.json() == {"status": ["Unknown field."]}
    asset.refresh_from_db()
    assert (asset.status, asset.version) == ("seized", 1)


def test_delete_is_a_soft_delete(officer_api, palermo, palermo_officer, record_asset):
    asset = record_asset(palermo)

    response = officer_api.delete(
        f"{ASSETS}{asset.pk}/?reason=Registered+twice", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 204
    asset.refresh_from_db()
    assert asset.deleted_at is not None
    assert asset.deleted_by == palermo_officer
    assert officer_api.get(f"{ASSETS}{asset.pk}/").status_code == 404
    assert officer_api.get(ASSETS).json()["count"] == 0
    assert Asset.objects.filter(pk=asset.pk).exists()


def test_status_events_list_the_timeline_oldest_first(
    officer_api, palermo, palermo_officer, record_asset
):
    asset = record_asset(palermo, status="seized", effective_date=datetime.date(2018, 1, 1))
    officer_api.post(
        f"{ASSETS}{asset.pk}/status-events/",
        {"status": "confiscated_first_instance", "effective_date": "2019-01-01"},
        format="json",
        HTTP_IF_MATCH="1",
    )

    response = officer_api.get(f"{ASSETS}{asset.pk}/status-events/")

    assert response.status_code == 200
    assert [(e["status"], e["effective_date"]) for e in response.json()] == [
        ("seized", "2018-01-01"),
        ("confiscated_first_instance", "2019-01-01"),
    ]
    assert response.json()[1]["recorded_by"] == "palermo_officer"


def test_browsable_api_pages_and_options_render(client, palermo, palermo_officer, record_asset):
    asset = record_asset(palermo)
    client.force_login(palermo_officer)

    for url in (ASSETS, f"{ASSETS}{asset.pk}/", f"{ASSETS}{asset.pk}/status-events/"):
        assert client.get(url, HTTP_ACCEPT="text/html").status_code == 200, url
        assert client.options(url).status_code == 200, url
