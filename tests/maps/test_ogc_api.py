"""OGC API – Features: the documents a client needs, paging, ids, and GDAL's own client."""

import re
import subprocess

import pytest

from assets_registry.public import public_municipalities
from tests.conftest import NAPLES_CENTRE, ROTTERDAM_CENTRE

# Declared here, not only through the `boundaries` fixture, so that pytest-django creates the
# test database even when this module runs alone.
pytestmark = pytest.mark.django_db

GEOJSON = "application/geo+json"


@pytest.fixture
def published_assets(palermo, naples, record_asset, palermo_point, record_project):
    assets = [record_asset(palermo, location=palermo_point()) for _ in range(5)]
    assets.append(record_asset(naples, status="delivered", location=NAPLES_CENTRE))
    record_asset(palermo, status="seized", location=palermo_point())
    record_project(assets[0], use_category="culture")
    record_project(assets[-1], use_category="sport")
    return assets


def test_landing_page_links_to_the_api_description_conformance_and_data(client, boundaries):
    links = {link["rel"]: link for link in client.get("/ogc/").json()["links"]}

    assert links["service-desc"]["href"] == "http://testserver/ogc/api"
    assert links["conformance"]["href"] == "http://testserver/ogc/conformance"
    assert links["data"]["href"] == "http://testserver/ogc/collections"
    conforms = client.get("/ogc/conformance").json()["conformsTo"]
    assert {c.rsplit("/", 1)[-1] for c in conforms} == {"core", "geojson", "oas30"}
    api = client.get("/ogc/api")
    assert api["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert "/collections/{collectionId}/items" in api.json()["paths"]


def test_collections_have_spatial_extents_of_their_public_features(client, published_assets):
    collections = {c["id"]: c for c in client.get("/ogc/collections").json()["collections"]}

    assert set(collections) == {"assets", "reuse-projects", "municipalities"}
    xmin, ymin, xmax, ymax = collections["assets"]["extent"]["spatial"]["bbox"][0]
    assert 13.3 < xmin < 13.4 and 38.1 < ymin < 38.2  # Palermo
    assert 14.2 < xmax < 14.3 and 40.8 < ymax < 40.9  # Naples
    items = [link for link in collections["assets"]["links"] if link["rel"] == "items"]
    assert items[0]["type"] == GEOJSON


def test_items_are_paged_with_next_links_and_counts(client, published_assets):
    first = client.get("/ogc/collections/assets/items?limit=4")

    assert first["Content-Type"] == GEOJSON
    page = first.json()
    assert "numberMatched" not in page  # would need a count of every row
    assert page["numberReturned"] == 4
    next_link = next(link["href"] for link in page["links"] if link["rel"] == "next")
    second = client.get(next_link.removeprefix("http://testserver")).json()
    assert second["numberReturned"] == 2
    assert second["numberMatched"] == 6
    assert not [link for link in second["links"] if link["rel"] == "next"]
    ids = [f["id"] for f in page["features"] + second["features"]]
    assert ids == sorted(a.pk for a in published_assets)


def test_items_accept_bbox_and_refuse_bad_paging(client, published_assets):
    naples = client.get("/ogc/collections/assets/items?bbox=14.1,40.7,14.4,41.0").json()
    assert naples["numberMatched"] == 1

    for query, parameter in [
        ("limit=0", "limit"),
        ("limit=99999999999999", "limit"),
        ("offset=-1", "offset"),
        ("bbox=1,2", "bbox"),
        ("bbox-crs=EPSG:3857", "bbox-crs"),
        ("f=html", "f"),
        ("filter=status%3D%27seized%27", "filter"),
    ]:
        response = client.get(f"/ogc/collections/assets/items?{query}")
        assert response.status_code == 400, query
        assert response.json()["parameter"] == parameter


def test_a_limit_above_the_maximum_pages_by_the_maximum(client, published_assets, monkeypatch):
    monkeypatch.setattr("maps.ogc.MAX_LIMIT", 4)
    page = client.get("/ogc/collections/assets/items?limit=100000").json()

    assert page["numberReturned"] == 4
    next_link = next(link["href"] for link in page["links"] if link["rel"] == "next")
    assert "limit=4&offset=4" in next_link


def test_one_item_by_integer_id_and_404_for_anything_else(client, published_assets, palermo):
    asset = published_assets[0]
    feature = client.get(f"/ogc/collections/assets/items/{asset.pk}")
    assert feature["Content-Type"] == GEOJSON
    assert feature.json()["properties"]["reference"] == asset.reference

    seized = palermo.assets.get(status="seized")
    for item_id in [seized.pk, "abc", "99999999999999999999", "0"]:
        assert client.get(f"/ogc/collections/assets/items/{item_id}").status_code == 404
    assert client.get("/ogc/collections/secrets/items").status_code == 404


def test_municipalities_collection_lists_only_published_ones(client, rotterdam):
    rotterdam.is_published = False
    rotterdam.save()

    features = client.get("/ogc/collections/municipalities/items?limit=1000").json()["features"]

    slugs = {f["properties"]["slug"] for f in features}
    assert "rotterdam" not in slugs
    assert {"palermo", "napoli", "amsterdam"} <= slugs
    assert client.get(f"/ogc/collections/municipalities/items/{rotterdam.pk}").status_code == 404


def _ogrinfo_counts(url):
    result = subprocess.run(
        ["ogrinfo", "-ro", "-al", "-so", f"OAPIF:{url}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    names = re.findall(r"^Layer name: (.+)$", result.stdout, re.MULTILINE)
    counts = re.findall(r"^Feature Count: (\d+)$", result.stdout, re.MULTILINE)
    return dict(zip(names, map(int, counts), strict=True))


@pytest.mark.django_db(transaction=True)
def test_gdal_reads_every_collection_with_the_right_counts(
    live_server, published_assets, rotterdam, record_asset
):
    record_asset(rotterdam, location=ROTTERDAM_CENTRE)
    rotterdam.is_published = False
    rotterdam.save()

    counts = _ogrinfo_counts(f"{live_server.url}/ogc/")

    assert counts == {
        "assets": 6,
        "reuse-projects": 2,
        "municipalities": public_municipalities().count(),
    }
