from django.db import migrations

from assets_registry.jurisdiction_presets import load_jurisdictions


def load(apps, schema_editor):
    load_jurisdictions(apps)


def unload(apps, schema_editor):
    apps.get_model("assets_registry", "Jurisdiction").objects.filter(
        country__in=["IT", "NL"]
    ).delete()


class Migration(migrations.Migration):
    """Italy and the Netherlands (assets_registry/jurisdiction_presets.py)."""

    dependencies = [("assets_registry", "0011_jurisdiction")]

    operations = [migrations.RunPython(load, unload)]
