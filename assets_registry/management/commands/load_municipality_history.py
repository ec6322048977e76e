from django.core.management.base import BaseCommand, CommandError

from assets_registry.importing.history import load_municipality_history


class Command(BaseCommand):
    help = (
        "Load the ANPR archive of Italian municipalities since 1861 (ANPR_archivio_comuni.csv, "
        "CC BY 4.0) so that imports map old ISTAT codes and names to today's municipalities."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="ANPR_archivio_comuni.csv")

    def handle(self, *args, path, **options):
        try:
            count = load_municipality_history(path)
        except (OSError, KeyError, ValueError) as error:
            raise CommandError(f"cannot load {path}: {error!r}") from None
        self.stdout.write(f"{count} periods of municipalities loaded from {path}")
