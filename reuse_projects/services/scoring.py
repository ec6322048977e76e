"""Scoring by a commission (the arithmetic is in reuse_projects/scoring.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assets_registry.access import works_for
from reuse_projects import lifecycle
from reuse_projects.models import Application, Call, CriterionScore
from reuse_projects.scoring import combined_score
from reuse_projects.services.base import copy_back, fetch_locked, history_context

A = Application.Status


def may_score(user, call):
    reviewers = set(call.reviewers.values_list("pk", flat=True))
    if reviewers:
        return user.pk in reviewers and works_for(user, call.municipality_id)
    return works_for(user, call.municipality_id)


@transaction.atomic
def application_score_criteria(*, application, marks, by, internal_notes=None):
    """A reviewer's marks (criterion pk -> 0..10) for every criterion of the call."""
    locked = fetch_locked(application)
    call = Call.objects.get(pk=locked.call_id)
    if not may_score(by, call):
        raise PermissionDenied(_("Only a member of the call's commission may score it."))
    if locked.status not in lifecycle.PENDING_DECISION_STATUSES:
        raise ValidationError(
            _("A %(status)s application cannot be scored.")
            % {"status": locked.get_status_display().lower()}
        )
    criteria = list(call.weighted_criteria.all())
    if not criteria:
        raise ValidationError(_("This call has no weighted criteria: give one overall score."))
    errors = {}
    for criterion in criteria:
        mark = marks.get(criterion.pk)
        if mark is None or not 0 <= mark <= CriterionScore.MARK_MAX:
            errors[f"criterion_{criterion.pk}"] = (
                f"Give “{criterion.name}” a mark from 0 to {CriterionScore.MARK_MAX}."
            )
    if errors:
        raise ValidationError(errors)
    reviewers = list(call.reviewers.values_list("pk", flat=True))
    with history_context(by):
        for criterion in criteria:
            CriterionScore.objects.update_or_create(
                application=locked,
                criterion=criterion,
                reviewer=by,
                defaults={"mark": marks[criterion.pk]},
            )
        locked.score = combined_score(locked, criteria, reviewers)
        locked.status = A.UNDER_REVIEW
        fields = ["score", "status", "updated_at"]
        if internal_notes is not None:
            locked.internal_notes = internal_notes
            fields.append("internal_notes")
        locked.save(update_fields=fields)
    copy_back(application, locked, ["score", "status", "internal_notes"])
    return application


def recompute_scores(call):
    """After the commission changes, every pending application's score follows."""
    criteria = list(call.weighted_criteria.all())
    if not criteria:
        return
    reviewers = list(call.reviewers.values_list("pk", flat=True))
    pending = call.applications.filter(status__in=lifecycle.PENDING_DECISION_STATUSES)
    for application in pending.prefetch_related("criterion_scores"):
        score = combined_score(application, criteria, reviewers)
        if score != application.score:
            application.score = score
            application.save(update_fields=["score", "updated_at"])
