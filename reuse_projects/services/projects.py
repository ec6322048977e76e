"""Reuse projects (concessions): status changes by the municipality."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets_registry.access import works_for
from assets_registry.lifecycle import validate_effective_date
from reuse_projects import lifecycle
from reuse_projects.models import ReuseProject
from reuse_projects.services.base import copy_back, history_context, require_manager
from reuse_projects.services.reports import reports_schedule

P = ReuseProject.Status


@transaction.atomic
def project_change_status(*, project, status, reason, effective_date, by, today=None):
    """Staff of the asset's municipality move the concession on; only its manager may revoke it."""
    today = today or timezone.localdate()
    locked = ReuseProject.objects.select_for_update().select_related("asset").get(pk=project.pk)
    try:
        status = P(status)
    except ValueError:
        raise ValidationError({"status": f"Unknown status {status!r}."}) from None
    municipality_id = locked.asset.municipality_id
    if status in lifecycle.MANAGER_ONLY_PROJECT_STATUSES:
        require_manager(by, municipality_id, f"make a project {status.label.lower()}")
    elif by is None or not works_for(by, municipality_id):
        raise PermissionDenied(_("Only staff of the asset's municipality may change this project."))
    try:
        lifecycle.check_project_transition(locked.status, status)
    except lifecycle.IllegalTransition as error:
        raise ValidationError({"status": str(error)}) from None
    reason = (reason or "").strip()
    if status in lifecycle.PROJECT_STATUSES_NEEDING_REASON and not reason:
        raise ValidationError({"reason": f"Say why the project is {status.label.lower()}."})
    validate_effective_date(effective_date, after=locked.status_changed_on, today=today)
    if status == P.ACTIVE and locked.starts_on is None:
        raise ValidationError(
            {"status": _("Set the concession's start date before activating it.")}
        )
    locked.status = status
    locked.status_reason = reason
    locked.status_changed_on = effective_date
    with history_context(by):
        locked.save(update_fields=["status", "status_reason", "status_changed_on", "updated_at"])
    copy_back(project, locked, ["status", "status_reason", "status_changed_on"])
    if status in lifecycle.REPORTING_PROJECT_STATUSES:
        reports_schedule(project=locked, today=today, by=by)
    return project
