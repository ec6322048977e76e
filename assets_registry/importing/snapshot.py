"""An old snapshot of another source's assets (the 2014 SOD14 scrape of the agency's site): its
ids are row counters of the scrape, so its rows are matched to the current assets by what they
say, and imported as their history rather than as new assets.

The rule (docs/open-data.md): a snapshot row matches a current asset of the other source when
they are the only ones, on both sides, with the same municipality, kind, category and
sub-category (no address or share is in the snapshot; the stage is not compared, since it has
changed since). The match is recorded as an id of the asset (AssetIdentity) and the snapshot's
state as a status event listed on the snapshot's date. A row without such a match is imported
as an asset of the snapshot's source, kept off the public pages until an officer confirms it is
not a copy of a current asset (Asset.pending_confirmation).
"""

from collections import Counter, defaultdict

import pghistory
from django.utils import timezone

from assets_registry.importing.history import name_key
from assets_registry.models import Asset

PROPERTY_KINDS = (Asset.Kind.BUILDING_UNIT, Asset.Kind.LAND)


def snapshot_key(municipality_id, kind, category, subcategory):
    return (municipality_id, kind, name_key(category), name_key(subcategory))


def plan_key(plan):
    fields = plan.fields
    return snapshot_key(
        plan.municipality.pk,
        fields.get("kind"),
        fields.get("category", ""),
        fields.get("subcategory", ""),
    )


def match_snapshot_rows(plans, *, current_source, snapshot_source, lock):
    """For the rows no earlier import matched: {plan: asset} for confident matches, and
    {plan: (current assets, snapshot rows)} counts for the others."""
    municipalities = {p.municipality.pk for p in plans}
    current = (
        Asset.objects.alive()
        .filter(
            external_source=current_source,
            municipality_id__in=municipalities,
            kind__in=PROPERTY_KINDS,
        )
        .exclude(identities__source=snapshot_source)
        .only(
            "id",
            "reference",
            "external_id",
            "municipality_id",
            "kind",
            "category",
            "subcategory",
            "status",
            "status_date",
        )
    )
    by_key = defaultdict(list)
    for asset in current:
        by_key[
            snapshot_key(asset.municipality_id, asset.kind, asset.category, asset.subcategory)
        ].append(asset)
    rows_per_key = Counter(plan_key(p) for p in plans)
    matches, counts = {}, {}
    for plan in plans:
        key = plan_key(plan)
        candidates = by_key.get(key, [])
        if len(candidates) == 1 and rows_per_key[key] == 1:
            matches[plan] = candidates[0]
        else:
            counts[plan] = (len(candidates), rows_per_key[key])
    if lock and matches:
        locked = Asset.objects.select_for_update().in_bulk([a.pk for a in matches.values()])
        matches = {plan: locked[asset.pk] for plan, asset in matches.items()}
    return matches, counts


def assets_confirm_snapshot(*, assets, by):
    """An officer confirms that snapshot assets are not copies of current ones: they may then
    appear on the public pages like any asset (if their status is public). Returns how many."""
    pending = Asset.objects.filter(pk__in=[a.pk for a in assets], pending_confirmation=True)
    with pghistory.context(user=by.pk if by is not None else None, confirmed_snapshot=True):
        return pending.update(pending_confirmation=False, updated_at=timezone.now())
