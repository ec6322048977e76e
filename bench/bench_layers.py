"""Public GeoJSON layers and OGC items at 1k, 20k and 100k assets: endpoint vs the same SQL, wrk.

Runs in a throwaway database (created next to DATABASE_URL's, migrated, dropped at the end), filled
with SQL: a published region around Palermo with a dense city centre, an unpublished municipality,
and one reuse project for every twentieth public asset. Times are medians of REPEAT runs.
"""

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

SCALES = (1_000, 20_000, 100_000)
REPEAT = 5
CITY_BBOX = "13.30,38.08,13.40,38.16"  # about Palermo's centre
WRK_SECONDS = 5

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def throwaway_database():
    """Point Django's default connection at a new, migrated database; drop it afterwards."""
    from django.core.management import call_command
    from django.db import connection

    original = connection.settings_dict["NAME"]
    name = f"{original}_bench_maps"
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


def create_municipalities():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO assets_registry_municipality (name, country, code, slug, region, province,
                boundary, representative_point, is_published, published_at, last_asset_number,
                created_at, updated_at)
            VALUES
              ('Benchland', 'IT', 'BENCH1', 'benchland', 'Sicilia', '',
               ST_Multi(ST_MakeEnvelope(12.4, 37.0, 15.7, 38.3, 4326)),
               ST_SetSRID(ST_MakePoint(13.36, 38.11), 4326), true, now(), 0, now(), now()),
              ('Hiddenland', 'IT', 'BENCH2', 'hiddenland', 'Campania', '',
               ST_Multi(ST_MakeEnvelope(14.0, 40.7, 14.5, 41.0, 4326)),
               ST_SetSRID(ST_MakePoint(14.25, 40.85), 4326), false, NULL, 0, now(), now())
            """
        )
        cursor.execute(
            """
            INSERT INTO reuse_projects_organisation (name, legal_form, registration_number, country,
                address, contact_name, contact_email, contact_phone, website, description,
                created_at, updated_at)
            VALUES ('Bench cooperative', 'social_cooperative', 'BENCH-ORG', 'IT', '', '',
                    'bench@example.org', '', '', '', now(), now())
            """
        )


def grow_to(total, current):
    """Insert assets current+1..total with SQL (history triggers off for the bulk load)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            """
            INSERT INTO assets_registry_asset (reference, external_source, external_id, kind,
                category, subcategory, title, description, address, location, location_precision,
                cadastral_reference, condition, occupancy, court, case_number, procedure_type,
                internal_notes, status, status_date, version, created_at, updated_at,
                municipality_id, floor_area_m2)
            SELECT 'BENCH-' || i, '', '', 'building_unit', 'Unità immobiliare', 'Appartamento',
                'Asset ' || i, '', 'Via Roma ' || i,
                CASE
                  WHEN i %% 20 = 0 THEN ST_SetSRID(ST_MakePoint(14.0 + random() * 0.5,
                                                               40.7 + random() * 0.3), 4326)
                  WHEN i %% 10 = 1 THEN ST_SetSRID(ST_MakePoint(13.30 + random() * 0.10,
                                                              38.08 + random() * 0.08), 4326)
                  ELSE ST_SetSRID(ST_MakePoint(12.4 + random() * 3.3, 37.0 + random() * 1.3), 4326)
                END,
                'exact', '', 'unknown', 'unknown', 'Tribunale', 'RG ' || i, '', 'internal',
                (ARRAY['confiscated_final', 'allocated', 'delivered', 'seized',
                       'confiscated_appeal'])[1 + i %% 5],
                date '2020-01-01', 1, now(), now(),
                (SELECT id FROM assets_registry_municipality
                 WHERE slug = CASE WHEN i %% 20 = 0 THEN 'hiddenland' ELSE 'benchland' END),
                70
            FROM generate_series(%s, %s) AS i
            """,
            [current + 1, total],
        )
        cursor.execute(
            """
            INSERT INTO reuse_projects_reuseproject (use_category, title, description, deed_number,
                concession_object, status, status_reason, reporting_interval_months,
                is_good_practice, created_at, updated_at, asset_id, organisation_id, starts_on)
            SELECT (ARRAY['culture', 'sport', 'social_housing', 'agriculture_food'])[1 + a.id % 4],
                'Project on ' || a.reference, '', 'REP ' || a.id, '', 'active', '', 12, false,
                now(), now(), a.id, (SELECT id FROM reuse_projects_organisation LIMIT 1),
                date '2021-01-01'
            FROM assets_registry_asset a
            WHERE a.id > (SELECT coalesce(max(asset_id), 0) FROM reuse_projects_reuseproject)
              AND a.status IN ('allocated', 'delivered') AND a.id % 4 = 1
            """
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        # Replica mode skipped every trigger, the data version's too: bump it as a write would.
        cursor.execute(
            "INSERT INTO maps_dataversion (id, version, changed_at) VALUES (1, 1, now()) "
            "ON CONFLICT (id) DO UPDATE "
            "SET version = maps_dataversion.version + 1, changed_at = now()"
        )
        cursor.execute("ANALYZE")


def median_ms(function, repeat=REPEAT):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def direct_sql(query, params):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchone()

    return run


def row(benchmark, value, unit, note=""):
    return {"benchmark": benchmark, "value": value, "unit": unit, "note": note}


def measure_layers(size, client):
    from django.core.cache import cache
    from django.http import QueryDict

    from maps import layers
    from maps.http import forget_recent

    rows = []
    for label, query in (("all", ""), ("city bbox", f"bbox={CITY_BBOX}")):
        layer = layers.asset_layer("http://127.0.0.1")
        filters = layers.parse_layer_filters(QueryDict(query), layer)
        queryset = layers.filtered(layer, filters)
        url = f"/layers/assets.geojson?{query}"
        response = client.get(url)
        assert response.status_code == 200, response.content[:200]
        features = response.content.count(b'"type" : "Feature"')
        cold = median_ms(lambda url=url: (cache.clear(), forget_recent(), client.get(url)))
        cached = median_ms(lambda url=url: client.get(url))
        sql = median_ms(direct_sql(*layers.feature_collection_sql(layer, queryset)))
        note = f"{features} features, {len(response.content) / 1e6:.1f} MB"
        prefix = f"{size:>7} assets: layer {label}"
        rows += [
            row(f"{prefix}, endpoint (cache cleared)", f"{cold:.1f}", "ms", note),
            row(f"{prefix}, same SQL direct", f"{sql:.1f}", "ms"),
            row(f"{prefix}, endpoint/SQL", f"{cold / sql:.2f}", "x", "target <= 1.5"),
            row(f"{prefix}, endpoint (cached)", f"{cached:.1f}", "ms", "bodies up to 4 MB"),
        ]
        etag = response["ETag"]
        revalidate = median_ms(lambda url=url, etag=etag: client.get(url, HTTP_IF_NONE_MATCH=etag))
        rows.append(
            row(f"{size:>7} assets: layer {label}, 304 revalidation", f"{revalidate:.1f}", "ms")
        )
    items = f"/ogc/collections/assets/items?bbox={CITY_BBOX}&limit=100"
    assert client.get(items).status_code == 200
    rows.append(
        row(
            f"{size:>7} assets: OGC items, city bbox, limit 100",
            f"{median_ms(lambda: client.get(items)):.1f}",
            "ms",
        )
    )
    return rows


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def app_server(database):
    """gunicorn (2 workers, as many as cores) on 127.0.0.1 serving the throwaway database."""
    from django.conf import settings

    port = free_port()
    url = settings.DATABASE_URL.rsplit("/", 1)[0] + f"/{database}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        # Plain HTTP on loopback.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        # Up to a minute: on a busy machine the workers take a while to import Django.
        for _ in range(600):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def wrk_requests_per_second(url, *, headers=()):
    if shutil.which("wrk") is None:
        return None
    extra = [arg for header in headers for arg in ("-H", header)]
    result = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{WRK_SECONDS}s", *extra, url],
        capture_output=True,
        text=True,
        timeout=WRK_SECONDS + 30,
        check=True,
    )
    match = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    return float(match.group(1)), int(non_2xx.group(1)) if non_2xx else 0


def run(options):
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    with throwaway_database() as database:
        create_municipalities()
        current = 0
        for size in SCALES:
            grow_to(size, current)
            current = size
            rows += measure_layers(size, client)
            with app_server(database) as base:
                measured = wrk_requests_per_second(f"{base}/layers/assets.geojson?bbox={CITY_BBOX}")
            if measured is None:
                rows.append(
                    row(
                        f"{size:>7} assets: wrk", "-", "", "wrk not installed (apt-get install wrk)"
                    )
                )
            else:
                rps, errors = measured
                rows.append(
                    row(
                        f"{size:>7} assets: wrk city bbox layer",
                        f"{rps:.0f}",
                        "req/s",
                        f"{WRK_SECONDS}s, 8 connections, gunicorn 2 workers, {errors} errors",
                    )
                )
    return rows
