"""Which database a request reads from, read-your-own-write, and the read-only mode.

These tests stand in for replicas by faking what the checks see (lag, primary reachable); the
real thing, with a streaming replica and the primary stopped, is tests/deploy/test_replica.py.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import RequestFactory

from assets_registry.models import Municipality
from common import db
from common.middleware import DatabaseRoutingMiddleware

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def replicas(monkeypatch, settings):
    """Two replicas and a primary whose health each test sets; the 'replicas' are the test
    database itself, so that pages can still be rendered through the router."""
    health = {"default": 1, "replica_1": 0.2, "replica_2": 0.4}
    settings.REPLICA_MAX_LAG_SECONDS = 30
    monkeypatch.setattr(db, "replica_aliases", lambda: ["replica_1", "replica_2"])
    monkeypatch.setattr(db, "_probe", lambda alias, sql: health[alias])
    monkeypatch.setattr(db, "_checks", {})
    return health


def reads_during(request):
    """The alias the router gives model reads while the middleware handles `request`."""
    seen = {}

    def view(request):
        seen["alias"] = db.PrimaryReplicaRouter().db_for_read(Municipality)
        return HttpResponse("ok")

    response = DatabaseRoutingMiddleware(view)(request)
    return seen.get("alias"), response


def test_public_layer_reads_from_a_replica(replicas):
    alias, _ = reads_during(RequestFactory().get("/layers/assets.geojson"))
    assert alias in ("replica_1", "replica_2")


@pytest.mark.parametrize(
    "path",
    ["/cities/palermo/", "/tiles/assets/3/4/3.pbf", "/cities/palermo/register/", "/ogc/"],
)
def test_public_pages_tiles_and_registers_read_from_a_replica(replicas, path):
    alias, _ = reads_during(RequestFactory().get(path))
    assert alias.startswith("replica_")


@pytest.mark.parametrize(
    "path", ["/me/", "/api/v1/assets/", "/admin/", "/staff/exports/assets.csv", "/imports/"]
)
def test_staff_pages_and_the_api_read_from_the_primary(replicas, path):
    alias, _ = reads_during(RequestFactory().get(path))
    assert alias == "default"


def test_a_write_pins_the_browser_to_the_primary_for_a_while(replicas, settings):
    settings.REPLICA_PIN_SECONDS = 15
    _, response = reads_during(RequestFactory().post("/api/v1/assets/"))
    pin = response.cookies[db.PIN_COOKIE]
    assert pin["max-age"] == 15
    assert pin["httponly"]

    pinned = RequestFactory().get("/layers/assets.geojson")
    pinned.COOKIES[db.PIN_COOKIE] = "1"
    alias, _ = reads_during(pinned)
    assert alias == "default"


def test_a_replica_over_the_lag_threshold_gets_no_public_reads(replicas, settings):
    settings.REPLICA_MAX_LAG_SECONDS = 10
    replicas["replica_2"] = 45.0
    aliases = {reads_during(RequestFactory().get("/layers/assets.geojson"))[0] for _ in range(20)}
    assert aliases == {"replica_1"}


def test_with_every_replica_too_late_public_reads_go_to_the_primary(replicas, settings):
    settings.REPLICA_MAX_LAG_SECONDS = 10
    replicas.update({"replica_1": 60.0, "replica_2": None})
    alias, _ = reads_during(RequestFactory().get("/layers/assets.geojson"))
    assert alias == "default"


def test_with_the_primary_down_reads_go_to_the_least_late_replica(replicas):
    replicas.update({"default": None, "replica_1": 120.0, "replica_2": 3.0})
    request = RequestFactory().get("/me/")
    alias, _ = reads_during(request)
    assert alias == "replica_2"
    assert request.database_read_only


@pytest.mark.django_db
def test_with_the_primary_down_a_write_gets_503_that_says_why(client, replicas, monkeypatch):
    replicas["default"] = None
    response = client.post("/api/v1/assets/", {"title": "x"})
    assert response.status_code == 503
    assert "read-only" in response.json()["detail"]
    assert response["Retry-After"] == "60"

    response = client.post("/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 503
    assert b"Nothing was saved" in response.content


def test_the_primary_being_down_is_rechecked_only_every_few_seconds(replicas, settings):
    settings.DATABASE_CHECK_SECONDS = 60
    assert db.primary_is_up()
    replicas["default"] = None
    assert db.primary_is_up()
    assert not db.primary_is_up(fresh=True)


def test_without_replicas_nothing_is_checked(monkeypatch):
    monkeypatch.setattr(db, "_probe", lambda alias, sql: pytest.fail("no check expected"))
    alias, response = reads_during(RequestFactory().get("/layers/assets.geojson"))
    assert alias == "default"
    assert db.primary_is_up()


@pytest.fixture
def page_alias(monkeypatch):
    """Point the 'replica' at the test database so a page renders in read-only mode."""
    monkeypatch.setattr(db, "least_lagging_replica", lambda: "default")


def test_signed_in_users_see_a_read_only_banner(client, boundaries, replicas, page_alias):
    replicas["default"] = None
    client.force_login(User.objects.create_user("palermo_officer"))
    page = client.get("/calls/")
    assert page.status_code == 200
    assert b"read-only-banner" in page.content
    assert b"nothing can be saved" in page.content


def test_the_public_sees_no_banner(client, boundaries, replicas, page_alias):
    replicas["default"] = None
    page = client.get("/calls/")
    assert page.status_code == 200
    assert b"read-only-banner" not in page.content


def test_no_banner_while_the_primary_is_up(client, boundaries, replicas):
    client.force_login(User.objects.create_user("palermo_officer"))
    page = client.get("/calls/")
    assert b"read-only-banner" not in page.content


@pytest.mark.django_db
def test_healthz_shows_each_replicas_lag_and_whether_it_serves(client, replicas, settings):
    settings.REPLICA_MAX_LAG_SECONDS = 10
    replicas["replica_2"] = 42.5
    body = json.loads(client.get("/healthz").content)
    assert body["status"] == "ok"
    assert body["primary"] == "ok"
    assert body["replicas"] == {
        "replica_1": {"status": "ok", "lag_seconds": 0.2, "serves_public_reads": True},
        "replica_2": {"status": "ok", "lag_seconds": 42.5, "serves_public_reads": False},
    }
    assert body["replica_max_lag_seconds"] == 10


def settings_in_a_fresh_interpreter(**env):
    script = (
        "import json, config.settings as s; print(json.dumps({alias: [d['HOST'], d['PORT'], "
        "d.get('TEST', {}).get('MIRROR'), d['ENGINE']] for alias, d in s.DATABASES.items()}))"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE")}
    environment.update(DEBUG="true", **env)
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_replica_urls_become_database_aliases_that_mirror_the_primary_in_tests():
    result = settings_in_a_fresh_interpreter(
        DATABASE_URL="postgis://postgres@127.0.0.1:5432/registry",
        DATABASE_REPLICA_URLS="postgres://r1.example.org/registry, postgis://r2:6432/registry",
    )
    assert result.returncode == 0, result.stderr
    databases = json.loads(result.stdout)
    postgis = "common.backends.postgis"
    assert databases == {
        "default": ["127.0.0.1", 5432, None, postgis],
        "replica_1": ["r1.example.org", "", "default", postgis],
        "replica_2": ["r2", 6432, "default", postgis],
    }


def test_a_malformed_replica_url_stops_start_up():
    result = settings_in_a_fresh_interpreter(
        DATABASE_REPLICA_URLS="postgis://ok/registry,postgis://h/"
    )
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URLS (item 2) names no database" in result.stderr


def test_a_query_failing_because_the_primary_just_went_away_answers_503(replicas):
    from django.db import OperationalError

    middleware = DatabaseRoutingMiddleware(lambda request: HttpResponse("unused"))
    request = RequestFactory().post("/calls/1/apply/")
    replicas["default"] = None
    response = middleware.process_exception(request, OperationalError("connection refused"))
    assert response.status_code == 503
    assert b"Nothing was saved" in response.content


def test_other_database_errors_are_left_alone_while_the_primary_answers(replicas):
    from django.db import OperationalError

    middleware = DatabaseRoutingMiddleware(lambda request: HttpResponse("unused"))
    request = RequestFactory().get("/me/")
    assert middleware.process_exception(request, OperationalError("deadlock")) is None
    assert middleware.process_exception(request, ValueError("bug")) is None


@pytest.mark.django_db
def test_healthz_says_degraded_and_layers_still_serve_when_the_shared_cache_is_down(
    client, settings, palermo
):
    # Changing CACHES makes Django drop its cache connections (django.test.signals).
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        },
    }
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"].startswith("error")
    # The public read path treats an unreachable cache as a miss (common.caching).
    assert client.get("/layers/assets.geojson?city=palermo").status_code == 200
