"""The officer's upload page workflow: keep the file, dry-run it, later commit it."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from assets_registry.access import municipalities_of
from assets_registry.importing import PRESETS, assets_import, custom_mapping
from open_data.forms import CUSTOM
from open_data.models import ImportRun

UPLOAD_DIR = "imports"


def import_run_for_user(user, pk):
    """An import run the user uploaded, or 404: runs are private to who uploaded them."""
    try:
        return ImportRun.objects.get(pk=pk, uploaded_by=user)
    except (ImportRun.DoesNotExist, ValueError, TypeError):
        raise Http404("No such import") from None


def import_run_create(*, user, upload, preset, columns, source, srid, skip_bad_rows):
    """Keep the uploaded file under a random name and record its dry-run report."""
    suffix = Path(upload.name).suffix.lower()
    stored_name = f"{UPLOAD_DIR}/{uuid.uuid4().hex}{suffix}"
    path = Path(settings.MEDIA_ROOT) / stored_name
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
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
    run.report = _run(run, commit=False).as_dict()
    run.save()
    return run


@transaction.atomic
def import_run_commit(*, run):
    """Import the kept file for good, re-validating every row; the report is replaced."""
    locked = ImportRun.objects.select_for_update().get(pk=run.pk)
    if locked.committed_at is not None:
        return locked
    report = _run(locked, commit=True)
    locked.report = report.as_dict()
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
