"""Vector tiles: ST_AsMVT over public assets only, clustered with counts at low zoom, cached."""

import math

import pytest
from django.contrib.gis.geos import Point

from tests.maps.conftest import decode_tile

# Declared here, not only through the `boundaries` fixture, so that pytest-django creates the
# test database even when this module runs alone.
pytestmark = pytest.mark.django_db


def tile_of(lon, lat, z):
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return z, x, y


@pytest.fixture
def palermo_assets(palermo, record_asset, palermo_point):
    public = [record_asset(palermo, location=palermo_point()) for _ in range(3)]
    seized = record_asset(palermo, status="seized", location=Point(13.3300, 38.1050, srid=4326))
    return public, seized


def test_high_zoom_tile_has_one_feature_per_public_asset(client, palermo_assets, tmp_path):
    public, _seized = palermo_assets
    z, x, y = tile_of(public[0].location.x, public[0].location.y, 10)

    response = client.get(f"/tiles/assets/{z}/{x}/{y}.pbf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    layer = decode_tile(response.content, z, x, y, tmp_path)["assets"]
    assert sorted(layer["reference"]) == sorted(a.reference for a in public)


def test_high_zoom_tile_and_its_version_are_one_query(
    client, palermo_assets, django_assert_num_queries
):
    public, _seized = palermo_assets
    z, x, y = tile_of(public[0].location.x, public[0].location.y, 12)

    with django_assert_num_queries(1):
        response = client.get(f"/tiles/assets/{z}/{x}/{y}.pbf")

    assert response.status_code == 200
    assert response["ETag"]


def test_high_zoom_tiles_become_a_prepared_statement(client, palermo_assets):
    """PostgreSQL plans the tile statement once per connection, not once per tile: psycopg
    prepares it on its fifth run. The tiles are the same before and after."""
    from django.db import connection

    public, _seized = palermo_assets
    z, x, y = tile_of(public[0].location.x, public[0].location.y, 12)

    bodies = {client.get(f"/tiles/assets/{z}/{x}/{y}.pbf").content for _ in range(7)}

    assert len(bodies) == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any("ST_AsMVT" in statement for statement in prepared)


@pytest.mark.django_db(transaction=True)
def test_without_prepared_statements_the_tiles_are_the_same(client, palermo_assets, monkeypatch):
    """Behind PgBouncer in transaction mode (DATABASE_TRANSACTION_POOLING) psycopg's
    prepare_threshold is None: nothing is prepared and the tiles do not change."""
    from django.db import connection

    public, _seized = palermo_assets
    z, x, y = tile_of(public[0].location.x, public[0].location.y, 12)
    url = f"/tiles/assets/{z}/{x}/{y}.pbf"
    prepared = {client.get(url).content for _ in range(7)}
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "prepare_threshold", None)
    connection.close()  # the next request connects with the pooler's settings
    try:
        unprepared = {client.get(url).content for _ in range(7)}
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            (count,) = cursor.fetchone()
    finally:
        connection.close()

    assert unprepared == prepared
    assert len(prepared) == 1
    assert count == 0


def test_low_zoom_tile_counts_only_public_assets(client, palermo_assets, tmp_path):
    public, _seized = palermo_assets
    z, x, y = tile_of(public[0].location.x, public[0].location.y, 5)

    body = client.get(f"/tiles/assets/{z}/{x}/{y}.pbf").content

    layer = decode_tile(body, z, x, y, tmp_path)["assets"]
    assert layer["count"].sum() == 3
    assert "reference" not in layer.columns


def test_tile_with_only_a_non_public_asset_is_empty(client, palermo_assets):
    _public, seized = palermo_assets
    z, x, y = tile_of(seized.location.x, seized.location.y, 18)

    response = client.get(f"/tiles/assets/{z}/{x}/{y}.pbf")

    assert response.status_code == 200
    assert response.content == b""


