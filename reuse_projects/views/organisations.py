"""Sign-up, organisation registration, its page and its verification by municipal staff."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assets_registry.forms import municipality_scope
from assets_registry.models import Municipality
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
            _("Welcome! Register your organisation now, or ask its coordinator to invite you."),
        )
        return redirect("reuse_projects:organisation_register")
    return render(request, "reuse_projects/signup.html", {"form": form})


@login_required
def organisation_register(request):
    scope = municipality_scope(request, Municipality.objects.all())
    if scope.matches is not None:
        # Every municipality may be an organisation's home: the page first asks which one.
        return render(request, "reuse_projects/organisation_register.html", {"scope": scope})
    form = OrganisationForm(request.POST or None, municipalities=scope.municipalities)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_register(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Organisation registered. A municipal officer will verify it; meanwhile you "
                    "can draft applications."
                ),
            )
            return redirect("reuse_projects:organisation_detail", pk=organisation.pk)
    return render(
        request, "reuse_projects/organisation_register.html", {"form": form, "scope": scope}
    )


@login_required
def organisation_detail(request, pk):
    organisation = access.organisation_for_user(request.user, pk)
    may_invite = access.organisations_of(request.user, coordinator=True).filter(pk=pk).exists()
    invite_form = InviteMemberForm(request.POST or None) if may_invite else None
    if request.method == "POST":
        access.organisation_for_user(request.user, pk, invite=True)
        if invite_form.is_valid():
            try:
                invitation = services.organisation_invite(
                    organisation=organisation,
                    by=request.user,
                    accept_url=lambda token: request.build_absolute_uri(
                        reverse("reuse_projects:invitation_accept", args=[token])
                    ),
                    **invite_form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(invite_form, error)
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s. They become a member when they accept it.")
                    % {"email": invitation.email},
                )
                return redirect("reuse_projects:organisation_detail", pk=pk)
    home = Municipality.objects.filter(pk=organisation.municipality_id)
    may_verify = access.may_verify_organisation(request.user, organisation)
    context = {
        "organisation": organisation,
        "memberships": organisation.memberships.select_related("user").order_by("role"),
        "invite_form": invite_form,
        "invitations": organisation.invitations.filter(accepted_at__isnull=True)
        if may_invite
        else None,
        "verify_form": VerifyOrganisationForm(municipalities=home)
        if may_verify and not organisation.is_verified
        else None,
    }
    return render(request, "reuse_projects/organisation_detail.html", context)


@login_required
@require_POST
def organisation_verify(request, pk):
    organisation = access.organisation_for_user(request.user, pk, verify=True)
    home = Municipality.objects.filter(pk=organisation.municipality_id)
    form = VerifyOrganisationForm(request.POST, municipalities=home)
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
        messages.success(
            request,
            _("%(name)s is verified: it may now apply to calls.") % {"name": organisation.name},
        )
    return redirect("reuse_projects:organisation_detail", pk=pk)


@login_required
def invitation_accept(request, token):
    """The invitee reads what they are invited to and accepts (or just leaves)."""
    invitation = services.invitation_for_token(token)
    if request.method == "POST" and invitation is not None:
        try:
            membership = services.invitation_accept(token=token, by=request.user)
        except ValidationError as error:
            service_failed(request, error)
        else:
            messages.success(
                request,
                _("You are now a member of %(name)s.") % {"name": membership.organisation.name},
            )
            return redirect("reuse_projects:organisation_detail", pk=membership.organisation_id)
    return render(
        request,
        "reuse_projects/invitation_accept.html",
        {"invitation": invitation},
        status=200 if invitation is not None else 404,
    )
