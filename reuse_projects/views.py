"""Pages of the social-reuse workflow. Thin: access helpers decide who, services do the work."""

import folium
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.http import require_POST

from assets_registry.access import managed_municipalities, municipalities_of, works_for
from common.mapping import map_parts, offline_map
from reuse_projects import access, lifecycle, selectors, services
from reuse_projects.documents import INLINE_TYPES
from reuse_projects.forms import (
    ApplicationForm,
    CallForm,
    DecisionForm,
    DocumentForm,
    InviteMemberForm,
    NewApplicationForm,
    OrganisationForm,
    ProjectStatusForm,
    ReportForm,
    ScoreForm,
    SignUpForm,
    VerifyOrganisationForm,
    add_service_errors,
)
from reuse_projects.models import Call, MonitoringReport
from reuse_projects.public import public_projects


def _service_failed(request, error):
    for message in error.messages:
        messages.error(request, message)


# The role home


@login_required
def me(request):
    """One home for every role: the sections a user sees depend on what they are member of."""
    user = request.user
    today = timezone.localdate()
    organisations = access.organisations_of(user)
    municipalities = municipalities_of(user)
    context = {
        "today": today,
        "organisations": organisations,
        "municipalities": municipalities,
        "municipality_count": municipalities.count(),
    }
    if organisations.exists():
        own_projects = access.projects_visible_to(user).filter(organisation__in=organisations)
        context.update(
            open_calls=selectors.open_calls()[:10],
            my_applications=access.applications_visible_to(user)
            .filter(organisation__in=organisations)
            .select_related("call", "asset", "organisation")
            .order_by("-updated_at"),
            my_projects=selectors.projects_with_overdue_flag(own_projects, today),
            reports_due=access.reports_visible_to(user)
            .filter(project__in=own_projects, status=MonitoringReport.Status.DUE)
            .select_related("project"),
        )
    if municipalities.exists():
        staff_calls = access.calls_visible_to(user).filter(municipality__in=municipalities)
        staff_projects = access.projects_visible_to(user).filter(
            asset__municipality__in=municipalities
        )
        staff_reports = access.reports_visible_to(user).filter(project__in=staff_projects)
        context.update(
            is_staff_member=True,
            is_manager=managed_municipalities(user).exists(),
            pending_organisations=access.organisations_visible_to(user).filter(
                verified_at__isnull=True
            ),
            staff_calls=selectors.calls_with_counts(staff_calls).order_by("-opens_at"),
            staff_projects=selectors.projects_with_overdue_flag(staff_projects, today),
            overdue_reports=staff_reports.overdue(today).select_related("project__organisation"),
            reports_to_acknowledge=staff_reports.filter(
                status=MonitoringReport.Status.FILED
            ).select_related("project__organisation"),
        )
    return render(request, "reuse_projects/me.html", context)


# Accounts and organisations


def signup(request):
    """A new NGO member creates their account, then registers (or is invited to) an organisation."""
    if request.user.is_authenticated:
        return redirect("reuse_projects:me")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            "Welcome! Register your organisation now, or ask its coordinator to invite you.",
        )
        return redirect("reuse_projects:organisation_register")
    return render(request, "reuse_projects/signup.html", {"form": form})


