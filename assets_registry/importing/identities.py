"""Merging two registry rows that are one asset (the earlier importer registered the Aulla company
once per id): the kept asset takes the other's ids, the other is soft-deleted with a note. Its
status events stay with it (they are append-only); the kept asset's history is its own."""

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets_registry.models import Asset, AssetIdentity


@transaction.atomic
def assets_merge(*, keep, duplicate, by):
    """Fold `duplicate` into `keep`; returns the ids `keep` gained."""
    keep, duplicate = (
        Asset.objects.select_for_update().get(pk=keep.pk),
        Asset.objects.select_for_update().get(pk=duplicate.pk),
    )
    if keep.pk == duplicate.pk:
        raise ValidationError(_("An asset cannot be merged into itself."))
    if keep.is_deleted or duplicate.is_deleted:
        raise ValidationError(_("Deleted assets cannot be merged."))
    if keep.municipality_id != duplicate.municipality_id:
        raise ValidationError(_("Only assets of the same municipality can be merged."))
    ids = [(duplicate.external_source, duplicate.external_id)] if duplicate.external_id else []
    others = list(duplicate.identities.all())
    ids += [(i.source, i.identifier) for i in others]
    with pghistory.context(user=by.pk if by is not None else None, merged_into=keep.reference):
        AssetIdentity.objects.filter(pk__in=[i.pk for i in others]).delete()
        note = f"Merged into {keep.reference}: the same asset under another id."
        Asset.objects.filter(pk=duplicate.pk).update(
            external_id="",
            deleted_at=timezone.now(),
            deleted_by=by,
            internal_notes=f"{duplicate.internal_notes}\n{note}".strip(),
            version=duplicate.version + 1,
            updated_at=timezone.now(),
        )
        gained = [
            AssetIdentity(asset=keep, source=source, identifier=identifier)
            for source, identifier in ids
            if (source, identifier) != (keep.external_source, keep.external_id)
        ]
        AssetIdentity.objects.bulk_create(gained)
    return [identifier for _, identifier in ids]
