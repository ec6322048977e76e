from django.db import migrations


def protect_live_shelters(apps, schema_editor):
    """Assets under a live "shelter for victims" project get a protected location (what
    ReuseProject.save() does from now on)."""
    Asset = apps.get_model("assets_registry", "Asset")
    ReuseProject = apps.get_model("reuse_projects", "ReuseProject")
    sheltering = ReuseProject.objects.filter(
        use_category="shelter", status__in=["agreed", "active", "suspended"]
    )
    Asset.objects.filter(pk__in=sheltering.values("asset_id")).update(protected_location=True)


class Migration(migrations.Migration):
    dependencies = [
        ("reuse_projects", "0004_organisation_invitations"),
        ("assets_registry", "0008_asset_protected_location"),
    ]

    operations = [migrations.RunPython(protect_live_shelters, migrations.RunPython.noop)]
