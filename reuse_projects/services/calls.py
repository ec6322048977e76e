"""Calls for proposals: drafting, publishing, closing, cancelling, and the manager's decision per
asset (which creates the concession)."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets_registry.access import works_for
from assets_registry.models import Jurisdiction
from common.i18n import by_language
from common.mail import render_message
from reuse_projects import lifecycle, notifications
from reuse_projects.models import Application, Call, CallCriterion, CallNotice, ReuseProject
from reuse_projects.selectors import offerable_assets
from reuse_projects.services.base import copy_back, fetch_locked, history_context, require_manager
from reuse_projects.services.scoring import recompute_scores

A = Application.Status

logger = logging.getLogger(__name__)


def _check_call_transition(call, new):
    try:
        lifecycle.check_call_transition(call.status, new)
    except lifecycle.IllegalTransition as error:
        raise ValidationError(str(error)) from None


def _validate_call_assets(call, assets):
    if not assets:
        raise ValidationError({"assets": _("A call offers at least one asset.")})
    allowed = set(offerable_assets([call.municipality], call=call).values_list("pk", flat=True))
    refused = [asset.reference for asset in assets if asset.pk not in allowed]
    if refused:
        raise ValidationError(
            {
                "assets": _(
                    "These assets cannot be offered (not allocated or delivered, of another "
                    "municipality, or already taken): %(references)s"
                )
                % {"references": ", ".join(refused)}
            }
        )


def _validate_reviewers(call, reviewers):
    outsiders = [r.get_username() for r in reviewers if not works_for(r, call.municipality_id)]
    if outsiders:
        raise ValidationError(
            {
                "reviewers": _("Reviewers must work for the municipality: %(names)s")
                % {"names": ", ".join(outsiders)}
            }
        )


def _sync_criteria(call):
    """The weighted criteria rows follow the criteria text (drafts only: scores refer to them)."""
    parsed = [(name, weight) for name, weight in call.parse_criteria() if weight is not None]
    call.weighted_criteria.all().delete()
    CallCriterion.objects.bulk_create(
        CallCriterion(call=call, position=n, name=name, weight=weight)
        for n, (name, weight) in enumerate(parsed, start=1)
    )


@transaction.atomic
def call_create(*, municipality, assets, by, reviewers=(), **fields):
    call = Call(municipality=municipality, created_by=by, **fields)
    call.full_clean()
    call.parse_criteria()
    _validate_call_assets(call, assets)
    _validate_reviewers(call, reviewers)
    with history_context(by):
        call.save()
        call.assets.set(assets)
        call.reviewers.set(reviewers)
        _sync_criteria(call)
    return call


@transaction.atomic
def call_update(*, call, data, assets, by, reviewers=None):
    locked = fetch_locked(call)
    if locked.status != Call.Status.DRAFT:
        raise ValidationError(_("Only a draft call can be changed."))
    forbidden = {"status", "municipality", "published_at", "created_by"} & set(data)
    if forbidden:
        raise ValidationError(dict.fromkeys(forbidden, _("This field cannot be changed here.")))
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.parse_criteria()
    _validate_call_assets(locked, assets)
    if reviewers is not None:
        _validate_reviewers(locked, reviewers)
    with history_context(by):
        locked.save()
        locked.assets.set(assets)
        if reviewers is not None:
            locked.reviewers.set(reviewers)
        _sync_criteria(locked)
    return locked


@transaction.atomic
def call_set_commission(*, call, reviewers, by):
    """The manager names the commission; pending applications' scores follow it."""
    locked = fetch_locked(call)
    require_manager(by, locked.municipality_id, "name the commission")
    if locked.status not in lifecycle.COMMISSION_EDITABLE_CALL_STATUSES:
        raise ValidationError(_("The commission of a decided or cancelled call cannot change."))
    _validate_reviewers(locked, reviewers)
    with history_context(by, reason="commission"):
        locked.reviewers.set(reviewers)
        recompute_scores(locked)
    return locked


def _check_amendable(call):
    try:
        lifecycle.check_call_amendable(call.status)
    except lifecycle.IllegalTransition as error:
        raise ValidationError(str(error)) from None


def _notice(call, kind, text, by, *, before=None, after=None):
    notice = CallNotice.objects.create(
        call=call,
        kind=kind,
        text=text,
        closes_at_before=before,
        closes_at_after=after,
        created_by=by,
    )
    notifications.call_notice(notice)
    return notice


AMENDABLE_FIELDS = ("title", "text", "eligibility")


