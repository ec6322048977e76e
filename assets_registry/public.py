"""The published-only selectors of the register, behind every public page, layer, tile, OGC
response and export.

Public fields are an allow-list: a field not named here never leaves the server for anonymous users
(see DESIGN.md: no case number, personal data, internal notes, estimated value, occupancy details).
Code that serves anonymous users starts from these functions and reads no other field. The public
projects and documents are selected next to them, in reuse_projects/public.py.
"""

from django.db.models.query import ModelIterable

from assets_registry import lifecycle
from assets_registry.models import Asset, Municipality, StatusEvent, chronology

PUBLIC_ASSET_FIELDS = (
    "id",
    "reference",
    "kind",
    "category",
    "subcategory",
    "title",
    "description",
    "address",
    "location",
    "location_precision",
    "parcels",
    "cadastral_reference",
    "floor_area_m2",
    "land_area_m2",
    "confiscated_share",
    "status",
    "status_date",
    "municipality_id",
    "updated_at",
    "protected_location",
)

# What a protected location hides: everything that places the asset more precisely than its
# municipality.
PROTECTED_LOCATION_FIELDS = {
    "address": "",
    "location": None,
    "parcels": None,
    "cadastral_reference": "",
}

PUBLIC_MUNICIPALITY_FIELDS = (
    "id",
    "name",
    "country",
    "code",
    "slug",
    "region",
    "province",
    "boundary",
    "representative_point",
    "population",
    "published_at",
    "updated_at",
)


def public_municipalities():
    return Municipality.objects.published().only(*PUBLIC_MUNICIPALITY_FIELDS)


def reduce_protected_location(asset):
    """Blank what places a protected asset beyond its municipality, on this instance only.
    Public code that reaches an asset other than through public_assets() (a project's asset)
    passes it through here."""
    if asset.protected_location:
        for name, blank in PROTECTED_LOCATION_FIELDS.items():
            setattr(asset, name, blank)
        asset.location_precision = Asset.LocationPrecision.MUNICIPALITY_CENTROID
    return asset


class _PublicAssetIterable(ModelIterable):
    def __iter__(self):
        for asset in super().__iter__():
            yield reduce_protected_location(asset)


def public_assets():
    """Every public asset, protected locations reduced to the municipality on the instances.

    Outputs built in SQL (layers, tiles, OGC API, exports) read columns, not instances: they draw
    only located_public_assets(), which leaves protected assets out.
    """
    queryset = Asset.objects.publicly_visible().only(*PUBLIC_ASSET_FIELDS)
    queryset._iterable_class = _PublicAssetIterable
    return queryset


def located_public_assets():
    """Public assets whose place the public may see: located and not protected."""
    return public_assets().filter(location__isnull=False, protected_location=False)


def public_timeline(asset):
    """The public steps of an asset's lifecycle: status and date, never the note or the deed."""
    return (
        StatusEvent.objects.filter(asset=asset, status__in=lifecycle.PUBLIC_TIMELINE_STATUSES)
        .only("id", "asset_id", "status", "effective_date", "read_on")
        .order_by(*chronology())
    )
