"""Item 1: text typed by an officer reaches a map as JSON and is shown as text, never run."""

import folium
import pytest
from django.contrib.gis.geos import Point

from common.mapping import TextMarkers, map_parts, offline_map
from tests.reuse_projects.conftest import make_call

pytestmark = pytest.mark.django_db

PAYLOAD = "${window.__xss = 1}</script><script>window.__xss = 2</script>`"


@pytest.fixture
def hostile_call(record_asset, palermo, palermo_officer, palermo_manager):
    asset = record_asset(
        palermo,
        status="allocated",
        title=PAYLOAD,
        address=PAYLOAD,
        location=Point(13.3615, 38.1157, srid=4326),
    )
    call = make_call(palermo, [asset], palermo_officer, publisher=palermo_manager)
    call.title = PAYLOAD
    call.save(update_fields=["title"])
    return call


def test_no_user_text_in_the_calls_page_inline_script(client, hostile_call):
    response = client.get("/calls/")
    body = response.content.decode()

    scripts = [part.split("</script>")[0] for part in body.split("<script nonce=")[1:]]
    assert scripts, "the map's script is missing"
    assert all("__xss" not in script for script in scripts)
    # The text is in the page once as JSON data, with its < and > escaped.
    assert "\\u003C/script\\u003E" in body or "\\u003c/script\\u003e" in body.lower()


def test_map_parts_refuses_folium_popups_and_tooltips():
    for element in (
        folium.CircleMarker([38, 13], popup=folium.Popup("<b>x</b>")),
        folium.CircleMarker([38, 13], tooltip="x"),
    ):
        fmap = offline_map(center=Point(13, 38))
        element.add_to(fmap)
        with pytest.raises(ValueError, match="TextMarkers"):
            map_parts(fmap)


def test_text_markers_carry_text_as_json():
    fmap = offline_map(center=Point(13, 38))
    markers = TextMarkers()
    markers.add(Point(13, 38), popup=[("<b>Villa</b>", "/x/"), "Via ${1}"], tooltip="PA-1")
    markers.add_to(fmap)

    parts = map_parts(fmap)

    assert "Villa" not in parts.script
    assert '"\\u003Cb\\u003EVilla\\u003C/b\\u003E"' in parts.html
    assert "Via ${1}" in parts.html
