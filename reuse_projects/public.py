"""The published-only selectors of reuse projects and their documents (the public side of
assets_registry/public.py, whose rules they extend: a project is public only on a public asset).

Public fields are an allow-list, as for assets: code that serves anonymous users reads no other
field.
"""

from django.db.models import Exists, OuterRef, Q

from assets_registry.lifecycle import REUSABLE_STATUSES
from assets_registry.models import Asset
from assets_registry.public import (
    PUBLIC_ASSET_FIELDS,
    PUBLIC_MUNICIPALITY_FIELDS,
    public_assets,
    reduce_protected_location,
)
from reuse_projects import lifecycle
from reuse_projects.models import Document, ReuseProject

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

# Concessions the public sees (the law requires publishing the concessionaire and the deed).
PUBLIC_PROJECT_STATUSES = lifecycle.PUBLIC_PROJECT_STATUSES


def public_projects():
    return ReuseProject.objects.filter(
        asset__in=Asset.objects.publicly_visible(), status__in=PUBLIC_PROJECT_STATUSES
    ).only(*PUBLIC_PROJECT_FIELDS)


def available_for_reuse_q():
    """A public asset open for reuse, as public pages count and list it: allocated or delivered,
    and no live public concession on it yet."""
    live = public_projects().filter(
        asset=OuterRef("pk"), status__in=lifecycle.LIVE_PROJECT_STATUSES
    )
    return Q(status__in=REUSABLE_STATUSES) & ~Exists(live)


def public_call_assets(call=None):
    """The assets a call offers, as the public may see them (published-only, public fields)."""
    assets = public_assets().select_related(None)
    return assets.filter(calls=call) if call is not None else assets


def public_document_q():
    """Documents anyone may read: public ones of a public call, project, report or asset.
    Application documents are never public (document_attach refuses it): they are the applicant's.
    """
    return Q(visibility=Document.Visibility.PUBLIC, deleted_at__isnull=True) & (
        Q(call__status__in=lifecycle.PUBLIC_CALL_STATUSES)
        | Q(project__in=public_projects())
        | Q(report__project__in=public_projects())
        | Q(asset__in=Asset.objects.publicly_visible())
    )


def public_project_with_context(pk):
    """One public project with its asset, municipality and concessionaire, public fields only
    (a protected asset's place reduced to its municipality)."""
    project = (
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
    reduce_protected_location(project.asset)
    return project


def located_public_projects():
    """Public projects drawn at their asset's place: located and not protected."""
    return public_projects().filter(asset__location__isnull=False, asset__protected_location=False)


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


def public_asset_photos(asset):
    """Public photos of a public asset (their public copies have no EXIF/GPS data)."""
    return (
        Document.objects.filter(
            asset=asset,
            visibility=Document.Visibility.PUBLIC,
            is_photo=True,
            deleted_at__isnull=True,
        )
        .exclude(thumbnail="")
        .only("id", "title", "uploaded_at", "thumbnail")
        .order_by("-uploaded_at")
    )
