"""Public map layers built in PostGIS: GeoJSON FeatureCollections and Mapbox vector tiles.

Each layer starts from a selector of assets_registry.public or reuse_projects.public and names
its properties explicitly, so a field outside the allow-list cannot reach a layer. The JSON and
the tiles are made by PostgreSQL in one query: a Python serializer per feature was measured 38x
slower.
"""

import functools
import hashlib
import re
from dataclasses import dataclass

import psycopg
from django.db import connections, router
from django.db.models import CharField, Count, Exists, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import reverse
from psycopg.types.numeric import Int4

from assets_registry import lifecycle
from assets_registry.public import located_public_assets, public_assets, public_municipalities
from common.geo import bbox_polygon, parse_filters
from maps.models import DataVersion
from reuse_projects.models import UseCategory
from reuse_projects.public import PUBLIC_PROJECT_STATUSES, located_public_projects, public_projects

ASSET_STATUSES = frozenset(lifecycle.PUBLIC_STATUSES)
PROJECT_STATUSES = frozenset(PUBLIC_PROJECT_STATUSES)
USE_CATEGORIES = frozenset(UseCategory.values)

# Below this zoom, tiles carry one point per grid cell with the number of features it stands for.
CLUSTER_BELOW_ZOOM = 10
MVT_EXTENT = 4096
MVT_BUFFER = 64
WEB_MERCATOR_WIDTH_M = 40075016.685578488

_PROPERTY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Layer:
    """A public layer: which rows, what each feature says, where its geometry is."""

    name: str
    title: str
    description: str
    queryset: object
    properties: dict
    tile_properties: tuple
    geometry: str
    statuses: frozenset
    # The municipality's slug, for the `city` filter.
    city_field: str
    # Decimals of the GeoJSON coordinates: 6 is about 10 cm.
    precision: int = 6
    # The scheme and host that the `url` properties start with.
    base_url: str = ""

    def __post_init__(self):
        # Property names are written into SQL as JSON keys and column names. Not an assert:
        # asserts vanish under `python -O`.
        for name in self.properties:
            if not _PROPERTY_NAME.match(name):
                raise ValueError(f"layer {self.name!r}: property name {name!r} is not SQL-safe")


def page_url(url_name, key, base_url=""):
    """The link to the public page `url_name` of `key` written by the SQL: the layers' `url`
    property, the city page's lists and the sitemaps (a {% url %} per row cost 19 microseconds,
    62 on Palermo's page, bench national). The keys are references, slugs and ids: nothing to
    quote."""
    before, after = _path_around_key(url_name)
    return Concat(
        Value(f"{base_url}{before}"),
        Cast(key, CharField()),
        Value(after),
        output_field=CharField(),
    )


# A key every one of these URL patterns accepts (a reference, a slug, an id).
_PLACEHOLDER = "999999999"


@functools.cache
def _path_around_key(url_name):
    """(what comes before the key, what comes after it) in `url_name`'s path, reversed once."""
    before, _, after = reverse(url_name, args=[_PLACEHOLDER]).partition(_PLACEHOLDER)
    return before, after


def asset_layer(base_url=""):
    return Layer(
        name="assets",
        title="Confiscated assets",
        description=(
            "Assets confiscated for good from organised crime, with a known location, in the "
            "municipalities that publish their register."
        ),
        queryset=located_public_assets(),
        properties={
            "reference": F("reference"),
            "title": F("title"),
            "kind": F("kind"),
            "category": F("category"),
            "subcategory": F("subcategory"),
            "address": F("address"),
            "status": F("status"),
            "status_date": F("status_date"),
            "location_precision": F("location_precision"),
            "floor_area_m2": F("floor_area_m2"),
            "land_area_m2": F("land_area_m2"),
            "municipality": F("municipality__slug"),
            "url": page_url("maps:asset", F("reference"), base_url),
        },
        tile_properties=("reference", "title", "status", "url"),
        geometry="location",
        statuses=ASSET_STATUSES,
        city_field="municipality__slug",
        base_url=base_url,
    )


