"""Calls for proposals: the public list, the page, drafting, publishing, review and decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assets_registry.access import municipalities_of, works_for
from assets_registry.forms import municipality_scope
from assets_registry.models import Municipality
from reuse_projects import access, lifecycle, selectors, services
from reuse_projects.forms import (
    AmendCallForm,
    CallFilterForm,
    CallForm,
    CommissionForm,
    DecisionForm,
    ExtendCallForm,
    ReasonForm,
    SubscriptionForm,
    add_service_errors,
)
from reuse_projects.models import Call, CallSubscription, Document
from reuse_projects.public import public_call_assets
from reuse_projects.views.base import bad_filters, service_failed
from reuse_projects.views.documents import upload_url


def open_calls(request):
    """Public: the calls open now (by city and kind of asset), and a map of the assets they
    offer."""
    # folium loads with the first map drawn, not with the URLs (see maps.views.asset_detail).
    from common.mapping import TextMarkers, map_parts, offline_map

    filters = CallFilterForm(request.GET)
    if not filters.is_valid():
        return bad_filters(filters)
    calls = list(filters.filter(selectors.open_calls()))
    offered = [(call, asset) for call in calls for asset in call.public_assets]
    located = [(call, asset) for call, asset in offered if asset.location is not None]
    call_map = None
    if located:
        lons = [asset.location.x for _, asset in located]
        lats = [asset.location.y for _, asset in located]
        # Padded, so that a single asset shows with its neighbourhood rather than at max zoom.
        pad = 0.01
        bounds = (min(lons) - pad, min(lats) - pad, max(lons) + pad, max(lats) + pad)
        fmap = offline_map(bounds=bounds, height="22rem")
        markers = TextMarkers(color="#0b6e4f", fill=True)
        for call, asset in located:
            url = reverse("reuse_projects:call_detail", args=[call.pk])
            markers.add(
                asset.location,
                popup=[asset.title or asset.reference, asset.address, (call.title, url)],
                tooltip=asset.reference,
            )
        markers.add_to(fmap)
        call_map = map_parts(fmap)
    return render(
        request,
        "reuse_projects/open_calls.html",
        {
            "calls": calls,
            "map": call_map,
            "filters": filters,
            "feed_query": request.GET.urlencode(),
        },
    )


def call_detail(request, pk):
    call = access.call_for_user(request.user, pk)
    return render(request, "reuse_projects/call_detail.html", _call_context(request, call))


def _call_context(request, call):
    is_staff = works_for(request.user, call.municipality_id)
    is_manager = works_for(request.user, call.municipality_id, manager=True)
    documents = access.documents_visible_to(request.user).filter(call=call)
    my_organisations = access.organisations_of(request.user)
    context = {
        "call": call,
        "notices": call.notices.all(),
        "criteria": call.weighted_criteria.all(),
        "commission": call.reviewers.all() if is_staff else None,
        "ranking": selectors.public_ranking(call, my_organisations)
        if call.status in lifecycle.RANKING_PUBLIC_CALL_STATUSES
        else None,
        "unverified_organisations": [o for o in my_organisations if not o.is_verified],
        "verified_organisations": [o for o in my_organisations if o.is_verified],
        "amendable": call.status in lifecycle.CALL_AMENDABLE_STATUSES,
        "amend_form": AmendCallForm(initial={"text": call.text, "eligibility": call.eligibility})
        if is_manager
        else None,
        "extend_form": ExtendCallForm() if is_manager else None,
        "close_form": ReasonForm(prefix="close") if is_manager else None,
        "cancel_form": ReasonForm(prefix="cancel") if is_manager else None,
        "commission_form": CommissionForm(call=call)
        if is_manager and call.status in lifecycle.COMMISSION_EDITABLE_CALL_STATUSES
        else None,
        # Staff see every asset of their call; everybody else only what the public selector shows.
        "assets": call.assets.all() if is_staff else public_call_assets(call),
        "documents": documents,
        "is_staff": is_staff,
        "is_manager": is_manager,
        "upload_url": upload_url("call", call.pk) if is_staff else None,
        "is_open": call.is_open(),
        "my_applications": access.applications_visible_to(request.user)
        .filter(call=call, organisation__in=access.organisations_of(request.user))
        .select_related("asset", "organisation"),
    }
    return context


def _call_form(request, call=None, municipalities=None):
    if municipalities is None:
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
    scope = municipality_scope(request, municipalities_of(request.user))
    if scope.matches is not None:
        # A national administrator first says which municipality: the form then offers its
        # assets and its officers, not those of 7,898.
        return render(request, "reuse_projects/call_form.html", {"scope": scope, "call": None})
    form = _call_form(request, municipalities=scope.municipalities)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        assets = list(data.pop("assets"))
        reviewers = list(data.pop("reviewers"))
        try:
            call = services.call_create(by=request.user, assets=assets, reviewers=reviewers, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Draft call saved. A manager publishes it."))
            return redirect("reuse_projects:call_detail", pk=call.pk)
    return render(
        request, "reuse_projects/call_form.html", {"form": form, "call": None, "scope": scope}
    )


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
        reviewers = list(data.pop("reviewers"))
        try:
            services.call_update(
                call=call, data=data, assets=assets, reviewers=reviewers, by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Call saved."))
            return redirect("reuse_projects:call_detail", pk=pk)
    return render(request, "reuse_projects/call_form.html", {"form": form, "call": call})


@login_required
def call_publish(request, pk):
    """GET: what will become public, to confirm; POST: publish."""
    call = access.call_for_user(request.user, pk, manage=True)
    if request.method == "POST":
        try:
            services.call_publish(call=call, by=request.user)
        except ValidationError as error:
            service_failed(request, error)
        else:
            messages.success(request, _("The call is published."))
        return redirect("reuse_projects:call_detail", pk=pk)
    return render(
        request,
        "reuse_projects/call_publish.html",
        {
            "call": call,
            "assets": call.assets.all(),
            "criteria": call.weighted_criteria.all(),
            "public_documents": call.documents.filter(
                visibility=Document.Visibility.PUBLIC, deleted_at__isnull=True
            ),
            "internal_documents": call.documents.filter(
                visibility=Document.Visibility.INTERNAL, deleted_at__isnull=True
            ),
        },
    )


# The close and cancel forms share a class: prefixes keep their fields apart on the page.
FORM_PREFIXES = {"close_form": "close", "cancel_form": "cancel"}


def _manager_action(request, pk, form_class, action, done, form_name):
    """The call page's manager forms (amend, extend, close, cancel, commission): one service
    each; a refusal shows the call page again with the errors next to their field (400)."""
    call = access.call_for_user(request.user, pk, manage=True)
    if form_class is CommissionForm:
        form = CommissionForm(request.POST, call=call)
    else:
        form = form_class(request.POST, prefix=FORM_PREFIXES.get(form_name))
    if form.is_valid():
        try:
            action(call, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("reuse_projects:call_detail", pk=pk)
    context = _call_context(request, call)
    context[form_name] = form
    return render(request, "reuse_projects/call_detail.html", context, status=400)


@login_required
@require_POST
def call_amend(request, pk):
    return _manager_action(
        request,
        pk,
        AmendCallForm,
        lambda call, data: services.call_amend(
            call=call,
            notice=data["notice"],
            changes={"text": data["text"], "eligibility": data["eligibility"]},
            by=request.user,
        ),
        _("Correction published; applicants are told."),
        form_name="amend_form",
    )


@login_required
@require_POST
def call_extend(request, pk):
    return _manager_action(
        request,
        pk,
        ExtendCallForm,
        lambda call, data: services.call_extend(
            call=call, closes_at=data["closes_at"], reason=data["reason"], by=request.user
        ),
        _("The call is extended; applicants are told."),
        form_name="extend_form",
    )


@login_required
@require_POST
def call_close(request, pk):
    return _manager_action(
        request,
        pk,
        ReasonForm,
        lambda call, data: services.call_close(call=call, reason=data["reason"], by=request.user),
        _("The call is closed."),
        form_name="close_form",
    )


@login_required
@require_POST
def call_cancel(request, pk):
    return _manager_action(
        request,
        pk,
        ReasonForm,
        lambda call, data: services.call_cancel(call=call, reason=data["reason"], by=request.user),
        _("The call is cancelled; applicants are told."),
        form_name="cancel_form",
    )


@login_required
@require_POST
def call_commission(request, pk):
    return _manager_action(
        request,
        pk,
        CommissionForm,
        lambda call, data: services.call_set_commission(
            call=call, reviewers=list(data["reviewers"]), by=request.user
        ),
        _("Commission saved."),
        form_name="commission_form",
    )


@login_required
def call_review(request, pk):
    """The officer's review queue: every submitted application of the call, by asset."""
    call = access.call_for_user(request.user, pk, write=True)
    return render(
        request,
        "reuse_projects/call_review.html",
        {
            "call": call,
            "applications": selectors.review_queue(call),
            "ranking": selectors.call_ranking(call),
            "criteria": call.weighted_criteria.all(),
            "commission": call.reviewers.all(),
            "is_manager": works_for(request.user, call.municipality_id, manager=True),
        },
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
                    confirm_unscored=form.confirm_unscored(),
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


@login_required
def subscriptions(request):
    """E-mails when a call opens in a municipality (for a kind of asset)."""
    search = request.GET.get("q", "").strip()[:100]
    form = SubscriptionForm(
        request.POST or None, municipalities=Municipality.objects.all(), search=search
    )
    mine = CallSubscription.objects.filter(user=request.user).select_related("municipality")
    if request.method == "POST":
        if "remove" in request.POST:
            mine.filter(pk=request.POST.get("remove", "")[:12] or 0).delete()
            messages.success(request, _("Subscription removed."))
            return redirect("reuse_projects:call_subscriptions")
        if form.is_valid():
            CallSubscription.objects.get_or_create(
                user=request.user,
                municipality=form.cleaned_data["municipality"],
                asset_kind=form.cleaned_data["asset_kind"],
            )
            messages.success(request, _("Subscribed: you will be e-mailed when such a call opens."))
            return redirect("reuse_projects:call_subscriptions")
    return render(
        request,
        "reuse_projects/subscriptions.html",
        {"form": form, "subscriptions": mine, "search": search},
        status=400 if request.method == "POST" else 200,
    )
