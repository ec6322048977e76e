"""A new visitor opens the Palermo map in real Chromium: boundary, markers, a click to a project.

Nothing may leave 127.0.0.1 while the page loads: the base map points at the test server itself
(where it does not exist), and the map must still show the boundary and the points.
"""

from urllib.parse import urlsplit

import pytest

from assets_registry.public import public_assets
from reuse_projects.public import public_projects

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def palermo_with_projects(palermo, record_asset, record_project, palermo_point):
    assets = [record_asset(palermo, status="delivered", location=palermo_point()) for _ in range(4)]
    record_asset(palermo, status="seized", location=palermo_point())
    record_asset(palermo)  # no location: listed, not drawn
    culture = record_project(assets[0], use_category="culture", title="Teatro nella villa")
    record_project(assets[1], use_category="agriculture_food", title="Orto sociale")
    return culture


def test_visitor_sees_palermo_markers_and_reaches_a_project(
    live_server, settings, page, palermo_with_projects
):
    site = f"http://127.0.0.1:{live_server.thread.port}"
    settings.MAP_TILE_URL = f"{site}/no-base-map/{{z}}/{{x}}/{{y}}.png"
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{site}/cities/palermo/")
    page.wait_for_selector(".registry-map[data-layers-loaded='true']", timeout=15_000)

    assert page.locator("path.city-boundary").count() == 1
    located = public_assets().filter(municipality__slug="palermo", location__isnull=False)
    projects = public_projects().filter(asset__municipality__slug="palermo")
    assert page.locator("path.asset-marker").count() == located.count() == 4
    assert page.locator("path.project-marker").count() == projects.count() == 2

    page.locator("path.project-marker").last.click()
    link = page.locator(".leaflet-popup-content a")
    link.wait_for(timeout=5_000)
    title = link.inner_text()
    link.click()
    page.wait_for_load_state()

    assert urlsplit(page.url).path.startswith("/projects/")
    assert page.locator("h1").inner_text() == title
    hosts = {urlsplit(url).hostname for url in requested if not url.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}


def test_embedded_map_fills_the_frame_and_opens_links_outside_it(
    live_server, settings, page, palermo_with_projects
):
    settings.MAP_TILE_URL = ""
    page.set_viewport_size({"width": 400, "height": 600})

    page.goto(f"{live_server.url}/cities/palermo/?embed=1")
    page.wait_for_selector(".registry-map[data-layers-loaded='true']", timeout=15_000)

    box = page.locator(".registry-map").bounding_box()
    assert box["height"] >= 590
    page.locator("path.project-marker").last.click()
    assert page.locator(".leaflet-popup-content a").get_attribute("target") == "_blank"


def test_overview_draws_many_assets_from_local_vector_tiles(
    live_server, settings, page, palermo_with_projects, monkeypatch
):
    monkeypatch.setattr("maps.views.OVERVIEW_GEOJSON_MAX_ASSETS", 1)
    site = f"http://127.0.0.1:{live_server.thread.port}"
    settings.MAP_TILE_URL = ""
    responses = []
    page.on("response", lambda response: responses.append((response.url, response.status)))

    page.goto(f"{site}/")
    page.wait_for_selector(".registry-map[data-layers-loaded='true']", timeout=15_000)
    page.wait_for_selector("canvas.leaflet-tile", timeout=15_000)

    tiles = [status for url, status in responses if "/tiles/assets/" in url]
    assert tiles and set(tiles) == {200}
    assert page.locator("path.project-marker").count() == 2
    assert {urlsplit(url).hostname for url, _status in responses} == {"127.0.0.1"}
