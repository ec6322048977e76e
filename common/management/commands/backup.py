"""`manage.py backup FOLDER`: the database (pg_dump, custom format) and the uploaded files, with a
manifest of each table's row count so that a restore can be checked.

Run it daily from cron or a systemd timer, and copy FOLDER off the machine.
"""

import json
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from common.backups import pg_command, row_counts


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and the uploaded files into a folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder, **options):
        folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        dump = folder / f"registry-{stamp}.dump"
        # Row counts first: a dump taken after them holds at least these rows (nothing is ever
        # hard-deleted), and the restore test compares them on a quiet database.
        counts = row_counts()
        pg_command("pg_dump", "--format=custom", "--no-owner", f"--file={dump}")
        media = folder / f"registry-{stamp}-media.tar.gz"
        with tarfile.open(media, "w:gz") as archive:
            root = Path(settings.MEDIA_ROOT)
            if root.is_dir():
                archive.add(root, arcname="media")
        manifest = folder / f"registry-{stamp}.json"
        manifest.write_text(
            json.dumps({"dump": dump.name, "media": media.name, "row_counts": counts}, indent=1)
        )
        if not dump.stat().st_size:
            raise CommandError("pg_dump wrote an empty file")
        self.stdout.write(f"Backed up {len(counts)} tables to {manifest}")
