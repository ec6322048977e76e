import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from assets_registry.models import Asset, StatusEvent

ROOT = Path(__file__).resolve().parents[2]
EXCERPT = ROOT / "fixtures" / "imports" / "immobili_in_gestione.csv"


@pytest.mark.slow
def test_a_killed_import_leaves_no_partial_rows(transactional_db, boundaries):
    """The import inserts its assets, then waits on a lock we hold on the status events; we kill
    its database backend there, mid-transaction, and find nothing written."""
    settings = connection.settings_dict
    url = f"postgis://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute("LOCK TABLE assets_registry_statusevent IN ACCESS EXCLUSIVE MODE")
        process = subprocess.Popen(
            [sys.executable, "manage.py", "import_assets", str(EXCERPT)]
            + ["--preset", "anbsc-immobili", "--commit", "--skip-bad-rows"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        backend = wait_for_writer_blocked_on_lock(cursor, settings["NAME"], process)
        cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
        cursor.execute("COMMIT")
    _, errors = process.communicate(timeout=60)

    assert process.returncode != 0
    assert b"terminat" in errors.lower() or b"connection" in errors.lower()
    assert Asset.objects.count() == 0
    assert StatusEvent.objects.count() == 0


def wait_for_writer_blocked_on_lock(cursor, database, process):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        # Inside our transaction the statistics are a snapshot: refresh them on every look.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() "
            "AND wait_event_type = 'Lock' AND backend_xid IS NOT NULL",
            [database],
        )
        row = cursor.fetchone()
        if row:
            return row[0]
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the import never reached its status events")
