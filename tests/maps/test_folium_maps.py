"""The folium helper renders maps that load only the app's own static files."""

import re

import folium
import pytest
from folium.plugins import Fullscreen, MarkerCluster

from common.mapping import RegistryLayers, map_parts, offline_map


def urls_in(parts):
    text = parts.head + parts.html + parts.script
    return re.findall(r"""(?:src|href)=["']([^"']+)""", text), text


def test_map_links_only_vendored_leaflet_and_the_configured_base_map(settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    fmap = offline_map(bounds=(13.2, 38.0, 13.5, 38.2))
    marker = folium.CircleMarker([38.1, 13.3], radius=5)
    marker.add_to(MarkerCluster().add_to(fmap))

    links, text = urls_in(map_parts(fmap))

    assert links and all(link.startswith("/static/") for link in links)
    assert "/static/vendor/leaflet/leaflet.js" in links
    assert "/static/vendor/leaflet.markercluster/leaflet.markercluster.js" in links
    assert "/static/vendor/jquery/jquery.min.js" in links  # folium's header asks for it
    assert not re.search(r"bootstrap|font-?awesome|cdn", text, re.IGNORECASE)
    assert "https://tiles.example.org/{z}/{x}/{y}.png" in text
    assert "[[38.0, 13.2], [38.2, 13.5]]" in text


def test_no_base_map_when_the_setting_is_empty(settings):
    settings.MAP_TILE_URL = ""
    _links, text = urls_in(map_parts(offline_map()))
    assert "L.tileLayer" not in text


def test_layers_element_brings_the_plugins_it_needs(settings):
    fmap = offline_map()
    RegistryLayers({"assetTiles": "/tiles/assets/{z}/{x}/{y}.pbf"}).add_to(fmap)

    links, text = urls_in(map_parts(fmap))

    assert "/static/vendor/leaflet.vectorgrid/Leaflet.VectorGrid.bundled.min.js" in links
    assert "RegistryMaps.addLayers(" in text


def test_an_element_needing_a_library_that_is_not_vendored_is_refused():
    fmap = offline_map()
    Fullscreen().add_to(fmap)
    with pytest.raises(ValueError, match="not vendored"):
        map_parts(fmap)
