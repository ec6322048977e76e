"""Who may do what through the API: officers work on their own municipality's assets only."""

import pytest
from rest_framework.test import APIClient

from assets_registry.models import Asset, StatusEvent
from tests.conftest import PALERMO_CENTRE, ROTTERDAM_CENTRE

# The fixtures ask for the database only at run time, which pytest-django cannot see when it
# decides whether to create the test database: say it here.
pytestmark = pytest.mark.django_db

ASSETS = "/api/v1/assets/"


def api_as(user):
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


@pytest.fixture
def palermo_asset(palermo, record_asset):
    return record_asset(palermo, title="Villa Greco", location=PALERMO_CENTRE)


@pytest.fixture
def rotterdam_asset(rotterdam, record_asset):
    return record_asset(rotterdam, title="Pand Kralingen", location=ROTTERDAM_CENTRE)


def titles(response):
    return {feature["properties"]["title"] for feature in response.json()["features"]}


def test_officer_lists_only_their_municipality_assets(
    palermo_officer, palermo_asset, rotterdam_asset
):
    response = api_as(palermo_officer).get(ASSETS)

    assert titles(response) == {"Villa Greco"}


def test_officer_cannot_filter_their_way_into_another_municipality(
    palermo_officer, rotterdam, rotterdam_asset
):
    response = api_as(palermo_officer).get(ASSETS, {"municipality": rotterdam.pk})

    assert response.status_code == 400
    assert "Pand Kralingen" not in response.content.decode()


def test_officer_cannot_read_another_municipality_asset(palermo_officer, rotterdam_asset):
    api = api_as(palermo_officer)

    assert api.get(f"{ASSETS}{rotterdam_asset.pk}/").status_code == 404
    assert api.get(f"{ASSETS}{rotterdam_asset.pk}/status-events/").status_code == 404


def test_another_municipality_asset_looks_like_a_missing_one(palermo_officer, rotterdam_asset):
    api = api_as(palermo_officer)

    foreign = api.get(f"{ASSETS}{rotterdam_asset.pk}/")
    missing = api.get(f"{ASSETS}987654/")

    assert (foreign.status_code, foreign.json()) == (missing.status_code, missing.json())


def test_officer_cannot_update_another_municipality_asset(palermo_officer, rotterdam_asset):
    body = {"type": "Feature", "properties": {"title": "Mine now"}}

    response = api_as(palermo_officer).patch(
        f"{ASSETS}{rotterdam_asset.pk}/", body, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 404
    rotterdam_asset.refresh_from_db()
    assert (rotterdam_asset.title, rotterdam_asset.version) == ("Pand Kralingen", 1)


def test_officer_cannot_delete_another_municipality_asset(palermo_officer, rotterdam_asset):
    response = api_as(palermo_officer).delete(f"{ASSETS}{rotterdam_asset.pk}/", HTTP_IF_MATCH='"1"')

    assert response.status_code == 404
    rotterdam_asset.refresh_from_db()
    assert rotterdam_asset.deleted_at is None


def test_officer_cannot_record_a_status_on_another_municipality_asset(
    palermo_officer, rotterdam_asset
):
    event = {"status": "allocated", "effective_date": "2021-06-01"}

    response = api_as(palermo_officer).post(
        f"{ASSETS}{rotterdam_asset.pk}/status-events/", event, format="json", HTTP_IF_MATCH="1"
    )

    assert response.status_code == 404
    assert StatusEvent.objects.filter(asset=rotterdam_asset).count() == 1


def test_officer_cannot_create_an_asset_in_another_municipality(palermo_officer, rotterdam):
    body = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [4.4777, 51.9244]},
        "properties": {
            "municipality": rotterdam.pk,
            "status": "seized",
            "effective_date": "2021-01-01",
            "kind": "building_unit",
            "location_precision": "exact",
        },
    }

    response = api_as(palermo_officer).post(ASSETS, body, format="json")

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "You do not work for Rotterdam: you can record assets only in your own municipalities."
    )
    assert not Asset.objects.exists()


def test_national_administrator_sees_and_changes_every_municipality_asset(
    national_admin, palermo_asset, rotterdam_asset
):
    api = api_as(national_admin)

    assert titles(api.get(ASSETS)) == {"Villa Greco", "Pand Kralingen"}
    response = api.patch(
        f"{ASSETS}{rotterdam_asset.pk}/",
        {"type": "Feature", "properties": {"occupancy": "vacant"}},
        format="json",
        HTTP_IF_MATCH="1",
    )
    assert response.status_code == 200


def test_ngo_member_sees_no_asset_and_creates_none(ngo_member, palermo, palermo_asset):
    api = api_as(ngo_member)
    body = {
        "type": "Feature",
        "geometry": None,
        "properties": {
            "municipality": palermo.pk,
            "status": "seized",
            "effective_date": "2021-01-01",
            "kind": "company",
        },
    }

    assert api.get(ASSETS).json()["count"] == 0
    assert api.get(f"{ASSETS}{palermo_asset.pk}/").status_code == 404
    assert api.post(ASSETS, body, format="json").status_code == 403


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", ASSETS),
        ("post", ASSETS),
        ("get", "{asset}"),
        ("patch", "{asset}"),
        ("delete", "{asset}"),
        ("get", "{asset}status-events/"),
        ("post", "{asset}status-events/"),
        ("get", "/api/v1/municipalities/"),
    ],
)
def test_anonymous_gets_nothing(palermo_asset, method, path):
    url = path.format(asset=f"{ASSETS}{palermo_asset.pk}/")

    response = getattr(api_as(None), method)(url, {}, format="json", HTTP_IF_MATCH="1")

    # 401 or 403 depending on which authentication class comes first in the settings.
    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "Authentication credentials were not provided."
    assert "Villa" not in response.content.decode()


def test_officer_lists_only_their_municipalities(palermo_officer, palermo, rotterdam):
    response = api_as(palermo_officer).get("/api/v1/municipalities/")

    assert response.status_code == 200
    assert [m["name"] for m in response.json()["results"]] == ["Palermo"]
    assert "boundary" not in response.json()["results"][0]


def test_municipality_detail_has_the_boundary(palermo_officer, palermo):
    response = api_as(palermo_officer).get(f"/api/v1/municipalities/{palermo.pk}/")

    assert response.status_code == 200
    assert response.json()["geometry"]["type"] == "MultiPolygon"
    assert response.json()["properties"]["name"] == "Palermo"


def test_officer_cannot_read_another_municipality(palermo_officer, rotterdam):
    response = api_as(palermo_officer).get(f"/api/v1/municipalities/{rotterdam.pk}/")

    assert response.status_code == 404
