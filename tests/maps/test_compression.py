"""Every dynamic response is compressed for clients that accept gzip, over real HTTP: pages,
GeoJSON layers (stored compressed in the shared cache), vector tiles, JSON and streamed CSV."""

import gzip
import json
import math
import urllib.request

import pytest
from django.core.cache import cache
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def fetch(url, *, gzip_ok=True):
    headers = {"Accept-Encoding": "gzip, deflate, br"} if gzip_ok else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - the test server
    with urllib.request.urlopen(request) as response:  # noqa: S310
        return response.headers, response.read()


@pytest.fixture
def palermo_assets(palermo, record_asset, palermo_point):
    return [record_asset(palermo, status="delivered", location=palermo_point()) for _ in range(10)]


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/", "text/html"),
        ("/cities/palermo/", "text/html"),
        ("/layers/assets.geojson", "application/geo+json"),
        ("/layers/cities.geojson", "application/geo+json"),
        ("/layers/assets.geojson?city=palermo&bbox=13.2,38.0,13.5,38.3", "application/geo+json"),
        ("/ogc/collections/assets/items?limit=20", "application/geo+json"),
        ("/cities/palermo/register/?format=json", "application/json"),
        ("/cities/palermo/register/?format=csv", "text/csv"),
        ("/exports/assets.csv", "text/csv"),
    ],
)
def test_responses_are_gzipped_for_clients_that_accept_it(
    live_server, palermo_assets, path, content_type
):
    headers, body = fetch(live_server.url + path)

    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert headers["Content-Type"].startswith(content_type)
    text = gzip.decompress(body).decode()
    assert palermo_assets[0].reference in text or path in ("/", "/layers/cities.geojson")
    if "json" in content_type:
        json.loads(text)


DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "registry_cache",
    }
}


def test_cached_layer_is_the_same_data_for_clients_without_gzip(
    live_server, palermo_assets, settings
):
    settings.CACHES = {**settings.CACHES, **DATABASE_CACHE}
    call_command("createcachetable")
    cache.clear()
    url = f"{live_server.url}/layers/assets.geojson?city=palermo"
    _headers, compressed = fetch(url)  # fills the cache
    plain_headers, plain = fetch(url)
    headers, body = fetch(url, gzip_ok=False)

    assert "Content-Encoding" not in headers
    assert json.loads(body) == json.loads(gzip.decompress(compressed))
    assert len(json.loads(body)["features"]) == 10
    # The compressed and the plain body are two representations: weak tags, told apart by Vary.
    assert headers["ETag"].strip('W/"') == plain_headers["ETag"].strip('W/"')
    assert plain_headers["ETag"].startswith("W/")


def test_streamed_export_is_compressed_as_it_streams(live_server, palermo_assets):
    headers, body = fetch(f"{live_server.url}/exports/assets.csv")

    assert headers["Content-Encoding"] == "gzip"
    assert "Content-Length" not in headers
    lines = gzip.decompress(body).decode().splitlines()
    assert len(lines) == 1 + 10


def test_vector_tiles_are_gzipped_and_wide_ones_cached_compressed(
    live_server, palermo_assets, settings
):
    settings.CACHES = {**settings.CACHES, **DATABASE_CACHE}
    call_command("createcachetable")
    cache.clear()
    for z in (8, 14):
        x, y = tile_of(13.34, 38.115, z)
        headers, body = fetch(f"{live_server.url}/tiles/assets/{z}/{x}/{y}.pbf")

        assert headers["Content-Encoding"] == "gzip"
        assert headers["Content-Type"] == "application/vnd.mapbox-vector-tile"
        assert b"assets" in gzip.decompress(body)
    keys = _cache_keys()
    wide = tile_of(13.34, 38.115, 8)
    assert [key for key in keys if f":maps:tile:assets:8:{wide[0]}:{wide[1]}:" in key]
    # Built each time: cheaper than a read from the database cache.
    assert not [key for key in keys if ":maps:tile:assets:14:" in key]


def test_a_high_zoom_tile_is_gzipped_only_for_clients_that_accept_it(live_server, palermo_assets):
    x, y = tile_of(13.34, 38.115, 14)
    url = f"{live_server.url}/tiles/assets/14/{x}/{y}.pbf"
    packed_headers, packed = fetch(url)
    plain_headers, plain = fetch(url, gzip_ok=False)

    assert packed_headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain_headers
    assert gzip.decompress(packed) == plain
    assert (
        "Accept-Encoding" in packed_headers["Vary"] and "Accept-Encoding" in plain_headers["Vary"]
    )
    # An empty tile is too short to gain from compression: it goes as it is.
    x, y = tile_of(9.19, 45.46, 14)  # Milan: no asset here
    empty_headers, empty = fetch(f"{live_server.url}/tiles/assets/14/{x}/{y}.pbf")
    assert empty == b""
    assert "Content-Encoding" not in empty_headers


def tile_of(lon, lat, z):
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def _cache_keys():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM registry_cache")
        return [key for (key,) in cursor.fetchall()]