@transaction.atomic
def call_amend(*, call, notice, by, changes=None):
    """A correction of a published call: its text may change, and the notice says what changed.
    The notice shows on the call page and goes to every organisation with a draft or a
    submission."""
    locked = fetch_locked(call)
    require_manager(by, locked.municipality_id, "amend a call")
    _check_amendable(locked)
    notice = (notice or "").strip()
    if not notice:
        raise ValidationError({"notice": _("Say what is corrected: applicants will read it.")})
    changes = dict(changes or {})
    unknown = set(changes) - set(AMENDABLE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be amended."))
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean()
    with history_context(by, reason=notice):
        if changes:
            locked.save(update_fields=[*changes, "updated_at"])
        created = _notice(locked, CallNotice.Kind.AMENDMENT, notice, by)
    copy_back(call, locked, list(changes))
    return created


@transaction.atomic
def call_extend(*, call, closes_at, reason, by, now=None):
    """Move a published call's closing date later; applicants with drafts or submissions are
    told."""
    now = now or timezone.now()
    locked = fetch_locked(call)
    require_manager(by, locked.municipality_id, "extend a call")
    _check_amendable(locked)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the call is extended: applicants will read it.")}
        )
    if closes_at is None or closes_at <= max(locked.closes_at, now):
        raise ValidationError(
            {
                "closes_at": _(
                    "The new closing date must be later than the current one and than now."
                )
            }
        )
    before = locked.closes_at
    locked.closes_at = closes_at
    with history_context(by, reason=reason):
        locked.save(update_fields=["closes_at", "updated_at"])
        created = _notice(
            locked, CallNotice.Kind.EXTENSION, reason, by, before=before, after=closes_at
        )
    copy_back(call, locked, ["closes_at"])
    return created


@transaction.atomic
def call_publish(*, call, by, now=None):
    now = now or timezone.now()
    locked = fetch_locked(call)
    if locked.status != Call.Status.DRAFT:
        raise ValidationError(_("Only a draft call can be published."))
    _check_call_transition(locked, Call.Status.PUBLISHED)
    if locked.closes_at <= now:
        raise ValidationError(
            {"closes_at": _("The call's closing date has passed: change it first.")}
        )
    _validate_call_assets(locked, list(locked.assets.all()))
    locked.status = Call.Status.PUBLISHED
    locked.published_at = now
    locked.published_by = by
    with history_context(by):
        locked.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    notifications.call_published(locked)
    copy_back(call, locked, ["status", "published_at", "published_by"])
    return call


@transaction.atomic
def call_close(*, call, by, reason="", now=None):
    """A manager closes a published call before its closing date (e.g. the asset was damaged).
    No more applications are accepted; those submitted can then be decided."""
    now = now or timezone.now()
    locked = fetch_locked(call)
    require_manager(by, locked.municipality_id, "close a call")
    _check_call_transition(locked, Call.Status.CLOSED)
    reason = (reason or "").strip()
    before = locked.closes_at
    locked.status = Call.Status.CLOSED
    locked.closes_at = min(locked.closes_at, now)
    with history_context(by, reason=reason):
        locked.save(update_fields=["status", "closes_at", "updated_at"])
        if before > now:
            _notice(
                locked,
                CallNotice.Kind.CLOSURE,
                reason or _("The call closed early."),
                by,
                before=before,
                after=locked.closes_at,
            )
    copy_back(call, locked, ["status", "closes_at"])
    return call


@transaction.atomic
def call_cancel(*, call, by, reason, now=None):
    """A manager cancels a call that has not been decided. Pending applications are rejected
    with the reason as their decision note, and their applicants are told."""
    now = now or timezone.now()
    locked = fetch_locked(call)
    require_manager(by, locked.municipality_id, "cancel a call")
    _check_call_transition(locked, Call.Status.CANCELLED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the call is cancelled: applicants will read it.")}
        )
    if locked.applications.filter(status=A.ACCEPTED).exists():
        raise ValidationError(
            _("An application of this call was accepted: it cannot be cancelled.")
        )
    pending = list(
        locked.applications.select_for_update()
        .filter(status__in=lifecycle.PENDING_DECISION_STATUSES)
        .select_related("organisation", "call")
    )
    with history_context(by, reason=reason):
        for application in pending:
            application.status = A.REJECTED
            application.decision_note = reason
            application.decided_at = now
            application.decided_by = by
            application.save(
                update_fields=["status", "decision_note", "decided_at", "decided_by", "updated_at"]
            )
        locked.status = Call.Status.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        if locked.published_at is not None:
            _notice(locked, CallNotice.Kind.CANCELLATION, reason, by)
    transaction.on_commit(lambda: _notify_applicants(pending))
    copy_back(call, locked, ["status"])
    return call


