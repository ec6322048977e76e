"""Who may see and act on which organisations, calls, applications, projects, reports and documents.

Every page, API view, admin page and document download asks here. An object the user may not see
is a 404 (its existence is not revealed); one they may see but not act on is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from assets_registry.access import (
    assets_visible_to,
    is_municipal_staff,
    municipalities_of,
    works_for,
)
from reuse_projects import lifecycle, public
from reuse_projects.models import (
    Application,
    Call,
    Document,
    MonitoringReport,
    Organisation,
    OrganisationMembership,
    ReuseProject,
)


def _get_or_404(queryset, pk, what):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No such {what}") from None


def _require(condition, message):
    if not condition:
        raise PermissionDenied(message)


def is_member_of(user, organisation_id):
    return organisations_of(user).filter(pk=organisation_id).exists()


# Organisations


def organisations_of(user, *, coordinator=False):
    """Organisations the user is a member of (as coordinator only, with coordinator=True)."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    memberships = OrganisationMembership.objects.filter(user=user)
    if coordinator:
        memberships = memberships.filter(role=OrganisationMembership.Role.COORDINATOR)
    return Organisation.objects.filter(pk__in=memberships.values("organisation_id"))


def organisations_visible_to(user):
    """Members see their own; municipal staff see every organisation (they verify and review)."""
    if is_municipal_staff(user):
        return Organisation.objects.all()
    return organisations_of(user)


def organisation_for_user(user, pk, *, invite=False, verify=False):
    organisation = _get_or_404(organisations_visible_to(user), pk, "organisation")
    if invite:
        _require(
            organisations_of(user, coordinator=True).filter(pk=organisation.pk).exists(),
            "Only a coordinator of the organisation may invite members.",
        )
    if verify:
        _require(
            may_verify_organisation(user, organisation),
            "Only staff of the organisation's home municipality may verify it.",
        )
    return organisation


def may_verify_organisation(user, organisation):
    """Staff of the organisation's home municipality, or a national administrator (who works for
    every municipality); nobody for an organisation without a home."""
    return organisation.municipality_id is not None and works_for(
        user, organisation.municipality_id
    )


# Calls


def calls_visible_to(user):
    """Published calls (public), plus every call of the user's municipalities, drafts included."""
    published = Q(status__in=lifecycle.PUBLIC_CALL_STATUSES)
    return Call.objects.filter(published | Q(municipality__in=municipalities_of(user))).distinct()


def call_for_user(user, pk, *, write=False, manage=False):
    """write: an officer of the call's municipality; manage: its manager (publish, decide)."""
    call = _get_or_404(calls_visible_to(user).select_related("municipality"), pk, "call")
    if write:
        _require(
            works_for(user, call.municipality_id),
            "Only staff of the call's municipality may change it.",
        )
    if manage:
        _require(
            works_for(user, call.municipality_id, manager=True),
            "Only a manager of the call's municipality may do this.",
        )
    return call


# Applications


def applications_visible_to(user):
    """Members see their organisations' applications; staff see submitted ones for their calls."""
    own = Q(organisation__in=organisations_of(user))
    reviewed = Q(call__municipality__in=municipalities_of(user)) & ~Q(
        status=Application.Status.DRAFT
    )
    return Application.objects.filter(own | reviewed)


def application_for_user(user, pk, *, write=False, review=False):
    """write: a member of the applicant; review: staff of the call's municipality.

    Decisions are taken per asset of a call: see call_for_user(manage=True).
    """
    application = _get_or_404(
        applications_visible_to(user).select_related("call", "asset", "organisation"),
        pk,
        "application",
    )
    if write:
        _require(
            is_member_of(user, application.organisation_id),
            "Only members of the applying organisation may change this application.",
        )
    if review:
        _require(
            works_for(user, application.call.municipality_id),
            "Only staff of the call's municipality may review this application.",
        )
    return application


# Projects (concessions)


def projects_visible_to(user):
    return ReuseProject.objects.filter(
        Q(organisation__in=organisations_of(user))
        | Q(asset__municipality__in=municipalities_of(user))
    )


def project_for_user(user, pk, *, write=False):
    """write: staff of the asset's municipality (the status service itself keeps revocation to
    its manager)."""
    project = _get_or_404(
        projects_visible_to(user).select_related("asset__municipality", "organisation"),
        pk,
        "project",
    )
    if write:
        _require(
            works_for(user, project.asset.municipality_id),
            "Only staff of the asset's municipality may change this project.",
        )
    return project


# Monitoring reports


def reports_visible_to(user):
    return MonitoringReport.objects.filter(project__in=projects_visible_to(user))


def report_for_user(user, pk, *, file=False, acknowledge=False):
    """file: a member of the concessionaire; acknowledge: staff of the asset's municipality."""
    report = _get_or_404(
        reports_visible_to(user).select_related(
            "project__asset__municipality", "project__organisation"
        ),
        pk,
        "report",
    )
    if file:
        _require(
            is_member_of(user, report.project.organisation_id),
            "Only members of the concessionaire may file this report.",
        )
    if acknowledge:
        _require(
            works_for(user, report.project.asset.municipality_id),
            "Only staff of the asset's municipality may acknowledge this report.",
        )
    return report


# Documents


def _internal_document_q(user):
    return (
        Q(asset__in=assets_visible_to(user))
        | Q(call__municipality__in=municipalities_of(user))
        | Q(application__in=applications_visible_to(user))
        | Q(project__in=projects_visible_to(user))
        | Q(report__in=reports_visible_to(user))
    )


def documents_visible_to(user):
    """Internal documents follow their owner's access; public ones also reach anonymous users when
    their owner is public. Application documents are never public: they belong to the applicant."""
    return Document.objects.filter(deleted_at__isnull=True).filter(
        public.public_document_q() | _internal_document_q(user)
    )


def sees_original(user, document):
    """Whether the user may have the uploaded file itself; the others get a photo's public copy
    (re-encoded, without its EXIF/GPS data)."""
    return Document.objects.filter(_internal_document_q(user), pk=document.pk).exists()


def document_owner_for_user(user, kind, pk):
    """The call, application, project or report the user may attach a document to.

    Call staff add to calls; applicants add to their application while they can edit it; the
    concessionaire and the municipality both add to projects and reports (e.g. photos).
    """
    if kind == "call":
        return call_for_user(user, pk, write=True)
    if kind == "application":
        application = application_for_user(user, pk, write=True)
        _require(
            application.status in lifecycle.EDITABLE_APPLICATION_STATUSES,
            "Documents can be added only while the application is a draft or withdrawn.",
        )
        return application
    if kind == "project":
        return project_for_user(user, pk)
    if kind == "report":
        return report_for_user(user, pk)
    raise Http404("No such kind of document owner")


def document_for_user(user, pk):
    return _get_or_404(documents_visible_to(user), pk, "document")
