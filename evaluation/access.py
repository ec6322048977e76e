"""Who may see, write and review good-practice sheets: every practices view asks here.

A published sheet is public. A draft or a sheet in review is seen by the managers and officers of
the project's municipality and by national administrators; only a manager of that municipality
writes it, only a national administrator reviews it. A sheet the user may not see is a 404.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from assets_registry.access import is_national_administrator, municipalities_of, works_for
from evaluation.models import GoodPracticeSheet
from evaluation.sources import public_projects


def sheets_visible_to(user):
    sheets = GoodPracticeSheet.objects.all()
    if is_national_administrator(user):
        return sheets
    own = municipalities_of(user)
    return sheets.filter(
        Q(status=GoodPracticeSheet.Status.PUBLISHED) | Q(project__asset__municipality__in=own)
    )


def may_write_sheet_for(user, project):
    """A manager of the project's municipality marks it as a good practice and writes it."""
    return works_for(user, project.asset.municipality_id, manager=True)


def sheet_for_user(user, pk, *, write=False, review=False):
    try:
        sheet = (
            sheets_visible_to(user)
            .select_related("project", "project__asset", "project__asset__municipality")
            .get(pk=pk)
        )
    except (GoodPracticeSheet.DoesNotExist, ValueError, TypeError):
        raise Http404("No such good-practice sheet") from None
    if write and not may_write_sheet_for(user, sheet.project):
        raise PermissionDenied(_("Only a manager of the project's municipality writes its sheet."))
    if review and not is_national_administrator(user):
        raise PermissionDenied(_("Only a national administrator reviews good-practice sheets."))
    return sheet


def project_for_sheet(user, pk):
    """A public project the user may write a sheet about (its page is what the sheet links)."""
    try:
        project = public_projects().select_related("asset").get(pk=pk)
    except (public_projects().model.DoesNotExist, ValueError, TypeError):
        raise Http404("No such public project") from None
    if not may_write_sheet_for(user, project):
        raise PermissionDenied(_("Only a manager of the project's municipality writes its sheet."))
    return project
