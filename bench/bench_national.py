"""National scale: every Italian municipality published, the national files imported, every public
path measured against its floor in one run (`python -m bench national`). docs/performance.md keeps
the last run.

BENCH_NATIONAL_ONLY=pages,tiles runs only the named measurements (pages, compression, cache,
tiles, ogc, bbox_growth, lists, throughput, competitors, import) to iterate faster; the default is
all.

The database (DATABASE_URL's name + "_national") is built through the documented commands
(docs/open-data.md): migrate, createcachetable, load_municipalities --publish, then the five
import_assets runs; every run then VACUUM ANALYZEs it, as autovacuum would. BENCH_NATIONAL_REUSE=1
keeps an existing one that is already complete.
Each measurement prints the app's time, its floor (the same SQL run directly, or a plain
ST_AsMVT / COPY) and the ratio, with the issue's target in the note. Times are medians.
"""

import gzip
import io
import math
import os
import re
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from bench.bench_layers import app_server, median_ms, row, wrk_requests_per_second

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 5
PAGE_REPEAT = 21
# A tile takes about a millisecond: a median of 5 moved by 30% between runs.
TILE_REPEAT = 51
CITY_BBOX = (13.30, 38.08, 13.40, 38.16)  # Palermo's centre
BIG_CITY, SMALL_CITY = "palermo", "cefalu"
TILE_CENTRE = (13.36, 38.12)
TILE_ZOOMS = (8, 10, 12)
GROWN_SOURCE = "BENCH-GROWN"
IMPORTS = (
    ("sod14-anbsc-2014/beni_immobili_2014.csv", "anbsc-2014"),
    ("toscana-beni-confiscati/beniconfiscatiXall.csv", "toscana"),
    ("anbsc-openregio/immobili_in_gestione.csv", "anbsc-immobili"),
    ("anbsc-openregio/aziende_in_gestione.csv", "anbsc-aziende"),
    ("anbsc-openregio/aziende_destinate.csv", "anbsc-aziende-destinate"),
)


def _database_url(name):
    from django.conf import settings

    return settings.DATABASE_URL.rsplit("/", 1)[0] + f"/{name}"


def _manage(name, *args):
    env = {**os.environ, "DATABASE_URL": _database_url(name), "DEBUG": "true"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def _is_complete():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM assets_registry_municipality WHERE is_published), "
            "(SELECT count(*) FROM assets_registry_asset)"
        )
        published, assets = cursor.fetchone()
    return published >= 7898 and assets >= 30_000


@contextmanager
def national_database(data):
    """Point Django's connection at the national database, built unless reused."""
    from django.db import connection

    original = connection.settings_dict["NAME"]
    name = f"{original}_national"
    built = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
    reuse = exists and os.environ.get("BENCH_NATIONAL_REUSE") == "1"
    if not reuse:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        if reuse and not _is_complete():
            raise SystemExit(f"{name} is incomplete: run without BENCH_NATIONAL_REUSE")
        if not reuse:
            with connection.cursor() as cursor:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            connection.close()
            built.append(("migrate", _manage(name, "migrate", "--no-input")))
            built.append(("createcachetable", _manage(name, "createcachetable")))
            boundaries = Path(data) / "italy-comuni-istat" / "comuni_2023_simplified.geojson"
            built.append(
                (
                    "load_municipalities --publish (7,898)",
                    _manage(
                        name,
                        "load_municipalities",
                        str(boundaries),
                        "--preset",
                        "istat",
                        "--publish",
                    ),
                )
            )
            for path, preset in IMPORTS:
                seconds = _manage(
                    name,
                    "import_assets",
                    str(Path(data) / path),
                    "--preset",
                    preset,
                    "--commit",
                    "--skip-bad-rows",
                )
                built.append((f"import_assets {Path(path).name}", seconds))
        # As autovacuum leaves a database after bulk loads (this server runs without it): with no
        # page marked all-visible, index-only scans cost a heap fetch per row and the planner
        # read the whole municipality table (12 MB) for every tile and city page instead.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        yield name, built, reuse
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original


