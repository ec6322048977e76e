"""Workflows of social reuse. Each validates everything before it writes, atomically, and records
the acting user in the audit trail. Callers find the object through reuse_projects.access (which
decides what a user may see); the rules on who may do what that no caller may skip (revocation and
call closing by a manager, internal application documents) are enforced here."""

import calendar
import datetime
import hashlib
import logging
import uuid

import pghistory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from assets_registry.access import works_for
from assets_registry.lifecycle import validate_effective_date
from reuse_projects import lifecycle
from reuse_projects.documents import ALLOWED_TYPES, PHOTO_TYPES, validate_upload
from reuse_projects.models import (
    Application,
    Call,
    Document,
    MonitoringReport,
    Organisation,
    OrganisationMembership,
    ReuseProject,
)
from reuse_projects.selectors import offerable_assets

logger = logging.getLogger(__name__)

# Days an organisation has, after a reporting period ends, to file its monitoring report.
REPORT_GRACE_DAYS = 30
SCORE_MIN, SCORE_MAX = 0, 100

A = Application.Status
P = ReuseProject.Status


def _history_context(by, **context):
    return pghistory.context(user=by.pk if by is not None else None, **context)


def _check_application_transition(application, new):
    try:
        lifecycle.check_application_transition(application.status, new)
    except lifecycle.IllegalTransition as error:
        raise ValidationError(str(error)) from None


def _check_call_transition(call, new):
    try:
        lifecycle.check_call_transition(call.status, new)
    except lifecycle.IllegalTransition as error:
        raise ValidationError(str(error)) from None


def _check_report_transition(report, new):
    try:
        lifecycle.check_report_transition(report.status, new)
    except lifecycle.IllegalTransition as error:
        raise ValidationError(str(error)) from None


def _require_manager(by, municipality_id, what):
    if by is None or not works_for(by, municipality_id, manager=True):
        raise PermissionDenied(f"Only a manager of the municipality may {what}.")


def _locked(instance):
    return type(instance).objects.select_for_update().get(pk=instance.pk)


def _copy_back(target, source, fields):
    for name in fields:
        setattr(target, name, getattr(source, name))


# Organisations


@transaction.atomic
def organisation_register(*, by, **fields):
    """An NGO member registers their organisation and becomes its coordinator."""
    organisation = Organisation(**fields)
    organisation.full_clean()
    with _history_context(by):
        organisation.save()
        OrganisationMembership.objects.create(
            user=by, organisation=organisation, role=OrganisationMembership.Role.COORDINATOR
        )
    return organisation


@transaction.atomic
def organisation_verify(*, organisation, municipality, by):
    locked = _locked(organisation)
    if locked.is_verified:
        raise ValidationError("This organisation is already verified.")
    locked.verified_at = timezone.now()
    locked.verified_by = by
    locked.verified_by_municipality = municipality
    with _history_context(by):
        locked.save(update_fields=["verified_at", "verified_by", "verified_by_municipality"])
    _copy_back(organisation, locked, ["verified_at", "verified_by", "verified_by_municipality"])
    return organisation


@transaction.atomic
def organisation_invite_member(*, organisation, identifier, role, by):
    """Add an existing user, found by username or e-mail address, to the organisation."""
    identifier = (identifier or "").strip()
    users = get_user_model().objects.filter(
        Q(username__iexact=identifier) | Q(email__iexact=identifier), is_active=True
    )
    if not identifier or users.count() != 1:
        raise ValidationError(
            {"identifier": "No single active user has this username or e-mail address."}
        )
    if role not in OrganisationMembership.Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}."})
    user = users.get()
    if organisation.memberships.filter(user=user).exists():
        raise ValidationError({"identifier": f"{user.get_username()} is already a member."})
    with _history_context(by):
        return OrganisationMembership.objects.create(
            user=user, organisation=organisation, role=role
        )


# Calls


def _validate_call_assets(call, assets):
    if not assets:
        raise ValidationError({"assets": "A call offers at least one asset."})
    allowed = set(offerable_assets([call.municipality], call=call).values_list("pk", flat=True))
    refused = [asset.reference for asset in assets if asset.pk not in allowed]
    if refused:
        raise ValidationError(
            {
                "assets": "These assets cannot be offered (not allocated or delivered, of "
                "another municipality, or already taken): " + ", ".join(refused)
            }
        )


@transaction.atomic
def call_create(*, municipality, assets, by, **fields):
    call = Call(municipality=municipality, created_by=by, **fields)
    call.full_clean()
    _validate_call_assets(call, assets)
    with _history_context(by):
        call.save()
        call.assets.set(assets)
    return call


