"""`manage.py restore MANIFEST`: restore a backup made by `manage.py backup` into an EMPTY database
(the configured one, or --database-url), then its uploaded files, and check every table's row count
against the manifest.

Restoring over a live database is refused: create a new database, restore into it, switch over.
"""

import json
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from common.backups import connection_settings, pg_command, row_counts, table_count


class Command(BaseCommand):
    help = "Restore a backup (manifest .json from `manage.py backup`) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("manifest", type=Path)
        parser.add_argument("--database-url", help="restore there instead of DATABASE_URL")
        parser.add_argument("--media-root", type=Path, help="default: MEDIA_ROOT")

    def handle(self, *args, manifest, database_url=None, media_root=None, **options):
        described = json.loads(manifest.read_text())
        dump = manifest.parent / described["dump"]
        target = connection_settings(database_url)
        if table_count(target):
            raise CommandError(
                f"Database {target['NAME']} is not empty: restore into a new, empty database."
            )
        pg_command(
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            str(dump),
            database=target,
            database_option="--dbname",
        )
        media = manifest.parent / described["media"]
        root = Path(media_root or settings.MEDIA_ROOT)
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(media) as archive:
            members = [m for m in archive.getmembers() if m.name.startswith("media")]
            for member in members:
                member.name = member.name.removeprefix("media").lstrip("/") or "."
            archive.extractall(root, members=members, filter="data")

        restored = row_counts(target)
        differences = {
            table: (count, restored.get(table))
            for table, count in described["row_counts"].items()
            if restored.get(table) != count
        }
        if differences:
            raise CommandError(f"Row counts differ after restore (backup, restored): {differences}")
        self.stdout.write(f"Restored {len(restored)} tables into {target['NAME']}: counts match.")
