from django.urls import path, re_path

from maps import ogc, views

app_name = "maps"

LAYER = r"(?P<name>assets|reuse-projects)"
COLLECTION = r"(?P<collection>[^/]+)"
# Anything between the slashes: bad tile numbers get a 400 that says why, not a 404.
TILE = r"(?P<z>[^/]+)/(?P<x>[^/]+)/(?P<y>[^/]+)"

# maps.middleware answers the tiles with this route, before the rest of the URLs are tried.
TILE_ROUTE = re_path(rf"^tiles/{LAYER}/{TILE}\.pbf$", views.tile, name="tile")

urlpatterns = [
    path("", views.overview, name="overview"),
    path("cities/<slug:slug>/", views.city, name="city"),
    path("assets/<str:reference>/", views.asset_detail, name="asset"),
    re_path(r"^projects/(?P<pk>[0-9]+)/$", views.project_detail, name="project"),
    path("layers/cities.geojson", views.city_markers, name="city-markers"),
    re_path(rf"^layers/{LAYER}\.geojson$", views.layer, name="layer"),
    TILE_ROUTE,
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    re_path(
        r"^sitemap-(?P<section>pages|assets|projects)-(?P<page>[1-9][0-9]{0,5})\.xml$",
        views.sitemap_section,
        name="sitemap-section",
    ),
    path("ogc/", ogc.landing, name="ogc-landing"),
    path("ogc/conformance", ogc.conformance, name="ogc-conformance"),
    path("ogc/api", ogc.api, name="ogc-api"),
    path("ogc/collections", ogc.collections, name="ogc-collections"),
    re_path(rf"^ogc/collections/{COLLECTION}$", ogc.collection, name="ogc-collection"),
    re_path(rf"^ogc/collections/{COLLECTION}/items$", ogc.items, name="ogc-items"),
    re_path(rf"^ogc/collections/{COLLECTION}/items/(?P<item_id>[^/]+)$", ogc.item, name="ogc-item"),
]
