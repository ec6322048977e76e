"""The public register of a municipality's confiscated assets (art. 48(3)(c) D.Lgs. 159/2011).

Built from the public selectors only: an asset appears when it is public (confiscated for good or
later, in a published municipality), with its concession when there is one.
"""

from django.db.models import Max

from assets_registry import lifecycle
from assets_registry.models import Asset
from assets_registry.public import public_assets
from reuse_projects.models import UseCategory
from reuse_projects.public import PUBLIC_PROJECT_FIELDS, public_projects

# (key, heading) in the order of the published list.
COLUMNS = (
    ("reference", "Reference"),
    ("title", "Name"),
    ("kind", "Kind"),
    ("category", "Category"),
    ("subcategory", "Composition"),
    ("address", "Address"),
    ("cadastral_reference", "Cadastral reference"),
    ("floor_area_m2", "Floor area (m²)"),
    ("land_area_m2", "Land area (m²)"),
    ("status", "Destination"),
    ("status_date", "Since"),
    ("use", "Actual use"),
    ("project", "Project"),
    ("concessionaire", "Concessionaire"),
    ("deed_number", "Deed number"),
    ("deed_date", "Deed date"),
    ("concession_object", "Object of the concession"),
    ("starts_on", "Concession from"),
    ("ends_on", "Concession until"),
)
KINDS = dict(Asset.Kind.choices)
STATUSES = dict(Asset._meta.get_field("status").choices)
USES = dict(UseCategory.choices)


def register_entries(municipality):
    """One dict per public asset of the municipality, with its latest public concession."""
    projects = {}
    concessions = (
        public_projects()
        .filter(asset__municipality=municipality)
        .select_related("organisation")
        .only(*PUBLIC_PROJECT_FIELDS, "organisation__name")
        .order_by("asset_id", "-starts_on", "-id")
    )
    for project in concessions:
        projects.setdefault(project.asset_id, project)
    entries = []
    for asset in public_assets().filter(municipality=municipality).order_by("reference"):
        project = projects.get(asset.pk)
        entries.append(
            {
                "reference": asset.reference,
                "title": asset.title,
                "kind": str(KINDS.get(asset.kind, asset.kind)),
                "category": asset.category,
                "subcategory": asset.subcategory,
                "address": asset.address,
                "cadastral_reference": asset.cadastral_reference,
                "floor_area_m2": asset.floor_area_m2,
                "land_area_m2": asset.land_area_m2,
                "status": str(STATUSES.get(asset.status, asset.status)),
                "status_date": asset.status_date,
                "use": str(USES.get(project.use_category, "")) if project else "",
                "project": project.title if project else "",
                "concessionaire": project.organisation.name if project else "",
                "deed_number": project.deed_number if project else "",
                "deed_date": project.deed_date if project else None,
                "concession_object": project.concession_object if project else "",
                "starts_on": project.starts_on if project else None,
                "ends_on": project.ends_on if project else None,
            }
        )
    return entries


def register_last_changed(municipality):
    """When the register last changed: the latest change to one of its assets or concessions,
    including an asset that left it (deleted, or its confiscation revoked), which the public
    selectors no longer see."""
    dates = [
        public_assets().filter(municipality=municipality).aggregate(at=Max("updated_at"))["at"],
        _assets_once_in_the_register(municipality).aggregate(at=Max("updated_at"))["at"],
        public_projects()
        .filter(asset__municipality=municipality)
        .aggregate(at=Max("updated_at"))["at"],
        municipality.published_at,
    ]
    dates = [d for d in dates if d is not None]
    return max(dates) if dates else None


def _assets_once_in_the_register(municipality):
    """Assets of the municipality that have been in a public status, deleted or not since."""
    return Asset.objects.filter(
        municipality=municipality, status_events__status__in=lifecycle.PUBLIC_STATUSES
    )
