from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from assets_registry.boundaries import PRESETS, BoundaryFileError, FieldMapping, load_municipalities


class Command(BaseCommand):
    help = (
        "Load or update municipal boundaries from a GeoJSON, GeoPackage or Shapefile. "
        "Upserts by (country, code), repairs invalid polygons and reports what it repaired."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="GeoJSON, GeoPackage (.gpkg) or Shapefile (.shp or .zip)")
        parser.add_argument("--preset", choices=sorted(PRESETS), help="istat or cbs field names")
        parser.add_argument("--country", help="ISO 3166-1 alpha-2 code (without a preset)")
        parser.add_argument("--code-field", help="property holding the official code")
        parser.add_argument("--name-field", help="property holding the name")
        parser.add_argument("--province-field", default="")
        parser.add_argument("--region-field", default="")
        parser.add_argument("--province-code-field", default="")
        parser.add_argument("--region-code-field", default="")
        parser.add_argument("--population-field", default="")
        parser.add_argument("--only", help="comma-separated codes to load (default: all)")
        parser.add_argument(
            "--publish", action="store_true", help="publish them on the public maps"
        )

    def handle(self, *args, path, preset, **options):
        if preset:
            mapping = PRESETS[preset]
        else:
            missing = [o for o in ("country", "code_field", "name_field") if not options[o]]
            if missing:
                raise CommandError(
                    "without --preset, give "
                    + ", ".join("--" + m.replace("_", "-") for m in missing)
                )
            mapping = FieldMapping(
                country=options["country"].upper(),
                code=options["code_field"],
                name=options["name_field"],
                province=options["province_field"],
                region=options["region_field"],
                province_code=options["province_code_field"],
                region_code=options["region_code_field"],
                population=options["population_field"],
            )
        only = {c.strip() for c in options["only"].split(",")} if options["only"] else None
        show_progress = options["verbosity"] > 0

        def progress(iterable, total):
            return tqdm(iterable, total=total, unit=" municipalities", disable=not show_progress)

        try:
            report = load_municipalities(
                path,
                mapping=mapping,
                only_codes=only,
                publish=options["publish"],
                progress=progress,
            )
        except BoundaryFileError as error:
            raise CommandError(str(error)) from None

        for code, name, reason in report.repaired:
            self.stdout.write(f"repaired {name} ({code}): {reason}")
        for number, code, reason in report.rejected:
            self.stderr.write(f"rejected feature {number} ({code or 'no code'}): {reason}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.read} read, {report.created} created, {report.updated} updated, "
                f"{len(report.repaired)} repaired, {len(report.rejected)} rejected"
            )
        )
