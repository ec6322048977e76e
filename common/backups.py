"""What `manage.py backup` and `restore` share: running pg_dump/pg_restore on the configured
database (the password through the environment, never on a command line) and counting rows."""

import os
import subprocess

import dj_database_url
import psycopg
from django.conf import settings
from django.core.management.base import CommandError


def connection_settings(database_url=None):
    if database_url:
        return dj_database_url.parse(database_url)
    return settings.DATABASES["default"]


def pg_command(program, *arguments, database=None, database_option=None):
    database = database or connection_settings()
    environment = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}
    connection = [
        f"--host={database.get('HOST') or '127.0.0.1'}",
        f"--port={database.get('PORT') or 5432}",
        f"--username={database.get('USER') or 'postgres'}",
    ]
    name = [f"{database_option}={database['NAME']}"] if database_option else [database["NAME"]]
    result = subprocess.run(
        [program, *connection, *arguments, *name],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise CommandError(f"{program} failed: {result.stderr.strip()[-2000:]}")


def _connect(database):
    return psycopg.connect(
        host=database.get("HOST") or "127.0.0.1",
        port=database.get("PORT") or 5432,
        user=database.get("USER") or "postgres",
        password=database.get("PASSWORD") or None,
        dbname=database["NAME"],
    )


def _tables(cursor):
    cursor.execute(
        "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema', 'tiger', 'topology') "
        "ORDER BY 1"
    )
    return [row[0] for row in cursor.fetchall()]


def table_count(database):
    with _connect(database) as connection, connection.cursor() as cursor:
        return len([t for t in _tables(cursor) if t != "public.spatial_ref_sys"])


def row_counts(database=None):
    """Rows of every table of the database (PostGIS's spatial_ref_sys included)."""
    with _connect(database or connection_settings()) as connection, connection.cursor() as cursor:
        counts = {}
        for table in _tables(cursor):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608  (names from pg_tables)
            counts[table] = cursor.fetchone()[0]
        return counts
