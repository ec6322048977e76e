"""Map widgets for the admin that load nothing from outside the app."""

from django.conf import settings
from django.contrib.gis.forms import OSMWidget


class MapWidget(OSMWidget):
    """Django's OpenLayers widget with OpenLayers served by the app and the base map from settings.

    Django's own widget loads OpenLayers from a CDN; here it comes from the vendored copy in
    static/vendor/ol/. The base map is settings.MAP_TILE_URL (empty: no base map); when the tiles
    cannot be reached the geometry is still drawn.
    """

    template_name = "assets_registry/widgets/map.html"

    class Media:
        extend = False
        css = {"all": ("vendor/ol/ol.css", "gis/css/ol3.css")}
        js = ("vendor/ol/ol.js", "gis/js/OLMapWidget.js", "assets_registry/map_widget.js")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["options_id"] = f"{context['id']}_map_options"
        context["widget_options"] = {
            "geom_name": context["geom_type"],
            "id": context["id"],
            "map_id": f"{context['id']}_map",
            "map_srid": context["map_srid"],
            "name": context["name"],
            "module": context["module"],
            "default_lon": context["default_lon"],
            "default_lat": context["default_lat"],
            "default_zoom": context["default_zoom"],
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        }
        return context
