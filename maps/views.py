"""Public pages (overview, city, asset, project), open GeoJSON layers, vector tiles and sitemap.

Every read goes through assets_registry.public and reuse_projects.public; nothing here needs a
login.
"""

import math
from urllib.parse import urlencode

import folium
from django.core.cache import cache
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from assets_registry import lifecycle
from assets_registry.jurisdiction import stage_labels
from assets_registry.models import Asset, Municipality
from assets_registry.public import public_assets, public_municipalities, public_timeline
from common.geo import ParameterError, parse_id, parse_tile
from common.mapping import RegistryLayers, TextMarkers, map_parts, offline_map
from maps import layers
from maps.http import cacheable, not_modified, open_data_view
from reuse_projects import lifecycle as project_lifecycle
from reuse_projects.models import USE_COLOURS, ReuseProject, UseCategory, use_colour
from reuse_projects.public import (
    PUBLIC_PROJECT_FIELDS,
    public_asset_photos,
    public_photos,
    public_project_with_context,
    public_projects,
)

ASSET_COLOUR = "#4d4d4d"

# Above this many public assets the overview map draws them from vector tiles, not GeoJSON.
OVERVIEW_GEOJSON_MAX_ASSETS = 5000

TILE_CACHE_SECONDS = 300
# The sitemap protocol's limit of URLs per file.
SITEMAP_MAX_URLS = 50_000
# Layers are kept in the cache, keyed by their data version, up to this size (a city, not a nation).
LAYER_CACHE_MAX_CHARACTERS = 4_000_000


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def _legend():
    return [
        {"value": value, "label": label, "colour": use_colour(value)}
        for value, label in UseCategory.choices
    ]


def _counts_by_municipality():
    assets = dict(
        public_assets()
        .order_by()
        .values("municipality_id")
        .annotate(n=Count("pk"))
        .values_list("municipality_id", "n")
    )
    projects = dict(
        public_projects()
        .order_by()
        .values("asset__municipality_id")
        .annotate(n=Count("pk"))
        .values_list("asset__municipality_id", "n")
    )
    return assets, projects


@require_safe
def overview(request):
    cities = list(public_municipalities().order_by("name"))
    asset_counts, project_counts = _counts_by_municipality()
    for city in cities:
        city.asset_count = asset_counts.get(city.pk, 0)
        city.project_count = project_counts.get(city.pk, 0)
    total_assets = sum(asset_counts.values())

    fmap = offline_map(bounds=_extent(cities), height="32rem")
    markers = TextMarkers(
        radius=12, color="#0b6e4f", weight=2, dashArray="4 3", fill=False, className="city-marker"
    )
    for city in cities:
        summary = _("%(city)s: %(assets)s, %(projects)s") % {
            "city": city.name,
            "assets": ngettext("%d asset", "%d assets", city.asset_count) % city.asset_count,
            "projects": ngettext("%d project", "%d projects", city.project_count)
            % city.project_count,
        }
        url = reverse("maps:city", args=[city.slug])
        markers.add(city.representative_point, popup=[(summary, url)], tooltip=summary)
    markers.add_to(fmap)
    options = {
        "useColours": USE_COLOURS,
        "assetColour": ASSET_COLOUR,
        "projects": reverse("maps:layer", args=["reuse-projects"]),
        "labels": _popup_labels(),
    }
    if total_assets > OVERVIEW_GEOJSON_MAX_ASSETS:
        options["assetTiles"] = "/tiles/assets/{z}/{x}/{y}.pbf"
    else:
        options["assets"] = reverse("maps:layer", args=["assets"])
        options["cluster"] = True
    RegistryLayers(options).add_to(fmap)
    return render(
        request,
        "maps/overview.html",
        {
            "cities": cities,
            "total_assets": total_assets,
            "total_projects": sum(project_counts.values()),
            "map": map_parts(fmap),
            "legend": _legend(),
            "asset_colour": ASSET_COLOUR,
        },
    )


def _popup_labels(country=None):
    """The words of the map popups in the reader's language (maps.js shows them as text)."""
    return {
        "details": str(_("Details")),
        "status": stage_labels(country or ""),
        "projectStatus": {value: str(label) for value, label in ReuseProject.Status.choices},
        "use": {value: str(label) for value, label in UseCategory.choices},
    }


def _timeline(asset):
    """The public steps of the asset, each named as its country's law names it."""
    stages = stage_labels(asset.municipality.country)
    timeline = list(public_timeline(asset))
    for event in timeline:
        event.stage_label = stages.get(event.status, event.status)
    return timeline


