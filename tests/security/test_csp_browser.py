"""Items 1 and 2 in real Chromium: under the Content-Security-Policy every map draws, no
violation is reported, and a hostile title in a call's popup is shown as text, never run."""

import pytest
from django.contrib.gis.geos import Point

from tests.reuse_projects.conftest import make_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = "${window.__xss = 1}<img src=x onerror='window.__xss = 2'>"


def watch(page):
    """Collect CSP violations (the DOM event and Chromium's console message) and page errors."""
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return problems


@pytest.fixture
def city_with_a_hostile_call(record_asset, palermo, palermo_officer, palermo_manager):
    asset = record_asset(
        palermo,
        status="allocated",
        title=PAYLOAD,
        address="Via Roma 1",
        location=Point(13.3615, 38.1157, srid=4326),
    )
    call = make_call(palermo, [asset], palermo_officer, publisher=palermo_manager)
    return asset, call


def test_maps_draw_under_the_policy_and_popups_show_text(
    live_server, settings, page, city_with_a_hostile_call
):
    settings.MAP_TILE_URL = ""
    asset, call = city_with_a_hostile_call
    problems = watch(page)

    response = page.goto(f"{live_server.url}/calls/")
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    page.locator("path.leaflet-interactive").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)

    assert popup.locator("strong").inner_text() == PAYLOAD
    assert popup.locator("a").inner_text() == call.title
    assert page.evaluate("window.__xss") is None

    for path in ("/", "/cities/palermo/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_selector(".registry-map[data-layers-loaded='true']", timeout=15_000)
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info", timeout=15_000)

    assert problems == []
    # The watch is live: an injected inline script is refused and reported.
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__x = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(500)
    assert page.evaluate("window.__x") is None
    assert any("Content Security Policy" in problem for problem in problems)


def test_staff_pages_run_under_the_policy(live_server, page, settings, palermo, record_asset):
    """The admin's map widget (its set-up moved out of an inline script), the import page and
    the officer's home: drawn, and no violation reported."""

    from tests.conftest import PALERMO_CENTRE, make_user, sign_in

    settings.MAP_TILE_URL = ""
    officer = make_user("csp_officer", is_superuser=True, is_staff=True)
    villa = record_asset(palermo, location=PALERMO_CENTRE)
    sign_in(page.context, officer, live_server.url)
    problems = watch(page)

    page.goto(f"{live_server.url}/admin/assets_registry/asset/{villa.pk}/change/")
    page.wait_for_selector("#id_location_div_map canvas", state="attached", timeout=20_000)
    drawn = page.evaluate("geodjango_location.featureOverlay.getSource().getFeatures().length")
    for path in ("/imports/", "/me/", "/me/api-token/", "/accounts/password-reset/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")

    assert drawn == 1
    assert problems == []
