"""Public pages (overview, city, asset, project), open GeoJSON layers, vector tiles and sitemap.

Every read goes through assets_registry.public and reuse_projects.public; nothing here needs a
login.
"""

import functools
import json
import math
from urllib.parse import urlencode
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings
from django.contrib.gis.db.models import Extent, GeometryField
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db import connections
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Value,
)
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from assets_registry import lifecycle
from assets_registry.jurisdiction import stage_labels
from assets_registry.models import Asset, Municipality
from assets_registry.public import (
    public_assets,
    public_municipalities,
    public_timeline,
    reduce_protected_location,
)
from common.geo import ParameterError, parse_filters, parse_id, parse_tile
from common.pagination import page_number, page_of
from maps import layers
from maps.http import (
    cacheable,
    cached_gzip,
    compressed_response,
    gzipped_response,
    not_modified,
    open_data_view,
)
from reuse_projects.models import USE_COLOURS, ReuseProject, UseCategory, use_colour
from reuse_projects.public import (
    PUBLIC_PROJECT_FIELDS,
    available_for_reuse_q,
    public_asset_photos,
    public_photos,
    public_project_with_context,
    public_projects,
)

ASSET_COLOUR = "#4d4d4d"

# Above this many public assets the overview map draws them from vector tiles, not GeoJSON.
OVERVIEW_GEOJSON_MAX_ASSETS = 5000
OVERVIEW_CITIES_PER_PAGE = 50
# The city page lists its projects and available assets this many rows at a time.

# Degrees (about 20 m): the city's outline on its map, not a survey.
BOUNDARY_TOLERANCE = 0.0002

TILE_CACHE_SECONDS = 300
ROWS_PER_PAGE = 50
# The sitemap protocol's limit of URLs per file.
SITEMAP_MAX_URLS = 50_000


def _base_url(request):
    """https://host, for the links in layers, tiles and sitemaps (the host checked by Django)."""
    return f"{request.scheme}://{request.get_host()}"


@functools.lru_cache(maxsize=16)
def _labels(language):
    """The kinds', uses' and project statuses' labels in `language`, as plain strings. A lazy
    label is translated again each time a page prints it (75 times on a city page, 0.4 ms, bench
    national); the catalogues do not change while the process runs. Dicts built once also spare
    get_FOO_display, which rebuilds its choices on every call."""
    with override(language):
        return {
            "kind": {value: str(label) for value, label in Asset.Kind.choices},
            "use": {value: str(label) for value, label in UseCategory.choices},
            "project_status": {value: str(label) for value, label in ReuseProject.Status.choices},
            "details": str(_("Details")),
        }


def _legend():
    return [
        {"value": value, "label": label, "colour": use_colour(value)}
        for value, label in _labels(get_language())["use"].items()
    ]


@require_safe
def overview(request):
    """Figures, the map (drawn by maps/page_map.js from cached layers) and one page of cities.

    Nothing here grows with the number of municipalities: at national scale (7,898 publishing)
    the markers come from /layers/cities.geojson and the list is paginated and searchable.
    """
    try:
        number = page_number(request)
    except ParameterError as error:
        return error.response()
    search = request.GET.get("q", "").strip()[:100]
    listed = (
        public_municipalities()
        .only("id", "name", "slug", "region", "province")
        .order_by("name", "pk")
    )
    if search:
        listed = listed.filter(name__icontains=search)
    try:
        cities = page_of(request, listed, number, per_page=OVERVIEW_CITIES_PER_PAGE)
    except ParameterError as error:
        return error.response()
    # Counted for the page's cities only.
    counted = listed.filter(pk__in=[city.pk for city in cities]).annotate(
        asset_count=layers.count_per_municipality(public_assets(), "municipality"),
        project_count=layers.count_per_municipality(public_projects(), "asset__municipality"),
    )
    counts = {city.pk: (city.asset_count, city.project_count) for city in counted}
    for city in cities:
        city.asset_count, city.project_count = counts[city.pk]

    total_assets = public_assets().count()
    extent = public_municipalities().aggregate(extent=Extent("representative_point"))["extent"]
    layer_options = {
        "useColours": USE_COLOURS,
        "assetColour": ASSET_COLOUR,
        "projects": reverse("maps:layer", args=["reuse-projects"]),
        "labels": _popup_labels(),
    }
    if total_assets > OVERVIEW_GEOJSON_MAX_ASSETS:
        layer_options["assetTiles"] = "/tiles/assets/{z}/{x}/{y}.pbf"
    else:
        layer_options["assets"] = reverse("maps:layer", args=["assets"])
        layer_options["cluster"] = True
    return render(
        request,
        "maps/overview.html",
        {
            "cities": cities,
            "search": search,
            "city_count": cities.paginator.count if not search else public_municipalities().count(),
            "total_assets": total_assets,
            "total_projects": public_projects().count(),
            "legend": _legend(),
            "asset_colour": ASSET_COLOUR,
            "map_config": _map_config(
                bounds=extent,
                layers_options=layer_options,
                cities=reverse("maps:city-markers"),
                cityUrl=reverse("maps:city", args=["SLUG"]),
                words={"cityFigures": _("{assets} confiscated assets, {projects} reuse projects")},
            ),
        },
    )


