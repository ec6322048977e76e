"""Bad input to the assets API is a 400 naming the field and the reason, and writes nothing."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.test import APIClient

from assets_registry.models import Asset
from common.api import validation_error_detail
from tests.conftest import PALERMO_CENTRE

# The fixtures ask for the database only at run time, which pytest-django cannot see when it
# decides whether to create the test database: say it here.
pytestmark = pytest.mark.django_db

ASSETS = "/api/v1/assets/"
PALERMO_POINT = {"type": "Point", "coordinates": [13.3615, 38.1157]}
# A bow tie: the ring crosses itself.
SELF_INTERSECTING = {
    "type": "Polygon",
    "coordinates": [
        [[13.36, 38.11], [13.37, 38.12], [13.37, 38.11], [13.36, 38.12], [13.36, 38.11]]
    ],
}


@pytest.fixture
def officer_api(palermo_officer):
    api = APIClient()
    api.force_authenticate(palermo_officer)
    return api


def new_asset(palermo, geometry=PALERMO_POINT, **properties):
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {
            "municipality": palermo.pk,
            "status": "seized",
            "effective_date": "2020-03-01",
            "kind": "building_unit",
            "location_precision": "exact",
            **properties,
        },
    }


def post_and_expect_400(api, body):
    response = api.post(ASSETS, body, format="json")
    assert response.status_code == 400, response.content
    assert not Asset.objects.exists()
    return response.json()


def test_point_outside_its_municipality_is_refused(officer_api, palermo):
    naples = {"type": "Point", "coordinates": [14.2681, 40.8518]}

    errors = post_and_expect_400(officer_api, new_asset(palermo, naples))

    assert "outside the boundary of Palermo" in errors["location"][0]


def test_self_intersecting_parcel_is_refused(officer_api, palermo):
    errors = post_and_expect_400(officer_api, new_asset(palermo, parcels=SELF_INTERSECTING))

    assert "Self-intersection" in errors["parcels"][0]


@pytest.mark.parametrize(
    "coordinates",
    [[200.0, 38.1], [13.36, -95.0], [38.1157, 213.3615]],
    ids=["longitude", "latitude", "swapped"],
)
def test_coordinates_out_of_range_are_refused(officer_api, palermo, coordinates):
    geometry = {"type": "Point", "coordinates": coordinates}

    errors = post_and_expect_400(officer_api, new_asset(palermo, geometry))

    assert "out of range" in errors["location"][0]


def test_parcel_coordinates_out_of_range_are_refused(officer_api, palermo):
    far = {"type": "Polygon", "coordinates": [[[0, 0], [0, 100], [1, 100], [0, 0]]]}

    errors = post_and_expect_400(officer_api, new_asset(palermo, parcels=far))

    assert "out of range" in errors["parcels"][0]


def test_a_geojson_crs_other_than_wgs84_is_refused(officer_api, palermo):
    web_mercator = {
        "type": "Point",
        "coordinates": [1487400.0, 4598300.0],
        "crs": {"type": "name", "properties": {"name": "EPSG:3857"}},
    }

    errors = post_and_expect_400(officer_api, new_asset(palermo, web_mercator))

    assert "not EPSG:3857" in errors["location"][0]


def test_an_ewkt_srid_other_than_wgs84_is_refused(officer_api, palermo):
    gauss_boaga = "SRID=3003;POINT(2376000 4221000)"

    errors = post_and_expect_400(officer_api, new_asset(palermo, gauss_boaga))

    assert "not EPSG:3003" in errors["location"][0]


def test_an_unknown_crs_is_refused_rather_than_assumed(officer_api, palermo):
    unknown = {**PALERMO_POINT, "crs": {"type": "name", "properties": {"name": "EPSG:99999"}}}

    errors = post_and_expect_400(officer_api, new_asset(palermo, unknown))

    assert "Unknown coordinate reference system" in errors["location"][0]


def test_a_crs_naming_wgs84_is_accepted(officer_api, palermo):
    crs84 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}

    response = officer_api.post(
        ASSETS, new_asset(palermo, {**PALERMO_POINT, "crs": crs84}), format="json"
    )

    assert response.status_code == 201, response.json()


def test_coordinates_with_altitude_are_refused(officer_api, palermo):
    with_altitude = {"type": "Point", "coordinates": [13.3615, 38.1157, 40.0]}

    errors = post_and_expect_400(officer_api, new_asset(palermo, with_altitude))

    assert "2D coordinates" in errors["location"][0]


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": "13.36,38.11"},
        {"type": "Pointy", "coordinates": [13.36, 38.11]},
        {"coordinates": [13.36, 38.11]},
        "not a geometry",
        12,
    ],
    ids=["string-coordinates", "unknown-type", "no-type", "text", "number"],
)
def test_unparsable_geometry_is_refused(officer_api, palermo, geometry):
    errors = post_and_expect_400(officer_api, new_asset(palermo, geometry))

    assert errors["location"]


def test_a_polygon_is_not_a_location(officer_api, palermo):
    errors = post_and_expect_400(officer_api, new_asset(palermo, SELF_INTERSECTING))

    assert errors["location"] == ["Expected a Point, not a Polygon."]


def test_unknown_municipality_is_refused(officer_api, palermo):
    body = new_asset(palermo)
    body["properties"]["municipality"] = 987654

    errors = post_and_expect_400(officer_api, body)

    assert "does not exist" in errors["municipality"][0]


def test_unknown_status_is_refused(officer_api, palermo):
    errors = post_and_expect_400(officer_api, new_asset(palermo, status="stolen"))

    assert "not a valid choice" in errors["status"][0]


def test_a_future_effective_date_is_refused(officer_api, palermo):
    errors = post_and_expect_400(officer_api, new_asset(palermo, effective_date="2999-01-01"))

    assert errors["effective_date"] == ["The date cannot be in the future."]


def test_a_confiscated_share_over_100_percent_is_refused(officer_api, palermo):
    errors = post_and_expect_400(officer_api, new_asset(palermo, confiscated_share="150"))

    assert errors["confiscated_share"]


def test_a_body_that_is_not_a_feature_is_refused(officer_api, palermo):
    flat = new_asset(palermo)["properties"]

    errors = post_and_expect_400(officer_api, flat)

    assert "GeoJSON Feature" in errors["type"][0]


def test_properties_must_be_an_object(officer_api, palermo):
    body = {"type": "Feature", "geometry": None, "properties": ["municipality"]}

    errors = post_and_expect_400(officer_api, body)

    assert errors == {"properties": ["Must be an object."]}


def test_a_misspelt_property_is_refused_rather_than_ignored(officer_api, palermo):
    errors = post_and_expect_400(officer_api, new_asset(palermo, titel="Villa"))

    assert errors == {"titel": ["Unknown field."]}


def test_a_request_that_is_not_json_is_a_400(officer_api, palermo):
    response = officer_api.post(ASSETS, "{not json", content_type="application/json")

    assert response.status_code == 400


def test_moving_an_asset_outside_its_municipality_is_refused_and_changes_nothing(
    officer_api, palermo, record_asset
):
    asset = record_asset(palermo, location=PALERMO_CENTRE)
    rotterdam = {"type": "Point", "coordinates": [4.4777, 51.9244]}

    response = officer_api.patch(
        f"{ASSETS}{asset.pk}/",
        {"type": "Feature", "geometry": rotterdam, "properties": {}},
        format="json",
        HTTP_IF_MATCH="1",
    )

    assert response.status_code == 400
    assert "outside the boundary of Palermo" in response.json()["location"][0]
    asset.refresh_from_db()
    assert (asset.location.coords, asset.version) == (PALERMO_CENTRE.coords, 1)


def test_model_errors_not_tied_to_a_field_are_non_field_errors():
    error = DjangoValidationError({NON_FIELD_ERRORS: ["Asset with this external id exists."]})

    assert validation_error_detail(error) == {
        "non_field_errors": ["Asset with this external id exists."]
    }
