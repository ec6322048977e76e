"""The production topology with real processes on loopback: a PostgreSQL primary, a streaming
replica made with `pg_basebackup -R`, and the app under gunicorn with DEBUG off, reading from both.

One test walks through the story, because each step needs the processes of the one before:
public reads hit the replica (its query log has them, the primary's does not), a staff member
who just saved reads their own write while the replica is behind, a replica past the lag
threshold gets no public reads, and with the primary stopped the public side stays up, writes
get a 503 that says why and staff see a read-only banner.
"""

import datetime
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests
from django.contrib.gis.geos import Point
from django.db import connection

from assets_registry import services
from deploy import local_replica

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"
# Step 3 waits this long for the replica to fall behind; step 2's three requests take well under
# a second even on a busy machine.
MAX_LAG = 4

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def free_ports(count):
    """`count` consecutive loopback ports that nothing listens on, below the range the kernel
    hands out to client sockets (32768+), whose leftovers would stop PostgreSQL binding."""
    for base in range(26400, 29000, 10):
        if all(_free(base + offset) for offset in range(count)):
            return base
    raise RuntimeError("no free ports on loopback")


def _free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


class Log:
    """What a cluster's server log gained since the last look."""

    def __init__(self, cluster):
        self.path = cluster.log
        self.offset = self.path.stat().st_size

    def new(self):
        with open(self.path, errors="replace") as log:
            log.seek(self.offset)
            text = log.read()
        self.offset += len(text.encode())
        return text


def wait_for(check, what, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting until {what}")


@pytest.fixture
def published_villa(palermo, palermo_officer):
    return services.asset_create(
        municipality=palermo,
        status="confiscated_final",
        effective_date=datetime.date(2019, 5, 2),
        by=palermo_officer,
        location=Point(13.3615, 38.1157, srid=4326),
        location_precision="exact",
        kind="building_unit",
        title="Villa Greco",
        address="Via Libertà 1",
    )


@pytest.fixture
def topology(published_villa):
    """Primary and replica holding a copy of the test database, and gunicorn on both."""
    if shutil.which("pg_basebackup") is None or not (ROOT / ".venv/bin/gunicorn").exists():
        pytest.fail("pg_basebackup (postgresql-client) and gunicorn (.venv) are needed")
    # Not pytest's tmp_path: the postgres user must reach the clusters, and pytest keeps its
    # base directory private.
    tmp_path = Path(tempfile.mkdtemp(prefix="registry-replica-test-"))
    tmp_path.chmod(0o711)
    static = tmp_path / "static"
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE", "REDIS"))},
        "PYTHONPATH": str(ROOT),
        "DEBUG": "false",
        "SECRET_KEY": "replica-test-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "STATIC_ROOT": str(static),
        "STATIC_PRECOMPRESS": "false",
        # Plain HTTP on loopback.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
    }
    base = free_ports(3)
    database = lambda port: f"postgis://postgres@127.0.0.1:{port}/registry"  # noqa: E731
    app = f"http://127.0.0.1:{base + 2}"
    # Pages need the static manifest when DEBUG is off, before gunicorn starts. Both happen
    # while the clusters are made (gunicorn connects to them only when asked), to save time.
    server = subprocess.Popen(
        [
            "sh",
            "-c",
            f"{sys.executable} manage.py collectstatic --no-input -v 0 && "
            f"exec {ROOT / '.venv/bin/gunicorn'} -c deploy/gunicorn.conf.py",
        ],
        cwd=ROOT,
        env={
            **environment,
            "DATABASE_URL": database(base),
            "DATABASE_REPLICA_URLS": database(base + 1),
            "REPLICA_MAX_LAG_SECONDS": str(MAX_LAG),
            "REPLICA_PIN_SECONDS": "60",
            "DATABASE_CHECK_SECONDS": "0",
            "GUNICORN_BIND": f"127.0.0.1:{base + 2}",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_ACCESS_LOG": str(tmp_path / "access.log"),
            "GUNICORN_ERROR_LOG": str(tmp_path / "error.log"),
        },
        start_new_session=True,
    )
    source = connection.settings_dict
    login = source["USER"] + (f":{source['PASSWORD']}" if source["PASSWORD"] else "")
    source_url = f"postgis://{login}@{source['HOST']}:{source['PORT'] or 5432}/{source['NAME']}"
    clusters = tmp_path / "pg"
    try:
        primary, (replica,) = local_replica.up(
            source_url, clusters, port=base, replicas=1, settings=["log_statement=all"]
        )
        wait_for(lambda: _answers(f"{app}/healthz"), "gunicorn answers", timeout=60)
        yield app, primary, replica
    finally:
        # Quick shutdown: nothing is in flight any more.
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=30)
        local_replica.down(clusters)
        shutil.rmtree(tmp_path, ignore_errors=True)