def _extent(municipalities):
    extents = [m.boundary.extent for m in municipalities]
    if not extents:
        return None
    return (
        min(e[0] for e in extents),
        min(e[1] for e in extents),
        max(e[2] for e in extents),
        max(e[3] for e in extents),
    )


@require_safe
def city(request, slug):
    try:
        municipality = public_municipalities().get(slug=slug)
    except Municipality.DoesNotExist:
        raise Http404("No published municipality with this name") from None
    try:
        filters = _page_filters(request)
    except ParameterError as error:
        return error.response()
    statuses, uses = filters.statuses, filters.uses
    embed = request.GET.get("embed") == "1"

    assets = public_assets().filter(municipality=municipality)
    projects = public_projects().filter(asset__municipality=municipality)
    status_counts = dict(
        assets.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    use_counts = dict(
        projects.order_by()
        .values("use_category")
        .annotate(n=Count("pk"))
        .values_list("use_category", "n")
    )

    stages = stage_labels(municipality.country)
    context = {
        "municipality": municipality,
        "map": _city_map(municipality, statuses=statuses, uses=uses, embed=embed),
        "legend": _legend(),
        "asset_colour": ASSET_COLOUR,
        "status_choices": [
            (s.value, stages[s.value]) for s in lifecycle.Status if s in layers.ASSET_STATUSES
        ],
        "use_choices": UseCategory.choices,
        "selected_statuses": statuses,
        "selected_uses": uses,
        "asset_count": sum(status_counts.values()),
        "status_counts": [
            (stages.get(status, status), n) for status, n in sorted(status_counts.items())
        ],
        "project_count": sum(use_counts.values()),
        "use_counts": [
            (UseCategory(use).label, use_colour(use), n) for use, n in use_counts.items()
        ],
        "projects": (projects.filter(use_category__in=uses) if uses else projects)
        .select_related("organisation", "asset")
        .only("id", "title", "use_category", "status", "organisation__name", "asset__reference")
        .order_by("title"),
        "available_assets": assets.filter(status__in=lifecycle.REUSABLE_STATUSES)
        .exclude(
            reuse_projects__in=public_projects().filter(
                status__in=project_lifecycle.LIVE_PROJECT_STATUSES
            )
        )
        .order_by("reference"),
        "embed": embed,
    }
    response = render(request, "maps/city.html", context)
    if embed:
        # A municipality may show this map in an iframe on its site; full pages stay unframable.
        response.xframe_options_exempt = True
    return response


def _city_map(municipality, *, statuses, uses, embed):
    """The city's boundary, drawn in the page, and its public layers, loaded by the browser."""
    fmap = offline_map(bounds=municipality.boundary.extent, height="100vh" if embed else "30rem")
    folium.GeoJson(
        municipality.boundary.simplify(0.0002, preserve_topology=True).geojson,
        name=str(_("Boundary")),
        style_function=lambda _feature: {
            "color": "#0b6e4f",
            "weight": 2,
            "fillOpacity": 0.04,
            "className": "city-boundary",
        },
        interactive=False,
    ).add_to(fmap)
    city = {"city": municipality.slug}
    status = {"status": ",".join(statuses)} if statuses else {}
    use = {"use": ",".join(uses)} if uses else {}
    RegistryLayers(
        {
            "useColours": USE_COLOURS,
            "assetColour": ASSET_COLOUR,
            "assets": _layer_url("assets", {**city, **status, **use}),
            "projects": _layer_url("reuse-projects", {**city, **use}),
            "linkTarget": "_blank" if embed else "",
            "labels": _popup_labels(municipality.country),
        }
    ).add_to(fmap)
    return map_parts(fmap)


def _page_filters(request):
    """The page's status and use selects, through the layers' one parser; an empty choice (or
    none) means all, and other parameters (embed) are the page's own."""
    params = {
        name: ",".join(value for value in request.GET.getlist(name) if value)
        for name in ("status", "use")
    }
    return layers.parse_layer_filters(
        {name: value for name, value in params.items() if value},
        layers.asset_layer(),
        allow=("status", "use"),
    )


def _layer_url(name, query):
    return f"{reverse('maps:layer', args=[name])}?{urlencode(query)}"


@require_safe
def asset_detail(request, reference):
    try:
        asset = public_assets().select_related("municipality").get(reference=reference)
    except Asset.DoesNotExist:
        raise Http404("No public asset with this reference") from None
    fmap = None
    if asset.location is not None:
        fmap = offline_map(center=asset.location, height="18rem")
        folium.CircleMarker(
            [asset.location.y, asset.location.x], radius=8, color=ASSET_COLOUR, fill=True
        ).add_to(fmap)
        fmap = map_parts(fmap)
    projects = (
        public_projects()
        .filter(asset=asset)
        .select_related("organisation")
        .only(*PUBLIC_PROJECT_FIELDS, "organisation__name")
    )
    stages = stage_labels(asset.municipality.country)
    return render(
        request,
        "maps/asset_detail.html",
        {
            "asset": asset,
            "status_label": stages.get(asset.status, asset.status),
            "map": fmap,
            "timeline": _timeline(asset),
            "projects": projects,
            "photos": public_asset_photos(asset),
        },
    )


@require_safe
def project_detail(request, pk):
    try:
        project = public_project_with_context(parse_id(pk))
    except (ParameterError, ReuseProject.DoesNotExist):
        raise Http404("No public project with this number") from None
    asset = project.asset
    # A protected place has no public point: the map shows its municipality.
    fmap = offline_map(
        center=asset.location,
        bounds=asset.municipality.boundary.extent if asset.location is None else None,
        height="18rem",
    )
    if asset.location is not None:
        folium.CircleMarker(
            [asset.location.y, asset.location.x],
            radius=8,
            color=use_colour(project.use_category),
            fill=True,
        ).add_to(fmap)
    return render(
        request,
        "maps/project_detail.html",
        {
            "project": project,
            "asset": asset,
            "colour": use_colour(project.use_category),
            "map": map_parts(fmap),
            "timeline": _timeline(asset),
            "photos": list(public_photos(project)),
        },
    )


@open_data_view
def layer(request, name):
    layer = layers.LAYERS[name](_base_url(request))
    filters = layers.parse_layer_filters(request.GET, layer)
    queryset = layers.filtered(layer, filters)
    version = layers.data_version(layer, key=filters.key + _base_url(request))
    response = not_modified(request, version)
    if response is None:
        key = f"maps:layer:{version.etag}"
        body = cache.get(key)
        if body is None:
            body = layers.feature_collection(layer, queryset)
            if len(body) <= LAYER_CACHE_MAX_CHARACTERS:
                cache.set(key, body, TILE_CACHE_SECONDS)
        response = HttpResponse(body, content_type="application/geo+json")
    return cacheable(response, version)


@open_data_view
def tile(request, name, z, x, y):
    z, x, y = parse_tile(z, x, y)
    layer = layers.LAYERS[name](_base_url(request))
    version = layers.data_version(layer, key=_base_url(request))
    response = not_modified(request, version)
    if response is None:
        key = f"maps:tile:{name}:{z}:{x}:{y}:{version.etag}"
        body = cache.get(key)
        if body is None:
            body = layers.vector_tile(layer, layer.queryset, z, x, y)
            cache.set(key, body, TILE_CACHE_SECONDS)
        response = HttpResponse(body, content_type="application/vnd.mapbox-vector-tile")
    return cacheable(response, version, max_age=TILE_CACHE_SECONDS)


@require_safe
def sitemap_index(request):
    """Sitemap index: the city pages, then the asset and project pages in protocol-sized parts."""
    base = _base_url(request)
    parts = [reverse("maps:sitemap-section", args=["pages", 1])]
    for section, queryset in (
        ("assets", public_assets()),
        ("projects", public_projects()),
    ):
        count = queryset.count()
        parts += [
            reverse("maps:sitemap-section", args=[section, page])
            for page in range(1, math.ceil(count / SITEMAP_MAX_URLS) + 1)
        ]
    return render(
        request,
        "maps/sitemap_index.xml",
        {"sitemaps": [f"{base}{part}" for part in parts]},
        content_type="application/xml",
    )


@require_safe
def sitemap_section(request, section, page):
    page = int(page)
    start = (page - 1) * SITEMAP_MAX_URLS
    context = {"base": _base_url(request)}
    if section == "pages":
        if page != 1:
            raise Http404("The pages sitemap has one part")
        context["cities"] = public_municipalities().only("slug", "updated_at")
        context["overview"] = True
    elif section == "assets":
        context["assets"] = (
            public_assets()
            .only("reference", "updated_at")
            .order_by("reference")[start : start + SITEMAP_MAX_URLS]
        )
    else:
        context["projects"] = (
            public_projects()
            .only("id", "updated_at")
            .order_by("id")[start : start + SITEMAP_MAX_URLS]
        )
    if page > 1 and not (context.get("assets") or context.get("projects")):
        raise Http404("No such sitemap part")
    return render(request, "maps/sitemap.xml", context, content_type="application/xml")