def _clear_caches():
    from django.core.cache import cache

    from maps.http import forget_recent

    cache.clear()
    forget_recent()


def _gzip_size(body):
    return len(gzip.compress(body, compresslevel=6))


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _serve(url, **environ):
    """GET `url` with gzip accepted through config.wsgi.application, as gunicorn calls it; the
    body. Server times are taken this way, not with Django's test client: the client skips the
    request signals (the connection's health check, a round trip on every request in production)
    and adds its own bookkeeping (signal receivers connected for each request)."""
    from config.wsgi import application

    path, _, query = url.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT_ENCODING": "gzip",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        **environ,
    }
    statuses = []
    body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        content = b"".join(body)
    finally:
        body.close()
    assert statuses[0].startswith("200 "), (url, statuses[0])
    return content


def _alternating_medians(repeat, *functions, before=None):
    """Median milliseconds of each function, run in turn `repeat` times (after `before`, not
    timed, at each turn): a ratio of two of them is not moved by the machine getting slower or
    faster between one series and the next (2 cores shared with other jobs)."""
    times = [[] for _ in functions]
    for _ in range(repeat):
        for function, series in zip(functions, times, strict=True):
            if before is not None:
                before()
            started = time.perf_counter()
            function()
            series.append((time.perf_counter() - started) * 1000)
    return [statistics.median(series) for series in times]


