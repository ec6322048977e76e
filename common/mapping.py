"""Folium maps that load nothing from a CDN, for embedding in the app's own pages.

Folium links Leaflet, jQuery, Bootstrap and Font Awesome from public CDNs. A municipality's privacy
rules often forbid third-party requests, so every map made here points at the app's static files
(`common/static/vendor/`, see its README) and refuses to render an element that needs a library that
is not vendored. The base map comes from `settings.MAP_TILE_URL`; with no base map (empty setting
or unreachable server) the overlays still show.

Usage in a view::

    fmap = offline_map(bounds=municipality.boundary.extent, height="24rem")
    folium.GeoJson(boundary_geojson, name="Boundary").add_to(fmap)
    markers = TextMarkers()
    markers.add(asset.location, popup=[(asset.title, url), asset.address], tooltip=asset.reference)
    markers.add_to(fmap)
    context["map"] = map_parts(fmap)

and in the template (a page extending base.html)::

    {% block head %}{{ map.head }}{% endblock %}
    {% block content %}{{ map.html }}{% endblock %}
    {% block scripts %}{{ map.script }}{% endblock %}

Use `folium.CircleMarker`, `folium.GeoJson`, `folium.Marker` (Leaflet's own pin icon) and
`folium.plugins.MarkerCluster`; `folium.Icon` needs Font Awesome and Bootstrap, which are not
vendored.

Text on a map (popups, tooltips) goes through `TextMarkers`, never `folium.Popup` or
`folium.Tooltip`: folium pastes their HTML into a JavaScript template literal, where `${...}` in
an asset's title runs for every visitor. TextMarkers sends the text as JSON (`json_script`) and
maps.js builds the popups with textContent; `map_parts` refuses folium's Popup and Tooltip.

The map's script is inline (folium generates it per map): templates print it with
`{% map_script map %}` (common/templatetags/mapping.py), which adds the request's CSP nonce.
"""

import itertools
from dataclasses import dataclass

import folium
from branca.element import MacroElement
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import json_script
from django.utils.safestring import SafeString, mark_safe
from folium.elements import JSCSSMixin
from folium.template import Template

# Libraries folium knows by name, mapped to the vendored copies. folium's popups need jQuery;
# Bootstrap and Font Awesome are dropped: they only style folium.Icon, which is not offered here.
VENDORED_JS = {
    "leaflet": "vendor/leaflet/leaflet.js",
    "jquery": "vendor/jquery/jquery.min.js",
    "markerclusterjs": "vendor/leaflet.markercluster/leaflet.markercluster.js",
    "vectorgrid": "vendor/leaflet.vectorgrid/Leaflet.VectorGrid.bundled.min.js",
    "registry_maps": "maps/maps.js",
}
VENDORED_CSS = {
    "leaflet_css": "vendor/leaflet/leaflet.css",
    "markerclustercss": "vendor/leaflet.markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "vendor/leaflet.markercluster/MarkerCluster.Default.css",
    "registry_maps_css": "maps/maps.css",
}
DROPPED = {
    "bootstrap",
    "awesome_markers",
    "bootstrap_css",
    "glyphicons_css",
    "awesome_markers_font_css",
    "awesome_markers_css",
    "awesome_rotate_css",
}


class PageMap(folium.Map):
    """folium.Map for a map inside a page: no full-page styles, no zoom lock on phones.

    folium's own header sets `html, body { height: 100% }` and `user-scalable=no`, which suit a
    map alone in a file but not a map in a page with text around it.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>
                #{{ this.get_name() }} {
                    position: relative;
                    width: {{ this.width[0] }}{{ this.width[1] }};
                    height: {{ this.height[0] }}{{ this.height[1] }};
                }
            </style>
        {% endmacro %}

        {% macro html(this, kwargs) %}
            <div class="folium-map registry-map" id={{ this.get_name()|tojson }}></div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map(
                {{ this.get_name()|tojson }},
                {
                    center: {{ this.location|tojson }},
                    crs: L.CRS.{{ this.crs }},
                    ...{{ this.options|tojavascript }}
                }
            );
            {%- if this.control_scale %}
            L.control.scale().addTo({{ this.get_name() }});
            {%- endif %}
        {% endmacro %}
        """
    )


@dataclass(frozen=True)
class MapParts:
    """The pieces of a rendered map, safe to put in a Django template.

    `script` is the JavaScript code, without its <script> tag: print it with
    `{% map_script map %}`, which adds the CSP nonce.
    """

    head: SafeString
    html: SafeString
    script: SafeString


