"""Privacy by construction: what is not public never leaves the server, on any public URL.

A seized asset carries a unique marker in every text field and unusual coordinates; a public asset
carries another marker in its non-public fields (case number, court, internal notes, estimated
value, occupancy). Every public URL is then read anonymously: neither marker nor the coordinates
may appear anywhere, and the tiles over the seized asset hold nothing, not even a count.
"""

import datetime
import math
import re

import pyogrio
import pytest
from django.contrib.gis.geos import Point

from assets_registry import services
from tests.conftest import ROTTERDAM_CENTRE
from tests.maps.conftest import decode_tile

pytestmark = pytest.mark.django_db

SECRET = "ZQXJ-SEIZED-7f3a"
INTERNAL = "ZQXJ-INTERNAL-91be"
SECRET_LON, SECRET_LAT = 13.3512347, 38.1098761
SECRET_COORDINATES = ("13.351234", "13.351235", "38.109876", "38.109877")
SECRET_VALUE = "987654"
TEXT_FIELDS = (
    "external_source",
    "external_id",
    "category",
    "subcategory",
    "title",
    "description",
    "address",
    "cadastral_reference",
    "court",
    "case_number",
    "internal_notes",
)

# The open-data engineer's public register and exports: checked as soon as their URLs exist.
OPEN_DATA_URLS = (
    "/registers/",
    "/cities/palermo/register/",
    "/cities/palermo/register/?format=csv",
    "/cities/palermo/register/?format=json",
    "/exports/assets.csv",
    "/exports/assets.geojson",
    "/exports/assets.gpkg",
    "/exports/assets.csv?city=palermo&status=confiscated_final",
    "/exports/reuse-projects.csv",
    "/exports/reuse-projects.geojson",
    "/exports/reuse-projects.gpkg",
)


def tile_of(lon, lat, z):
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return z, x, y


@pytest.fixture
def planted(palermo, rotterdam, record_asset, record_project, palermo_point):
    seized = record_asset(
        palermo,
        status="seized",
        kind="building_unit",
        location=Point(SECRET_LON, SECRET_LAT, srid=4326),
        estimated_value=SECRET_VALUE,
        reference=f"decree {SECRET}",
        note=f"note {SECRET}",
        **{field: f"{field} {SECRET}"[:40] for field in TEXT_FIELDS},
    )
    record_project(seized, title=f"Project {SECRET}", description=SECRET, deed_number=SECRET)

    public = record_asset(
        palermo,
        status="delivered",
        location=palermo_point(),
        title="Public villa",
        court=f"Tribunale {INTERNAL}",
        case_number=INTERNAL,
        internal_notes=f"notes {INTERNAL}",
        estimated_value=SECRET_VALUE,
        occupancy="occupied_by_former_owner",
        note=f"note {INTERNAL}",
        reference=f"deed {INTERNAL}",
    )
    project = record_project(public, title="Community kitchen")

    deleted = record_asset(palermo, location=palermo_point(), title=f"Deleted {SECRET}")
    services.asset_delete(asset=deleted, by=None, reason="Registered twice")
    record_asset(rotterdam, location=ROTTERDAM_CENTRE, title=f"Unpublished {SECRET}")
    rotterdam.is_published = False
    rotterdam.save()
    return {"seized": seized, "public": public, "project": project}


def public_urls(planted):
    seized, public, project = planted["seized"], planted["public"], planted["project"]
    urls = [
        "/",
        "/cities/palermo/",
        "/cities/palermo/?embed=1",
        "/cities/palermo/?status=seized",
        "/exports/assets.csv?city=palermo&status=seized",
        f"/assets/{public.reference}/",
        f"/assets/{seized.reference}/",
        f"/projects/{project.pk}/",
        f"/projects/{seized.reuse_projects.get().pk}/",
        "/sitemap.xml",
        "/calls/",
        "/stats/",
        "/stats/?country=IT",
        "/practices/",
        "/sitemap-pages-1.xml",
        "/sitemap-assets-1.xml",
        "/sitemap-projects-1.xml",
        "/layers/assets.geojson",
        "/layers/assets.geojson?city=palermo",
        "/layers/assets.geojson?bbox=13.35,38.10,13.36,38.12",
        "/layers/reuse-projects.geojson",
        "/layers/cities.geojson",
        "/calls/feed/",
        "/catalogue.jsonld",
        "/catalogue.rdf",
        "/ogc/",
        "/ogc/api",
        "/ogc/conformance",
        "/ogc/collections",
        f"/ogc/collections/assets/items/{seized.pk}",
        f"/ogc/collections/reuse-projects/items/{seized.reuse_projects.get().pk}",
    ]
    for collection in ("assets", "reuse-projects", "municipalities"):
        urls += [
            f"/ogc/collections/{collection}",
            f"/ogc/collections/{collection}/items?limit=10000",
        ]
    for layer in ("assets", "reuse-projects"):
        for zoom in (0, 5, 9, 10, 14, 18):
            z, x, y = tile_of(SECRET_LON, SECRET_LAT, zoom)
            urls.append(f"/tiles/{layer}/{z}/{x}/{y}.pbf")
    return urls + list(OPEN_DATA_URLS)


