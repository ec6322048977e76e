"""Load the demo of every app, in the order settings.DEMO_LOADERS gives.

A project-level command: the register must not know the reuse workflow, so neither app's demo
calls the other's. The loaders are named in settings (which know every app) rather than imported
here, so that common stays below every app.
"""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load the demo: four cities, named users for each role, assets and reuse projects."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already holds assets (used by `make run`)",
        )

    def handle(self, *args, if_empty, **options):
        if if_empty and apps.get_model("assets_registry", "Asset").objects.exists():
            self.stdout.write("The database already holds assets: demo not loaded.")
            return
        for path in settings.DEMO_LOADERS:
            import_string(path)(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo loaded."))
