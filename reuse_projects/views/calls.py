"""Calls for proposals: the public list, the page, drafting, publishing, review and decision."""

import folium
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assets_registry.access import municipalities_of, works_for
from common.mapping import map_parts, offline_map
from reuse_projects import access, lifecycle, selectors, services
from reuse_projects.forms import CallForm, DecisionForm, add_service_errors
from reuse_projects.models import Call
from reuse_projects.views.base import service_failed
from reuse_projects.views.documents import upload_url


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
        "upload_url": upload_url("call", call.pk) if is_staff else None,
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
        raise PermissionDenied(_("Only municipal staff may create calls."))
    form = _call_form(request)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        assets = list(data.pop("assets"))
        try:
            call = services.call_create(by=request.user, assets=assets, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Draft call saved. A manager publishes it."))
            return redirect("reuse_projects:call_detail", pk=call.pk)
    return render(request, "reuse_projects/call_form.html", {"form": form, "call": None})


@login_required
def call_edit(request, pk):
    call = access.call_for_user(request.user, pk, write=True)
    if call.status != Call.Status.DRAFT:
        messages.error(request, _("Only a draft call can be changed."))
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
            messages.success(request, _("Call saved."))
            return redirect("reuse_projects:call_detail", pk=pk)
    return render(request, "reuse_projects/call_form.html", {"form": form, "call": call})


@login_required
@require_POST
def call_publish(request, pk):
    call = access.call_for_user(request.user, pk, manage=True)
    try:
        services.call_publish(call=call, by=request.user)
    except ValidationError as error:
        service_failed(request, error)
    else:
        messages.success(request, _("The call is published."))
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
