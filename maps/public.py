"""The one published-only selector behind every public page, layer, tile, OGC response and export.

Public fields are an allow-list: a field not named here never leaves the server for anonymous users
(see DESIGN.md: no case number, personal data, internal notes, estimated value, occupancy details).
Code that serves anonymous users starts from these functions and reads no other field.
"""

from django.db.models import Q

from assets_registry import lifecycle
from assets_registry.models import Asset, Municipality, StatusEvent, chronology
from reuse_projects.models import Document, ReuseProject

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

# The concessionaire is public by law; nothing else about the organisation is read here.
PUBLIC_ORGANISATION_FIELDS = ("id", "name")

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

# Concessions the public sees (the law requires publishing the concessionaire and the deed).
PUBLIC_PROJECT_STATUSES = ("agreed", "active", "suspended", "ended", "revoked")


def public_municipalities():
    return Municipality.objects.published().only(*PUBLIC_MUNICIPALITY_FIELDS)


def public_assets():
    return Asset.objects.publicly_visible().only(*PUBLIC_ASSET_FIELDS)


def public_projects():
    return ReuseProject.objects.filter(
        asset__in=Asset.objects.publicly_visible(), status__in=PUBLIC_PROJECT_STATUSES
    ).only(*PUBLIC_PROJECT_FIELDS)


def public_project_with_context(pk):
    """One public project with its asset, municipality and concessionaire, public fields only."""
    return (
        public_projects()
        .select_related("asset", "asset__municipality", "organisation")
        .only(
            *PUBLIC_PROJECT_FIELDS,
            *(f"asset__{field}" for field in PUBLIC_ASSET_FIELDS),
            *(f"asset__municipality__{field}" for field in PUBLIC_MUNICIPALITY_FIELDS),
            *(f"organisation__{field}" for field in PUBLIC_ORGANISATION_FIELDS),
        )
        .get(pk=pk)
    )


def public_timeline(asset):
    """The public steps of an asset's lifecycle: status and date, never the note or the deed."""
    return (
        StatusEvent.objects.filter(asset=asset, status__in=lifecycle.PUBLIC_TIMELINE_STATUSES)
        .only("id", "asset_id", "status", "effective_date", "read_on")
        .order_by(*chronology())
    )


def public_photos(project):
    """Photos published for a project or for one of its monitoring reports."""
    return (
        Document.objects.filter(
            Q(project=project) | Q(report__project=project),
            visibility=Document.Visibility.PUBLIC,
            is_photo=True,
            deleted_at__isnull=True,
        )
        .only("id", "title", "uploaded_at")
        .order_by("-uploaded_at")
    )
