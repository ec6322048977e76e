"""Where the evaluation's figures come from: the published-only selection, plus, for staff, the
unpublished assets of their own municipalities.

The only module of this app that imports the public selectors, so that they can be repointed in
one place when they move.
"""

from django.db.models import Q

from assets_registry.access import municipalities_of
from assets_registry.models import Asset
from assets_registry.public import public_assets, public_municipalities
from reuse_projects.public import (
    PUBLIC_PROJECT_STATUSES,
    public_project_with_context,
    public_projects,
)

__all__ = [
    "PUBLIC_PROJECT_STATUSES",
    "assets_in_scope",
    "public_municipalities",
    "public_project_with_context",
    "public_projects",
]


def assets_in_scope(user=None, *, staff_view=False):
    """The assets the figures count: the published ones; with staff_view, also every asset of
    the user's own municipalities (unpublished municipality or not yet finally confiscated)."""
    if staff_view and user is not None:
        own = municipalities_of(user)
        return Asset.objects.alive().filter(
            Q(pk__in=public_assets().values("pk")) | Q(municipality__in=own)
        )
    return public_assets()
