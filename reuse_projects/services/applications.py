"""Applications to a call: drafting, submitting within the call's window, withdrawing,
scoring."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reuse_projects import lifecycle, notifications
from reuse_projects.models import Application, Call
from reuse_projects.services.base import copy_back, fetch_locked, history_context

A = Application.Status

SCORE_MIN, SCORE_MAX = 0, 100


def _check_application_transition(application, new):
    try:
        lifecycle.check_application_transition(application.status, new)
    except lifecycle.IllegalTransition as error:
        raise ValidationError(str(error)) from None


APPLICATION_FIELDS = (
    "use_category",
    "title",
    "description",
    "beneficiaries",
    "budget",
    "duration_months",
)


@transaction.atomic
def application_create(*, call, asset, organisation, by, now=None, **fields):
    """Start a draft. Drafting is allowed before the call opens; submitting is not."""
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    if call.status != Call.Status.PUBLISHED or call.has_closed(now):
        raise ValidationError(_("This call does not accept applications."))
    if not call.assets.filter(pk=asset.pk).exists():
        raise ValidationError({"asset": _("This asset is not offered in this call.")})
    application = Application(
        call=call, asset=asset, organisation=organisation, created_by=by, **fields
    )
    application.full_clean()
    with history_context(by):
        application.save()
    return application


@transaction.atomic
def application_update(*, application, data, by):
    locked = fetch_locked(application)
    if locked.status not in lifecycle.EDITABLE_APPLICATION_STATUSES:
        raise ValidationError(
            _("A %(status)s application cannot be changed; withdraw it first.")
            % {"status": locked.get_status_display().lower()}
        )
    unknown = set(data) - set(APPLICATION_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, _("This field cannot be changed here.")))
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean()
    with history_context(by):
        locked.save()
    copy_back(application, locked, APPLICATION_FIELDS)
    return application


@transaction.atomic
def application_submit(*, application, by, now=None):
    """Submit (or resubmit after a withdrawal). The call's window is checked here, on the server."""
    now = now or timezone.now()
    locked = Application.objects.select_for_update().select_related("call", "organisation")
    locked = locked.get(pk=application.pk)
    _check_application_transition(locked, A.SUBMITTED)
    if not locked.organisation.is_verified:
        raise ValidationError(
            _(
                "Your organisation is not verified yet: you can keep drafting, and submit once "
                "a municipal officer has verified it."
            )
        )
    call = locked.call
    if call.status != Call.Status.PUBLISHED:
        raise ValidationError(_("This call is not open for applications."))
    if now < call.opens_at:
        raise ValidationError(
            _("The call opens on %(when)s: submit it then.")
            % {"when": date_format(timezone.localtime(call.opens_at), "DATETIME_FORMAT")}
        )
    if call.has_closed(now):
        raise ValidationError(
            _("The call closed on %(when)s: no more applications are accepted.")
            % {"when": date_format(timezone.localtime(call.closes_at), "DATETIME_FORMAT")}
        )
    duplicate = Application.objects.filter(
        call=call,
        asset=locked.asset_id,
        organisation=locked.organisation_id,
        status__in=lifecycle.LIVE_APPLICATION_STATUSES,
    ).exclude(pk=locked.pk)
    if duplicate.exists():
        raise ValidationError(
            _(
                "Your organisation has already submitted an application for this asset in this "
                "call. Withdraw it first if you want to submit this one instead."
            )
        )
    locked.status = A.SUBMITTED
    locked.submitted_at = now
    if not locked.protocol_number:
        locked.protocol_number = f"{call.pk}-{now:%Y}-{locked.pk:06d}"
    try:
        with transaction.atomic(), history_context(by):
            locked.save(update_fields=["status", "submitted_at", "protocol_number", "updated_at"])
    except IntegrityError:
        # Two submissions raced past the check above; the database constraint decided.
        raise ValidationError(
            _("Your organisation has already submitted an application for this asset in this call.")
        ) from None
    notifications.application_submitted(locked)
    copy_back(application, locked, ["status", "submitted_at", "protocol_number"])
    return application


@transaction.atomic
def application_withdraw(*, application, by):
    locked = fetch_locked(application)
    _check_application_transition(locked, A.WITHDRAWN)
    locked.status = A.WITHDRAWN
    with history_context(by):
        locked.save(update_fields=["status", "updated_at"])
    application.status = locked.status
    return application


@transaction.atomic
def application_score(*, application, score, internal_notes, by):
    """An officer gives one overall score (calls without weighted criteria; see scoring.py)."""
    locked = fetch_locked(application)
    if locked.call.weighted_criteria.exists():
        raise ValidationError(_("This call has weighted criteria: score each of them."))
    if locked.status not in lifecycle.PENDING_DECISION_STATUSES:
        raise ValidationError(
            _("A %(status)s application cannot be scored.")
            % {"status": locked.get_status_display().lower()}
        )
    if score is None or not SCORE_MIN <= score <= SCORE_MAX:
        raise ValidationError(
            {
                "score": _("Give a score from %(min)s to %(max)s.")
                % {"min": SCORE_MIN, "max": SCORE_MAX}
            }
        )
    locked.score = score
    locked.internal_notes = internal_notes
    locked.status = A.UNDER_REVIEW
    with history_context(by):
        locked.save(update_fields=["score", "internal_notes", "status", "updated_at"])
    copy_back(application, locked, ["score", "internal_notes", "status"])
    return application