def hidden_urls(planted):
    """The public URLs of things the public must not see: these, and only these, answer 404."""
    seized = planted["seized"]
    project = seized.reuse_projects.get()
    return {
        f"/assets/{seized.reference}/",
        f"/projects/{project.pk}/",
        f"/ogc/collections/assets/items/{seized.pk}",
        f"/ogc/collections/reuse-projects/items/{project.pk}",
    }


def expected_status(url, planted):
    """404 for what is hidden; every other public URL exists and answers (an empty tile: 204).
    A route that should exist and answers 404 fails the sweep instead of passing it."""
    if url in hidden_urls(planted):
        return {404}
    if "status=seized" in url:
        return {400}  # not a public status: refused, naming the parameter
    if url.endswith(".pbf"):
        return {200, 204}
    return {200}


def readable_text(url, body, tmp_path):
    """The response as text; a GeoPackage is opened with GDAL, its rows and geometries dumped."""
    if url.split("?")[0].endswith(".gpkg"):
        path = tmp_path / "export.gpkg"
        path.write_bytes(body)
        return pyogrio.read_dataframe(path).to_json()
    return body.decode("utf-8", errors="replace")


def test_nothing_private_reaches_any_public_url(client, planted, tmp_path):
    seen = {}
    for url in public_urls(planted):
        response = client.get(url)
        assert response.status_code in expected_status(url, planted), (url, response.status_code)
        body = b"".join(response) if response.streaming else response.content
        seen[url] = readable_text(url, body, tmp_path) + str(dict(response.headers))

    for url, text in seen.items():
        for secret in (
            SECRET,
            INTERNAL,
            SECRET_VALUE,
            "occupied_by_former_owner",
            *SECRET_COORDINATES,
        ):
            assert secret not in text, f"{secret!r} leaked on {url}"
        assert "Occupied by the former owner" not in text, url


def test_public_pages_do_show_the_public_asset(client, planted):
    """The check above would pass on empty pages: make sure they are not empty."""
    layer = client.get("/layers/assets.geojson?city=palermo").json()
    assert [f["properties"]["reference"] for f in layer["features"]] == [
        planted["public"].reference
    ]
    assert "Public villa" in client.get(f"/assets/{planted['public'].reference}/").content.decode()
    assert "Community kitchen" in client.get("/layers/reuse-projects.geojson").content.decode()


def test_tiles_over_the_seized_asset_hold_no_feature_and_no_count(client, planted, tmp_path):
    for layer in ("assets", "reuse-projects"):
        z, x, y = tile_of(SECRET_LON, SECRET_LAT, 18)
        assert client.get(f"/tiles/{layer}/{z}/{x}/{y}.pbf").content == b""

        z, x, y = tile_of(SECRET_LON, SECRET_LAT, 5)
        decoded = decode_tile(
            client.get(f"/tiles/{layer}/{z}/{x}/{y}.pbf").content, z, x, y, tmp_path
        )
        assert decoded[layer]["count"].sum() == 1, layer


def test_status_change_to_public_reveals_only_public_fields(client, planted):
    seized = planted["seized"]
    for status in ("confiscated_first_instance", "confiscated_final"):
        services.asset_record_status(
            asset=seized, status=status, effective_date=datetime.date(2021, 6, 1), by=None
        )

    html = client.get(f"/assets/{seized.reference}/").content.decode()

    assert "title ZQXJ" in html  # the title is public once the confiscation is final
    for field in ("court", "case_number", "internal_notes", "external_id"):
        assert f"{field} {SECRET}" not in html
    assert f"note {SECRET}" not in html
    assert f"decree {SECRET}" not in html


