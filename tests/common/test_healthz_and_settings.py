import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_answers_over_http(live_server):
    with urllib.request.urlopen(f"{live_server.url}/healthz") as response:  # noqa: S310
        body = response.read().decode()
    assert response.status == 200
    assert '"database": "ok"' in body
    assert '"postgis"' in body


def load_settings(show="s.DATABASES['default']['ENGINE']", **env):
    """Import the settings in a fresh interpreter with exactly this environment; print `show`."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS")
    }
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import config.settings as s; print({show})",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_debug_is_off_unless_asked_for():
    """A deployment that forgets DEBUG gets production's checks, not a development server."""
    result = load_settings()
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_development_defaults_need_only_debug():
    result = load_settings(DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "postgis" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "false"}, "SECRET_KEY must be set"),
        ({"DEBUG": "false", "SECRET_KEY": "short"}, "SECRET_KEY is too short"),
        ({"DEBUG": "maybe"}, "is not a boolean"),
        (
            {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "registry.example.org"},
            "DATABASE_URL must be set",
        ),
        (
            {"DEBUG": "false", "SECRET_KEY": "x" * 50, "DATABASE_URL": "postgis://h/db"},
            "ALLOWED_HOSTS must be set",
        ),
        ({"DEBUG": "true", "DATABASE_URL": "nonsense://"}, "DATABASE_URL"),
        ({"DEBUG": "true", "DATABASE_URL": "postgres://127.0.0.1:5432/"}, "names no database"),
    ],
)
def test_bad_configuration_stops_start_up_with_a_clear_message(env, message):
    result = load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_a_plain_postgres_url_still_uses_the_postgis_backend():
    result = load_settings(DEBUG="true", DATABASE_URL="postgres://u:p@db.example.org:5432/registry")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "common.backends.postgis"


@pytest.mark.parametrize(
    ("pooling", "expected"),
    [({}, "False 5"), ({"DATABASE_TRANSACTION_POOLING": "true"}, "True None")],
)
def test_prepared_statements_are_off_behind_a_transaction_pooler(pooling, expected):
    """PgBouncer in transaction mode may run a connection's next transaction on another server
    connection, where a prepared statement or a cursor does not exist (docs/scaling.md)."""
    show = (
        "s.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS', False),"
        " s.DATABASES['default']['OPTIONS'].get('prepare_threshold')"
    )
    result = load_settings(show=show, DEBUG="true", **pooling)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