@login_required
def organisation_register(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_register(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Organisation registered. A municipal officer will verify it; meanwhile you can "
                "draft applications.",
            )
            return redirect("reuse_projects:organisation_detail", pk=organisation.pk)
    return render(request, "reuse_projects/organisation_register.html", {"form": form})


@login_required
def organisation_detail(request, pk):
    organisation = access.organisation_for_user(request.user, pk)
    may_invite = access.organisations_of(request.user, coordinator=True).filter(pk=pk).exists()
    invite_form = InviteMemberForm(request.POST or None) if may_invite else None
    if request.method == "POST":
        access.organisation_for_user(request.user, pk, invite=True)
        if invite_form.is_valid():
            try:
                membership = services.organisation_invite_member(
                    organisation=organisation, by=request.user, **invite_form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(invite_form, error)
            else:
                messages.success(request, f"{membership.user.get_username()} is now a member.")
                return redirect("reuse_projects:organisation_detail", pk=pk)
    staff_municipalities = municipalities_of(request.user)
    context = {
        "organisation": organisation,
        "memberships": organisation.memberships.select_related("user").order_by("role"),
        "invite_form": invite_form,
        "verify_form": VerifyOrganisationForm(municipalities=staff_municipalities)
        if staff_municipalities.exists() and not organisation.is_verified
        else None,
    }
    return render(request, "reuse_projects/organisation_detail.html", context)


@login_required
@require_POST
def organisation_verify(request, pk):
    organisation = access.organisation_for_user(request.user, pk, verify=True)
    form = VerifyOrganisationForm(request.POST, municipalities=municipalities_of(request.user))
    if not form.is_valid():
        messages.error(request, "Choose the municipality you verify on behalf of.")
        return redirect("reuse_projects:organisation_detail", pk=pk)
    try:
        services.organisation_verify(
            organisation=organisation,
            municipality=form.cleaned_data["municipality"],
            by=request.user,
        )
    except ValidationError as error:
        _service_failed(request, error)
    else:
        messages.success(request, f"{organisation.name} is verified: it may now apply to calls.")
    return redirect("reuse_projects:organisation_detail", pk=pk)


# Calls


def open_calls(request):
    """Public: the calls open now, and a map of the assets they offer."""
    calls = list(selectors.open_calls())
    offered = [(call, asset) for call in calls for asset in call.assets.all()]
    located = [(call, asset) for call, asset in offered if asset.location is not None]
    call_map = None
    if located:
        lons = [asset.location.x for _, asset in located]
        lats = [asset.location.y for _, asset in located]
        # Padded, so that a single asset shows with its neighbourhood rather than at max zoom.
        pad = 0.01
        bounds = (min(lons) - pad, min(lats) - pad, max(lons) + pad, max(lats) + pad)
        fmap = offline_map(bounds=bounds, height="22rem")
        for call, asset in located:
            url = reverse("reuse_projects:call_detail", args=[call.pk])
            popup = (
                f"<strong>{escape(asset.title or asset.reference)}</strong><br>"
                f"{escape(asset.address)}<br><a href='{url}'>{escape(call.title)}</a>"
            )
            folium.CircleMarker(
                [asset.location.y, asset.location.x],
                radius=7,
                color="#0b6e4f",
                fill=True,
                fill_opacity=0.8,
                popup=folium.Popup(popup, max_width=260),
                tooltip=asset.reference,
            ).add_to(fmap)
        call_map = map_parts(fmap)
    return render(
        request,
        "reuse_projects/open_calls.html",
        {"calls": calls, "map": call_map},
    )


def call_detail(request, pk):
    call = access.call_for_user(request.user, pk)
    is_staff = works_for(request.user, call.municipality_id)
    documents = access.documents_visible_to(request.user).filter(call=call)
    context = {
        "call": call,
        "assets": call.assets.all(),
        "documents": documents,
        "is_staff": is_staff,
        "is_manager": works_for(request.user, call.municipality_id, manager=True),
        "upload_url": _upload_url("call", call.pk) if is_staff else None,
        "is_open": call.is_open(),
        "my_applications": access.applications_visible_to(request.user)
        .filter(call=call, organisation__in=access.organisations_of(request.user))
        .select_related("asset", "organisation"),
    }
    return render(request, "reuse_projects/call_detail.html", context)


def _call_form(request, call=None):
    municipalities = municipalities_of(request.user)
    if call is not None:
        municipalities = municipalities.filter(pk=call.municipality_id)
    return CallForm(
        request.POST or None,
        instance=call,
        municipalities=municipalities,
        assets=selectors.offerable_assets(municipalities, call=call),
    )


@login_required
def call_new(request):
    if not municipalities_of(request.user).exists():
        raise PermissionDenied("Only municipal staff may create calls.")
    form = _call_form(request)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        assets = list(data.pop("assets"))
        try:
            call = services.call_create(by=request.user, assets=assets, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Draft call saved. A manager publishes it.")
            return redirect("reuse_projects:call_detail", pk=call.pk)
    return render(request, "reuse_projects/call_form.html", {"form": form, "call": None})


@login_required
def call_edit(request, pk):
    call = access.call_for_user(request.user, pk, write=True)
    if call.status != Call.Status.DRAFT:
        messages.error(request, "Only a draft call can be changed.")
        return redirect("reuse_projects:call_detail", pk=pk)
    form = _call_form(request, call)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        assets = list(data.pop("assets"))
        try:
            services.call_update(call=call, data=data, assets=assets, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Call saved.")
            return redirect("reuse_projects:call_detail", pk=pk)
    return render(request, "reuse_projects/call_form.html", {"form": form, "call": call})


@login_required
@require_POST
def call_publish(request, pk):
    call = access.call_for_user(request.user, pk, manage=True)
    try:
        services.call_publish(call=call, by=request.user)
    except ValidationError as error:
        _service_failed(request, error)
    else:
        messages.success(request, "The call is published.")
    return redirect("reuse_projects:call_detail", pk=pk)


@login_required
def call_review(request, pk):
    """The officer's review queue: every submitted application of the call, by asset."""
    call = access.call_for_user(request.user, pk, write=True)
    return render(
        request,
        "reuse_projects/call_review.html",
        {"call": call, "applications": selectors.review_queue(call)},
    )


@login_required
def call_decide(request, pk):
    """The manager's decision page: for each asset, accept one application and reject the rest."""
    call = access.call_for_user(request.user, pk, manage=True)
    pending = list(
        call.applications.filter(status__in=lifecycle.PENDING_DECISION_STATUSES)
        .select_related("asset", "organisation")
        .order_by("asset__reference", "-score")
    )
    by_asset = {}
    for application in pending:
        by_asset.setdefault(application.asset, []).append(application)
    posted_asset = request.POST.get("asset") if request.method == "POST" else None
    decisions = []
    for asset, applications in by_asset.items():
        bound = posted_asset == str(asset.pk)
        form = DecisionForm(
            request.POST if bound else None, applications=applications, prefix=f"asset-{asset.pk}"
        )
        if bound and form.is_valid():
            try:
                project = services.call_decide_asset(
                    call=call,
                    asset=asset,
                    accepted=form.accepted_application(),
                    decision_notes=form.decision_notes(),
                    concession=form.concession(),
                    by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, f"Decision on {asset.reference} recorded; applicants e-mailed."
                )
                if project is not None:
                    return redirect("reuse_projects:project_detail", pk=project.pk)
                return redirect("reuse_projects:call_decide", pk=pk)
        decisions.append({"asset": asset, "applications": applications, "form": form})
    return render(
        request,
        "reuse_projects/call_decide.html",
        {"call": call, "decisions": decisions, "has_closed": call.has_closed()},
    )


# Applications


@login_required
def application_new(request, pk):
    call = access.call_for_user(request.user, pk)
    organisations = access.organisations_of(request.user)
    if not organisations.exists():
        messages.info(request, "Register your organisation first: applications are made by one.")
        return redirect("reuse_projects:organisation_register")
    form = NewApplicationForm(
        request.POST or None,
        organisations=organisations,
        assets=call.assets.all(),
        initial={"asset": request.GET.get("asset")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            application = services.application_create(call=call, by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Draft saved. Add documents, then submit it.")
            return redirect("reuse_projects:application_detail", pk=application.pk)
    return render(request, "reuse_projects/application_form.html", {"form": form, "call": call})


@login_required
def application_edit(request, pk):
    application = access.application_for_user(request.user, pk, write=True)
    form = ApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.APPLICATION_FIELDS}
        try:
            services.application_update(application=application, data=data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Application saved.")
            return redirect("reuse_projects:application_detail", pk=pk)
    return render(
        request,
        "reuse_projects/application_form.html",
        {"form": form, "call": application.call, "application": application},
    )


@login_required
def application_detail(request, pk):
    """The applicant's view, and for the call's staff the scoring form (posted here)."""
    application = access.application_for_user(request.user, pk)
    is_reviewer = works_for(request.user, application.call.municipality_id)
    score_form = None
    if is_reviewer and application.status in lifecycle.PENDING_DECISION_STATUSES:
        initial = {"score": application.score, "internal_notes": application.internal_notes}
        score_form = ScoreForm(request.POST or None, initial=initial)
        if request.method == "POST":
            access.application_for_user(request.user, pk, review=True)
            if score_form.is_valid():
                try:
                    services.application_score(
                        application=application, by=request.user, **score_form.cleaned_data
                    )
                except ValidationError as error:
                    add_service_errors(score_form, error)
                else:
                    messages.success(request, "Score saved.")
                    return redirect("reuse_projects:call_review", pk=application.call_id)
    elif request.method == "POST":
        raise PermissionDenied("Nothing to post here.")
    context = {
        "application": application,
        "is_member": access.is_member_of(request.user, application.organisation_id),
        "is_reviewer": is_reviewer,
        "show_actors": is_reviewer,
        "is_editable": application.status in lifecycle.EDITABLE_APPLICATION_STATUSES,
        "score_form": score_form,
        "history": selectors.status_history(application),
        "documents": access.documents_visible_to(request.user).filter(application=application),
        "upload_url": _upload_url("application", pk)
        if application.status in lifecycle.EDITABLE_APPLICATION_STATUSES
        and access.is_member_of(request.user, application.organisation_id)
        else None,
    }
    return render(request, "reuse_projects/application_detail.html", context)


@login_required
@require_POST
def application_submit(request, pk):
    application = access.application_for_user(request.user, pk, write=True)
    try:
        services.application_submit(application=application, by=request.user)
    except ValidationError as error:
        _service_failed(request, error)
    else:
        messages.success(request, "Application submitted.")
    return redirect("reuse_projects:application_detail", pk=pk)


@login_required
@require_POST
def application_withdraw(request, pk):
    application = access.application_for_user(request.user, pk, write=True)
    try:
        services.application_withdraw(application=application, by=request.user)
    except ValidationError as error:
        _service_failed(request, error)
    else:
        messages.success(request, "Application withdrawn. You may correct it and submit it again.")
    return redirect("reuse_projects:application_detail", pk=pk)


# Projects (concessions) and monitoring reports


@login_required
def project_detail(request, pk):
    project = access.project_for_user(request.user, pk)
    status_form = None
    staff = works_for(request.user, project.asset.municipality_id)
    if staff and lifecycle.project_allowed_next(project.status):
        status_form = ProjectStatusForm(
            request.POST or None,
            project=project,
            initial={"effective_date": timezone.localdate()},
        )
    if request.method == "POST":
        # Staff only; the service itself refuses a revocation by anyone but a manager.
        access.project_for_user(request.user, pk, write=True)
        if status_form is not None and status_form.is_valid():
            try:
                services.project_change_status(
                    project=project, by=request.user, **status_form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(status_form, error)
            else:
                messages.success(
                    request, f"The project is now {project.get_status_display().lower()}."
                )
                return redirect("reuse_projects:project_detail", pk=pk)
    today = timezone.localdate()
    reports = project.monitoring_reports.all()
    context = {
        "project": project,
        "today": today,
        "status_form": status_form,
        "reports": reports,
        "has_overdue": project.overdue_reports(today).exists(),
        "is_public": public_projects().filter(pk=project.pk).exists(),
        "show_actors": staff,
        "history": selectors.status_history(project),
        "documents": access.documents_visible_to(request.user).filter(project=project),
        "upload_url": _upload_url("project", pk),
    }
    return render(request, "reuse_projects/project_detail.html", context)


@login_required
def report_detail(request, pk):
    report = access.report_for_user(request.user, pk)
    is_member = access.is_member_of(request.user, report.project.organisation_id)
    form = None
    if is_member and report.status != MonitoringReport.Status.ACKNOWLEDGED:
        form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST":
        access.report_for_user(request.user, pk, file=True)
        if form is not None and form.is_valid():
            data = {name: form.cleaned_data[name] for name in services.REPORT_FIELDS}
            try:
                services.report_file(report=report, data=data, by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Report filed. The municipality will acknowledge it.")
                return redirect("reuse_projects:report_detail", pk=pk)
    context = {
        "report": report,
        "project": report.project,
        "form": form,
        "is_overdue": report.is_overdue(),
        "may_acknowledge": works_for(request.user, report.project.asset.municipality_id)
        and report.status == MonitoringReport.Status.FILED,
        "documents": access.documents_visible_to(request.user).filter(report=report),
        "upload_url": _upload_url("report", pk),
    }
    return render(request, "reuse_projects/report_detail.html", context)


@login_required
@require_POST
def report_acknowledge(request, pk):
    report = access.report_for_user(request.user, pk, acknowledge=True)
    try:
        services.report_acknowledge(report=report, by=request.user)
    except ValidationError as error:
        _service_failed(request, error)
    else:
        messages.success(request, "Report acknowledged.")
    return redirect("reuse_projects:report_detail", pk=pk)


# Documents

DETAIL_PAGES = {
    "call": "call_detail",
    "application": "application_detail",
    "project": "project_detail",
    "report": "report_detail",
}


def _upload_url(kind, pk):
    return reverse("reuse_projects:document_upload", args=[kind, pk])


@login_required
def document_upload(request, kind, pk):
    owner = access.document_owner_for_user(request.user, kind, pk)
    detail_name = DETAIL_PAGES[kind]
    form = DocumentForm(
        request.POST or None, request.FILES or None, public_allowed=kind != "application"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.document_attach(
                owner=owner,
                uploaded_file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                visibility=form.cleaned_data["visibility"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Document added.")
            return redirect(f"reuse_projects:{detail_name}", pk=pk)
    back = reverse(f"reuse_projects:{detail_name}", args=[pk])
    return render(
        request,
        "reuse_projects/document_upload.html",
        {
            "form": form,
            "owner": owner,
            "kind": kind,
            "back": back,
            "max_bytes": settings.DOCUMENT_MAX_BYTES,
        },
    )


def document_download(request, pk):
    """Every document goes through here: the access helper decides, never a public MEDIA_URL."""
    document = access.document_for_user(request.user, pk)
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=document.content_type not in INLINE_TYPES,
        filename=document.original_name,
    )
    # Even a public document's owner may stop being public: let no shared cache keep it.
    response["Cache-Control"] = "private, max-age=0"
    return response
