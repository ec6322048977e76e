from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from assets_registry.models import Asset, Municipality


class Command(BaseCommand):
    help = (
        "Publish municipalities on the public maps, registers and exports: by code, or every "
        "municipality that has assets. Until a municipality is published its register is a 404."
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="official codes, e.g. 082053")
        parser.add_argument("--country", default="IT", help="ISO 3166-1 alpha-2 code (IT)")
        parser.add_argument(
            "--with-assets", action="store_true", help="every municipality with an asset"
        )

    def handle(self, *args, codes, country, with_assets, **options):
        if bool(codes) == with_assets:
            raise CommandError("give municipality codes or --with-assets (not both)")
        municipalities = Municipality.objects.filter(country=country.upper())
        if with_assets:
            alive = Asset.objects.alive().filter(municipality=OuterRef("pk"))
            municipalities = municipalities.filter(Exists(alive))
        else:
            unknown = set(codes) - set(
                municipalities.filter(code__in=codes).values_list("code", flat=True)
            )
            if unknown:
                raise CommandError(f"unknown municipality code(s): {', '.join(sorted(unknown))}")
            municipalities = municipalities.filter(code__in=codes)
        with transaction.atomic():
            to_publish = Municipality.objects.filter(
                pk__in=municipalities.values("pk"), is_published=False
            )
            count = to_publish.update(is_published=True, published_at=timezone.now())
        self.stdout.write(f"{count} municipalities published")
