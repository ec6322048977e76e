"""The public register of a municipality's confiscated assets.

Its legal basis, title and the names of the stages come from the municipality's jurisdiction
(Italy: art. 48(3)(c) D.Lgs. 159/2011; the Netherlands: its own law), never from here.
Built from the public selectors only: an asset appears when it is public (confiscated for good or
later, in a published municipality), with its concession when there is one.
"""

from django.contrib.postgres.lookups import Unaccent
from django.db.models import Exists, Max, OuterRef, Q, Value
from django.utils.translation import gettext_lazy as _

from assets_registry import lifecycle
from assets_registry.jurisdiction import stage_labels
from assets_registry.models import Asset
from assets_registry.public import public_assets
from reuse_projects.models import UseCategory
from reuse_projects.public import PUBLIC_PROJECT_FIELDS, public_projects

# (key, heading) in the order of the published list.
COLUMNS = (
    ("reference", _("Reference")),
    ("title", _("Name")),
    ("kind", _("Kind")),
    ("category", _("Category")),
    ("subcategory", _("Composition")),
    ("address", _("Address")),
    ("cadastral_reference", _("Cadastral reference")),
    ("floor_area_m2", _("Floor area (m²)")),
    ("land_area_m2", _("Land area (m²)")),
    ("status", _("Destination")),
    ("status_date", _("Since")),
    ("use", _("Actual use")),
    ("project", _("Project")),
    ("concessionaire", _("Concessionaire")),
    ("deed_number", _("Deed number")),
    ("deed_date", _("Deed date")),
    ("concession_object", _("Object of the concession")),
    ("starts_on", _("Concession from")),
    ("ends_on", _("Concession until")),
)
KINDS = dict(Asset.Kind.choices)
USES = dict(UseCategory.choices)


# What the search looks in, accents and case ignored (PostgreSQL unaccent).
SEARCHED_FIELDS = (
    "reference",
    "title",
    "category",
    "subcategory",
    "address",
    "cadastral_reference",
)


def register_entries(municipality, *, search=""):
    """One dict per public asset of the municipality, with its latest public concession;
    `search` keeps the assets with every word of it in one of their fields or their concession,
    accents and case ignored."""
    stages = stage_labels(municipality.country)
    assets = _searched(public_assets().filter(municipality=municipality), search)
    projects = {}
    concessions = (
        public_projects()
        .filter(asset__in=assets.values("pk"))
        .select_related("organisation")
        .only(*PUBLIC_PROJECT_FIELDS, "organisation__name")
        .order_by("asset_id", "-starts_on", "-id")
    )
    for project in concessions:
        projects.setdefault(project.asset_id, project)
    entries = []
    for asset in assets.order_by("reference"):
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
                "status": stages.get(asset.status, asset.status),
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


def _searched(assets, search):
    for word in search.split():
        word = Unaccent(Value(word))
        in_asset = Q()
        for field in SEARCHED_FIELDS:
            in_asset |= Q(**{f"{field}__unaccent__icontains": word})
        in_concession = (
            public_projects()
            .filter(asset=OuterRef("pk"))
            .filter(
                Q(title__unaccent__icontains=word)
                | Q(organisation__name__unaccent__icontains=word)
                | Q(concession_object__unaccent__icontains=word)
            )
        )
        assets = assets.filter(in_asset | Exists(in_concession))
    return assets


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
