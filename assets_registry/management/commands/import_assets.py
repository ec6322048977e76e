"""manage.py import_assets FILE --preset anbsc-immobili [--commit] [--skip-bad-rows] ..."""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from assets_registry.importing import FIELDS, PRESETS, assets_import, custom_mapping


class Command(BaseCommand):
    help = (
        "Import assets from a CSV, GeoJSON, GeoPackage or zipped Shapefile. A dry run by default: "
        "it reports what each row would do; --commit writes everything in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--preset", choices=sorted(PRESETS), help="a known national file")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help=f"column mapping instead of a preset; fields: {', '.join(FIELDS)}",
        )
        parser.add_argument("--source", default="", help="with --map: who issued the ids")
        parser.add_argument("--srid", type=int, default=4326, help="with --map: coordinates' SRID")
        parser.add_argument("--delimiter", help="with --map: CSV delimiter (default: guessed)")
        parser.add_argument("--encoding", help="default: UTF-8, else Latin-1")
        parser.add_argument("--as-of", type=datetime.date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--commit", action="store_true", help="write (default: dry run)")
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="write the good rows even if some are rejected (default: all or nothing)",
        )
        parser.add_argument("--group-parcels", action="store_true")
        parser.add_argument("--user", help="username the changes are recorded under")
        parser.add_argument("--report", type=Path, help="write the row-by-row report (CSV) here")

    def handle(self, *args, **options):
        preset = self._preset(options)
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"no user {options['user']!r}") from None
        report = assets_import(
            path=options["path"],
            preset=preset,
            by=user,
            commit=options["commit"],
            skip_bad_rows=options["skip_bad_rows"],
            group_parcels=options["group_parcels"],
            as_of=options["as_of"],
            encoding=options["encoding"],
            progress=lambda rows, desc: tqdm(rows, desc=desc, unit="row", disable=None),
        )
        if options["report"]:
            with open(options["report"], "w", encoding="utf-8", newline="") as handle:
                handle.writelines(report.csv_lines())
        for line in report.summary_lines():
            self.stdout.write(line)
        if report.error:
            raise CommandError(report.error)
        if options["commit"] and not report.committed:
            raise CommandError(
                f"nothing written: {len(report.rejected_rows)} row(s) rejected "
                "(all or nothing; see the report, or use --skip-bad-rows)"
            )

    def _preset(self, options):
        if options["preset"] and options["map"]:
            raise CommandError("give --preset or --map, not both")
        if options["preset"]:
            return PRESETS[options["preset"]]
        if not options["map"]:
            raise CommandError("give --preset NAME or a column mapping (--map field=column ...)")
        columns = {}
        for item in options["map"]:
            name, sep, column = item.partition("=")
            if not sep or not column:
                raise CommandError(f"--map {item!r}: use FIELD=COLUMN")
            columns[name.strip()] = column.strip()
        try:
            return custom_mapping(
                columns,
                source=options["source"],
                srid=options["srid"],
                delimiter=options["delimiter"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
