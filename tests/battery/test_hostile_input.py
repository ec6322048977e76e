"""Hostile input, property-based: Hypothesis generates geometries, bboxes, tile coordinates and
paging values for the API and the public endpoints. Every answer is below 500 and comes within the
Hypothesis deadline, and a loopback listener proves that no payload (a GeoJSON `crs` naming a URL, a
link in a parameter) made the server connect out.

The run in `make test` is bounded (HYPOTHESIS_EXAMPLES, default 10 per property); a longer run:
    HYPOTHESIS_EXAMPLES=1000 .venv/bin/pytest tests/battery/test_hostile_input.py
"""

import datetime
import json
import os
import socket
import threading
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "10"))
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=datetime.timedelta(seconds=10),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


class LoopbackListener:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/"

    def _serve(self):
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            connection.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.socket.close()


@pytest.fixture(scope="module")
def listener():
    listener = LoopbackListener()
    # The listener itself works: one connection of ours is counted, then forgotten.
    socket.create_connection(("127.0.0.1", listener.port)).close()
    for _ in range(50):
        if listener.connections:
            break
        threading.Event().wait(0.02)
    assert listener.connections == 1
    listener.connections = 0
    yield listener
    listener.close()
    assert listener.connections == 0, "a payload made the server connect out"


def outbound_urls(listener):
    return st.sampled_from(
        [
            listener.url,
            f"{listener.url}crs.json",
            f"//127.0.0.1:{listener.port}/x",
            f"file:///etc/passwd#{listener.port}",
            f"urn:ogc:def:crs:EPSG::{listener.port}",
        ]
    )


numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.sampled_from([0, -0.0, 180, -180, 90, -90, 1e308, -1e308, 5e-324]),
)
text_numbers = st.one_of(
    numbers.map(str),
    st.text(max_size=12),
    st.sampled_from(["", "1e999", "NaN", "-inf", "0x10", "٣", "1_000", " 1", "1;DROP"]),
)
paging = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", "-1", "0", "1.5", "9" * 30, "1e3", "abc", "%00", "18446744073709551616"]),
)


def bboxes():
    return st.one_of(
        st.lists(text_numbers, min_size=0, max_size=7).map(",".join),
        st.tuples(numbers, numbers, numbers, numbers).map(lambda t: ",".join(map(str, t))),
    )


def positions():
    return st.lists(numbers, min_size=0, max_size=4)


def geometries(listener):
    point = st.fixed_dictionaries({"type": st.just("Point"), "coordinates": positions()})
    line = st.fixed_dictionaries(
        {"type": st.just("LineString"), "coordinates": st.lists(positions(), max_size=4)}
    )
    polygon = st.fixed_dictionaries(
        {
            "type": st.sampled_from(["Polygon", "MultiPolygon", "GeometryCollection", "Nope"]),
            "coordinates": st.lists(st.lists(positions(), max_size=5), max_size=3),
        }
    )
    crs = st.fixed_dictionaries(
        {
            "type": st.sampled_from(["link", "name", "EPSG"]),
            "properties": st.fixed_dictionaries(
                {"href": outbound_urls(listener), "name": outbound_urls(listener)}
            ),
        }
    )
    with_crs = st.tuples(st.one_of(point, polygon), crs).map(
        lambda pair: {**pair[0], "crs": pair[1]}
    )
    wkt = st.one_of(
        st.sampled_from(
            [
                "POINT(13 38))))",
                "POINT EMPTY",
                "SRID=3857;POINT(1 2)",
                "SRID=99999;POINT(1 2)",
                "POINT(1e999 1)",
                "GEOMETRYCOLLECTION(" * 50,
                "POLYGON((0 0,1 1,1 0,0 1,0 0))",
            ]
        ),
        st.text(max_size=40),
    )
    return st.one_of(point, line, polygon, with_crs, wkt, st.none(), st.integers())


class ServerError(AssertionError):
    pass


def assert_handled(response, url):
    if response.status_code >= 500:
        raise ServerError(f"{response.status_code} on {url}")


