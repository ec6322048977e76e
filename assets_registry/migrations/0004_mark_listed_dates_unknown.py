"""Events that earlier imports dated with the day the file was listed or read are marked as having
no published date (issue 14, finding 8).

They are identified by the note the importer wrote on exactly those events, "As listed on
YYYY-MM-DD (the file gives no decree date).", with the same date as the event: the date moves to
read_on and effective_date becomes NULL. Assets whose latest event is such an event lose their
status_date likewise. Events entered by officers never carry that note and are left alone.
"""

import pgtrigger
from django.db import migrations

EVENTS = r"""
UPDATE assets_registry_statusevent
SET read_on = effective_date, effective_date = NULL
WHERE effective_date IS NOT NULL
  AND strpos(note, 'As listed on ' || to_char(effective_date, 'YYYY-MM-DD')
                   || ' (the file gives no decree date).') > 0
"""
ASSETS = r"""
UPDATE assets_registry_asset AS asset
SET status_date = NULL
FROM (
    SELECT DISTINCT ON (asset_id) asset_id, status, effective_date
    FROM assets_registry_statusevent
    ORDER BY asset_id, coalesce(effective_date, read_on) DESC NULLS LAST, recorded_at DESC, id DESC
) AS latest
WHERE latest.asset_id = asset.id
  AND latest.effective_date IS NULL
  AND latest.status = asset.status
  AND asset.status_date IS NOT NULL
"""


def forwards(apps, schema_editor):
    # The append-only trigger protects events from edits; this one-off correction is the
    # exception, and it changes only the date fields of the events identified above.
    with pgtrigger.ignore("assets_registry.StatusEvent:status_event_append_only"):
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(EVENTS)
            cursor.execute(ASSETS)


class Migration(migrations.Migration):
    dependencies = [("assets_registry", "0003_unknown_status_dates_and_snapshot_confirmation")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
