"""The staff asset list (/staff/assets/) on a municipality the size of Palermo in the national data
(1,530 assets), plus 20,000 assets of other municipalities that the officer must not pay for.

Runs in a throwaway database (see bench_stats). Times are medians of REPEAT requests, measured
through Django's test client (server time, no network)."""

import datetime
import statistics
import time
from pathlib import Path

from bench.bench_stats import row, throwaway_database

PALERMO_ASSETS = 1_530
OTHER_ASSETS = 20_000
REPEAT = 5
PAGES = (
    ("first page, map of all", ""),
    ("search", "q=via+roma"),
    ("filter status and location", "status=allocated&has_location=yes"),
    ("page 20, sorted by date", "sort=-status_date&page=20"),
    ("deleted assets", "deleted=on"),
)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "boundaries"


def grow():
    from django.contrib.gis.geos import Point

    from assets_registry.boundaries import PRESETS, load_municipalities
    from assets_registry.models import Asset, Municipality

    load_municipalities(FIXTURES / "istat_comuni_excerpt.geojson", mapping=PRESETS["istat"])
    palermo = Municipality.objects.get(country="IT", code="082053")
    others = list(Municipality.objects.exclude(pk=palermo.pk))
    statuses = ["seized", "confiscated_final", "allocated", "delivered"]
    centre = palermo.representative_point

    def asset(n, municipality, located):
        return Asset(
            reference=f"BENCH-{municipality.pk}-{n:06d}",
            municipality=municipality,
            kind="building_unit" if n % 3 else "land",
            title=f"Asset {n}",
            address=f"Via Roma {n}" if n % 10 == 0 else f"Via Libertà {n}",
            location=Point(centre.x + (n % 50) * 1e-4, centre.y + (n // 50) * 1e-4, srid=4326)
            if located
            else None,
            status=statuses[n % 4],
            status_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n % 1500),
        )

    Asset.objects.bulk_create(asset(n, palermo, n % 5 != 0) for n in range(PALERMO_ASSETS))
    Asset.objects.bulk_create(
        (asset(n, others[n % len(others)], False) for n in range(OTHER_ASSETS)), batch_size=5000
    )
    return palermo


def run(options):
    from django.contrib.auth.models import User
    from django.test import Client

    from assets_registry.models import MunicipalityMembership

    rows = []
    with throwaway_database():
        palermo = grow()
        officer = User.objects.create_user("bench_officer")
        MunicipalityMembership.objects.create(user=officer, municipality=palermo)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(officer)
        rows.append(row("staff list data set", PALERMO_ASSETS, "assets", "Palermo, 80% located"))
        for label, query in PAGES:
            times = []
            for _ in range(REPEAT):
                started = time.perf_counter()
                response = client.get(f"/staff/assets/?{query}")
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.status_code
            rows.append(
                row(
                    f"staff list: {label}",
                    round(statistics.median(times), 1),
                    "ms",
                    f"{len(response.content) // 1024} KiB of HTML and map data",
                )
            )
    return rows
