"""Load: 50 public visitors and 5 editors for 60 s (LOAD_SECONDS) against gunicorn on loopback,
driven by locust (bench/locustfile.py) on a throwaway copy of the demo. Reports requests/s, p50
and p99 and errors, then checks that every edit the API acknowledged is in the database and in the
audit trail. `python -m bench load`; never part of `make test`.
"""

import base64
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from bench.bench_layers import ROOT, free_port, row

SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
PUBLIC_USERS = 50
EDITOR_LOGINS = (
    "palermo.officer",
    "palermo.manager",
    "napoli.officer",
    "rotterdam.officer",
    "amsterdam.manager",
)
DEMO_PASSWORD = "demo-password-2026"
# Not in `make bench`'s default list: it takes over a minute and a demo load.
DEFAULT = False


@contextmanager
def demo_database():
    from django.core.management import call_command
    from django.db import connection

    original = connection.settings_dict["NAME"]
    name = f"{original}_bench_load"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
        yield name
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def gunicorn(database):
    from django.conf import settings

    port = free_port()
    static = tempfile.mkdtemp(prefix="bench-load-static-")
    env = {
        **os.environ,
        "DATABASE_URL": settings.DATABASE_URL.rsplit("/", 1)[0] + f"/{database}",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "API_BASIC_AUTH": "true",
        "STATIC_ROOT": static,
    }
    # Production serves hashed static files from a manifest: collect them as a deployment does.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}"]
        + ["-w", "2", "--threads", "4", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(static, ignore_errors=True)


def editors():
    """(Authorization header, the ids of assets the editor may change) per demo editor: a token
    when DRF's token authentication is installed, else basic auth."""
    from django.conf import settings
    from django.contrib.auth.models import User

    from assets_registry import access

    result = []
    for login in EDITOR_LOGINS:
        user = User.objects.get(username=login)
        if "rest_framework.authtoken" in settings.INSTALLED_APPS:
            from rest_framework.authtoken.models import Token

            header = f"Token {Token.objects.get_or_create(user=user)[0].key}"
        else:
            header = "Basic " + base64.b64encode(f"{login}:{DEMO_PASSWORD}".encode()).decode()
        assets = list(access.assets_visible_to(user).values_list("pk", flat=True)[:10])
        result.append([header, assets])
    return result


def public_targets():
    from assets_registry.models import Municipality
    from assets_registry.public import public_assets

    cities = list(Municipality.objects.filter(is_published=True).values_list("slug", flat=True))
    assets = list(public_assets().values_list("reference", flat=True)[:50])
    tiles = [
        f"/tiles/assets/{z}/{x}/{y}.pbf"
        for z, x, y in ((6, 34, 24), (9, 274, 199), (12, 2200, 1596))
    ]
    return {"cities": cities, "assets": assets, "tiles": tiles}


def check_edits(edits_file):
    """Every acknowledged edit is in the audit trail, and each asset's title is its last one."""
    from django.apps import apps

    from assets_registry.models import Asset

    edits = [json.loads(line) for line in Path(edits_file).read_text().splitlines()]
    last = {}
    for edit in edits:
        if edit["version"] > last.get(edit["asset"], {"version": 0})["version"]:
            last[edit["asset"]] = edit
    wrong_title = [
        asset for asset, edit in last.items()
        if Asset.objects.get(pk=asset).title != edit["title"]
    ]  # fmt: skip
    history = apps.get_model("assets_registry", "AssetHistory").objects
    audited = set(history.filter(title__startswith="load-").values_list("pgh_obj_id", "title"))
    missing = [e for e in edits if (e["asset"], e["title"]) not in audited]
    return len(edits), wrong_title, missing


def run(options):
    rows = []
    with demo_database() as database, tempfile.TemporaryDirectory() as folder:
        edits_file = Path(folder) / "edits.jsonl"
        edits_file.touch()
        with gunicorn(database) as url:
            env = {
                **os.environ,
                "LOAD_EDITS": str(edits_file),
                "LOAD_EDITORS": json.dumps(editors()),
                "LOAD_PUBLIC": json.dumps(public_targets()),
            }
            locust = shutil.which("locust", path=str(Path(sys.executable).parent)) or "locust"
            subprocess.run(
                [locust, "-f", str(Path(__file__).with_name("locustfile.py")), "--headless"]
                + ["--host", url, "-u", str(PUBLIC_USERS + len(EDITOR_LOGINS)), "-r", "20"]
                + ["-t", f"{SECONDS}s", "--csv", f"{folder}/load", "--only-summary"]
                + ["--stop-timeout", "10", "--exit-code-on-error", "0"],
                cwd=ROOT,
                env=env,
                check=True,
                timeout=SECONDS + 120,
            )
        with open(f"{folder}/load_stats.csv") as stats:
            for line in csv.DictReader(stats):
                name = line["Name"]
                rows.append(
                    row(
                        f"load: {line['Type']} {name}".strip(),
                        f"{float(line['Requests/s']):.1f}",
                        "req/s",
                        f"p50 {line['50%']} ms, p99 {line['99%']} ms, "
                        f"{line['Request Count']} requests, {line['Failure Count']} errors",
                    )
                )
        acknowledged, wrong_title, missing = check_edits(edits_file)
        rows.append(
            row(
                "load: acknowledged edits in the database and the audit trail",
                f"{acknowledged - len(missing)}/{acknowledged}",
                "edits",
                f"{len(wrong_title)} assets whose title is not their last acknowledged one, "
                f"{len(missing)} edits missing from the audit trail",
            )
        )
    return rows
