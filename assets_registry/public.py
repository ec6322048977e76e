"""The published-only selectors of the register, behind every public page, layer, tile, OGC
response and export.

Public fields are an allow-list: a field not named here never leaves the server for anonymous users
(see DESIGN.md: no case number, personal data, internal notes, estimated value, occupancy details).
Code that serves anonymous users starts from these functions and reads no other field. The public
projects and documents are selected next to them, in reuse_projects/public.py.
"""

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
)

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


def public_assets():
    return Asset.objects.publicly_visible().only(*PUBLIC_ASSET_FIELDS)


def public_timeline(asset):
    """The public steps of an asset's lifecycle: status and date, never the note or the deed."""
    return (
        StatusEvent.objects.filter(asset=asset, status__in=lifecycle.PUBLIC_TIMELINE_STATUSES)
        .only("id", "asset_id", "status", "effective_date", "read_on")
        .order_by(*chronology())
    )