def project_layer(base_url=""):
    return Layer(
        name="reuse-projects",
        title="Social reuse projects",
        description=(
            "Concessions of confiscated assets to organisations for social reuse: the "
            "concessionaire, the use, the deed and the duration, as the law requires."
        ),
        queryset=located_public_projects(),
        properties={
            "title": F("title"),
            "use_category": F("use_category"),
            "status": F("status"),
            "organisation": F("organisation__name"),
            "asset_reference": F("asset__reference"),
            "municipality": F("asset__municipality__slug"),
            "deed_number": F("deed_number"),
            "deed_date": F("deed_date"),
            "starts_on": F("starts_on"),
            "ends_on": F("ends_on"),
            "url": page_url("maps:project", F("id"), base_url),
        },
        tile_properties=("title", "use_category", "status", "url"),
        geometry="asset__location",
        statuses=PROJECT_STATUSES,
        city_field="asset__municipality__slug",
        base_url=base_url,
    )


LAYERS = {"assets": asset_layer, "reuse-projects": project_layer}


def parse_layer_filters(params, layer, *, allow=("city", "status", "use", "bbox")):
    """A public layer's filters from a query string (common.geo.parse_filters, strictly)."""
    return parse_filters(
        params,
        statuses=layer.statuses,
        uses=USE_CATEGORIES,
        city_allowed=lambda slug: public_municipalities().filter(slug=slug).exists(),
        allow=allow,
    )


def filtered(layer, filters):
    queryset = layer.queryset
    if filters.city:
        queryset = queryset.filter(**{layer.city_field: filters.city})
    if filters.statuses:
        queryset = queryset.filter(status__in=filters.statuses)
    if filters.uses:
        if layer.name == "assets":
            with_use = public_projects().filter(asset=OuterRef("pk"), use_category__in=filters.uses)
            queryset = queryset.filter(Exists(with_use))
        else:
            queryset = queryset.filter(use_category__in=filters.uses)
    if filters.bbox:
        queryset = queryset.filter(**{f"{layer.geometry}__intersects": bbox_polygon(filters.bbox)})
    return queryset


@dataclass(frozen=True)
class LayerVersion:
    etag: str
    last_modified: object


