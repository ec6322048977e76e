"""Workflows that change assets. Each one validates everything before it writes, atomically."""

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets_registry import lifecycle
from assets_registry.models import Asset, StatusEvent


class StaleVersion(Exception):
    """The asset changed since the client read it (optimistic locking)."""

    def __init__(self, current_version):
        super().__init__(f"The asset is now at version {current_version}")
        self.current_version = current_version


def _history_context(by):
    return pghistory.context(user=by.pk if by is not None else None)


@transaction.atomic
def asset_create(*, municipality, status, effective_date, by, reference="", note="", **fields):
    """Register an asset with its first status event (the status it is in when first logged)."""
    try:
        status = lifecycle.Status(status)
    except ValueError:
        raise ValidationError({"status": f"Unknown status {status!r}."}) from None
    lifecycle.validate_effective_date(effective_date)
    asset = Asset(municipality=municipality, created_by=by, status=status, **fields)
    asset.status_date = effective_date
    asset.reference = "pending"
    asset.full_clean(exclude=["reference"])
    with _history_context(by):
        (asset.reference,) = municipality.reserve_asset_references()
        asset.save(force_insert=True)
        StatusEvent.objects.create(
            asset=asset,
            status=status,
            effective_date=effective_date,
            reference=reference,
            note=note,
            recorded_by=by,
        )
    return asset


@transaction.atomic
def asset_update(*, asset, data, by, expected_version=None):
    """Change an asset's descriptive fields. Status changes go through asset_record_status."""
    locked = Asset.objects.select_for_update().select_related("municipality").get(pk=asset.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersion(locked.version)
    if locked.is_deleted:
        raise ValidationError(_("A deleted asset cannot be changed."))
    forbidden = {"status", "status_date", "reference", "version", "deleted_at"} & set(data)
    if forbidden:
        raise ValidationError(dict.fromkeys(forbidden, "This field cannot be changed here."))
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean()
    with _history_context(by):
        locked.save()
    return locked


@transaction.atomic
def asset_record_status(
    *, asset, status, effective_date, by, reference="", note="", expected_version=None
):
    """Move an asset to a new legal status. The only way an asset's status changes."""
    locked = Asset.objects.select_for_update().get(pk=asset.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersion(locked.version)
    if locked.is_deleted:
        raise ValidationError(_("A deleted asset cannot change status."))
    try:
        status = lifecycle.Status(status)
    except ValueError:
        raise ValidationError({"status": f"Unknown status {status!r}."}) from None
    try:
        lifecycle.check_transition(locked.status, status)
    except lifecycle.IllegalTransition as error:
        raise ValidationError({"status": str(error)}) from None
    lifecycle.validate_effective_date(effective_date, after=locked.status_date)
    with _history_context(by):
        event = StatusEvent.objects.create(
            asset=locked,
            status=status,
            effective_date=effective_date,
            reference=reference,
            note=note,
            recorded_by=by,
        )
        locked.status = status
        locked.status_date = effective_date
        locked.save(update_fields=["status", "status_date", "version", "updated_at"])
    asset.status, asset.status_date, asset.version = (
        locked.status,
        locked.status_date,
        locked.version,
    )
    return event


# Checks that keep an asset from being deleted: callables taking the asset and returning the
# reasons (sentences) it is still needed. Higher layers register theirs in AppConfig.ready() (the
# register knows nothing of reuse: reuse_projects adds "a live concession or an open call").
DELETE_BLOCKERS = []


class AssetInUse(Exception):
    """The asset cannot be deleted: something still refers to it."""

    def __init__(self, reasons):
        super().__init__(" ".join(reasons))
        self.reasons = list(reasons)


def asset_delete_blockers(asset):
    return [reason for check in DELETE_BLOCKERS for reason in check(asset)]


@transaction.atomic
def asset_delete(*, asset, by, reason, expected_version=None):
    """Mark an asset deleted (a confiscated asset is a legal record: the row stays). Refused with
    AssetInUse while a live concession or an open call refers to it. Undone by asset_restore."""
    locked = Asset.objects.select_for_update().get(pk=asset.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersion(locked.version)
    if locked.is_deleted:
        return locked
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the asset is deleted.")})
    blockers = asset_delete_blockers(locked)
    if blockers:
        raise AssetInUse(blockers)
    locked.deleted_at = timezone.now()
    locked.deleted_by = by
    locked.deleted_reason = reason
    with pghistory.context(user=by.pk if by is not None else None, reason=reason):
        locked.save(
            update_fields=["deleted_at", "deleted_by", "deleted_reason", "version", "updated_at"]
        )
    copy = ("deleted_at", "deleted_by", "deleted_reason", "version")
    for name in copy:
        setattr(asset, name, getattr(locked, name))
    return locked


@transaction.atomic
def asset_restore(*, asset, by):
    """Undo a deletion: the asset is back in every list, with its history untouched."""
    locked = Asset.objects.select_for_update().get(pk=asset.pk)
    if not locked.is_deleted:
        return locked
    locked.deleted_at = None
    locked.deleted_by = None
    locked.deleted_reason = ""
    with pghistory.context(user=by.pk if by is not None else None, reason="restored"):
        locked.save(
            update_fields=["deleted_at", "deleted_by", "deleted_reason", "version", "updated_at"]
        )
    return locked
