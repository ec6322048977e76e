"""Importing the agency's 17,453-row property file beside the floor: a PostgreSQL COPY of it.

The floor is a COPY of the raw CSV into a plain table of text columns: no parsing, validation,
mapping, indexes, constraints or history. The import does all of those, writes through the
Asset and StatusEvent tables with their indexes and pghistory triggers, in one transaction.
Everything is rolled back at the end; the import uses a bench-only source name so that it
creates every asset even when the database already holds the agency's data. Inside the bench's
transaction the import's own commit is only a savepoint: what a real commit runs (the deferred
foreign-key checks and data-version triggers) is run with SET CONSTRAINTS ALL IMMEDIATE and
counted in the import's time.
Needs the ISTAT municipalities loaded (`manage.py load_municipalities ... --preset istat`).
"""

import dataclasses
import statistics
import time
from pathlib import Path

from django.db import connection, transaction

from assets_registry.importing import PRESETS, assets_import
from assets_registry.models import Municipality

FILE = Path("anbsc-openregio") / "immobili_in_gestione.csv"
REPEAT = 3


class _Rollback(Exception):
    pass


# The tables an import writes. Each rolled-back run leaves its rows behind as dead tuples (the bench
# server runs without autovacuum): the next run's id lookups walked 700,000 of them after a day of
# runs. An empty registry has none.
WRITTEN = (
    "assets_registry_asset",
    "assets_registry_assethistory",
    "assets_registry_assetidentity",
    "assets_registry_statusevent",
    "assets_registry_statuseventhistory",
    "assets_registry_municipality",
    "maps_dataversion",
    "pghistory_context",
)


def _vacuum():
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {', '.join(WRITTEN)}")


def _copy_floor(path):
    header = path.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    columns = ", ".join(f'"{name}" text' for name in header)
    data = path.read_bytes()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE bench_copy_floor ({columns}) ON COMMIT DROP")
        started = time.perf_counter()
        with cursor.cursor.copy(
            "COPY bench_copy_floor FROM STDIN WITH (FORMAT csv, HEADER)"
        ) as copy:
            copy.write(data)
        elapsed = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM bench_copy_floor")
        rows = cursor.fetchone()[0]
    return elapsed, rows


def _deferred_work():
    """Run what the import's commit would run (deferred constraints and triggers); its time."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return time.perf_counter() - started


def _import(path, *, commit, twice=False):
    preset = dataclasses.replace(PRESETS["anbsc-immobili"], source="BENCH-ANBSC")
    try:
        with transaction.atomic():
            report = assets_import(path=path, preset=preset, commit=commit, skip_bad_rows=True)
            if commit:
                report.seconds += _deferred_work()
            again = None
            if twice:
                again = assets_import(path=path, preset=preset, commit=True, skip_bad_rows=True)
                again.seconds += _deferred_work()
            raise _Rollback
    except _Rollback:
        pass
    return report, again


def _database_share(path):
    """Seconds the database takes for the import's writes alone: the rows of an import read back
    as COPY data, then written again with no Python work (the assets' and status events' COPY)
    and what the commit runs. The floor of this schema, whatever the importer does."""
    import io

    import pghistory

    from assets_registry.models import Asset, StatusEvent

    preset = dataclasses.replace(PRESETS["anbsc-immobili"], source="BENCH-ANBSC")
    tables = []
    try:
        with transaction.atomic():
            assets_import(path=path, preset=preset, commit=True, skip_bad_rows=True)
            new = "SELECT id FROM assets_registry_asset WHERE external_source = 'BENCH-ANBSC'"
            for model, where in ((Asset, f"id IN ({new})"), (StatusEvent, f"asset_id IN ({new})")):
                pk = model._meta.pk
                fields = [pk, *(f for f in model._meta.concrete_fields if f is not pk)]
                columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
                table = connection.ops.quote_name(model._meta.db_table)
                data = io.BytesIO()
                with (
                    connection.cursor() as cursor,
                    cursor.cursor.copy(
                        f"COPY (SELECT {columns} FROM {table} WHERE {where} ORDER BY id) TO STDOUT"
                    ) as copy,
                ):
                    for chunk in copy:
                        data.write(chunk)
                tables.append((f"COPY {table} ({columns}) FROM STDIN", data.getvalue()))
            raise _Rollback
    except _Rollback:
        pass
    _vacuum()
    try:
        with transaction.atomic(), pghistory.context(import_file=path.name):
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")  # the audit context set, as before an import's COPY
                started = time.perf_counter()
                for sql, data in tables:
                    with cursor.cursor.copy(sql) as copy:
                        copy.write(data)
            seconds = time.perf_counter() - started + _deferred_work()
            raise _Rollback
    except _Rollback:
        pass
    return seconds


def run(options):
    path = Path(options.data) / FILE
    if not Municipality.objects.filter(country="IT").count() > 7000:
        raise SystemExit("load the ISTAT municipalities first (see docs/open-data.md)")
    floors, dry_runs, imports, reimports, shares = [], [], [], [], []
    for _ in range(REPEAT):
        _vacuum()
        floor, copied = _copy_floor(path)
        floors.append(floor)
        shares.append(_database_share(path))
        dry, _ = _import(path, commit=False)
        dry_runs.append(dry.seconds)
        report, again = _import(path, commit=True, twice=True)
        imports.append(report.seconds)
        reimports.append(again.seconds)
    floor = statistics.median(floors)
    counts = report.counts
    note = (
        f"{report.read} rows: {counts['created']} created, {counts['rejected']} rejected; "
        f"median of {REPEAT}"
    )
    rows = [
        {
            "benchmark": "import floor: COPY into a plain table",
            "value": f"{floor:.3f}",
            "unit": "s",
            "note": f"{copied} rows, text columns, no index",
        },
        {
            "benchmark": "import dry run (read, validate, match)",
            "value": f"{statistics.median(dry_runs):.3f}",
            "unit": "s",
            "note": f"{statistics.median(dry_runs) / floor:.1f}x the floor",
        },
        {
            "benchmark": "import commit (validate + write + history)",
            "value": f"{statistics.median(imports):.3f}",
            "unit": "s",
            "note": f"{statistics.median(imports) / floor:.1f}x the floor; {note}",
        },
        {
            "benchmark": "import: the database's share alone",
            "value": f"{statistics.median(shares):.3f}",
            "unit": "s",
            "note": f"{statistics.median(shares) / floor:.1f}x the floor; the rows written "
            "again from COPY data, no Python, commit's work counted",
        },
        {
            "benchmark": "re-import of the same file (all unchanged)",
            "value": f"{statistics.median(reimports):.3f}",
            "unit": "s",
            "note": f"{statistics.median(reimports) / floor:.1f}x the floor",
        },
    ]
    return rows