def _queries_and_time(client, url):
    """(median server time in ms, median time of the same queries run directly, query count)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200, (url, response.status_code)
    statements = [q["sql"] for q in captured.captured_queries]

    def run_sql():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    # Pages and their queries take a few milliseconds: medians of 21, not 5, for both, so that
    # one slow request (a garbage collection, the other core busy) does not decide the ratio.
    _serve(url)
    server, sql = _alternating_medians(PAGE_REPEAT, lambda: _serve(url), run_sql)
    return server, sql, len(statements), response


def _static_bytes(html):
    """Compressed size of the scripts and styles a page links (as WhiteNoise serves them)."""
    from django.contrib.staticfiles import finders

    total = 0
    for url in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        path = finders.find(url)
        if path:
            total += _gzip_size(Path(path).read_bytes())
    return total


def _tile_of(lon, lat, z):
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def measure_pages(client):
    rows = []
    for label, url, target in (
        ("overview /", "/", "<= 3x"),
        (f"city page /cities/{BIG_CITY}/", f"/cities/{BIG_CITY}/", "<= 3x"),
        (f"city page /cities/{SMALL_CITY}/", f"/cities/{SMALL_CITY}/", "<= 3x"),
        ("dashboard /stats/", "/stats/", "cached board: rendering, not SQL"),
    ):
        server, sql, count, response = _queries_and_time(client, url)
        html = gzip.decompress(response.content) if response.get("Content-Encoding") else None
        html = html if html is not None else response.content
        rows += [
            row(f"{label}: server time", f"{server:.1f}", "ms", f"{count} queries"),
            row(f"{label}: its queries run directly", f"{sql:.1f}", "ms"),
            row(f"{label}: server / queries", f"{server / sql:.2f}", "x", target),
            row(
                f"{label}: HTML",
                f"{len(html) / 1000:.1f}",
                "KB",
                f"{len(response.content) / 1000:.1f} KB gzipped"
                + ("; target <= 150 KB" if url in ("/", "/stats/") else ""),
            ),
        ]
        # First load over the wire: the page, its scripts and styles, and the data its map
        # fetches at the first view, all compressed; base-map tiles excepted.
        text = html.decode()
        wire = len(response.content) + _static_bytes(text)
        fetched = []
        if url == "/":
            fetched = ["/layers/cities.geojson", "/layers/reuse-projects.geojson"]
            x0, y1 = _tile_of(6.6, 35.5, 5)
            x1, y0 = _tile_of(18.6, 47.1, 5)
            fetched += [
                f"/tiles/assets/5/{x}/{y}.pbf" for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)
            ]
        elif url.startswith("/cities/"):
            slug = url.split("/")[2]
            fetched = [
                f"/layers/assets.geojson?city={slug}",
                f"/layers/reuse-projects.geojson?city={slug}",
            ]
        for data_url in fetched:
            data = client.get(data_url, HTTP_ACCEPT_ENCODING="gzip")
            body = _body(data)
            wire += len(body) if data.get("Content-Encoding") else _gzip_size(body)
        rows.append(
            row(
                f"{label}: first load over the wire",
                f"{wire / 1000:.0f}",
                "KB",
                f"HTML + scripts + {len(fetched)} data requests, gzip; target <= 500 KB",
            )
        )
    return rows


def measure_compression(client):
    rows = []
    for label, url in (
        ("HTML", f"/cities/{BIG_CITY}/"),
        ("GeoJSON", "/layers/assets.geojson"),
        ("JSON", f"/cities/{BIG_CITY}/register/?format=json"),
        ("CSV (streamed)", "/exports/assets.csv"),
    ):
        plain = _body(client.get(url))
        packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        body = _body(packed)
        rows.append(
            row(
                f"compression: {label}",
                f"{len(plain) / max(1, len(body)):.1f}",
                "x smaller",
                f"{url}: {len(plain) / 1e6:.2f} MB -> {len(body) / 1e6:.2f} MB, "
                f"Content-Encoding {packed.get('Content-Encoding', 'none')}",
            )
        )
    return rows


def measure_cache(client):
    from django.conf import settings

    url = "/layers/assets.geojson"
    _clear_caches()
    started = time.perf_counter()
    first = _serve(url)
    cold = (time.perf_counter() - started) * 1000
    hit = median_ms(lambda: _serve(url))
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return [
        row("shared cache: national asset layer, miss", f"{cold:.1f}", "ms", backend),
        row(
            "shared cache: national asset layer, hit",
            f"{hit:.1f}",
            "ms",
            f"stored gzipped: {len(first) / 1e6:.2f} MB",
        ),
    ]


def _layer_sql_ms(bbox):
    from django.db import connection

    from common.geo import Filters
    from maps import layers

    layer = layers.asset_layer("http://127.0.0.1")
    queryset = layers.filtered(layer, Filters(bbox=bbox))
    sql, params = layers.feature_collection_sql(layer, queryset)

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchone()

    return median_ms(run)


def _bbox_endpoint_ms(client):
    url = "/layers/assets.geojson?bbox=" + ",".join(map(str, CITY_BBOX))
    times = []
    for _ in range(REPEAT):
        _clear_caches()
        started = time.perf_counter()
        _serve(url)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _grow(copies):
    """Copies of every asset outside the city bbox (so the bbox's answer stays the same)."""
    from django.db import connection

    from assets_registry.models import Asset

    columns = [f.column for f in Asset._meta.concrete_fields if f.column != "id"]
    values = [
        {
            "reference": "reference || '-G' || k",
            "external_source": f"'{GROWN_SOURCE}'",
            "external_id": "external_id || '-' || id || '-' || k",
        }.get(column, f'"{column}"')
        for column in columns
    ]
    xmin, ymin, xmax, ymax = CITY_BBOX
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            f"INSERT INTO assets_registry_asset ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(values)} FROM assets_registry_asset, generate_series(1, %s) AS k "
            "WHERE external_source <> %s AND NOT coalesce(location && "
            "ST_MakeEnvelope(%s, %s, %s, %s, 4326), false)",
            [copies, GROWN_SOURCE, xmin, ymin, xmax, ymax],
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE assets_registry_asset")
        cursor.execute("SELECT count(*) FROM assets_registry_asset")
        return cursor.fetchone()[0]


def _shrink():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "DELETE FROM assets_registry_asset WHERE external_source = %s", [GROWN_SOURCE]
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("VACUUM ANALYZE assets_registry_asset")


def measure_bbox_growth(client):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM assets_registry_asset")
        small_size = cursor.fetchone()[0]
    small_sql, small_app = _layer_sql_ms(CITY_BBOX), _bbox_endpoint_ms(client)
    try:
        big_size = _grow(3)
        big_sql, big_app = _layer_sql_ms(CITY_BBOX), _bbox_endpoint_ms(client)
    finally:
        _shrink()
    prefix = "city bbox layer, uncached"
    return [
        row(
            f"{prefix}: {small_size:,} assets", f"{small_app:.1f}", "ms", f"SQL {small_sql:.1f} ms"
        ),
        row(f"{prefix}: {big_size:,} assets", f"{big_app:.1f}", "ms", f"SQL {big_sql:.1f} ms"),
        row(f"{prefix}: growth", f"{big_app / small_app:.2f}", "x", "target <= 1.2"),
        row(f"{prefix}: endpoint / SQL at {small_size:,}", f"{small_app / small_sql:.2f}", "x"),
    ]


def _plain_mvt(z, x, y):
    """The floor: one ST_AsMVT of the public points in the tile, with the same properties."""
    from django.db import connection

    from assets_registry import lifecycle

    query = """
        SELECT ST_AsMVT(t, 'assets', 4096, 'geom', 'fid') FROM (
          SELECT a.id AS fid, a.reference, a.title, a.status,
                 'http://127.0.0.1/assets/' || a.reference || '/' AS url,
                 ST_AsMVTGeom(ST_Transform(a.location, 3857), ST_TileEnvelope(%s, %s, %s),
                              4096, 64) AS geom
          FROM assets_registry_asset a
          JOIN assets_registry_municipality m ON m.id = a.municipality_id
          WHERE a.deleted_at IS NULL AND m.is_published AND a.status = ANY(%s)
            AND a.location && ST_Transform(ST_TileEnvelope(%s, %s, %s, margin => 64.0 / 4096),
                                           4326)
        ) AS t
    """
    params = [z, x, y, sorted(lifecycle.PUBLIC_STATUSES), z, x, y]

    def run():
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchone()

    return run


def measure_tiles(client):
    from maps import layers

    rows = []
    for z in TILE_ZOOMS:
        x, y = _tile_of(*TILE_CENTRE, z)
        url = f"/tiles/assets/{z}/{x}/{y}.pbf"
        layer = layers.asset_layer("http://127.0.0.1")
        # The endpoint without any cache (cleared before each request, clustered tiles being
        # kept there), the floor and the SQL path, in turn.
        cold, floor, built = _alternating_medians(
            TILE_REPEAT,
            lambda url=url: _serve(url),
            _plain_mvt(z, x, y),
            lambda z=z, x=x, y=y, layer=layer: layers.vector_tile(layer, z, x, y),
            before=_clear_caches,
        )
        cached = median_ms(lambda url=url: _serve(url), repeat=TILE_REPEAT)
        rows += [
            row(
                f"tile z{z}: vector_tile() / plain ST_AsMVT",
                f"{built / floor:.2f}",
                "x",
                f"{built:.1f} ms: the tile's SQL path, without HTTP and cache",
            ),  # fmt: skip
            row(
                f"tile z{z}: endpoint uncached",
                f"{cold:.1f}",
                "ms",
                f"plain ST_AsMVT {floor:.1f} ms",
            ),
            row(
                f"tile z{z}: uncached / plain ST_AsMVT", f"{cold / floor:.2f}", "x", "target <= 1.3"
            ),
            row(
                f"tile z{z}: second request",
                f"{cached:.1f}",
                "ms",
                "from the shared cache" if z < layers.CLUSTER_BELOW_ZOOM else "built again",
            ),
        ]
    return rows


def measure_ogc(client):
    bbox = ",".join(map(str, CITY_BBOX))
    url = f"/ogc/collections/assets/items?bbox={bbox}&limit=100"
    server, sql, count, _response = _queries_and_time(client, url)
    return [
        row("OGC items, city bbox, limit 100", f"{server:.1f}", "ms", f"{count} queries"),
        row("OGC items: server / queries", f"{server / sql:.2f}", "x"),
    ]


# Lists that grew with the number of municipalities (7,898 registers, 18,148 public assets):
# (label, URL, whether it is cached by data version).
NATIONAL_LISTS = (
    ("registers, first page", "/registers/", False),
    ("registers, a search", "/registers/?q=san", False),
    ("open calls", "/calls/", False),
    ("sitemap, assets part", "/sitemap-assets-1.xml", True),
    ("sitemap, pages part", "/sitemap-pages-1.xml", True),
    ("DCAT catalogue (RDF/XML), first page", "/catalogue.rdf", True),
    ("DCAT catalogue (JSON-LD), first page", "/catalogue.jsonld", True),
)


def measure_lists(client):
    """The pages and documents that listed every municipality or every public asset, and a
    national administrator's staff list; cold (caches cleared) and, if cached, warm."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    rows = []
    for label, url, cached in NATIONAL_LISTS:
        colds = []
        for _ in range(3):
            _clear_caches()
            started = time.perf_counter()
            body = _serve(url)
            colds.append((time.perf_counter() - started) * 1000)
        size = f"{len(body) / 1000:.1f} KB gzipped, {len(gzip.decompress(body)) / 1e6:.2f} MB"
        if cached:
            warm = median_ms(lambda url=url: _serve(url), repeat=PAGE_REPEAT)
            rows += [
                row(f"{label}: cold", f"{statistics.median(colds):.1f}", "ms", size),
                row(f"{label}: from the cache", f"{warm:.1f}", "ms", "by data version"),
            ]
        else:
            rows.append(row(label, f"{statistics.median(colds):.1f}", "ms", size))
    admin, _created = get_user_model().objects.get_or_create(username="bench-national-admin")
    admin.user_permissions.add(Permission.objects.get(codename="national_administrator"))
    client.force_login(admin)
    session = f"sessionid={client.cookies['sessionid'].value}"
    staff = median_ms(lambda: _serve("/staff/assets/", HTTP_COOKIE=session))
    body = _serve("/staff/assets/", HTTP_COOKIE=session)
    rows.append(
        row(
            "staff asset list, national administrator",
            f"{staff:.1f}",
            "ms",
            f"{len(body) / 1000:.1f} KB gzipped, {len(gzip.decompress(body)) / 1e6:.2f} MB",
        )
    )
    client.logout()
    return rows


def measure_throughput(database):
    import urllib.request

    bbox = ",".join(map(str, CITY_BBOX))
    rows = []
    with app_server(database) as base:
        url = f"{base}/layers/assets.geojson?bbox={bbox}"
        # Waits for the workers to boot and fills the shared cache, as a running site has it.
        urllib.request.urlopen(url, timeout=120).read()  # noqa: S310 - our own server
        # Each worker loads the app on its first request: a first wrk run, not counted.
        wrk_requests_per_second(url)
        for label, headers in (("gzip", ("Accept-Encoding: gzip",)), ("plain", ())):
            measured = wrk_requests_per_second(url, headers=headers)
            if measured is None:
                return [row("wrk city bbox layer", "-", "", "wrk not installed")]
            rps, errors = measured
            rows.append(
                row(
                    f"wrk city bbox layer, {label} (gunicorn, 2 workers)",
                    f"{rps:.0f}",
                    "req/s",
                    f"{errors} errors",
                )
            )
    return rows


COMPARISON_TABLE = "bench_public_assets"
PYGEOAPI_VENV = ROOT / ".local" / "bench-venv"
TIPG_VENV = ROOT / ".local" / "bench-venv-tipg"
PYGEOAPI_CONFIG = """
server:
  bind: {{host: 127.0.0.1, port: {port}}}
  url: http://127.0.0.1:{port}
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  language: en-US
  limits: {{default_items: 100, max_items: 10000}}
  map: {{url: "https://tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png", attribution: OSM}}
logging: {{level: ERROR}}
metadata:
  identification: {{title: bench, description: bench, keywords: [bench], keywords_type: theme,
                   terms_of_service: none, url: "http://127.0.0.1"}}
  license: {{name: CC-BY 4.0, url: "https://creativecommons.org/licenses/by/4.0/"}}
  provider: {{name: bench, url: "http://127.0.0.1"}}
  contact: {{name: bench}}
resources:
  assets:
    type: collection
    title: assets
    description: the registry's public assets, copied into one table
    keywords: [assets]
    extents:
      spatial: {{bbox: [6, 35, 19, 48], crs: "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}}
    providers:
      - type: feature
        name: PostgreSQL
        data: {{host: {host}, port: {db_port}, dbname: {dbname}, user: {user},
               password: "{password}", search_path: [public]}}
        id_field: id
        table: {table}
        geom_field: geom
"""


def _comparison_table():
    """The public asset layer's rows and properties as one plain table, for pygeoapi and tipg
    (they serve tables, not the registry's selectors)."""
    from django.db import connection

    from assets_registry.public import public_assets

    queryset = public_assets().filter(location__isnull=False).values_list("pk", flat=True)
    ids_sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {COMPARISON_TABLE}")
        cursor.execute(
            f"CREATE TABLE {COMPARISON_TABLE} AS SELECT a.id, a.reference, a.title, a.kind, "  # noqa: S608
            "a.category, a.subcategory, a.address, a.status, a.status_date, "
            "a.location_precision, a.floor_area_m2, a.land_area_m2, m.slug AS municipality, "
            "a.location AS geom FROM assets_registry_asset a "
            "JOIN assets_registry_municipality m ON m.id = a.municipality_id "
            f"WHERE a.id IN ({ids_sql})",
            params,
        )
        cursor.execute(f"ALTER TABLE {COMPARISON_TABLE} ADD PRIMARY KEY (id)")
        cursor.execute(f"CREATE INDEX ON {COMPARISON_TABLE} USING gist (geom)")
        cursor.execute(f"ANALYZE {COMPARISON_TABLE}")


@contextmanager
def _server(command, env, port):
    import socket

    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        for _ in range(600):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


def _competitor(name, base, path):
    """Latency of one request and wrk throughput against another server's city bbox items."""
    import urllib.request

    url = base + path
    body = urllib.request.urlopen(url, timeout=120).read()  # noqa: S310 - local server
    latency = median_ms(lambda: urllib.request.urlopen(url, timeout=120).read())  # noqa: S310
    wrk_requests_per_second(url)  # warms every worker, as for the registry
    rows = [
        row(f"{name}: city bbox items, one request", f"{latency:.1f}", "ms", f"{len(body)} bytes")
    ]
    measured = wrk_requests_per_second(url, headers=("Accept-Encoding: gzip",))
    if measured:
        rows.append(row(f"{name}: wrk city bbox items", f"{measured[0]:.0f}", "req/s"))
    return rows, (measured[0] if measured else None)


def measure_competitors(database, ours_rps):
    """pygeoapi 0.21 and tipg 1.6 on the same rows, if their virtualenvs exist (docs/performance.md
    says how to make them); each as 2 workers like the registry's gunicorn."""
    from django.conf import settings

    from bench.bench_layers import free_port

    bbox = ",".join(map(str, CITY_BBOX))
    rows = []
    _comparison_table()
    db = settings.DATABASES["default"]
    database_url = _database_url(database).replace("postgis://", "postgresql://")
    if (PYGEOAPI_VENV / "bin" / "pygeoapi").exists():
        import tempfile

        port = free_port()
        with tempfile.TemporaryDirectory() as folder:
            config = Path(folder) / "pygeoapi.yml"
            openapi = Path(folder) / "openapi.yml"
            config.write_text(
                PYGEOAPI_CONFIG.format(
                    port=port,
                    host=db["HOST"] or "127.0.0.1",
                    db_port=db["PORT"] or 5432,
                    dbname=database,
                    user=db["USER"],
                    password=db["PASSWORD"] or "",
                    table=COMPARISON_TABLE,
                )
            )
            env = {
                "PATH": os.environ["PATH"],
                "PYGEOAPI_CONFIG": str(config),
                "PYGEOAPI_OPENAPI": str(openapi),
            }
            subprocess.run(
                [PYGEOAPI_VENV / "bin" / "pygeoapi", "openapi", "generate", str(config),
                 "--output-file", str(openapi)],
                env=env, check=True, capture_output=True,
            )  # fmt: skip
            command = [PYGEOAPI_VENV / "bin" / "gunicorn", "pygeoapi.flask_app:APP", "-w", "2",
                       "-b", f"127.0.0.1:{port}"]  # fmt: skip
            with _server(command, env, port) as base:
                found, rps = _competitor(
                    "pygeoapi 0.21",
                    base,
                    f"/collections/assets/items?bbox={bbox}&limit=10000&f=json",
                )
            rows += found
            if rps and ours_rps:
                rows.append(row("registry / pygeoapi throughput", f"{ours_rps / rps:.1f}", "x",
                                "target >= 10"))  # fmt: skip
    else:
        rows.append(row("pygeoapi 0.21", "-", "", f"no {PYGEOAPI_VENV.name} virtualenv"))
    if (TIPG_VENV / "bin" / "uvicorn").exists():
        port = free_port()
        env = {"PATH": os.environ["PATH"], "DATABASE_URL": database_url}
        command = [TIPG_VENV / "bin" / "uvicorn", "tipg.main:app", "--workers", "2",
                   "--port", str(port), "--log-level", "error"]  # fmt: skip
        with _server(command, env, port) as base:
            found, rps = _competitor(
                "tipg 1.6",
                base,
                f"/collections/public.{COMPARISON_TABLE}/items?bbox={bbox}&limit=10000",
            )
        rows += found
        if rps and ours_rps:
            rows.append(row("registry / tipg throughput", f"{ours_rps / rps:.1f}", "x"))
    else:
        rows.append(row("tipg 1.6", "-", "", f"no {TIPG_VENV.name} virtualenv"))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {COMPARISON_TABLE}")
    return rows


def measure_import(options):
    from bench import bench_import

    return bench_import.run(options)


def run(options):
    from django.conf import settings
    from django.test import Client

    # The app as production runs it, DEBUG off (Django's test runner turns it off too): with it
    # on, every query goes through the debug cursor's log, on the pages and on their floors alike.
    settings.DEBUG = False
    client = Client(HTTP_HOST="127.0.0.1")
    only = set(filter(None, os.environ.get("BENCH_NATIONAL_ONLY", "").split(",")))

    def wanted(name):
        return not only or name in only

    rows = []
    with national_database(options.data) as (database, built, reused):
        if reused:
            rows.append(row("national database", "reused", "", "BENCH_NATIONAL_REUSE=1"))
        for step, seconds in built:
            rows.append(row(f"build: {step}", f"{seconds:.1f}", "s"))
        for section in (
            measure_pages,
            measure_compression,
            measure_cache,
            measure_tiles,
            measure_ogc,
            measure_bbox_growth,
            measure_lists,
        ):
            if wanted(section.__name__.removeprefix("measure_")):
                print(f"  {section.__name__} ...", file=sys.stderr)
                rows += section(client)
        throughput = []
        if wanted("throughput"):
            print("  throughput ...", file=sys.stderr)
            throughput = measure_throughput(database)
            rows += throughput
        if wanted("competitors"):
            print("  pygeoapi and tipg ...", file=sys.stderr)
            ours = next((float(r["value"]) for r in throughput if ", gzip" in r["benchmark"]), None)
            rows += measure_competitors(database, ours)
        if wanted("import"):
            print("  import ...", file=sys.stderr)
            rows += measure_import(options)
    return rows