CONCESSION_FIELDS = (
    "title",
    "description",
    "deed_number",
    "deed_date",
    "concession_object",
    "starts_on",
    "ends_on",
    "reporting_interval_months",
)


@transaction.atomic
def call_decide_asset(
    *, call, asset, accepted, decision_notes, concession, by, now=None, confirm_unscored=False
):
    """The manager's decision for one asset of a closed call.

    Accepts `accepted` (or nobody, when None) and rejects every other pending application for the
    asset, each with the note its applicant will read; accepting creates the ReuseProject (the
    concession). Every applicant is e-mailed once the decision is committed. Deciding while an
    application has no final score needs confirm_unscored.
    """
    now = now or timezone.now()
    call = Call.objects.select_for_update().get(pk=call.pk)
    require_manager(by, call.municipality_id, "decide on applications")
    if call.status not in lifecycle.DECIDABLE_CALL_STATUSES:
        raise ValidationError(_("Only a published or closed call can be decided."))
    if not call.has_closed(now):
        raise ValidationError(_("Applications can be decided only after the call has closed."))
    pending = list(
        call.applications.select_for_update()
        .filter(asset=asset, status__in=lifecycle.PENDING_DECISION_STATUSES)
        .select_related("organisation")
    )
    if not pending:
        raise ValidationError(_("No application for this asset is waiting for a decision."))
    if accepted is not None and accepted.pk not in {a.pk for a in pending}:
        raise ValidationError({"accepted": _("Choose one of the applications for this asset.")})
    unscored = [a for a in pending if a.score is None]
    if unscored and not confirm_unscored:
        names = ", ".join(a.organisation.name for a in unscored)
        raise ValidationError(
            {
                "confirm_unscored": _(
                    "Not scored yet: %(names)s. Confirm that you decide without their score."
                )
                % {"names": names}
            }
        )
    missing_notes = [a for a in pending if not (decision_notes.get(a.pk) or "").strip()]
    if missing_notes:
        raise ValidationError(
            {"decision_notes": _("Write a decision note for every applicant: they will read it.")}
        )
    project = None
    if accepted is not None:
        accepted = next(a for a in pending if a.pk == accepted.pk)
        unknown = set(concession) - set(CONCESSION_FIELDS)
        if unknown:
            raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
        project = ReuseProject(
            asset=asset,
            organisation=accepted.organisation,
            application=accepted,
            use_category=accepted.use_category,
            **{"title": accepted.title, "description": accepted.description, **concession},
        )
        project.full_clean()
        for name in ("deed_number", "deed_date", "concession_object", "starts_on"):
            if not getattr(project, name):
                raise ValidationError({name: _("The concession needs this to be recorded.")})
    with history_context(by):
        for application in pending:
            application.status = A.ACCEPTED if application == accepted else A.REJECTED
            application.decision_note = decision_notes[application.pk].strip()
            application.decided_at = now
            application.decided_by = by
            application.save(
                update_fields=["status", "decision_note", "decided_at", "decided_by", "updated_at"]
            )
        if project is not None:
            project.save()
        if not call.applications.filter(status__in=lifecycle.PENDING_DECISION_STATUSES).exists():
            _check_call_transition(call, Call.Status.DECIDED)
            call.status = Call.Status.DECIDED
            call.save(update_fields=["status", "updated_at"])
    transaction.on_commit(lambda: _notify_applicants(pending))
    return project


def _notify_applicants(applications):
    """Each member reads the decision in the language they chose; the organisation's contact
    address, which is nobody's account, in the language of the organisation's country."""
    for application in applications:
        organisation = application.organisation
        members = [m.user for m in organisation.memberships.select_related("user") if m.user.email]
        jurisdiction = Jurisdiction.of_country(organisation.country or "")
        country_language = jurisdiction.language if jurisdiction else None
        recipients = {}
        for language, users in by_language(members, default=country_language).items():
            recipients.setdefault(language, set()).update(u.email for u in users)
        contact_language = country_language or settings.LANGUAGE_CODE
        if organisation.contact_email and not any(
            organisation.contact_email in emails for emails in recipients.values()
        ):
            recipients.setdefault(contact_language, set()).add(organisation.contact_email)
        context = {"application": application, "call": application.call}
        for language, emails in sorted(recipients.items()):
            message = render_message(
                "reuse_projects/email/decision", context, sorted(emails), language=language
            )
            try:
                message.send()
            except Exception:  # noqa: BLE001 - the decision stands; the operator sees the failure
                logger.exception("Could not e-mail the decision on application %s", application.pk)