def _popup_labels(stages=None):
    """The words of the map popups in the reader's language (maps.js shows them as text);
    `stages` are the page's stage_labels(), generic ones when the map spans countries."""
    labels = _labels(get_language())
    return {
        "status": stages or stage_labels(""),
        "details": labels["details"],
        "projectStatus": labels["project_status"],
        "use": labels["use"],
    }


def _timeline(asset, stages=None):
    """The public steps of the asset, each named as its country's law names it (`stages`: the
    page's stage_labels(), if it has them already)."""
    stages = stages or stage_labels(asset.municipality.country)
    timeline = list(public_timeline(asset))
    for event in timeline:
        event.stage_label = stages.get(event.status, event.status)
    return timeline


@require_safe
def city(request, slug):
    """A city's figures, its map (drawn by maps/page_map.js) and its lists, a page at a time:
    the page's cost does not grow with the city's number of assets."""
    municipality = _published_city(slug)
    if municipality is None:
        raise Http404("No published municipality with this name")
    try:
        filters = _page_filters(request)
        pages = {name: page_number(request, name) for name in ("projects_page", "assets_page")}
    except ParameterError as error:
        return error.response()
    statuses, uses = filters.statuses, filters.uses
    embed = request.GET.get("embed") == "1"

    stages = stage_labels(municipality.country)
    context = {
        "municipality": municipality,
        "map_config": _city_map(
            municipality, stages=stages, statuses=statuses, uses=uses, embed=embed
        ),
        "legend": _legend(),
        "asset_colour": ASSET_COLOUR,
        "embed": embed,
    }
    if not embed:
        try:
            context |= _city_figures_and_lists(
                request, municipality, stages, statuses=statuses, uses=uses, pages=pages
            )
        except ParameterError as error:
            return error.response()
    response = render(request, "maps/city.html", context)
    if embed:
        # A municipality may show this map in an iframe on its site; full pages stay unframable.
        response.xframe_options_exempt = True
    return response


def _published_city(slug):
    """The published municipality with this slug (public fields), with its outline simplified
    and written as GeoJSON by PostGIS (a large city's boundary never travels to Python whole) and
    its extent; None if there is none."""
    alias = Municipality.objects.db
    found = list(Municipality.objects.using(alias).raw(_published_city_statement(alias), [slug]))
    return found[0] if found else None


@functools.cache
def _published_city_statement(alias):
    """_published_city's statement, compiled once per process and database from
    public_municipalities(), as the page's counts are: through the ORM the query took 1.3 ms, of
    which 0.36 ms to run (bench national)."""
    edges = {
        name: Func("boundary", function=f"ST_{name.title()}", output_field=FloatField())
        for name in ("xmin", "ymin", "xmax", "ymax")
    }
    cities = (
        public_municipalities()
        .defer("boundary")
        .annotate(
            outline=AsGeoJSON(
                Func(
                    "boundary",
                    Value(BOUNDARY_TOLERANCE),
                    function="ST_SimplifyPreserveTopology",
                    output_field=GeometryField(srid=4326),
                ),
                precision=6,
            ),
            **edges,
        )
    )
    cities_sql = layers.inlined_sql(*cities.query.sql_with_params(), connections[alias])
    return f'SELECT * FROM ({cities_sql}) AS m WHERE m."slug" = %s'  # noqa: S608


