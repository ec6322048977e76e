"""Sign-up, organisation registration, its page and its verification by municipal staff."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assets_registry.access import municipalities_of
from reuse_projects import access, services
from reuse_projects.forms import (
    InviteMemberForm,
    OrganisationForm,
    SignUpForm,
    VerifyOrganisationForm,
    add_service_errors,
)
from reuse_projects.views.base import service_failed


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
        messages.error(request, _("Choose the municipality you verify on behalf of."))
        return redirect("reuse_projects:organisation_detail", pk=pk)
    try:
        services.organisation_verify(
            organisation=organisation,
            municipality=form.cleaned_data["municipality"],
            by=request.user,
        )
    except ValidationError as error:
        service_failed(request, error)
    else:
        messages.success(request, f"{organisation.name} is verified: it may now apply to calls.")
    return redirect("reuse_projects:organisation_detail", pk=pk)
