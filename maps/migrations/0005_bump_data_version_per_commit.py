"""Bump the data version once per commit, as 0002 meant to.

The deferred constraint triggers fire once per changed row at commit (constraint triggers are
row-level only). Each bump updated the one version row again, and each update walks the versions
of the row the transaction made before it: committing an import of 17,000 assets took 5.0 s,
longer than the import. A transaction-local setting now remembers the statement that bumped it:
the triggers of one commit all fire within the COMMIT statement, so the first one bumps and the
others return at once. Keyed by the statement rather than the transaction, the version still moves
on every statement when the triggers are made immediate (SET CONSTRAINTS ALL IMMEDIATE: the tests,
which never commit). The stamp is still the commit's time.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION maps_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('maps.data_version_bumped', true) = statement_timestamp()::text THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('maps.data_version_bumped', statement_timestamp()::text, true);
    INSERT INTO maps_dataversion (id, version, changed_at) VALUES (1, 1, clock_timestamp())
    ON CONFLICT (id) DO UPDATE
        SET version = maps_dataversion.version + 1,
            changed_at = greatest(maps_dataversion.changed_at, clock_timestamp());
    RETURN NULL;
END;
$$;
"""

# 0003's function.
BACKWARD = """
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


class Migration(migrations.Migration):
    dependencies = [("maps", "0001_squashed_0004_shared_cache_table")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