def get(client, url):
    # A savepoint per request: a request that failed in PostgreSQL must not abort the next ones.
    with transaction.atomic():
        response = client.get(url)
        transaction.set_rollback(True)
    assert_handled(response, url)
    return response


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.fixture
def officer_api(world):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(world["users"]["officer_x"])
    return client


@BOUNDED
@given(bbox=bboxes(), limit=paging, offset=paging)
def test_public_layers_and_ogc_answer_any_bbox_and_paging(
    world, anonymous, listener, bbox, limit, offset
):
    box = quote(bbox)
    get(anonymous, f"/layers/assets.geojson?bbox={box}")
    get(anonymous, f"/layers/reuse-projects.geojson?bbox={box}&city=palermo")
    get(anonymous, f"/ogc/collections/assets/items?bbox={box}&limit={quote(limit)}")
    get(
        anonymous,
        f"/ogc/collections/reuse-projects/items?offset={quote(offset)}&limit={quote(limit)}",
    )
    get(anonymous, f"/exports/assets.csv?bbox={box}")
    get(anonymous, f"/cities/palermo/register/?page={offset}")
    get(anonymous, f"/sitemap-assets-{offset}.xml")


@BOUNDED
@given(
    z=st.one_of(st.integers(min_value=-5, max_value=40), text_numbers),
    x=st.one_of(st.integers(min_value=-(2**64), max_value=2**64), text_numbers),
    y=st.one_of(st.integers(min_value=-(2**64), max_value=2**64), text_numbers),
)
def test_tiles_answer_any_coordinates(world, anonymous, listener, z, x, y):
    for layer in ("assets", "reuse-projects"):
        z, x, y = (quote(str(value), safe="") for value in (z, x, y))
        url = f"/tiles/{layer}/{z}/{x}/{y}.pbf"
        get(anonymous, url)


@BOUNDED
@given(bbox=bboxes(), limit=paging, offset=paging, page=paging, page_size=paging)
@example(bbox="", limit="9" * 30, offset="0", page="1", page_size="10")
def test_api_lists_answer_any_bbox_and_paging(
    world, officer_api, listener, bbox, limit, offset, page, page_size
):
    get(officer_api, f"/api/v1/assets/?bbox={quote(bbox)}&page={quote(page)}")
    get(officer_api, f"/api/v1/assets/?page_size={quote(page_size)}")
    for name in ("calls", "applications", "projects", "reports", "documents", "organisations"):
        get(officer_api, f"/api/v1/{name}/?limit={quote(limit)}&offset={quote(offset)}")


@BOUNDED
@given(data=st.data())
def test_api_writes_answer_any_geometry_and_never_connect_out(world, officer_api, listener, data):
    geometry = data.draw(geometries(listener))
    asset = world["asset"]
    body = {
        "type": "Feature",
        "geometry": geometry,
        "properties": {
            "municipality": world["palermo"].pk,
            "kind": "building_unit",
            "title": "Hostile",
            "status": "seized",
            "effective_date": "2024-05-01",
        },
    }
    # json.dumps writes NaN and Infinity as such: hostile, and Python's parser accepts them.
    with transaction.atomic():
        response = officer_api.post(
            "/api/v1/assets/", json.dumps(body), content_type="application/json"
        )
        assert_handled(response, json.dumps(geometry)[:200])
        version = officer_api.get(f"/api/v1/assets/{asset.pk}/")["ETag"]
        response = officer_api.patch(
            f"/api/v1/assets/{asset.pk}/",
            json.dumps({"type": "Feature", "geometry": geometry, "properties": {}}),
            content_type="application/json",
            HTTP_IF_MATCH=version,
        )
        assert_handled(response, json.dumps(geometry)[:200])
        transaction.set_rollback(True)


@BOUNDED
@given(data=st.data())
def test_public_parameters_naming_urls_never_connect_out(world, anonymous, listener, data):
    target = quote(data.draw(outbound_urls(listener)), safe="")
    get(anonymous, f"/ogc/collections/assets/items?bbox-crs={target}")
    get(anonymous, f"/ogc/collections/assets/items?f={target}")
    get(anonymous, f"/layers/assets.geojson?city={target}")
    get(anonymous, f"/cities/palermo/?status={target}")