@transaction.atomic
def call_update(*, call, data, assets, by):
    locked = _locked(call)
    if locked.status != Call.Status.DRAFT:
        raise ValidationError("Only a draft call can be changed.")
    forbidden = {"status", "municipality", "published_at", "created_by"} & set(data)
    if forbidden:
        raise ValidationError(dict.fromkeys(forbidden, "This field cannot be changed here."))
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean()
    _validate_call_assets(locked, assets)
    with _history_context(by):
        locked.save()
        locked.assets.set(assets)
    return locked


@transaction.atomic
def call_publish(*, call, by, now=None):
    now = now or timezone.now()
    locked = _locked(call)
    if locked.status != Call.Status.DRAFT:
        raise ValidationError("Only a draft call can be published.")
    _check_call_transition(locked, Call.Status.PUBLISHED)
    if locked.closes_at <= now:
        raise ValidationError({"closes_at": "The call's closing date has passed: change it first."})
    _validate_call_assets(locked, list(locked.assets.all()))
    locked.status = Call.Status.PUBLISHED
    locked.published_at = now
    locked.published_by = by
    with _history_context(by):
        locked.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    _copy_back(call, locked, ["status", "published_at", "published_by"])
    return call


@transaction.atomic
def call_close(*, call, by, reason="", now=None):
    """A manager closes a published call before its closing date (e.g. the asset was damaged).
    No more applications are accepted; those submitted can then be decided."""
    now = now or timezone.now()
    locked = _locked(call)
    _require_manager(by, locked.municipality_id, "close a call")
    _check_call_transition(locked, Call.Status.CLOSED)
    locked.status = Call.Status.CLOSED
    locked.closes_at = min(locked.closes_at, now)
    with _history_context(by, reason=(reason or "").strip()):
        locked.save(update_fields=["status", "closes_at", "updated_at"])
    _copy_back(call, locked, ["status", "closes_at"])
    return call


