"""Capacity of `make serve` (nginx, gunicorn, Redis, PostgreSQL) per public endpoint, then of the
same stack reading from one streaming replica (REPLICAS=1). Results go in docs/scaling.md.

A throwaway database (next to DATABASE_URL's, dropped at the end) gets ASSETS assets in SQL, as
bench_layers does; scripts/serve.sh serves it on its own ports and directory, so a running
`make serve` is left alone. wrk runs WRK_SECONDS per endpoint with 8 connections, on loopback;
everything is bounded: about 7 minutes in all.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench.bench_layers import CITY_BBOX, create_municipalities, grow_to, row

ASSETS = 20_000  # about the Italian agency's whole register of properties
WRK_SECONDS = 10
CONNECTIONS = 8
# Below 32768, where client sockets get their ports.
SERVE_PORT, APP_PORT, REDIS_PORT, PG_PORT = 8180, 8181, 6391, 25460
ROOT = Path(__file__).resolve().parent.parent

# Tiles a map of the city asks for when zoomed from the region down to streets.
TILES = [
    (z, x, y)
    for z, (x0, y0, span) in {8: (137, 98, 2), 10: (549, 393, 3), 12: (2198, 1575, 5)}.items()
    for x in range(x0, x0 + span)
    for y in range(y0, y0 + span)
]

ENDPOINTS = [
    ("/healthz", "health check (3 queries)"),
    ("/", "overview page"),
    ("/cities/benchland/", "city page"),
    ("/assets/BENCH-11/", "asset page"),
    ("/cities/benchland/register/", "register, HTML (every asset)"),
    ("/cities/benchland/register/?format=csv", "register, CSV (every asset)"),
    (f"/layers/assets.geojson?bbox={CITY_BBOX}", "layer, city bbox"),
    ("/layers/assets.geojson", "layer, all assets"),
    ("tiles", f"vector tiles, {len(TILES)} tiles z8-z12"),
    (f"/ogc/collections/assets/items?bbox={CITY_BBOX}&limit=100", "OGC API items, 100"),
]
# The proxy caches tiles and layers: also measured straight at gunicorn, as a cache miss costs.
DIRECT = {"tiles", f"/layers/assets.geojson?bbox={CITY_BBOX}"}


@contextmanager
def throwaway_database():
    from django.core.management import call_command
    from django.db import connection

    original = connection.settings_dict["NAME"]
    name = f"{original}_bench_serve"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        call_command("migrate", verbosity=0)
        yield name
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def spread_over_cities():
    """Benchland keeps the dense city centre (a tenth of the assets, as many as Palermo has);
    the others go to nine more published municipalities, so pages and registers are city-sized."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO assets_registry_municipality (name, country, code, slug, region, province,
                boundary, representative_point, is_published, published_at, last_asset_number,
                created_at, updated_at)
            SELECT 'Benchland ' || n, country, 'BENCH1-' || n, 'benchland-' || n, region,
                province, boundary, representative_point, true, now(), 0, now(), now()
            FROM assets_registry_municipality, generate_series(2, 10) AS n
            WHERE slug = 'benchland'
            """
        )
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            """
            UPDATE assets_registry_asset a
            SET municipality_id = m.id
            FROM assets_registry_municipality m
            WHERE m.slug = 'benchland-' || (2 + split_part(a.reference, '-', 2)::int % 9)
              AND a.municipality_id = (SELECT id FROM assets_registry_municipality
                                       WHERE slug = 'benchland')
              AND split_part(a.reference, '-', 2)::int % 10 <> 1
            """
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("UPDATE maps_dataversion SET version = version + 1, changed_at = now()")
        cursor.execute("ANALYZE")


def database_figures():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM assets_registry_asset), "
            "(SELECT count(*) FROM reuse_projects_reuseproject), "
            "(SELECT count(*) FROM assets_registry_asset a JOIN assets_registry_municipality m "
            "ON m.id = a.municipality_id WHERE m.slug = 'benchland'), "
            "pg_database_size(current_database())"
        )
        return cursor.fetchone()


@contextmanager
def serving(database_url, directory, replicas):
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SKIP_SETUP": "1",
        "SERVE_DIR": str(directory),
        "SERVE_PORT": str(SERVE_PORT),
        "APP_PORT": str(APP_PORT),
        "REDIS_PORT": str(REDIS_PORT),
        "REPLICAS": str(replicas),
        "REPLICA_PG_PORT": str(PG_PORT),
        "LOG_LEVEL": "WARNING",
    }
    serve = [str(ROOT / "scripts/serve.sh")]
    try:
        subprocess.run([*serve, "start"], cwd=ROOT, env=environment, check=True, timeout=600)
        yield
    finally:
        subprocess.run([*serve, "stop"], cwd=ROOT, env=environment, timeout=300)


def wrk(base, path, scripts):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{WRK_SECONDS}s", "--latency", "--timeout=30s"]
    if path == "tiles":
        command += ["-s", str(scripts / "tiles.lua"), base]
    else:
        command.append(base + path)
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=WRK_SECONDS + 60, check=True
    )
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", result.stdout, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", result.stdout, re.M).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    timeouts = re.search(r"timeout (\d+)", result.stdout)
    failed = (int(errors.group(1)) if errors else 0) + (int(timeouts.group(1)) if timeouts else 0)
    return rps, p50, p99, failed


def wait_until_idle(timeout=120):
    """wrk leaves requests behind in gunicorn's queue: let them finish before the next endpoint."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        start = time.monotonic()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{APP_PORT}/healthz", timeout=30):
                pass
        except OSError:
            pass
        if time.monotonic() - start < 0.2:
            return
        time.sleep(1)