def _city_figures_and_lists(request, municipality, stages, *, statuses, uses, pages):
    """The full page's figures and its two lists, in as few queries as the numbers allow: the
    status counts also count the assets available for reuse, the use counts give the number of
    projects listed, and an empty list runs no query."""
    status_rows, use_counts = _city_counts(municipality)
    status_counts = {status: n for status, n, _available in status_rows}
    available_count = sum(available for _status, _n, available in status_rows)
    listed_count = sum(n for use, n in use_counts.items() if not uses or use in uses)
    # An empty list's queryset is not even built: building one cost as much as running it.
    projects_page = page_of(
        request,
        _listed_projects(municipality, uses) if listed_count else [],
        pages["projects_page"],
        per_page=ROWS_PER_PAGE,
        parameter="projects_page",
        count=listed_count,
    )
    assets_page = page_of(
        request,
        range(available_count),
        pages["assets_page"],
        per_page=ROWS_PER_PAGE,
        parameter="assets_page",
        count=available_count,
    )
    if available_count:
        # The paginator numbers the pages; the rows come from a statement compiled once.
        assets_page.object_list = _available_assets(
            municipality, offset=assets_page.start_index() - 1, limit=ROWS_PER_PAGE
        )
    labels = _labels(get_language())
    for project in projects_page:
        project.use_label = labels["use"].get(project.use_category, project.use_category)
        project.status_label = labels["project_status"].get(project.status, project.status)
    for asset in assets_page:
        asset.kind_label = labels["kind"].get(asset.kind, asset.kind)
        asset.status_label = stages.get(asset.status, asset.status)
    return {
        "status_choices": [
            (s.value, stages[s.value]) for s in lifecycle.Status if s in layers.ASSET_STATUSES
        ],
        "use_choices": labels["use"].items(),
        "selected_statuses": statuses,
        "selected_uses": uses,
        "asset_count": sum(status_counts.values()),
        "status_counts": [
            (stages.get(status, status), n) for status, n in sorted(status_counts.items())
        ],
        "project_count": sum(use_counts.values()),
        "use_counts": [(labels["use"][use], use_colour(use), n) for use, n in use_counts.items()],
        "projects": projects_page,
        "available_assets": assets_page,
    }


def _listed_projects(municipality, uses):
    projects = public_projects().filter(asset__municipality=municipality)
    return (
        (projects.filter(use_category__in=uses) if uses else projects)
        .select_related("organisation", "asset")
        .only("id", "title", "use_category", "status", "organisation__name", "asset__reference")
        .annotate(
            url=layers.page_url("maps:project", F("pk")),
            asset_url=layers.page_url("maps:asset", F("asset__reference")),
        )
        .order_by("title", "pk")
    )


def _available_assets(municipality, *, offset, limit):
    """A page of the city's public assets available for reuse, by reference, their protected
    locations reduced as public_assets() reduces them."""
    rows = Asset.objects.raw(
        _available_assets_statement(Asset.objects.db), [municipality.pk, limit, offset]
    )
    return [reduce_protected_location(asset) for asset in rows]


@functools.cache
def _available_assets_statement(alias):
    """_available_assets' statement, compiled once per process and database from
    public_assets() and available_for_reuse_q(), as the counts are: building and compiling the
    queryset took 1.8 ms of Palermo's page, running it 0.65 ms (bench national)."""
    assets = (
        public_assets()
        .filter(available_for_reuse_q())
        # protected_location too: reduce_protected_location() reads it on every row.
        .only(
            "id",
            "reference",
            "title",
            "kind",
            "address",
            "status",
            "protected_location",
            "municipality",
        )
        .annotate(url=layers.page_url("maps:asset", F("reference")))
        .order_by()
    )
    assets_sql = layers.inlined_sql(*assets.query.sql_with_params(), connections[alias])
    return (
        f'SELECT * FROM ({assets_sql}) AS a WHERE a."municipality_id" = %s '  # noqa: S608
        'ORDER BY a."reference" LIMIT %s OFFSET %s'
    )


