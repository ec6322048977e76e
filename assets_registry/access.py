"""Who may see and change which assets: every view, admin page and API endpoint asks here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from assets_registry.models import Asset, Municipality, MunicipalityMembership

NATIONAL_ADMIN_PERM = "assets_registry.national_administrator"


def is_national_administrator(user):
    return user.is_authenticated and user.is_active and user.has_perm(NATIONAL_ADMIN_PERM)


def municipalities_of(user, *, roles=None):
    """Municipalities whose assets the user works on (all of them for a national administrator)."""
    if not user.is_authenticated or not user.is_active:
        return Municipality.objects.none()
    if is_national_administrator(user):
        return Municipality.objects.all()
    memberships = MunicipalityMembership.objects.filter(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return Municipality.objects.filter(pk__in=memberships.values("municipality_id"))


def managed_municipalities(user):
    return municipalities_of(user, roles=[MunicipalityMembership.Role.MANAGER])


def works_for(user, municipality, *, manager=False):
    """Whether the user works for this municipality (given as an object or a pk); with
    manager=True, as its manager. The one answer to "may this user act for this municipality"."""
    pk = getattr(municipality, "pk", municipality)
    if pk is None:
        return False
    allowed = managed_municipalities(user) if manager else municipalities_of(user)
    try:
        return allowed.filter(pk=pk).exists()
    except (ValueError, TypeError):
        return False


def is_municipal_staff(user):
    return municipalities_of(user).exists()


def request_is_municipal_staff(request):
    """is_municipal_staff for the request's user, asked once per request (the admin asks it for
    every model on every page)."""
    if not hasattr(request, "_is_municipal_staff"):
        request._is_municipal_staff = is_municipal_staff(request.user)
    return request._is_municipal_staff


def assets_visible_to(user):
    """Assets a user may read with all their fields: those of their own municipalities."""
    return Asset.objects.alive().filter(municipality__in=municipalities_of(user))


def municipality_for_user(user, pk, *, manager=False):
    """A municipality the user works for, or 404 (we do not reveal which others exist)."""
    allowed = managed_municipalities(user) if manager else municipalities_of(user)
    try:
        return allowed.get(pk=pk)
    except (Municipality.DoesNotExist, ValueError, TypeError):
        raise Http404("No such municipality") from None


def asset_for_user(user, pk, *, write=False):
    """The asset with this pk if the user may see it (and change it, with write=True), else 404/403.

    Officers and managers both edit their municipality's assets; another municipality's asset
    is a 404 so that its existence is not revealed.
    """
    try:
        asset = assets_visible_to(user).select_related("municipality").get(pk=pk)
    except (Asset.DoesNotExist, ValueError, TypeError):
        raise Http404("No such asset") from None
    if write and not user.is_active:
        raise PermissionDenied(_("Inactive users cannot change assets"))
    return asset


def deleted_asset_for_user(user, pk):
    """A deleted asset of the user's municipalities (to restore it), else 404."""
    try:
        return (
            Asset.objects.filter(deleted_at__isnull=False, municipality__in=municipalities_of(user))
            .select_related("municipality")
            .get(pk=pk)
        )
    except (Asset.DoesNotExist, ValueError, TypeError):
        raise Http404("No such deleted asset") from None
