from django.core.management.base import BaseCommand

from assets_registry.demo import DEMO_PASSWORD, load_demo_assets
from assets_registry.models import Asset
from reuse_projects.demo import load_demo_reuse


class Command(BaseCommand):
    help = "Load the demo: four cities, named users for each role, assets and reuse projects."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already holds assets (used by `make run`)",
        )

    def handle(self, *args, if_empty, **options):
        if if_empty and Asset.objects.exists():
            self.stdout.write("The database already holds assets: demo not loaded.")
            return
        created = load_demo_assets(stdout=self.stdout)
        load_demo_reuse(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded ({created} assets created). Logins use the password {DEMO_PASSWORD}."
            )
        )