def _city_counts(municipality):
    """The city's (status, public assets, available for reuse) rows and {use: public projects}."""
    alias = Asset.objects.db
    by_status, by_use = _city_count_statements(alias)
    with connections[alias].cursor() as cursor:
        cursor.execute(by_status, [municipality.pk])
        status_rows = cursor.fetchall()
        cursor.execute(by_use, [municipality.pk])
        use_counts = dict(cursor.fetchall())
    return status_rows, use_counts


@functools.cache
def _city_count_statements(alias):
    """The city page's two counts as SQL compiled once per process and database from the public
    selectors, as the tiles' statement is: building and compiling the two querysets took 4 of a
    small city's 13 ms, more than running them (bench national). What is public and what is
    available for reuse stay decided by public_assets(), public_projects() and
    available_for_reuse_q(); the city is the statements' one parameter."""
    assets = (
        public_assets()
        .order_by()
        .values(
            city=F("municipality_id"),
            stage=F("status"),
            available=ExpressionWrapper(available_for_reuse_q(), output_field=BooleanField()),
        )
    )
    projects = (
        public_projects().order_by().values(city=F("asset__municipality_id"), use=F("use_category"))
    )
    assets_sql = layers.inlined_sql(*assets.query.sql_with_params(), connections[alias])
    projects_sql = layers.inlined_sql(*projects.query.sql_with_params(), connections[alias])
    return (
        'SELECT a."stage", count(*), count(*) FILTER (WHERE a."available") '  # noqa: S608
        f'FROM ({assets_sql}) AS a WHERE a."city" = %s GROUP BY a."stage"',
        'SELECT p."use", count(*) '  # noqa: S608
        f'FROM ({projects_sql}) AS p WHERE p."city" = %s GROUP BY p."use"',
    )


def _map_config(*, bounds, layers_options, **extra):
    """What maps/page_map.js needs to draw a map, for the page's json_script element."""
    config = {
        "tileUrl": settings.MAP_TILE_URL,
        "bounds": list(bounds) if bounds else None,
        "layers": layers_options,
        **extra,
    }
    # Last: the attribution is HTML, and json_script escapes <, > and & with str.translate, which
    # goes character by character from the first one it replaces to the end of the text. With the
    # attribution first, that was 0.2 ms of a city page's 3 KB of configuration.
    config["attribution"] = settings.MAP_TILE_ATTRIBUTION
    return config


def _city_map(municipality, *, stages, statuses, uses, embed):
    """The city's boundary, in the page's data, and its public layers, loaded by the browser."""
    city = {"city": municipality.slug}
    status = {"status": ",".join(statuses)} if statuses else {}
    use = {"use": ",".join(uses)} if uses else {}
    return _map_config(
        bounds=(municipality.xmin, municipality.ymin, municipality.xmax, municipality.ymax),
        layers_options={
            "useColours": USE_COLOURS,
            "assetColour": ASSET_COLOUR,
            "assets": _layer_url("assets", {**city, **status, **use}),
            "projects": _layer_url("reuse-projects", {**city, **use}),
            "linkTarget": "_blank" if embed else "",
            "labels": _popup_labels(stages),
        },
        boundary=json.loads(municipality.outline),
    )


def _page_filters(request):
    """The page's status and use selects, through the layers' one parser; an empty choice (or
    none) means all, and other parameters (embed) are the page's own."""
    params = {
        name: ",".join(value for value in request.GET.getlist(name) if value)
        for name in ("status", "use")
    }
    return layers.parse_layer_filters(
        {name: value for name, value in params.items() if value},
        layers.cached_layer("assets"),
        allow=("status", "use"),
    )


def _layer_url(name, query):
    return f"{reverse('maps:layer', args=[name])}?{urlencode(query)}"


@require_safe
def asset_detail(request, reference):
    # folium (and the pandas it brings) load with the first map drawn, not with the URLs: every
    # process that loads them (each manage.py command, each server worker) started 0.4 s later.
    import folium

    from common.mapping import map_parts, offline_map

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
            "timeline": _timeline(asset, stages),
            "projects": projects,
            "photos": public_asset_photos(asset),
        },
    )


