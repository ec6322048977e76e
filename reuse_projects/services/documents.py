"""Documents attached to calls, applications, projects and reports."""

import hashlib
import time
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets_registry.models import Asset
from reuse_projects.documents import ALLOWED_TYPES, PHOTO_TYPES, validate_upload
from reuse_projects.models import Application, Call, Document, MonitoringReport, ReuseProject
from reuse_projects.photos import public_copies
from reuse_projects.services.base import history_context

OWNER_FIELDS = {
    Asset: "asset",
    Call: "call",
    Application: "application",
    ReuseProject: "project",
    MonitoringReport: "report",
}


def document_attach(*, owner, uploaded_file, title, visibility, by):
    """Store a document on an asset, call, application, project or report.

    The type is judged by content; a refused file leaves no row and no file behind. A photo also
    gets a re-encoded public copy without EXIF/GPS data, and a thumbnail.
    """
    field = OWNER_FIELDS.get(type(owner))
    if field is None:
        raise ValidationError(f"Documents cannot be attached to a {type(owner).__name__}.")
    content_type = validate_upload(uploaded_file)
    if field == "application" and visibility != Document.Visibility.INTERNAL:
        raise ValidationError({"visibility": _("Application documents are always internal.")})
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    document = Document(
        title=title.strip() or uploaded_file.name[:200],
        storage_name=f"{uuid.uuid4().hex}.{ALLOWED_TYPES[content_type]}",
        original_name=uploaded_file.name[:255],
        content_type=content_type,
        size=uploaded_file.size,
        sha256=digest.hexdigest(),
        is_photo=content_type in PHOTO_TYPES,
        visibility=visibility,
        uploaded_by=by,
        uploaded_at=timezone.now(),
        **{field: owner},
    )
    document.full_clean(exclude=["file", "public_file", "thumbnail"])
    copies = public_copies(uploaded_file) if document.is_photo else None
    try:
        with transaction.atomic(), history_context(by):
            document.file.save(document.storage_name, uploaded_file, save=False)
            if copies is not None:
                stem = document.storage_name.rsplit(".", 1)[0]
                public, thumbnail = copies
                folder = f"documents/{document.uploaded_at:%Y/%m}"
                document.public_file.save(f"{folder}/{stem}-public.jpg", public, save=False)
                document.thumbnail.save(f"{folder}/{stem}-thumb.jpg", thumbnail, save=False)
            document.save()
    except Exception:
        for stored in (document.file, document.public_file, document.thumbnail):
            if stored.name:
                stored.storage.delete(stored.name)
        raise
    return document


def orphan_document_files_cleanup(*, min_age_seconds=3600):
    """Delete files under documents/ that no document names; returns how many went.

    A worker killed between storing an upload and committing its row leaves such a file (its
    `except` never runs). Only files older than `min_age_seconds`, so that an upload in progress
    keeps its file. Run by the daily `manage.py imports_cleanup`.
    """
    root = Path(Document._meta.get_field("file").storage.location) / "documents"
    if not root.is_dir():
        return 0
    known = set()
    for names in Document.objects.values_list("file", "public_file", "thumbnail").iterator():
        known.update(name for name in names if name)
    removed = 0
    cutoff = time.time() - min_age_seconds
    for path in root.rglob("*"):
        name = path.relative_to(root.parent).as_posix()
        if path.is_file() and name not in known and path.stat().st_mtime < cutoff:
            path.unlink()
            removed += 1
    return removed