def test_tiles_are_cached_by_data_version(client, palermo_assets, record_asset, palermo, tmp_path):
    public, _seized = palermo_assets
    z, x, y = tile_of(public[0].location.x, public[0].location.y, 12)
    first = client.get(f"/tiles/assets/{z}/{x}/{y}.pbf")
    assert (
        client.get(f"/tiles/assets/{z}/{x}/{y}.pbf", HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 304
    )

    record_asset(palermo, location=Point(13.3425, 38.1165, srid=4326))
    second = client.get(f"/tiles/assets/{z}/{x}/{y}.pbf", HTTP_IF_NONE_MATCH=first["ETag"])

    assert second.status_code == 200
    assert len(decode_tile(second.content, z, x, y, tmp_path)["assets"]) == 4


def test_project_tiles_carry_the_use_category(client, palermo_assets, record_project, tmp_path):
    public, _seized = palermo_assets
    record_project(public[0], use_category="culture")
    z, x, y = tile_of(public[0].location.x, public[0].location.y, 14)

    body = client.get(f"/tiles/reuse-projects/{z}/{x}/{y}.pbf").content

    layer = decode_tile(body, z, x, y, tmp_path)["reuse-projects"]
    assert list(layer["use_category"]) == ["culture"]


@pytest.mark.parametrize(
    "path",
    ["/tiles/assets/3/8/0.pbf", "/tiles/assets/23/0/0.pbf", "/tiles/assets/a/0/0.pbf"],
)
def test_tile_numbers_outside_the_grid_are_refused(client, boundaries, path):
    response = client.get(path)
    assert response.status_code == 400
    assert response.json()["parameter"] in {"x", "z"}


@pytest.mark.parametrize("path", ["/layers/assets.geojson", "/tiles/assets/10/550/402.pbf"])
def test_public_data_for_a_visitor_without_cookies_does_not_vary_on_cookie(
    client, boundaries, path
):
    """A shared cache (a CDN in front of the app) may then keep one copy for every visitor."""
    response = client.get(path)

    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.parametrize(
    "path",
    [
        "/layers/assets.geojson",
        "/tiles/assets/10/550/402.pbf",
        "/tiles/assets/5/17/12.pbf",
        "/ogc/collections/assets/items?limit=5",
    ],
)
def test_public_data_is_the_same_in_every_language_and_does_not_vary_on_it(
    client, palermo_assets, path
):
    """Codes, not words: nginx or a CDN keeps one copy for all visitors, whatever Accept-Language
    their browser sends (with Vary: Accept-Language, one per distinct header)."""
    italian = client.get(path, HTTP_ACCEPT_LANGUAGE="it-IT,it;q=0.9,en;q=0.8")
    dutch = client.get(path, HTTP_ACCEPT_LANGUAGE="nl")

    assert italian.status_code == dutch.status_code == 200
    assert italian.content == dutch.content
    assert "Accept-Language" not in italian.get("Vary", "")
    assert "Content-Language" not in italian


def test_pages_still_vary_on_the_language(client, palermo_assets):
    response = client.get("/cities/palermo/", HTTP_ACCEPT_LANGUAGE="it")

    assert "Accept-Language" in response["Vary"]
    assert response["Content-Language"] == "it"


def test_tiles_are_answered_before_the_per_visitor_middleware(client, palermo_assets, monkeypatch):
    """maps.middleware: a tile needs no session, language, CSRF token, user or messages, and
    keeps the headers every response carries."""
    from django.contrib.sessions.middleware import SessionMiddleware

    from common.csp import settings_policy

    def no_session(self, request):
        raise AssertionError("the session middleware ran")

    monkeypatch.setattr(SessionMiddleware, "process_request", no_session)
    public, _seized = palermo_assets
    z, x, y = tile_of(public[0].location.x, public[0].location.y, 12)

    response = client.get(f"/tiles/assets/{z}/{x}/{y}.pbf", HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert response["Content-Length"] == str(len(response.content))
    assert response["Content-Security-Policy"] == settings_policy()
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in response
    with pytest.raises(AssertionError, match="the session middleware ran"):
        client.get("/cities/palermo/")


def test_a_tile_whose_database_is_down_gets_a_503(client, palermo_assets, monkeypatch):
    from django.db import OperationalError

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("maps.layers.vector_tile_with_version", down)

    response = client.get("/tiles/assets/12/2199/1576.pbf")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_a_tile_for_a_host_not_allowed_is_a_400(client, boundaries):
    assert client.get("/tiles/assets/12/2199/1576.pbf", HTTP_HOST="evil.example").status_code == 400
    assert client.options(
        "/tiles/assets/12/2199/1576.pbf", HTTP_HOST="evil.example"
    ).status_code == (400)


def test_other_paths_ending_like_a_tile_go_through_every_middleware(client, boundaries):
    from django.urls import resolve

    from maps.urls import TILE_ROUTE

    # The route the middleware answers is the one the URL configuration resolves tiles to.
    assert resolve("/tiles/assets/12/2199/1576.pbf").func is TILE_ROUTE.callback
    assert client.get("/tiles/nothing.pbf").status_code == 404
    assert "Content-Language" in client.get("/cities/palermo/tile.pbf")
