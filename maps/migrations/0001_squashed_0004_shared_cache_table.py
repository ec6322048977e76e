"""maps 0001-0004 in one migration, for a fast `migrate` of a new database: the data version's
table, its function as 0003 left it (stamped at commit time, never going back), its triggers as
0002 left them (deferred constraint triggers, plus statement triggers for TRUNCATE), and the
database cache's table (0004). The replaced migrations stay until every database has applied
this one.
"""

from django.core.management import call_command
from django.db import migrations, models

# Tables whose rows feed the public layers (0001).
WATCHED_TABLES = (
    "assets_registry_asset",
    "assets_registry_municipality",
    "reuse_projects_reuseproject",
    "reuse_projects_organisation",
)

# The function as 0003 replaced it: stamped with the time of the commit, never going back.
CREATE_FUNCTION = """
CREATE FUNCTION maps_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO maps_dataversion (id, version, changed_at) VALUES (1, 1, clock_timestamp())
    ON CONFLICT (id) DO UPDATE
        SET version = maps_dataversion.version + 1,
            changed_at = greatest(maps_dataversion.changed_at, clock_timestamp());
    RETURN NULL;
END;
$$;
"""

# The triggers as 0002 replaced them: deferred constraint triggers bump once per transaction at
# commit; constraint triggers cannot watch TRUNCATE, so a statement trigger does.
FORWARD = [CREATE_FUNCTION]
BACKWARD = []
for table in WATCHED_TABLES:
    FORWARD += [
        f"""CREATE CONSTRAINT TRIGGER maps_bump_data_version
            AFTER INSERT OR UPDATE OR DELETE ON {table}
            DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW EXECUTE FUNCTION maps_bump_data_version();""",
        f"""CREATE TRIGGER maps_bump_data_version_truncate AFTER TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION maps_bump_data_version();""",
    ]
    BACKWARD += [
        f"DROP TRIGGER maps_bump_data_version_truncate ON {table};",
        f"DROP TRIGGER maps_bump_data_version ON {table};",
    ]
BACKWARD.append("DROP FUNCTION maps_bump_data_version();")


# From 0004_shared_cache_table.
def create_cache_table(apps, schema_editor):
    # Idempotent, and a no-op when the cache is Redis.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)



class Migration(migrations.Migration):

    replaces = [('maps', '0001_data_version'), ('maps', '0002_bump_data_version_at_commit'), ('maps', '0003_data_version_stamped_at_commit_time'), ('maps', '0004_shared_cache_table')]

    initial = True

    dependencies = [
        ('assets_registry', '0001_initial'),
        ('reuse_projects', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='DataVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.BigIntegerField(default=0)),
                ('changed_at', models.DateTimeField()),
            ],
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