def offline_map(
    *,
    bounds=None,
    center=None,
    zoom=16,
    height="24rem",
    min_zoom=2,
    max_zoom=19,
    scroll_wheel_zoom=True,
):
    """A folium map with the vendored Leaflet and the configured base map.

    bounds: (xmin, ymin, xmax, ymax) in longitude/latitude (a GEOS `extent`) to fit the map to;
    or center: a GEOS Point to show at `zoom`; with neither, Europe.
    """
    fmap = PageMap(
        location=[center.y, center.x] if center is not None else [45.0, 10.0],
        zoom_start=zoom if center is not None else 4,
        tiles=None,
        height=height,
        min_zoom=min_zoom,
        max_zoom=max_zoom,
        control_scale=True,
        scroll_wheel_zoom=scroll_wheel_zoom,
    )
    # Set on the map too, not only on the base map: with no base map, plugins such as
    # markercluster still need to know the zoom range.
    fmap.options.update(minZoom=min_zoom, maxZoom=max_zoom)
    if settings.MAP_TILE_URL:
        folium.TileLayer(
            tiles=settings.MAP_TILE_URL,
            attr=settings.MAP_TILE_ATTRIBUTION,
            name="Base map",
            max_zoom=max_zoom,
        ).add_to(fmap)
    if bounds is not None:
        xmin, ymin, xmax, ymax = bounds
        fmap.fit_bounds([[ymin, xmin], [ymax, xmax]], padding=(16, 16))
    return fmap


class RegistryLayers(JSCSSMixin):
    """The public GeoJSON layers or vector tiles, drawn by maps/static/maps/maps.js.

    options are those of RegistryMaps.addLayers (see the header of maps.js), e.g.
    {"projects": "/layers/reuse-projects.geojson?city=palermo", "useColours": {...}}.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            RegistryMaps.addLayers({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, options):
        super().__init__()
        self._name = "RegistryLayers"
        self.options = options
        self.default_js = []
        self.default_css = []
        if options.get("cluster"):
            self.default_js.append(("markerclusterjs", ""))
            self.default_css += [("markerclustercss", ""), ("markerclusterdefaultcss", "")]
        if options.get("assetTiles"):
            self.default_js.append(("vectorgrid", ""))


_marker_ids = itertools.count(1)


class TextMarkers(MacroElement):
    """Circle markers with text popups and tooltips, the text never inside JavaScript.

    markers.add(point, popup=[("Villa Rosa", "/assets/PA-1/"), "Via Roma 1"], tooltip="PA-1")
    A popup is a list of lines, each a text or a (text, url) pair; the first line is the title.
    The data goes in a <script type="application/json"> (json_script) next to the map, and
    maps.js draws the markers, building each popup with textContent.
    """

    _template = Template(
        """
        {% macro html(this, kwargs) %}{{ this.data_html }}{% endmacro %}
        {% macro script(this, kwargs) %}
            RegistryMaps.addMarkers({{ this._parent.get_name() }}, {{ this.data_id|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, **style):
        super().__init__()
        self._name = "TextMarkers"
        self.data_id = f"map-markers-{next(_marker_ids)}"
        self.style = {"radius": 7, "color": "#0b6e4f", "fillOpacity": 0.8, **style}
        self.markers = []

    def add(self, point, *, popup=(), tooltip="", **style):
        lines = [
            {"text": str(line[0]), "url": str(line[1])}
            if isinstance(line, tuple)
            else {"text": str(line)}
            for line in popup
            if line
        ]
        self.markers.append(
            {
                "lat": point.y,
                "lon": point.x,
                "style": {**self.style, **style},
                "popup": lines,
                "tooltip": str(tooltip or ""),
            }
        )

    def render(self, **kwargs):
        # The JSON sits in the page's HTML, inside the map's container element.
        self.data_html = json_script(self.markers, self.data_id)
        super().render(**kwargs)


def map_parts(fmap):
    """Render a map into head, body and script snippets that load only the app's static files."""
    fmap.default_js = list(fmap.default_js) + [("registry_maps", "")]
    fmap.default_css = list(fmap.default_css) + [("registry_maps_css", "")]
    for element in _walk(fmap):
        if isinstance(element, (folium.Popup, folium.Tooltip)):
            raise ValueError(
                "folium.Popup and folium.Tooltip put text inside JavaScript: use TextMarkers"
            )
        if isinstance(element, JSCSSMixin):
            element.default_js = _localised(element, element.default_js, VENDORED_JS)
            element.default_css = _localised(element, element.default_css, VENDORED_CSS)
    figure = fmap.get_root()
    figure.render()
    return MapParts(
        head=mark_safe(figure.header.render()),  # noqa: S308 - folium escapes its own output
        html=mark_safe(figure.html.render()),  # noqa: S308
        script=mark_safe(figure.script.render()),  # noqa: S308
    )


def _walk(element):
    yield element
    for child in element._children.values():
        yield from _walk(child)


def _localised(element, links, vendored):
    result = []
    for name, _url in links:
        if name in DROPPED:
            continue
        if name not in vendored:
            raise ValueError(
                f"{type(element).__name__} needs {name!r}, not vendored in common/static/vendor"
            )
        result.append((name, static(vendored[name])))
    return result
