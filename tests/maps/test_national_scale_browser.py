"""The public pages with a few thousand published municipalities, in real Chromium: the overview
stays small (no marker in the HTML), draws every city from the cached layer, pages its list, a
city page still shows its map and lists, and the registers and the open calls stay small too (a
page of registers, searchable; the calls' city filter offers the cities with a call)."""

import gzip
import urllib.request
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from assets_registry.models import Municipality
from tests.conftest import square_municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GRID = 60  # 60 x 50 = 3,000 municipalities over Italy's extent
ROWS = 50


@pytest.fixture
def many_published_municipalities(palermo):
    now = timezone.now()
    cities = []
    for i in range(GRID):
        for j in range(ROWS):
            cities.append(
                square_municipality(
                    7.0 + i * 0.18,
                    37.0 + j * 0.18,
                    0.1,
                    name=f"Comune {i:02d}-{j:02d}",
                    code=f"T{i:02d}{j:02d}",
                    slug=f"comune-{i:02d}-{j:02d}",
                    region="Test",
                    published_at=now,
                )
            )
    Municipality.objects.bulk_create(cities, batch_size=500)
    return Municipality.objects.published().count()


def html_of(url):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})  # noqa: S310
    with urllib.request.urlopen(request) as response:  # noqa: S310 - the test server
        return gzip.decompress(response.read())


def test_overview_and_city_pages_at_national_scale(
    live_server, settings, page, many_published_municipalities, record_asset, palermo, palermo_point
):
    settings.MAP_TILE_URL = ""
    asset = record_asset(palermo, status="delivered", location=palermo_point())
    published = many_published_municipalities
    assert published > 3000

    html = html_of(f"{live_server.url}/")
    assert len(html) < 150_000
    assert b"comune-59-49" not in html  # the last city is on a later page, not in the HTML

    responses = []
    page.on("response", lambda response: responses.append(response.url))
    page.goto(f"{live_server.url}/")
    page.wait_for_selector("#page-map[data-cities-drawn]", timeout=30_000)
    assert page.locator("#page-map").get_attribute("data-cities-drawn") == str(published)
    page.wait_for_selector(".registry-map[data-layers-loaded='true']", timeout=15_000)
    assert {urlsplit(url).hostname for url in responses} == {urlsplit(live_server.url).hostname}
    assert page.locator("table tbody tr").count() == 50
    assert "Page 1 of" in page.locator(".pager").inner_text()

    page.locator(".pager a[rel=next]").click()
    page.wait_for_load_state()
    assert "page=2" in page.url
    assert "Page 2 of" in page.locator(".pager").inner_text()

    page.fill("input[name=q]", "Palermo")
    page.locator("form[role=search] button").click()
    page.wait_for_load_state()
    # Each row also links to the city's register ("Register of Palermo"): the city link itself.
    page.locator("table").get_by_role("link", name="Palermo", exact=True).click()
    page.wait_for_selector(".registry-map[data-layers-loaded='true']", timeout=15_000)
    assert page.locator("path.city-boundary").count() == 1
    assert page.locator("path.asset-marker").count() == 1
    assert page.locator("table", has_text=asset.reference).count() == 1

    for path in ("/registers/", "/calls/"):
        html = html_of(f"{live_server.url}{path}")
        assert len(html) < 150_000, path
        assert b"comune-59-49" not in html, path

    page.goto(f"{live_server.url}/registers/")
    assert page.locator("ul.registers li").count() == 100
    assert "Page 1 of 31" in page.locator(".pager").inner_text()
    page.locator(".pager a[rel=next]").click()
    page.wait_for_load_state()
    assert "Page 2 of 31" in page.locator(".pager").inner_text()
    page.fill("input[name=q]", "Comune 59-4")
    page.locator("form[role=search] button").click()
    page.wait_for_load_state()
    assert page.locator("ul.registers li").count() == 10
    page.get_by_role("link", name="Comune 59-49").click()
    page.wait_for_load_state()
    assert page.url.endswith("/cities/comune-59-49/register/")