def _answers(url):
    try:
        return requests.get(url, timeout=5).status_code == 200
    except requests.RequestException:  # not listening yet, or its workers still starting
        return False


def signed_in(app, username):
    browser = requests.Session()
    browser.get(f"{app}/accounts/login/", timeout=10)
    response = browser.post(
        f"{app}/accounts/login/",
        {
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:500]
    return browser


def rename(browser, app, asset, title, version):
    return browser.patch(
        f"{app}/api/v1/assets/{asset.pk}/",
        json={"type": "Feature", "properties": {"title": title}},
        headers={"If-Match": f'"{version}"', "X-CSRFToken": browser.cookies["csrftoken"]},
        timeout=10,
    )


def replica_status(app):
    return requests.get(f"{app}/healthz", timeout=10).json()["replicas"]["replica_1"]


def test_public_reads_use_the_replica_and_survive_the_primary(topology, published_villa):
    app, primary, replica = topology
    villa = published_villa
    public = [
        "/cities/palermo/",
        "/layers/assets.geojson?city=palermo",
        "/tiles/assets/10/550/394.pbf",
        "/cities/palermo/register/?format=csv",
        f"/assets/{villa.reference}/",
    ]
    anonymous = requests.Session()

    # 1. Public reads are answered from the replica: its log has their queries, the primary's
    # has none of them (only the routing's "SELECT 1").
    primary_log, replica_log = Log(primary), Log(replica)
    for path in public:
        response = anonymous.get(app + path, timeout=30)
        assert response.status_code == 200, (path, response.text[:300])
    assert "Villa Greco" in anonymous.get(f"{app}/assets/{villa.reference}/", timeout=10).text
    on_replica, on_primary = replica_log.new(), primary_log.new()
    assert "assets_registry_asset" in on_replica
    assert "ST_AsMVT" in on_replica
    assert "assets_registry_asset" not in on_primary, on_primary[-2000:]
    assert "ST_AsMVT" not in on_primary

    # 2. Read your own write: with the replica's replay paused, the officer who saves reads the
    # new title (pinned to the primary); an anonymous visitor still gets the replica's copy.
    officer = signed_in(app, "palermo_officer")
    # The replica's lag counts from the last transaction it replayed: make that one recent, so
    # that the reads below happen well within MAX_LAG even on a busy machine.
    primary.sql("registry", "SELECT txid_current()")
    local_replica.wait_until_replayed(primary, [replica], "registry")
    replica.sql("registry", "SELECT pg_wal_replay_pause()")
    response = rename(officer, app, villa, "Villa della Legalità", villa.version)
    assert response.status_code == 200, response.text[:500]
    assert "Villa Greco" in anonymous.get(f"{app}/assets/{villa.reference}/").text
    assert "registry_primary_pin" in officer.cookies
    assert "Villa della Legalità" in officer.get(f"{app}/assets/{villa.reference}/").text

    # 3. Past the lag threshold the replica gets no public reads: /healthz says so and the
    # visitor now reads the primary.
    status = wait_for(
        lambda: (s := replica_status(app))["serves_public_reads"] is False and s,
        f"the replica's lag passes {MAX_LAG}s",
    )
    # /healthz rounds the lag to the millisecond: 4.0004 s shows as 4.0.
    assert status["lag_seconds"] >= MAX_LAG
    assert "Villa della Legalità" in anonymous.get(f"{app}/assets/{villa.reference}/").text
    replica.sql("registry", "SELECT pg_wal_replay_resume()")
    wait_for(lambda: replica_status(app)["serves_public_reads"], "the replica catches up")
    replica_log.new()
    assert "Villa della Legalità" in anonymous.get(f"{app}/assets/{villa.reference}/").text
    assert "assets_registry_asset" in replica_log.new()

    # 4. The primary stops: the public side stays up from the replica, a write gets a 503
    # that says why, staff see the read-only banner, /healthz reports it.
    primary.stop("fast")
    for path in public:
        response = anonymous.get(app + path, timeout=30)
        assert response.status_code == 200, (path, response.text[:300])
    response = rename(officer, app, villa, "Villa Nuova", villa.version + 1)
    assert response.status_code == 503
    assert "read-only" in response.json()["detail"]
    assert "Nothing was saved" in response.json()["detail"]
    page = officer.get(f"{app}/calls/", timeout=10)
    assert page.status_code == 200
    assert re.search(r'class="read-only-banner"', page.text)
    assert "read-only-banner" not in anonymous.get(f"{app}/calls/", timeout=10).text
    health = requests.get(f"{app}/healthz", timeout=10)
    assert health.status_code == 200
    assert health.json()["status"] == "read-only"
    assert health.json()["primary"] == "down"
    assert health.json()["replicas"]["replica_1"]["status"] == "ok"
