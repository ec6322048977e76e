"""Inserting many rows with PostgreSQL COPY, the fastest way in; the triggers still fire.

Row-level triggers run on COPY as on INSERT, so the pghistory audit rows are written. The audit
context (who, which file) lives in transaction-local settings that pghistory sets on the first
Django query of the transaction, made here before the COPY.

The rows are plain dicts, not model instances: building an instance and asking each field for
its database value costs more than the database takes to store the row. The values are already
checked (rows.py), so they only need what psycopg cannot adapt itself: geometries as EWKB.
"""

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection
from django.utils import timezone


def copy_insert(model, rows):
    """Insert rows of one model ({field attname: value}; a missing field takes its default, an
    auto_now field the time of the call). Returns the new primary keys, in the rows' order."""
    if not rows:
        return []
    table = model._meta.db_table
    pk = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if f is not pk]
    now = timezone.now()
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif not callable(f.default):
            defaults[f.attname] = f.get_default()
    geometries = {f.attname for f in fields if isinstance(f, GeometryField)}
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in [pk, *fields])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk.column, len(rows)],
        )
        ids = [new_id for (new_id,) in cursor.fetchall()]
        sql = f"COPY {quote(table)} ({columns}) FROM STDIN"
        # The raw psycopg cursor: Django's wrapper turns its errors into django.db ones.
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            for new_id, row in zip(ids, rows, strict=True):
                values = [new_id]
                for f in fields:
                    name = f.attname
                    if name in row:
                        value = row[name]
                    elif name in defaults:
                        value = defaults[name]
                    else:
                        value = f.get_default()  # a callable default, called per row
                    if name in geometries and isinstance(value, GEOSGeometry):
                        value = value.hexewkb.decode()
                    values.append(value)
                copy.write_row(values)
    return ids
