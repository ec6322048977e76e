"""Inserting many rows with PostgreSQL COPY, the fastest way in; the triggers still fire.

Row-level triggers run on COPY as on INSERT, so the pghistory audit rows are written. The audit
context (who, which file) lives in transaction-local settings that pghistory sets on the first
Django query of the transaction, made here before the COPY.
"""

from django.contrib.gis.db.models import GeometryField
from django.db import connection


def copy_insert(objects):
    """Insert unsaved model instances of one model, giving them ids from the table's sequence."""
    if not objects:
        return
    model = type(objects[0])
    table = model._meta.db_table
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk.column, len(objects)],
        )
        for instance, (new_id,) in zip(objects, cursor.fetchall(), strict=True):
            instance.pk = new_id
            instance._state.adding = False
        fields = model._meta.concrete_fields
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        sql = f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN"
        # The raw psycopg cursor: Django's wrapper turns its errors into django.db ones.
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            for instance in objects:
                copy.write_row([_value(field, instance) for field in fields])


def _value(field, instance):
    value = field.pre_save(instance, add=True)  # fills auto_now and auto_now_add fields
    if value is None:
        return None
    if isinstance(field, GeometryField):
        return value.hexewkb.decode()
    return field.get_db_prep_save(value, connection)