# A protected place (a shelter for victims, or flagged by staff): public outputs show only its
# municipality. Its address and cadastral reference carry this marker, its point these numbers.
PROTECTED = "ZQXJ-SHELTER-5c1d"
PROTECTED_LON, PROTECTED_LAT = 13.3623457, 38.1187653
PROTECTED_COORDINATES = ("13.362345", "13.362346", "38.118765", "38.118766")


@pytest.fixture
def protected(palermo, record_asset, record_project, palermo_officer, palermo_manager):
    from tests.reuse_projects.conftest import make_call

    shelter = record_asset(
        palermo,
        status="delivered",
        location=Point(PROTECTED_LON, PROTECTED_LAT, srid=4326),
        title="Casa accoglienza",
        address=f"Via {PROTECTED} 1",
        cadastral_reference=f"sheet {PROTECTED}",
    )
    project = record_project(shelter, use_category="shelter", title="Shelter project")
    flagged = record_asset(
        palermo,
        status="allocated",
        location=Point(PROTECTED_LON + 0.0000001, PROTECTED_LAT, srid=4326),
        title="Flagged by staff",
        address=f"Piazza {PROTECTED} 2",
        protected_location=True,
    )
    call = make_call(palermo, [flagged], palermo_officer, publisher=palermo_manager)
    shelter.refresh_from_db()
    assert shelter.protected_location  # automatic for a live shelter project
    return {"shelter": shelter, "project": project, "flagged": flagged, "call": call}


def test_a_protected_place_shows_only_its_municipality_everywhere(
    client, planted, protected, tmp_path
):
    shelter, flagged = protected["shelter"], protected["flagged"]
    urls = public_urls(planted) + [
        f"/assets/{shelter.reference}/",
        f"/assets/{flagged.reference}/",
        f"/projects/{protected['project'].pk}/",
        f"/ogc/collections/assets/items/{shelter.pk}",
        f"/ogc/collections/reuse-projects/items/{protected['project'].pk}",
        "/calls/",
        f"/calls/{protected['call'].pk}/",
    ]
    for zoom in (10, 14, 18):
        z, x, y = tile_of(PROTECTED_LON, PROTECTED_LAT, zoom)
        urls += [f"/tiles/assets/{z}/{x}/{y}.pbf", f"/tiles/reuse-projects/{z}/{x}/{y}.pbf"]

    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        body = b"".join(response) if response.streaming else response.content
        text = readable_text(url, body, tmp_path)
        for secret in (PROTECTED, *PROTECTED_COORDINATES):
            assert secret not in text, f"{secret!r} leaked on {url}"

    page = client.get(f"/assets/{shelter.reference}/").content.decode()
    assert "Casa accoglienza" in page and "Palermo" in page
    assert "Shelter project" in client.get(f"/projects/{protected['project'].pk}/").content.decode()
    z, x, y = tile_of(PROTECTED_LON, PROTECTED_LAT, 18)
    assert client.get(f"/tiles/assets/{z}/{x}/{y}.pbf").content == b""


# Routes an anonymous visitor reads (permissions.txt) that hold no registry data, or whose data the
# planted world has none of; every other such route must be in the sweep above.
NOT_SWEPT = {
    "healthz": "liveness only",
    "login": "a form",
    "admin:login": "a form",
    "reuse_projects:signup": "a form",
    "password_reset": "a form",
    "password_reset_done": "a message",
    "password_reset_confirm": "a form (or: the link is invalid)",
    "password_reset_complete": "a message",
    "schema": "the API's description, no data",
    "api-docs": "the API's description, no data",
    "reuse_projects:call_detail": "no call planted; tests/security/test_calls_public_assets.py",
}


def test_the_sweep_reads_every_route_an_anonymous_visitor_may_read(planted):
    from django.urls import resolve

    from tests.battery.matrix import Expectations, routes

    expectations = Expectations()

    def bare(route):
        return re.sub(r"(?<!\[)\^", "", route)

    swept = {bare(resolve(url.split("?")[0]).route) for url in public_urls(planted)}
    readable = [
        route for route in routes() if expectations.expected(route.key, "anonymous", "GET") == 200
    ]
    assert len(readable) > 20
    missing = [
        route.key
        for route in readable
        if route.key not in NOT_SWEPT and bare(route.route) not in swept
    ]
    assert not missing, f"public routes the privacy sweep never reads: {missing}"
