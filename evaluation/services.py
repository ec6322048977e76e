"""Workflows of good-practice sheets: start (marks the project), write, submit, review."""

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.models import GoodPracticeSheet
from reuse_projects.models import ReuseProject

S = GoodPracticeSheet.Status


def _history_context(by):
    return pghistory.context(user=by.pk if by is not None else None)


def _locked(sheet):
    return GoodPracticeSheet.objects.select_for_update().get(pk=sheet.pk)


@transaction.atomic
def sheet_start(*, project, by):
    """Mark the project as a good practice and open its sheet as a draft (or return the sheet
    it already has). The caller checked access.may_write_sheet_for."""
    sheet = GoodPracticeSheet.objects.filter(project=project).first()
    if sheet is not None:
        return sheet
    organisation = project.organisation
    with _history_context(by):
        ReuseProject.objects.filter(pk=project.pk).update(is_good_practice=True)
        sheet = GoodPracticeSheet.objects.create(
            project=project,
            created_by=by,
            contact_name=organisation.contact_name or organisation.name,
            contact_email=organisation.contact_email,
        )
    project.is_good_practice = True
    return sheet


@transaction.atomic
def sheet_update(*, sheet, data, by):
    locked = _locked(sheet)
    if locked.status != S.DRAFT:
        raise ValidationError(
            _("Only a draft can be changed; this sheet is %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    unknown = set(data) - set(GoodPracticeSheet.TEXT_FIELDS) - {"total_cost"}
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, _("This field cannot be changed here.")))
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean()
    with _history_context(by):
        locked.save()
    return locked


@transaction.atomic
def sheet_submit(*, sheet, by):
    locked = _locked(sheet)
    if locked.status != S.DRAFT:
        raise ValidationError(_("Only a draft can be sent to review."))
    missing = locked.missing_for_review()
    if missing:
        raise ValidationError(dict.fromkeys(missing, _("Write this before sending to review.")))
    locked.status = S.IN_REVIEW
    locked.submitted_at = timezone.now()
    with _history_context(by):
        locked.save()
    return locked


@transaction.atomic
def sheet_review(*, sheet, publish, note, by):
    """A national administrator publishes the sheet or sends it back to its author with a note."""
    locked = _locked(sheet)
    if locked.status != S.IN_REVIEW:
        raise ValidationError(_("Only a sheet in review can be reviewed."))
    note = (note or "").strip()
    if not publish and not note:
        raise ValidationError({"note": _("Say what to change before sending it back.")})
    now = timezone.now()
    locked.status = S.PUBLISHED if publish else S.DRAFT
    locked.review_note = note
    locked.reviewed_by, locked.reviewed_at = by, now
    if publish:
        locked.published_at = now
    with _history_context(by):
        locked.save()
    return locked


@transaction.atomic
def sheet_unpublish(*, sheet, note, by):
    """Back to draft (a national administrator, e.g. when the project was revoked)."""
    locked = _locked(sheet)
    if locked.status != S.PUBLISHED:
        raise ValidationError(_("Only a published sheet can be withdrawn."))
    locked.status = S.DRAFT
    locked.review_note = (note or "").strip()
    locked.reviewed_by, locked.reviewed_at = by, timezone.now()
    with _history_context(by):
        locked.save()
    return locked
