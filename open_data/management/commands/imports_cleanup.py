"""Delete the files of failed and abandoned imports, and orphan document files.

Run once a day (cron or systemd timer)."""

from django.core.management.base import BaseCommand

from open_data.imports import import_files_cleanup
from reuse_projects.services.documents import orphan_document_files_cleanup


class Command(BaseCommand):
    help = (
        "Delete uploaded import files that failed, were abandoned or are older than --days, "
        "files under imports/ that no import run names, and files under documents/ that no "
        "document names (an upload whose worker died before its row was committed)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=7, help="keep a run's upload this many days (default 7)"
        )

    def handle(self, *args, days, **options):
        removed = import_files_cleanup(days=days) + orphan_document_files_cleanup()
        self.stdout.write(f"{removed} file(s) removed")
