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
        js = ("vendor/ol/ol.js", "gis/js/OLMapWidget.js")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["tile_url"] = settings.MAP_TILE_URL
        context["tile_attribution"] = settings.MAP_TILE_ATTRIBUTION
        return context
