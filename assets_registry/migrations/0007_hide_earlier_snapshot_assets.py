"""Assets earlier imports created from the 2014 snapshot (source ANBSC-2014, whose ids are row
counters of a scrape) were public beside the current assets they often copy (issue 14, finding
6). They are marked as waiting for an officer's confirmation, which keeps them off the public
pages; the importer does the same for the snapshot rows it cannot match."""

from django.db import migrations


def forwards(apps, schema_editor):
    Asset = apps.get_model("assets_registry", "Asset")
    Asset.objects.filter(external_source="ANBSC-2014", pending_confirmation=False).update(
        pending_confirmation=True
    )


class Migration(migrations.Migration):
    dependencies = [("assets_registry", "0006_asset_identity")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
