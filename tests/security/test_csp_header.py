"""Item 2: every page, public or staff, sends the Content-Security-Policy: scripts from the app
and the page's nonce only, no 'unsafe-inline' or 'unsafe-eval' for scripts, nothing off-site but
the base map's tiles."""

import datetime
import re

import pytest
from django.contrib.gis.geos import Point

from assets_registry import services

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/",
    "/cities/palermo/",
    "/cities/palermo/register/",
    "/calls/",
    "/stats/",
    "/practices/",
    "/accounts/login/",
    "/api/docs/",
    "/layers/assets.geojson",
    "/ogc/",
]
STAFF = ["/me/", "/imports/", "/admin/", "/admin/assets_registry/asset/add/", "/api/v1/assets/"]


def script_sources(response):
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return directives, directives["script-src"].split()


def check(response):
    assert response.status_code == 200, response.request["PATH_INFO"]
    directives, scripts = script_sources(response)
    # The nonce is there when the page uses one (a map's script).
    assert scripts[0] == "'self'"
    assert all(source.startswith("'nonce-") for source in scripts[1:])
    assert len(scripts) <= 2
    assert "unsafe" not in directives.get("default-src", "")
    assert directives["object-src"] == "'none'"


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_send_the_policy(client, palermo, path):
    check(client.get(path))


@pytest.mark.parametrize("path", STAFF)
def test_staff_pages_send_the_policy(client, palermo, superuser, path):
    client.force_login(superuser)
    check(client.get(path))


def test_a_folium_map_gets_the_page_nonce(client, palermo, palermo_officer):
    asset = services.asset_create(
        municipality=palermo,
        status="confiscated_final",
        effective_date=datetime.date(2019, 5, 2),
        by=palermo_officer,
        location=Point(13.3615, 38.1157, srid=4326),
        location_precision="exact",
        kind="building_unit",
        title="Villa Greco",
        address="Via Libertà 1",
    )
    response = client.get(f"/assets/{asset.reference}/")
    _, scripts = script_sources(response)
    nonce = scripts[1].removeprefix("'nonce-").rstrip("'")
    assert f'<script nonce="{nonce}">' in response.content.decode()


def test_the_overview_and_city_maps_run_no_inline_script(client, palermo):
    """Their maps are static files reading JSON (maps/page_map.js): no nonce needed."""
    for path in ("/", "/cities/palermo/"):
        page = client.get(path).content.decode()
        tags = re.findall(r"<script\b[^>]*>", page)
        assert tags
        assert all("src=" in tag or 'type="application/json"' in tag for tag in tags), tags


def test_images_may_come_only_from_the_base_map_server(client, palermo, settings):
    directives, _ = script_sources(client.get("/"))
    assert directives["img-src"].split() == [
        "'self'",
        "data:",
        "blob:",
        "https://tile.openstreetmap.org",
    ]


def test_responses_without_a_nonce_get_the_policy_django_csp_builds(client, palermo, settings):
    """common/csp.py builds it once per process: the same string, and it follows the settings."""
    from csp.utils import build_policy

    tile = client.get("/tiles/assets/12/2199/1576.pbf")
    assert tile.status_code == 200
    assert tile["Content-Security-Policy"] == build_policy()
    assert "nonce" not in tile["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert client.get("/tiles/assets/12/2199/1576.pbf")["Content-Security-Policy"] == (
        "default-src 'none'"
    )


def test_a_view_exempt_from_the_policy_is_still_exempt(rf, settings):
    from csp.decorators import csp_exempt
    from django.http import HttpResponse

    from common.csp import ContentSecurityPolicyMiddleware

    middleware = ContentSecurityPolicyMiddleware(csp_exempt()(lambda request: HttpResponse()))
    assert "Content-Security-Policy" not in middleware(rf.get("/"))
    plain = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())
    assert plain(rf.get("/"))["Content-Security-Policy"]
