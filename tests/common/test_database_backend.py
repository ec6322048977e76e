"""The health check of a kept connection (common/backends/postgis): no round trip while the
connection is idle and the server has written nothing to it, Django's `SELECT 1` otherwise."""

import time

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def server_side(sql, *params):
    """Run `sql` on a connection of its own (the test's connection is the one observed)."""
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
        autocommit=True,
    ) as other:
        cursor = other.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), 'marker of the last query'")
        return cursor.fetchone()[0]


def wait_until_readable():
    for _ in range(100):
        if not connection.connection.pgconn.is_busy() and _readable():
            return
        time.sleep(0.02)


def _readable():
    import select

    return bool(select.select([connection.connection.fileno()], [], [], 0)[0])


def test_an_idle_connection_is_usable_without_a_query():
    pid = backend_pid()
    assert connection.is_usable()
    [(last,)] = server_side("SELECT query FROM pg_stat_activity WHERE pid = %s", pid)
    assert "marker of the last query" in last


def test_a_connection_the_server_ended_is_not_usable_and_the_next_query_reconnects():
    pid = backend_pid()
    server_side("SELECT pg_terminate_backend(%s)", pid)
    wait_until_readable()
    assert not connection.is_usable()
    # What Django does before a request's first query: closes it, and the query reconnects.
    connection.health_check_done = False
    connection.close_if_health_check_failed()
    assert backend_pid() != pid


def test_a_connection_with_something_else_to_read_is_checked_with_a_query():
    with connection.cursor() as cursor:
        cursor.execute("LISTEN registry_test_channel")
    server_side("NOTIFY registry_test_channel")
    wait_until_readable()
    assert _readable()
    assert connection.is_usable()
    with connection.cursor() as cursor:
        cursor.execute("UNLISTEN *")


def test_a_connection_inside_a_transaction_is_checked_with_a_query(monkeypatch):
    asked = []
    monkeypatch.setattr(
        "django.contrib.gis.db.backends.postgis.base.DatabaseWrapper.is_usable",
        lambda self: asked.append(True) or True,
    )
    backend_pid()
    connection.set_autocommit(False)
    try:
        backend_pid()
        assert connection.is_usable()
    finally:
        connection.rollback()
        connection.set_autocommit(True)
    assert asked == [True]
