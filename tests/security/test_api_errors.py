"""Item 9: hostile bodies and parameters get a 4xx in the API's JSON error shape, never a 500;
public layers answer 503 while PostgreSQL cannot be reached, and recover without a restart."""

import socket

import pytest
from django.db import connection
from rest_framework.test import APIClient

from assets_registry.models import Asset

pytestmark = pytest.mark.django_db

ASSETS = "/api/v1/assets/"


@pytest.fixture
def api(palermo_officer):
    client = APIClient()
    client.force_authenticate(palermo_officer)
    return client


def feature(palermo, geometry):
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {
            "municipality": palermo.pk,
            "status": "seized",
            "effective_date": "2020-03-01",
            "kind": "building_unit",
            "location_precision": "exact",
        },
    }


def test_json_nested_a_thousand_deep_is_a_400(api):
    body = "[" * 1000 + "]" * 1000

    response = api.post(ASSETS, body, content_type="application/json")

    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


@pytest.mark.parametrize(
    "query",
    [
        "limit=99999999999999999999999",
        "offset=99999999999999999999999",
        "limit=-1",
        "offset=1e3",
    ],
)
def test_paging_values_beyond_range_are_a_400_naming_the_parameter(api, query):
    response = api.get(f"/api/v1/municipalities/?{query}")

    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


@pytest.mark.parametrize(
    "query", ["page_size=99999999999999999999999", "page=99999999999999999999"]
)
def test_geojson_paging_beyond_range_is_a_400(api, query):
    response = api.get(f"{ASSETS}?{query}")

    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


@pytest.mark.parametrize(
    "name",
    [
        "/etc/passwd",
        "file:///etc/passwd",
        "http://127.0.0.1:9/crs.json",
        "+proj=longlat +init=/etc/passwd",
    ],
)
def test_a_crs_naming_a_file_or_url_is_refused_without_opening_it(api, palermo, name):
    geometry = {
        "type": "Point",
        "coordinates": [13.3615, 38.1157],
        "crs": {"type": "name", "properties": {"name": name}},
    }

    response = api.post(ASSETS, feature(palermo, geometry), format="json")

    assert response.status_code == 400
    assert "Unknown coordinate reference system" in response.json()["location"][0]
    assert not Asset.objects.exists()


def test_a_linked_crs_is_refused(api, palermo):
    geometry = {
        "type": "Point",
        "coordinates": [13.3615, 38.1157],
        "crs": {"type": "link", "properties": {"href": "http://127.0.0.1:9/x", "type": "proj4"}},
    }

    response = api.post(ASSETS, feature(palermo, geometry), format="json")

    assert response.status_code == 400


def test_an_oversized_body_is_a_json_413_before_it_is_read(api, settings):
    body = b'{"type": "Feature", "properties": {"title": "' + b"x" * (3 * 1024 * 1024) + b'"}}'

    response = api.post(ASSETS, body, content_type="application/json")

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "larger than" in response.json()["detail"]


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_public_layers_answer_503_while_the_database_is_down_then_recover(client, palermo):
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = closed_port()
    try:
        layer = client.get("/layers/assets.geojson")
        page = client.get("/cities/palermo/", HTTP_ACCEPT="text/html")
        ogc = client.get("/ogc/collections/assets/items")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port

    assert layer.status_code == 503
    assert layer["Retry-After"] == "30"
    assert "temporarily unavailable" in layer.json()["detail"]
    assert page.status_code == 503
    assert ogc.status_code == 503
    assert client.get("/layers/assets.geojson").status_code == 200


def test_a_crs_url_is_never_fetched(api, palermo):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/crs.json"
        geometry = {
            "type": "Point",
            "coordinates": [13.3615, 38.1157],
            "crs": {"type": "name", "properties": {"name": url}},
        }

        response = api.post(ASSETS, feature(palermo, geometry), format="json")

        with pytest.raises(TimeoutError):
            listener.accept()
    assert response.status_code == 400


HUGE = "9" * 30
COLLECTIONS = ("assets", "municipalities", "organisations", "calls", "applications", "projects")


@pytest.mark.parametrize("collection", [*COLLECTIONS, "reports", "documents"])
def test_ids_and_paging_beyond_64_bits_are_never_a_500(api, collection):
    one = api.get(f"/api/v1/{collection}/{HUGE}/")
    listed = api.get(f"/api/v1/{collection}/?limit={HUGE}&offset={HUGE}&page={HUGE}")

    assert one.status_code == 404
    assert 400 <= listed.status_code < 500
    assert listed["Content-Type"].startswith("application/json")
