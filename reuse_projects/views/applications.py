"""Applications: drafting, the page, submitting and withdrawing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assets_registry.access import works_for
from reuse_projects import access, lifecycle, scoring, selectors, services
from reuse_projects.forms import (
    ApplicationForm,
    CriteriaScoreForm,
    NewApplicationForm,
    ScoreForm,
    add_service_errors,
)
from reuse_projects.models import Application
from reuse_projects.views.base import service_failed
from reuse_projects.views.documents import upload_url


@login_required
def application_new(request, pk):
    call = access.call_for_user(request.user, pk)
    organisations = access.organisations_of(request.user)
    if not organisations.exists():
        messages.info(request, _("Register your organisation first: applications are made by one."))
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
            messages.success(request, _("Draft saved. Add documents, then submit it."))
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
            messages.success(request, _("Application saved."))
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
    call = application.call
    is_reviewer = works_for(request.user, call.municipality_id)
    criteria = list(call.weighted_criteria.all())
    pending = application.status in lifecycle.PENDING_DECISION_STATUSES
    score_form = None
    if criteria and pending and services.may_score(request.user, call):
        mine = {
            s.criterion_id: s.mark
            for s in application.criterion_scores.filter(reviewer=request.user)
        }
        initial = {f"criterion_{pk}": mark for pk, mark in mine.items()}
        initial["internal_notes"] = application.internal_notes
        score_form = CriteriaScoreForm(request.POST or None, criteria=criteria, initial=initial)
    elif not criteria and pending and is_reviewer:
        initial = {"score": application.score, "internal_notes": application.internal_notes}
        score_form = ScoreForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if score_form is None:
            raise PermissionDenied(_("Nothing to post here."))
        access.application_for_user(request.user, pk, review=True)
        if score_form.is_valid():
            try:
                if criteria:
                    services.application_score_criteria(
                        application=application,
                        marks=score_form.marks(),
                        internal_notes=score_form.cleaned_data["internal_notes"],
                        by=request.user,
                    )
                else:
                    services.application_score(
                        application=application, by=request.user, **score_form.cleaned_data
                    )
            except ValidationError as error:
                add_service_errors(score_form, error)
            else:
                messages.success(request, _("Score saved."))
                return redirect("reuse_projects:call_review", pk=application.call_id)
    is_member = access.is_member_of(request.user, application.organisation_id)
    decided = application.status in (Application.Status.ACCEPTED, Application.Status.REJECTED)
    own_scores = None
    if criteria and ((is_member and decided) or is_reviewer):
        own_scores = scoring.criterion_means(scoring.score_sheets(application), criteria)
    context = {
        "application": application,
        "is_member": is_member,
        "own_scores": own_scores,
        "show_score": is_reviewer or (is_member and decided),
        "organisation_verified": application.organisation.is_verified,
        "is_reviewer": is_reviewer,
        "show_actors": is_reviewer,
        "is_editable": application.status in lifecycle.EDITABLE_APPLICATION_STATUSES,
        "score_form": score_form,
        "history": selectors.status_history(application),
        "documents": access.documents_visible_to(request.user).filter(application=application),
        "upload_url": upload_url("application", pk)
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
        service_failed(request, error)
    else:
        messages.success(request, _("Application submitted."))
    return redirect("reuse_projects:application_detail", pk=pk)


@login_required
@require_POST
def application_withdraw(request, pk):
    application = access.application_for_user(request.user, pk, write=True)
    try:
        services.application_withdraw(application=application, by=request.user)
    except ValidationError as error:
        service_failed(request, error)
    else:
        messages.success(
            request, _("Application withdrawn. You may correct it and submit it again.")
        )
    return redirect("reuse_projects:application_detail", pk=pk)
