"""The one published-only selector behind every public page, layer, tile, OGC response and export.

Public fields are an allow-list: a field not named here never leaves the server for anonymous users
(see DESIGN.md: no case number, personal data, internal notes, estimated value, occupancy details).
"""

from assets_registry.models import Asset
from reuse_projects.models import ReuseProject

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

PUBLIC_PROJECT_FIELDS = (
    "id",
    "asset_id",
    "organisation_id",
    "use_category",
    "title",
    "description",
    "deed_number",
    "deed_date",
    "concession_object",
    "starts_on",
    "ends_on",
    "status",
    "updated_at",
)

# Concessions the public sees (the law requires publishing the concessionaire and the deed).
PUBLIC_PROJECT_STATUSES = ("agreed", "active", "suspended", "ended", "revoked")


def public_assets():
    return Asset.objects.publicly_visible().only(*PUBLIC_ASSET_FIELDS)


def public_projects():
    return ReuseProject.objects.filter(
        asset__in=Asset.objects.publicly_visible(), status__in=PUBLIC_PROJECT_STATUSES
    ).only(*PUBLIC_PROJECT_FIELDS)
