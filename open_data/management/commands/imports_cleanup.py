"""Delete the files of failed and abandoned imports. Run once a day (cron or systemd timer)."""

from django.core.management.base import BaseCommand

from open_data.imports import import_files_cleanup


class Command(BaseCommand):
    help = (
        "Delete uploaded import files that failed, were abandoned or are older than --days, "
        "and files under imports/ that no import run names."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=7, help="keep a run's upload this many days (default 7)"
        )

    def handle(self, *args, days, **options):
        removed = import_files_cleanup(days=days)
        self.stdout.write(f"{removed} file(s) removed")