def measure(label, scripts):
    rows = []
    for path, what in ENDPOINTS:
        targets = [("nginx", f"http://127.0.0.1:{SERVE_PORT}")]
        if path in DIRECT:
            targets.append(("gunicorn, no proxy cache", f"http://127.0.0.1:{APP_PORT}"))
        for via, base in targets:
            wait_until_idle()
            rps, p50, p99, errors = wrk(base, path, scripts)
            note = f"p50 {p50}, p99 {p99}" + (f", {errors} failed" if errors else "")
            rows.append(row(f"{label}: {what} ({via})", f"{rps:.1f}", "req/s", note))
            print(rows[-1], file=sys.stderr)
    return rows


def run(options):
    from django.conf import settings

    if shutil.which("wrk") is None or shutil.which("nginx") is None:
        return [row("serve", "-", "", "needs wrk and nginx: run `make serve` once to install")]
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as scripts:
        scripts = Path(scripts)
        paths = ", ".join(f'"/tiles/assets/{z}/{x}/{y}.pbf"' for z, x, y in TILES)
        (scripts / "tiles.lua").write_text(
            f"local tiles = {{{paths}}}\nlocal i = 0\n"
            "request = function()\n  i = i + 1\n"
            '  return wrk.format("GET", tiles[(i % #tiles) + 1])\nend\n'
        )
        with throwaway_database() as database:
            create_municipalities()
            grow_to(ASSETS, 0)
            spread_over_cities()
            assets, projects, in_city, size = database_figures()
            rows = [
                row("data", f"{assets}", "assets", f"{projects} reuse projects, 11 municipalities"),
                row("data", f"{in_city}", "assets", "in the measured city (Benchland)"),
                row("data", f"{size / 1e6:.0f}", "MB", "database size on disk"),
                row("machine", f"{os.cpu_count()}", "cores", f"load {os.getloadavg()[0]:.1f}"),
            ]
            url = settings.DATABASE_URL.rsplit("/", 1)[0] + f"/{database}"
            directory = ROOT / ".local" / "bench-serve"
            with serving(url, directory, replicas=0):
                rows += measure("make serve", scripts)
            with serving(url, directory, replicas=1):
                rows += measure("one replica", scripts)
            rows.append(
                row("machine", f"{os.getloadavg()[0]:.1f}", "load", "1-minute load at the end")
            )
    return rows