def data_version(name, key=""):
    """ETag and Last-Modified of a response built from the public data, from the
    trigger-maintained version row.

    `name` says what the response is (a layer's name, "sitemaps", "catalogue", ...), `key` tells
    apart responses of the same data (filters, page, host). The row's timestamp is in
    the tag too, so that a version number reused after a rollback never matches older content.
    A plain primary-key read: building and compiling it through the ORM cost more than the read
    itself, on every layer, tile and OGC request (bench national).
    """
    connection = connections[router.db_for_read(DataVersion)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT version, changed_at FROM maps_dataversion WHERE id = 1")
        row = cursor.fetchone()
    return _layer_version(name, key, *(row or (0, None)))


def _layer_version(name, key, version, changed_at):
    stamp = changed_at.isoformat() if changed_at else ""
    digest = hashlib.sha256(repr((name, key, version or 0, stamp)).encode()).hexdigest()
    return LayerVersion(etag=digest[:32], last_modified=changed_at)


def _rows_sql(layer, queryset, names):
    aliases = {f"p{i}": name for i, name in enumerate(names)}
    rows = queryset.values(
        fid=F("pk"),
        geom=F(layer.geometry),
        **{alias: layer.properties[name] for alias, name in aliases.items()},
    )
    sql, params = rows.query.sql_with_params()
    return sql, params, aliases


def _feature_sql(aliases, precision=6):
    properties = ", ".join(f"'{name}', f.{alias}" for alias, name in aliases.items())
    return (
        "json_build_object('type', 'Feature', 'id', f.fid, "
        f"'geometry', ST_AsGeoJSON(f.geom, {int(precision)})::json, "
        f"'properties', json_build_object({properties}))"
    )


def feature_collection_sql(layer, queryset):
    """The one query that builds the whole layer as RFC 7946 GeoJSON text: (sql, params)."""
    sql, params, aliases = _rows_sql(layer, queryset.order_by(), list(layer.properties))
    # Only names written in this module go into the SQL text; values are parameters.
    query = (
        "SELECT json_build_object('type', 'FeatureCollection', 'features', "  # noqa: S608
        f"coalesce(json_agg({_feature_sql(aliases, layer.precision)} ORDER BY f.fid), "
        f"'[]'::json))::text FROM ({sql}) AS f"
    )
    return query, params


def features_sql(layer, queryset):
    """One GeoJSON Feature per row, as text, ordered by id: (sql, params). For streaming exports:
    the same features, properties and coordinate precision as the layer itself."""
    sql, params, aliases = _rows_sql(layer, queryset.order_by(), list(layer.properties))
    query = f"SELECT ({_feature_sql(aliases)})::text FROM ({sql}) AS f ORDER BY f.fid"  # noqa: S608
    return query, params


def feature_collection(layer, queryset):
    # The queryset's database: a read replica for public reads (common/db.py).
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(*feature_collection_sql(layer, queryset))
        return cursor.fetchone()[0]


def features_page(layer, queryset, *, limit, offset):
    """One page of features ordered by id (OGC API items): (number returned, whether more
    follow, JSON array of them). One row past the page says whether there is a next one, so no
    count of every matching row is needed."""
    page = queryset.order_by("pk")[offset : offset + limit + 1]
    sql, params, aliases = _rows_sql(layer, page, list(layer.properties))
    query = (
        "SELECT count(*), "  # noqa: S608
        "coalesce(json_agg(g.feature ORDER BY g.fid) FILTER (WHERE g.n <= %s), '[]'::json)::text "
        f"FROM (SELECT f.fid, {_feature_sql(aliases, layer.precision)} AS feature, "
        f"row_number() OVER (ORDER BY f.fid) AS n FROM ({sql}) AS f) AS g"
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(query, [limit, *params])
        rows, features = cursor.fetchone()
    return min(rows, limit), rows > limit, features


def vector_tile(layer, z, x, y):
    """One Mapbox vector tile of the layer; clustered into grid cells with counts at low zoom."""
    return vector_tile_with_version(layer, z, x, y)[1]


def vector_tile_with_version(layer, z, x, y, key=""):
    """(data_version(layer.name, key), tile): both read by one statement, so in one round trip and
    from one snapshot (the tag always names the data the tile shows).

    The tile's box is PostGIS's own ST_TileEnvelope and the points are picked with `&&` (a
    point's box overlapping the tile's is the point being in it), which the partial spatial
    index of public assets answers. The statement is compiled once per layer and kind of zoom.
    """
    clustered = z < CLUSTER_BELOW_ZOOM
    # The database the router picks for this request's reads: a replica for public tiles.
    connection = connections[layer.queryset.db]
    connection.ensure_connection()
    query = _tile_statement(layer, clustered, connection)
    if clustered:
        # Wide tiles are cached (maps.views.tile): Django's cursor, planned for each tile.
        params = [z, x, y, z, x, y, WEB_MERCATOR_WIDTH_M / 2**z / 16]
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            tile, version, changed_at = cursor.fetchone()
    else:
        tile, version, changed_at = _run_prepared(connection, query, [z, x, y, z, x, y])
    return _layer_version(layer.name, key, version, changed_at), bytes(tile)


def _run_prepared(connection, query, numbers):
    """The first row of `query`, which psycopg prepares on the server from its fifth run on a
    connection (`prepare_threshold`, config/settings.py).

    Planning a zoom-12 tile cost PostgreSQL more than running it (0.35-0.47 against 0.2-0.27 ms,
    bench national): prepared, a tile is planned once per connection. Django's own cursors bind
    on the client and never prepare, hence a psycopg cursor on Django's connection, wrapped as
    Django wraps its own: the same database errors (a 503 from common.middleware while
    PostgreSQL is down), query logging and execute wrappers. Behind PgBouncer in transaction
    mode (DATABASE_TRANSACTION_POOLING) the threshold is None and nothing is prepared.
    """
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    with wrap(raw) as cursor:
        # Int4: one statement for every tile, whatever the size of its numbers (psycopg would
        # send a small int as int2 and a large one as int4: two statements).
        cursor.execute(query, [Int4(n) for n in numbers])
        return cursor.fetchone()


@functools.lru_cache(maxsize=64)
def cached_layer(name, base_url=""):
    """The layer `name` for links to `base_url`, built once per process: tiles and page filters
    only compile its queryset or read its description, and building its querysets cost a
    quarter of the tile endpoint's time at zoom 12 (bench national). The queryset is shared
    between requests, so callers clone it (filter, values) and never evaluate it as it is."""
    return LAYERS[name](base_url)


def inlined_sql(sql, params, connection):
    """A compiled queryset's SQL with its parameters written in as literals (quoted by psycopg),
    to be kept and run again as part of a statement built once per process. The selectors' own
    values (public statuses, base URL) become constants, so the planner proves that the partial
    index of public assets holds every row. Any `%` is doubled for the statement's own params."""
    connection.ensure_connection()
    return psycopg.ClientCursor(connection.connection).mogrify(sql, params).replace("%", "%%")


def _tile_statement(layer, clustered, connection):
    return _compiled_tile_statement(layer.name, layer.base_url, clustered, connection.alias)


# Layers differ by name and host (the links in their properties): a handful of statements.
@functools.lru_cache(maxsize=64)
def _compiled_tile_statement(layer_name, base_url, clustered, database):
    layer = cached_layer(layer_name, base_url)
    connection = connections[database]
    names = [] if clustered else list(layer.tile_properties)
    sql, params, aliases = _rows_sql(layer, layer.queryset.order_by(), names)
    inner = inlined_sql(sql, params, connection)
    envelope = "ST_TileEnvelope(%s, %s, %s)"
    in_tile = (
        f"f.geom && ST_Transform(ST_TileEnvelope(%s, %s, %s, margin => {MVT_BUFFER / MVT_EXTENT}),"
        " 4326)"
    )
    mvt_geom = f"ST_AsMVTGeom(ST_Transform({{}}, 3857), {envelope}, {MVT_EXTENT}, {MVT_BUFFER})"
    name = layer.name.replace("'", "")
    if clustered:
        tile = (
            f"SELECT ST_AsMVT(t, '{name}', {MVT_EXTENT}, 'geom') FROM ("  # noqa: S608
            f"SELECT {mvt_geom.format('ST_Centroid(ST_Collect(f.geom))')} AS geom, "
            "count(*) AS count "
            f"FROM ({inner}) AS f WHERE {in_tile} "
            "GROUP BY ST_SnapToGrid(ST_Transform(f.geom, 3857), %s)"
            ") AS t WHERE t.geom IS NOT NULL"
        )
    else:
        columns = "".join(f', f.{alias} AS "{name}"' for alias, name in aliases.items())
        tile = (
            f"SELECT ST_AsMVT(t, '{name}', {MVT_EXTENT}, 'geom', 'fid') FROM ("  # noqa: S608
            f"SELECT f.fid, {mvt_geom.format('f.geom')} AS geom, 1 AS count{columns} "
            f"FROM ({inner}) AS f WHERE {in_tile}"
            ") AS t WHERE t.geom IS NOT NULL"
        )
    query = (
        "SELECT tile.mvt, v.version, v.changed_at "  # noqa: S608
        f"FROM ({tile}) AS tile(mvt) "
        "LEFT JOIN maps_dataversion AS v ON v.id = 1"
    )
    return query


def municipality_layer(base_url=""):
    return Layer(
        name="municipalities",
        title="Municipalities",
        description="Boundaries of the municipalities that publish their register.",
        queryset=public_municipalities(),
        properties={
            "name": F("name"),
            "country": F("country"),
            "code": F("code"),
            "slug": F("slug"),
            "region": F("region"),
            "province": F("province"),
            "population": F("population"),
            "url": page_url("maps:city", F("slug"), base_url),
        },
        tile_properties=("name", "slug", "url"),
        geometry="boundary",
        statuses=frozenset(),
        city_field="slug",
        base_url=base_url,
    )


def count_per_municipality(queryset, field):
    """Correlated count of `queryset` rows of each municipality (0 when none)."""
    counts = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def city_marker_layer(base_url=""):
    """One point per publishing municipality with its figures: the overview map's markers.

    Kept small because the overview loads all of them (7,898 in Italy): the browser builds the
    link from the slug, and 4 decimals (about 10 m) are plenty for a city's marker.
    """
    return Layer(
        name="cities",
        title="Publishing municipalities",
        description="A point in each municipality that publishes its register, with its figures.",
        queryset=public_municipalities().filter(representative_point__isnull=False),
        properties={
            "name": F("name"),
            "slug": F("slug"),
            "assets": count_per_municipality(public_assets(), "municipality"),
            "projects": count_per_municipality(public_projects(), "asset__municipality"),
        },
        tile_properties=("name", "slug"),
        geometry="representative_point",
        statuses=frozenset(),
        city_field="slug",
        precision=4,
    )
