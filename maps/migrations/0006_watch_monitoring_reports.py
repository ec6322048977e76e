"""Bump the data version on writes to monitoring reports too.

The evaluation dashboard (/stats/) is cached by the data version, and its monitoring chart sums
the reports: filing one writes no other watched table, so the cached board would have kept the old
sums until some asset or project changed. The same triggers as on the other watched tables.
"""

from django.db import migrations

TABLE = "reuse_projects_monitoringreport"

FORWARD = [
    f"""CREATE CONSTRAINT TRIGGER maps_bump_data_version
        AFTER INSERT OR UPDATE OR DELETE ON {TABLE}
        DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION maps_bump_data_version();""",
    f"""CREATE TRIGGER maps_bump_data_version_truncate AFTER TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION maps_bump_data_version();""",
]
BACKWARD = [
    f"DROP TRIGGER maps_bump_data_version_truncate ON {TABLE};",
    f"DROP TRIGGER maps_bump_data_version ON {TABLE};",
]


class Migration(migrations.Migration):
    dependencies = [
        ("maps", "0005_bump_data_version_per_commit"),
        ("reuse_projects", "0001_initial"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