@transaction.atomic
def call_cancel(*, call, by, reason, now=None):
    """A manager cancels a call that has not been decided. Pending applications are rejected
    with the reason as their decision note, and their applicants are told."""
    now = now or timezone.now()
    locked = _locked(call)
    _require_manager(by, locked.municipality_id, "cancel a call")
    _check_call_transition(locked, Call.Status.CANCELLED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the call is cancelled: applicants will read it."})
    if locked.applications.filter(status=A.ACCEPTED).exists():
        raise ValidationError("An application of this call was accepted: it cannot be cancelled.")
    pending = list(
        locked.applications.select_for_update()
        .filter(status__in=lifecycle.PENDING_DECISION_STATUSES)
        .select_related("organisation", "call")
    )
    with _history_context(by, reason=reason):
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
    transaction.on_commit(lambda: _notify_applicants(pending))
    _copy_back(call, locked, ["status"])
    return call


# Applications

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
        raise ValidationError("This call does not accept applications.")
    if not call.assets.filter(pk=asset.pk).exists():
        raise ValidationError({"asset": "This asset is not offered in this call."})
    application = Application(
        call=call, asset=asset, organisation=organisation, created_by=by, **fields
    )
    application.full_clean()
    with _history_context(by):
        application.save()
    return application


@transaction.atomic
def application_update(*, application, data, by):
    locked = _locked(application)
    if locked.status not in lifecycle.EDITABLE_APPLICATION_STATUSES:
        raise ValidationError(
            f"A {locked.get_status_display().lower()} application cannot be changed; "
            "withdraw it first."
        )
    unknown = set(data) - set(APPLICATION_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be changed here."))
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean()
    with _history_context(by):
        locked.save()
    _copy_back(application, locked, APPLICATION_FIELDS)
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
            "Your organisation is not verified yet: you can keep drafting, and submit once a "
            "municipal officer has verified it."
        )
    call = locked.call
    if call.status != Call.Status.PUBLISHED:
        raise ValidationError("This call is not open for applications.")
    if now < call.opens_at:
        raise ValidationError(
            f"The call opens on {timezone.localtime(call.opens_at):%d %B %Y at %H:%M}: "
            "submit it then."
        )
    if call.has_closed(now):
        raise ValidationError(
            f"The call closed on {timezone.localtime(call.closes_at):%d %B %Y at %H:%M}: "
            "no more applications are accepted."
        )
    duplicate = Application.objects.filter(
        call=call,
        asset=locked.asset_id,
        organisation=locked.organisation_id,
        status__in=lifecycle.LIVE_APPLICATION_STATUSES,
    ).exclude(pk=locked.pk)
    if duplicate.exists():
        raise ValidationError(
            "Your organisation has already submitted an application for this asset in this "
            "call. Withdraw it first if you want to submit this one instead."
        )
    locked.status = A.SUBMITTED
    locked.submitted_at = now
    try:
        with transaction.atomic(), _history_context(by):
            locked.save(update_fields=["status", "submitted_at", "updated_at"])
    except IntegrityError:
        # Two submissions raced past the check above; the database constraint decided.
        raise ValidationError(
            "Your organisation has already submitted an application for this asset in this call."
        ) from None
    _copy_back(application, locked, ["status", "submitted_at"])
    return application


@transaction.atomic
def application_withdraw(*, application, by):
    locked = _locked(application)
    _check_application_transition(locked, A.WITHDRAWN)
    locked.status = A.WITHDRAWN
    with _history_context(by):
        locked.save(update_fields=["status", "updated_at"])
    application.status = locked.status
    return application


@transaction.atomic
def application_score(*, application, score, internal_notes, by):
    """An officer scores a submitted application against the call's criteria."""
    locked = _locked(application)
    if locked.status not in lifecycle.PENDING_DECISION_STATUSES:
        raise ValidationError(
            f"A {locked.get_status_display().lower()} application cannot be scored."
        )
    if score is None or not SCORE_MIN <= score <= SCORE_MAX:
        raise ValidationError({"score": f"Give a score from {SCORE_MIN} to {SCORE_MAX}."})
    locked.score = score
    locked.internal_notes = internal_notes
    locked.status = A.UNDER_REVIEW
    with _history_context(by):
        locked.save(update_fields=["score", "internal_notes", "status", "updated_at"])
    _copy_back(application, locked, ["score", "internal_notes", "status"])
    return application


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
def call_decide_asset(*, call, asset, accepted, decision_notes, concession, by, now=None):
    """The manager's decision for one asset of a closed call.

    Accepts `accepted` (or nobody, when None) and rejects every other pending application for the
    asset, each with the note its applicant will read; accepting creates the ReuseProject (the
    concession). Every applicant is e-mailed once the decision is committed.
    """
    now = now or timezone.now()
    call = Call.objects.select_for_update().get(pk=call.pk)
    _require_manager(by, call.municipality_id, "decide on applications")
    if call.status not in lifecycle.DECIDABLE_CALL_STATUSES:
        raise ValidationError("Only a published or closed call can be decided.")
    if not call.has_closed(now):
        raise ValidationError("Applications can be decided only after the call has closed.")
    pending = list(
        call.applications.select_for_update()
        .filter(asset=asset, status__in=lifecycle.PENDING_DECISION_STATUSES)
        .select_related("organisation")
    )
    if not pending:
        raise ValidationError("No application for this asset is waiting for a decision.")
    if accepted is not None and accepted.pk not in {a.pk for a in pending}:
        raise ValidationError({"accepted": "Choose one of the applications for this asset."})
    missing_notes = [a for a in pending if not (decision_notes.get(a.pk) or "").strip()]
    if missing_notes:
        raise ValidationError(
            {"decision_notes": "Write a decision note for every applicant: they will read it."}
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
                raise ValidationError({name: "The concession needs this to be recorded."})
    with _history_context(by):
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
    for application in applications:
        organisation = application.organisation
        members = organisation.memberships.select_related("user")
        recipients = {organisation.contact_email} | {m.user.email for m in members if m.user.email}
        context = {"application": application, "call": application.call}
        message = EmailMessage(
            subject=render_to_string("reuse_projects/email/decision_subject.txt", context).strip(),
            body=render_to_string("reuse_projects/email/decision_body.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=sorted(r for r in recipients if r),
        )
        try:
            message.send()
        except Exception:  # noqa: BLE001 - the decision stands; the operator sees the failure
            logger.exception("Could not e-mail the decision on application %s", application.pk)


# Projects and monitoring


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
        _require_manager(by, municipality_id, f"make a project {status.label.lower()}")
    elif by is None or not works_for(by, municipality_id):
        raise PermissionDenied("Only staff of the asset's municipality may change this project.")
    try:
        lifecycle.check_project_transition(locked.status, status)
    except lifecycle.IllegalTransition as error:
        raise ValidationError({"status": str(error)}) from None
    reason = (reason or "").strip()
    if status in lifecycle.PROJECT_STATUSES_NEEDING_REASON and not reason:
        raise ValidationError({"reason": f"Say why the project is {status.label.lower()}."})
    validate_effective_date(effective_date, after=locked.status_changed_on, today=today)
    if status == P.ACTIVE and locked.starts_on is None:
        raise ValidationError({"status": "Set the concession's start date before activating it."})
    locked.status = status
    locked.status_reason = reason
    locked.status_changed_on = effective_date
    with _history_context(by):
        locked.save(update_fields=["status", "status_reason", "status_changed_on", "updated_at"])
    _copy_back(project, locked, ["status", "status_reason", "status_changed_on"])
    if status in lifecycle.REPORTING_PROJECT_STATUSES:
        reports_schedule(project=locked, today=today, by=by)
    return project


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reporting_periods(project, today):
    """The (start, end) of every reporting period of the project that has ended by `today`."""
    number = 0
    while True:
        start = add_months(project.starts_on, number * project.reporting_interval_months)
        end = add_months(project.starts_on, (number + 1) * project.reporting_interval_months)
        end -= datetime.timedelta(days=1)
        if project.ends_on is not None:
            if start > project.ends_on:
                return
            end = min(end, project.ends_on)
        if end >= today:
            return
        yield start, end
        number += 1


@transaction.atomic
def reports_schedule(*, today=None, project=None, by=None):
    """Create the report rows that have fallen due. Idempotent; run daily by a command."""
    today = today or timezone.localdate()
    projects = ReuseProject.objects.filter(
        status__in=lifecycle.REPORTING_PROJECT_STATUSES, starts_on__isnull=False
    )
    if project is not None:
        projects = projects.filter(pk=project.pk)
    created = []
    with _history_context(by):
        for each in projects:
            for start, end in reporting_periods(each, today):
                report, was_created = MonitoringReport.objects.get_or_create(
                    project=each,
                    period_start=start,
                    defaults={
                        "period_end": end,
                        "due_on": end + datetime.timedelta(days=REPORT_GRACE_DAYS),
                    },
                )
                if was_created:
                    created.append(report)
    return created


REPORT_FIELDS = (
    "beneficiaries",
    "jobs",
    "jobs_disadvantaged",
    "volunteers",
    "events_held",
    "narrative",
)


@transaction.atomic
def report_file(*, report, data, by):
    """The concessionaire files (or corrects, until acknowledged) a monitoring report."""
    locked = _locked(report)
    if locked.status == MonitoringReport.Status.ACKNOWLEDGED:
        raise ValidationError("This report was acknowledged and can no longer be changed.")
    _check_report_transition(locked, MonitoringReport.Status.FILED)
    unknown = set(data) - set(REPORT_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    for name, value in data.items():
        setattr(locked, name, value)
    missing = [name for name in REPORT_FIELDS if getattr(locked, name) in (None, "")]
    if missing:
        raise ValidationError(dict.fromkeys(missing, "This is needed to file the report."))
    locked.full_clean()
    locked.status = MonitoringReport.Status.FILED
    locked.filed_at = timezone.now()
    locked.filed_by = by
    with _history_context(by):
        locked.save()
    _copy_back(report, locked, [*REPORT_FIELDS, "status", "filed_at", "filed_by"])
    return report


@transaction.atomic
def report_acknowledge(*, report, by):
    locked = _locked(report)
    if locked.status != MonitoringReport.Status.FILED:
        raise ValidationError("Only a filed report can be acknowledged.")
    _check_report_transition(locked, MonitoringReport.Status.ACKNOWLEDGED)
    locked.status = MonitoringReport.Status.ACKNOWLEDGED
    locked.acknowledged_at = timezone.now()
    locked.acknowledged_by = by
    with _history_context(by):
        locked.save(update_fields=["status", "acknowledged_at", "acknowledged_by"])
    _copy_back(report, locked, ["status", "acknowledged_at", "acknowledged_by"])
    return report


# Documents

OWNER_FIELDS = {
    Call: "call",
    Application: "application",
    ReuseProject: "project",
    MonitoringReport: "report",
}


def document_attach(*, owner, uploaded_file, title, visibility, by):
    """Store a document on a call, application, project or report.

    The type is judged by content; a refused file leaves no row and no file behind.
    """
    field = OWNER_FIELDS.get(type(owner))
    if field is None:
        raise ValidationError(f"Documents cannot be attached to a {type(owner).__name__}.")
    content_type = validate_upload(uploaded_file)
    if field == "application" and visibility != Document.Visibility.INTERNAL:
        raise ValidationError({"visibility": "Application documents are always internal."})
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    document = Document(
        title=title.strip() or uploaded_file.name[:200],
        storage_name=f"{uuid.uuid4().hex}.{ALLOWED_TYPES[content_type]}",
        original_name=uploaded_file.name[:255],
        content_type=content_type,
        size=uploaded_file.size,
        sha256=digest.hexdigest(),
        is_photo=content_type in PHOTO_TYPES,
        visibility=visibility,
        uploaded_by=by,
        uploaded_at=timezone.now(),
        **{field: owner},
    )
    document.full_clean(exclude=["file"])
    try:
        with transaction.atomic(), _history_context(by):
            document.file.save(document.storage_name, uploaded_file, save=False)
            document.save()
    except Exception:
        if document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document
