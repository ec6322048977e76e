from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """The register's search ignores accents: "citta" finds "Città" (open_data.register)."""

    dependencies = [("assets_registry", "0012_jurisdictions_of_italy_and_the_netherlands")]

    operations = [UnaccentExtension()]
