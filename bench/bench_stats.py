"""/stats/ on a national-sized registry: the page's server time vs the cost of its own queries.

Runs in a throwaway database (created next to DATABASE_URL's, migrated, dropped at the end). The
ISTAT municipal boundaries of the data folder are loaded (7,898 municipalities) when present, else
a grid of square municipalities; then SCALE assets are spread over them with SQL, each with a
lifecycle of status events (one in three imported without dates, as the agency's files are),
reuse projects on a quarter of the allocated ones and a filed monitoring report per project.
Times are medians of REPEAT runs; "queries" replays the SQL the page ran, captured, directly.
"""

import statistics
import time
from contextlib import contextmanager
from pathlib import Path

SCALE = 32_000
REPEAT = 5
PAGES = (
    ("all, by municipality", ""),
    ("by region", "level=region"),
    ("one city", "municipality=palermo"),
    ("period 2015-2020, land", "year_from=2015&year_to=2020&kind=land"),
    ("one chart as CSV", "csv=comparison&level=province"),
)


@contextmanager
def throwaway_database():
    from django.core.management import call_command
    from django.db import connection

    original = connection.settings_dict["NAME"]
    name = f"{original}_bench_stats"
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


def load_boundaries(data_folder):
    from django.db import connection

    from assets_registry.boundaries import PRESETS, load_municipalities

    istat = Path(data_folder) / "italy-comuni-istat" / "comuni_2023_simplified.geojson"
    if istat.exists():
        load_municipalities(istat, mapping=PRESETS["istat"], publish=True)
        return "ISTAT boundaries"
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO assets_registry_municipality (name, country, code, slug, region, province,
                boundary, representative_point, is_published, published_at, last_asset_number,
                created_at, updated_at)
            SELECT 'Grid ' || i, 'IT', 'G' || i,
                CASE WHEN i = 1 THEN 'palermo' ELSE 'grid-' || i END,
                'Region ' || (i %% 20), 'Province ' || (i %% 107),
                ST_Multi(ST_MakeEnvelope(6 + (i %% 90) * 0.1, 37 + (i / 90) * 0.1,
                                         6.1 + (i %% 90) * 0.1, 37.1 + (i / 90) * 0.1, 4326)),
                ST_SetSRID(ST_MakePoint(6.05 + (i %% 90) * 0.1, 37.05 + (i / 90) * 0.1), 4326),
                true, now(), 0, now(), now()
            FROM generate_series(1, 7898) AS i
            """
        )
    return "grid of 7,898 squares (no ISTAT file)"


def grow(size):
    """Assets over the municipalities (denser in the big cities), their events and projects."""
    from django.db import connection

    from evaluation.dates import IMPORT_WITHOUT_DATE_MARKER

    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no history triggers in bulk
        cursor.execute(
            """
            INSERT INTO reuse_projects_organisation (name, legal_form, registration_number,
                country, address, contact_name, contact_email, contact_phone, website,
                description, created_at, updated_at)
            VALUES ('Bench cooperative', 'social_cooperative', 'BENCH-ORG', 'IT', '', '',
                    'bench@example.org', '', '', '', now(), now())
            """
        )
        cursor.execute(
            """
            CREATE TEMP TABLE bench_places AS
            SELECT id, row_number() OVER (ORDER BY (slug IN ('palermo', 'napoli', 'roma')) DESC,
                                                   random()) AS n,
                   representative_point
            FROM assets_registry_municipality
            """
        )
        # Three big cities take 40 % of the assets, the rest go to 1,500 other municipalities.
        cursor.execute(
            """
            INSERT INTO assets_registry_asset (reference, external_source, external_id, kind,
                category, subcategory, title, description, address, location, location_precision,
                cadastral_reference, condition, occupancy, court, case_number, procedure_type,
                internal_notes, status, status_date, version, created_at, updated_at,
                municipality_id, floor_area_m2)
            SELECT 'BENCH-' || i, CASE WHEN i %% 3 = 0 THEN 'ANBSC' ELSE '' END,
                CASE WHEN i %% 3 = 0 THEN 'I-' || i ELSE '' END,
                (ARRAY['building_unit', 'building_unit', 'land', 'company'])[1 + i %% 4],
                '', '', 'Asset ' || i, '', '', p.representative_point, 'municipality_centroid',
                '', 'unknown', 'unknown', '', '', '', '',
                (ARRAY['confiscated_final', 'allocated', 'delivered', 'seized',
                       'confiscated_final', 'delivered', 'sold'])[1 + i %% 7],
                date '2020-01-01', 1, now(), now(), p.id, 80
            FROM generate_series(1, %s) AS i
            JOIN bench_places p
              ON p.n = CASE WHEN i %% 5 < 2 THEN 1 + i %% 3 ELSE 4 + (i * 7919) %% 1500 END
            """,
            [size],
        )
        # The lifecycle: final confiscation, then allocation and delivery where reached. An
        # imported asset's final stage carries the importer's "no decree date" note.
        cursor.execute(
            """
            INSERT INTO assets_registry_statusevent (asset_id, status, effective_date, reference,
                note, recorded_at)
            SELECT a.id, s.status, s.day, '',
                CASE WHEN a.external_source <> '' AND s.status = 'confiscated_final'
                     THEN 'As listed on 2024-05-02 ' || %s ELSE '' END,
                now()
            FROM assets_registry_asset a
            CROSS JOIN LATERAL (
                SELECT (2005 + a.id %% 17)::int AS year, (a.id %% 300)::int AS shift
            ) y
            CROSS JOIN LATERAL (VALUES
                ('confiscated_final', make_date(y.year, 1, 1) + y.shift, true),
                ('allocated', make_date(y.year, 1, 1) + y.shift + 200 + (a.id %% 2000)::int,
                 a.status IN ('allocated', 'delivered')),
                ('delivered', make_date(y.year, 1, 1) + y.shift + 900 + (a.id %% 2000)::int,
                 a.status = 'delivered'),
                ('for_sale', make_date(y.year, 1, 1) + y.shift + 400, a.status = 'sold'),
                ('sold', make_date(y.year, 1, 1) + y.shift + 800, a.status = 'sold')
            ) AS s(status, day, reached)
            WHERE s.reached AND a.status <> 'seized'
            """,
            [IMPORT_WITHOUT_DATE_MARKER],
        )
        cursor.execute(
            """
            INSERT INTO reuse_projects_reuseproject (use_category, title, description,
                deed_number, concession_object, status, status_reason, reporting_interval_months,
                is_good_practice, created_at, updated_at, asset_id, organisation_id, starts_on)
            SELECT (ARRAY['culture', 'sport', 'social_housing', 'agriculture_food'])[1 + a.id % 4],
                'Project on ' || a.reference, '', '', '',
                (ARRAY['active', 'active', 'agreed', 'ended'])[1 + a.id % 4], '', 12, false,
                now(), now(), a.id, (SELECT id FROM reuse_projects_organisation LIMIT 1),
                date '2015-01-01' + (a.id % 3000)::int
            FROM assets_registry_asset a
            WHERE a.status IN ('allocated', 'delivered') AND a.id % 4 = 1
            """
        )
        cursor.execute(
            """
            INSERT INTO reuse_projects_monitoringreport (project_id, period_start, period_end,
                due_on, status, beneficiaries, jobs, jobs_disadvantaged, volunteers, events_held,
                narrative)
            SELECT p.id, make_date(y, 1, 1), make_date(y, 12, 31), make_date(y + 1, 2, 1),
                   'filed', 10 + p.id % 200, p.id % 6, p.id % 3, p.id % 25, p.id % 40, ''
            FROM reuse_projects_reuseproject p CROSS JOIN generate_series(2021, 2024) AS y
            """
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE")


def median_ms(function, repeat=REPEAT):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def row(benchmark, value, unit, note=""):
    return {"benchmark": benchmark, "value": value, "unit": unit, "note": note}


def measure(client, label, query):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/stats/?{query}"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    statements = [q["sql"] for q in captured.captured_queries]

    def replay():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    page = median_ms(lambda: client.get(url))
    queries = median_ms(replay)
    return [
        row(f"/stats/ {label}: page", f"{page:.0f}", "ms", f"{len(response.content) / 1e3:.0f} kB"),
        row(f"/stats/ {label}: its {len(statements)} queries", f"{queries:.0f}", "ms"),
        row(f"/stats/ {label}: page/queries", f"{page / queries:.2f}", "x", "target: a few"),
    ]


def run(options):
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    with throwaway_database():
        started = time.perf_counter()
        boundaries = load_boundaries(options.data)
        grow(SCALE)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM assets_registry_asset")
            (assets,) = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM assets_registry_statusevent")
            (events,) = cursor.fetchone()
        rows.append(
            row(
                "stats data set",
                assets,
                "assets",
                f"{events} events, {boundaries}, built in {time.perf_counter() - started:.0f}s",
            )
        )
        for label, query in PAGES:
            rows += measure(client, label, query)
    return rows
