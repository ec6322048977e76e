"""In real Chromium: the admin map widget and the API docs load nothing from outside the app."""

import datetime

import pytest
from django.contrib.gis.geos import Point

from tests.conftest import PALERMO_CENTRE, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_in_page(live_server, page, palermo_officer):
    """The browser page, signed in as the Palermo officer (staff), recording every request."""
    palermo_officer.is_staff = True
    palermo_officer.save()
    sign_in(page.context, palermo_officer, live_server.url)
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    return page


def outside_requests(page, live_server):
    return [
        url
        for url in page.requested
        if not url.startswith(f"{live_server.url}/") and not url.startswith(("data:", "blob:"))
    ]


def test_asset_page_draws_the_location_on_a_local_openlayers_map(
    live_server, signed_in_page, settings, palermo, record_asset
):
    # A base map on this server that answers 404: the geometry must show without one.
    settings.MAP_TILE_URL = f"{live_server.url}/no-tiles/{{z}}/{{x}}/{{y}}.png"
    villa = record_asset(
        palermo, location=PALERMO_CENTRE, effective_date=datetime.date(2020, 1, 15)
    )
    page = signed_in_page

    page.goto(f"{live_server.url}/admin/assets_registry/asset/{villa.pk}/change/")
    page.wait_for_selector("#id_location_div_map canvas", state="attached", timeout=20_000)

    assert page.evaluate("typeof ol") == "object"
    drawn = page.evaluate("geodjango_location.featureOverlay.getSource().getFeatures().length")
    assert drawn == 1
    assert any(url.endswith("/static/vendor/ol/ol.js") for url in page.requested)
    assert any("/no-tiles/" in url for url in page.requested)
    assert outside_requests(page, live_server) == []


def test_add_page_opens_the_map_on_the_officer_municipality(
    live_server, signed_in_page, settings, palermo
):
    settings.MAP_TILE_URL = ""  # no base map at all: the widget must still work
    page = signed_in_page

    page.goto(f"{live_server.url}/admin/assets_registry/asset/add/")
    # Nothing to draw yet, so no canvas: the OpenLayers viewport shows the map is up.
    page.wait_for_selector("#id_location_div_map .ol-viewport", timeout=20_000)

    centre = page.evaluate("ol.proj.toLonLat(geodjango_location.map.getView().getCenter())")
    assert palermo.boundary.contains(Point(*centre, srid=4326))
    assert outside_requests(page, live_server) == []


def test_api_docs_render_with_local_files_only(live_server, signed_in_page, palermo):
    page = signed_in_page

    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)

    assert page.locator(".opblock-summary-path", has_text="/api/v1/assets/").count() > 0
    assert outside_requests(page, live_server) == []
