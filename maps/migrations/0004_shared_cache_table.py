"""The database cache's table (settings.CACHES without REDIS_URL), made by `migrate` itself so
that no set-up path can forget `createcachetable`: without it every layer and tile is uncached."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Idempotent, and a no-op when the cache is Redis.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("maps", "0003_data_version_stamped_at_commit_time")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
