from django.utils.functional import SimpleLazyObject

from assets_registry.access import is_municipal_staff
from reuse_projects.access import organisations_of


def roles(request):
    """What the navigation shows: the work of the user's roles (asked only when a page uses it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "is_municipal_staff": SimpleLazyObject(lambda: is_municipal_staff(user)),
        "is_ngo_member": SimpleLazyObject(lambda: organisations_of(user).exists()),
    }
