"""The officer's upload page workflow: keep the file, dry-run it, later commit it."""

import itertools
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from assets_registry.access import municipalities_of
from assets_registry.importing import PRESETS, ImportReport, assets_import, custom_mapping
from open_data.forms import CUSTOM
from open_data.models import ImportRun

UPLOAD_DIR = "imports"


def import_run_for_user(user, pk):
    """An import run the user uploaded, or 404: runs are private to who uploaded them."""
    try:
        return ImportRun.objects.get(pk=pk, uploaded_by=user)
    except (ImportRun.DoesNotExist, ValueError, TypeError):
        raise Http404("No such import") from None


# The run's page and its stored report keep at most this many rows with something to say; the
# CSV file next to the upload has every row. A report of every row of a large file in one JSON
# value once took a gigabyte to save.
REPORT_ROWS_STORED = 1000
REPORT_SUFFIX = ".report.csv"


def report_path(run):
    return Path(settings.MEDIA_ROOT) / f"{run.stored_name}{REPORT_SUFFIX}"


def _store_report(run, report):
    """The row-by-row CSV to a file (streamed), the summary and the first rows to look at to
    run.report."""
    with open(report_path(run), "w", encoding="utf-8", newline="") as handle:
        for line in report.csv_lines():
            handle.write(line)
    worth_a_look = (row for row in report.rows if row.reasons or row.notes or row.changes)
    kept = ImportReport(
        file_name=report.file_name,
        preset=report.preset,
        source=report.source,
        skip_bad_rows=report.skip_bad_rows,
        committed=report.committed,
        error=report.error,
        read_as=report.read_as,
        rows=list(itertools.islice(worth_a_look, REPORT_ROWS_STORED)),
        status_events=report.status_events,
        seconds=report.seconds,
    )
    run.report = {**kept.as_dict(), "counts": report.counts, "read": report.read}


def import_run_create(*, user, upload, preset, columns, source, srid, skip_bad_rows):
    """Keep the uploaded file under a random name and record its dry-run report. If anything
    fails on the way, the file goes too: no orphan is left behind."""
    suffix = Path(upload.name).suffix.lower()
    stored_name = f"{UPLOAD_DIR}/{uuid.uuid4().hex}{suffix}"
    path = Path(settings.MEDIA_ROOT) / stored_name
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        return _create_run(
            user=user,
            upload=upload,
            stored_name=stored_name,
            preset=preset,
            columns=columns,
            source=source,
            srid=srid,
            skip_bad_rows=skip_bad_rows,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        Path(f"{path}{REPORT_SUFFIX}").unlink(missing_ok=True)
        raise


def _create_run(*, user, upload, stored_name, preset, columns, source, srid, skip_bad_rows):
    run = ImportRun(
        uploaded_by=user,
        original_name=upload.name[:255],
        stored_name=stored_name,
        preset=preset,
        columns=columns,
        source=source,
        srid=srid,
        skip_bad_rows=skip_bad_rows,
    )
    _store_report(run, _run(run, commit=False))
    run.save()
    return run


@transaction.atomic
def import_run_commit(*, run):
    """Import the kept file for good, re-validating every row; the report is replaced."""
    locked = ImportRun.objects.select_for_update().get(pk=run.pk)
    if locked.committed_at is not None:
        return locked
    report = _run(locked, commit=True)
    _store_report(locked, report)
    if report.committed:
        locked.committed_at = timezone.now()
    locked.save()
    return locked


def _run(run, *, commit):
    if run.preset == CUSTOM:
        preset = custom_mapping(run.columns, source=run.source, srid=run.srid)
    else:
        preset = PRESETS[run.preset]
    return assets_import(
        path=Path(settings.MEDIA_ROOT) / run.stored_name,
        preset=preset,
        by=run.uploaded_by,
        commit=commit,
        skip_bad_rows=run.skip_bad_rows,
        municipalities=list(municipalities_of(run.uploaded_by).only("id")),
        file_name=run.original_name,
    )


def import_files_cleanup(*, days, now=None):
    """Delete the files import runs no longer need; returns how many files went.

    - a run whose file cannot be imported (report error): its upload, at once;
    - a run older than `days`: its upload (an uncommitted one is then abandoned: its report
      says so); a committed run keeps its CSV report;
    - a file under imports/ that no run names (an upload that crashed before its run was saved),
      once it is an hour old.
    """
    now = now or timezone.now()
    root = Path(settings.MEDIA_ROOT)
    removed = 0
    cutoff = now - timezone.timedelta(days=days)
    for run in ImportRun.objects.filter(Q(created_at__lt=cutoff) | ~Q(report__error="")):
        upload = root / run.stored_name
        if upload.exists():
            upload.unlink()
            removed += 1
        if run.committed_at is None and not run.report.get("error"):
            run.report = {**run.report, "error": ABANDONED}
            run.save(update_fields=["report"])
        report = report_path(run)
        if run.committed_at is None and run.created_at < cutoff and report.exists():
            report.unlink()
            removed += 1
    known = set()
    for stored_name in ImportRun.objects.values_list("stored_name", flat=True).iterator():
        known |= {stored_name, f"{stored_name}{REPORT_SUFFIX}"}
    folder = root / UPLOAD_DIR
    if folder.is_dir():
        an_hour_ago = time.time() - 3600
        for path in folder.iterdir():
            name = f"{UPLOAD_DIR}/{path.name}"
            if path.is_file() and name not in known and path.stat().st_mtime < an_hour_ago:
                path.unlink()
                removed += 1
    return removed


ABANDONED = "the uploaded file was removed after it waited too long: upload it again"