@require_safe
def project_detail(request, pk):
    import folium  # on first use, as in asset_detail

    from common.mapping import map_parts, offline_map

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
    version = layers.data_version(layer.name, key=filters.key + _base_url(request))
    response = not_modified(request, version)
    if response is None:
        body = cached_gzip(
            f"maps:layer:{version.etag}", lambda: layers.feature_collection(layer, queryset)
        )
        response = gzipped_response(request, body, "application/geo+json")
    return cacheable(response, version)


@open_data_view
def city_markers(request):
    """Every publishing municipality as a point with its figures, for the overview map."""
    parse_filters(request.GET, statuses=(), uses=(), city_allowed=None, allow=())
    layer = layers.city_marker_layer()
    version = layers.data_version(layer.name)
    response = not_modified(request, version)
    if response is None:
        body = cached_gzip(
            f"maps:layer:{version.etag}",
            lambda: layers.feature_collection(layer, layer.queryset),
        )
        response = gzipped_response(request, body, "application/geo+json")
    return cacheable(response, version)


@open_data_view
def tile(request, name, z, x, y):
    z, x, y = parse_tile(z, x, y)
    base_url = _base_url(request)
    layer = layers.cached_layer(name, base_url)
    if z < layers.CLUSTER_BELOW_ZOOM:
        version = layers.data_version(layer.name, key=base_url)
        response = not_modified(request, version)
        if response is None:
            body = cached_gzip(
                f"maps:tile:{name}:{z}:{x}:{y}:{version.etag}",
                lambda: layers.vector_tile(layer, z, x, y),
            )
            response = gzipped_response(request, body, "application/vnd.mapbox-vector-tile")
    else:
        # From this zoom on a tile is a few points that the partial index finds in milliseconds:
        # building it costs less than the database cache's read and write (bench national), so
        # only the wide, clustered tiles are kept in the shared cache. The tile and its version
        # come in one statement; a client that has the tile already gets its 304 after it.
        version, body = layers.vector_tile_with_version(layer, z, x, y, key=base_url)
        response = not_modified(request, version)
        if response is None:
            response = compressed_response(request, body, "application/vnd.mapbox-vector-tile")
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
    """One part of the sitemap, cached gzipped by data version: at national scale the assets'
    part is 18,148 addresses, a second to render (and 7 s when each row read its deferred
    protected_location), and crawlers ask for it again and again."""
    page = int(page)
    base = _base_url(request)
    version = layers.data_version("sitemaps", key=f"{section}:{page}:{base}")
    response = not_modified(request, version)
    if response is None:
        body = cached_gzip(
            f"maps:sitemap:{version.etag}", lambda: _sitemap_xml(section, page, base)
        )
        response = gzipped_response(request, body, "application/xml")
    return cacheable(response, version)


def _sitemap_xml(section, page, base):
    """The part's XML, its addresses written by the SQL as the layers' links are (a {% url %} per
    row cost 19 microseconds); Http404 for a part past the last."""
    start = (page - 1) * SITEMAP_MAX_URLS
    if section == "pages":
        if page != 1:
            raise Http404("The pages sitemap has one part")
        cities = public_municipalities().order_by("name", "pk")
        urls = [(reverse("maps:overview"), None), (reverse("open_data:registers"), None)]
        for path, register, updated in cities.values_list(
            layers.page_url("maps:city", F("slug")),
            layers.page_url("open_data:register", F("slug")),
            "updated_at",
        ):
            urls += [(path, updated), (register, updated)]
    elif section == "assets":
        urls = (
            public_assets()
            .order_by("reference")
            .values_list(layers.page_url("maps:asset", F("reference")), "updated_at")[
                start : start + SITEMAP_MAX_URLS
            ]
        )
    else:
        urls = (
            public_projects()
            .order_by("id")
            .values_list(layers.page_url("maps:project", F("id")), "updated_at")[
                start : start + SITEMAP_MAX_URLS
            ]
        )
    urls = list(urls)
    if page > 1 and not urls:
        raise Http404("No such sitemap part")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for path, updated in urls:
        lastmod = f"<lastmod>{localdate(updated):%Y-%m-%d}</lastmod>" if updated else ""
        lines.append(f"<url><loc>{xml_escape(base + path)}</loc>{lastmod}</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines)
