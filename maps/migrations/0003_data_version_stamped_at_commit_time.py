"""Stamp the data version with the time of the commit, and never go back in time.

now() is the transaction's start: a long transaction committing after a short one stamped an
earlier time than it, so Last-Modified went backwards and a client asking only If-Modified-Since
got a 304 for changed data. clock_timestamp() is the time the deferred trigger runs (at commit);
greatest() keeps the stamp monotonic even if the server clock steps back.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION maps_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO maps_dataversion (id, version, changed_at) VALUES (1, 1, clock_timestamp())
    ON CONFLICT (id) DO UPDATE
        SET version = maps_dataversion.version + 1,
            changed_at = greatest(maps_dataversion.changed_at, clock_timestamp());
    RETURN NULL;
END;
$$;
"""

BACKWARD = """
CREATE OR REPLACE FUNCTION maps_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO maps_dataversion (id, version, changed_at) VALUES (1, 1, now())
    ON CONFLICT (id) DO UPDATE
        SET version = maps_dataversion.version + 1, changed_at = now();
    RETURN NULL;
END;
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("maps", "0002_bump_data_version_at_commit")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
