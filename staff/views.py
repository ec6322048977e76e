"""The staff workspace for assets: the list with its map, the asset page, create and edit with the
map widget, statuses, documents and photos, delete and restore. Every view finds its objects
through the access helpers; every write goes through a service."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Func, Value
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assets_registry import access, lifecycle, services
from assets_registry.audit import audit_trail
from assets_registry.forms import municipality_scope
from assets_registry.models import Municipality
from reuse_projects import access as reuse_access
from reuse_projects import selectors as reuse_selectors
from reuse_projects import services as reuse_services
from staff import selectors
from staff.forms import (
    AssetDocumentForm,
    DeleteAssetForm,
    EditAssetForm,
    NewAssetForm,
    RecordStatusForm,
)

PAGE_SIZE = 50


def _require_staff(user):
    if not access.is_municipal_staff(user):
        raise PermissionDenied(_("Only municipal staff work here."))


@login_required
def landing(request):
    """Where each role lands after logging in."""
    if access.is_municipal_staff(request.user):
        return redirect("staff:asset_list")
    if reuse_access.organisations_of(request.user).exists():
        return redirect("reuse_projects:me")
    if request.user.is_superuser:
        return redirect("admin:index")
    return redirect("reuse_projects:me")


@login_required
def asset_list(request):
    _require_staff(request.user)
    form = selectors.AssetFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return HttpResponseBadRequest(
            render_to_string("staff/bad_filters.html", {"form": form}, request=request)
        )
    assets = selectors.staff_assets(request.user, form.cleaned_data)
    paginator = Paginator(assets.select_related("municipality"), PAGE_SIZE)
    page = paginator.get_page(form.cleaned_data.get("page") or 1)
    municipalities = access.municipalities_of(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "staff/asset_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "map_data": {
                "points": selectors.map_points(assets),
                "colours": selectors.STATUS_COLOURS,
                "boundaries": _boundaries(municipalities, form.cleaned_data.get("municipality")),
                "tiles": _tiles(),
                "detailUrl": reverse("staff:asset_detail", args=[0]),
            },
            "legend": [
                (label, selectors.STATUS_COLOURS[value])
                for value, label in lifecycle.Status.choices
            ],
        },
    )


# The list's map outlines the municipalities in view when they are few: a national
# administrator's 7,898 outlines were 5.3 MB of the page and 1.5 s to simplify.
MAP_BOUNDARIES_MAX = 20


def _boundaries(municipalities, chosen=None):
    """GeoJSON outlines, simplified by PostGIS, of the chosen municipality or else of the user's
    municipalities if they are at most MAP_BOUNDARIES_MAX (none otherwise: the map fits the
    points)."""
    scope = municipalities.filter(pk=chosen.pk) if chosen else municipalities
    outlines = [outline for _pk, outline in _outlines(scope)[: MAP_BOUNDARIES_MAX + 1]]
    return outlines if len(outlines) <= MAP_BOUNDARIES_MAX else []


def _outlines(municipalities):
    """(pk, GeoJSON outline) of the municipalities with a boundary, simplified by PostGIS to
    about 50 m: drawn on a map, not measured (a full boundary is tens of kilobytes)."""
    return (
        municipalities.filter(boundary__isnull=False)
        .order_by("pk")
        .annotate(
            outline=AsGeoJSON(
                Func(
                    "boundary",
                    Value(0.0005),
                    function="ST_SimplifyPreserveTopology",
                    output_field=GeometryField(srid=4326),
                )
            )
        )
        .values_list("pk", "outline")
    )


def _tiles():
    return {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}


def _asset_context(request, asset):
    documents = reuse_access.documents_visible_to(request.user).filter(asset=asset)
    return {
        "asset": asset,
        "events": asset.status_events.select_related("recorded_by"),
        "documents": documents,
        "calls": asset.calls.all(),
        "projects": asset.reuse_projects.select_related("organisation"),
        "audit_trail": audit_trail(asset),
        "blockers": services.asset_delete_blockers(asset),
        "status_form": RecordStatusForm(asset=asset) if not asset.is_deleted else None,
        "delete_form": DeleteAssetForm(),
        "document_form": AssetDocumentForm(),
        "map_data": _asset_map_data(asset),
    }


def _asset_map_data(asset):
    return {
        "boundaries": [asset.municipality.boundary.json],
        "location": [asset.location.x, asset.location.y] if asset.location else None,
        "parcels": asset.parcels.json if asset.parcels else None,
        "tiles": _tiles(),
    }


@login_required
def asset_detail(request, pk):
    _require_staff(request.user)
    try:
        asset = access.asset_for_user(request.user, pk)
    except Http404:
        # A deleted asset keeps its page for staff, who may restore it.
        asset = access.deleted_asset_for_user(request.user, pk)
    return render(request, "staff/asset_detail.html", _asset_context(request, asset))


def _widget_data(municipalities):
    return {
        "boundaries": {str(pk): outline for pk, outline in _outlines(municipalities)},
        "tiles": _tiles(),
    }


@login_required
def asset_new(request):
    _require_staff(request.user)
    scope = municipality_scope(request, access.municipalities_of(request.user))
    if scope.matches is not None:
        # Among a national administrator's 7,898 municipalities, the page first asks which one.
        return render(request, "staff/asset_form.html", {"scope": scope, "asset": None})
    municipalities = scope.municipalities
    form = NewAssetForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            asset = services.asset_create(
                municipality=data["municipality"],
                status=data["initial_status"],
                effective_date=data["effective_date"],
                reference=data["status_reference"],
                by=request.user,
                **form.asset_data(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Asset %s registered.") % asset.reference)
            return redirect("staff:asset_detail", pk=asset.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "staff/asset_form.html",
        {"form": form, "asset": None, "scope": scope, "map_data": _widget_data(municipalities)},
        status=status,
    )


@login_required
def asset_edit(request, pk):
    _require_staff(request.user)
    asset = access.asset_for_user(request.user, pk, write=True)
    form = EditAssetForm(
        request.POST or None,
        instance=asset,
        # asset_for_user let the user at this asset, hence at its municipality.
        municipalities=Municipality.objects.filter(pk=asset.municipality_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.asset_update(
                asset=asset,
                data=form.asset_data(),
                by=request.user,
                expected_version=form.cleaned_data["opened_version"],
            )
        except services.StaleVersion as stale:
            form.add_error(
                None,
                _("Somebody changed this asset meanwhile (now version %s): reload and redo.")
                % stale.current_version,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Asset saved."))
            return redirect("staff:asset_detail", pk=asset.pk)
    municipalities = Municipality.objects.filter(pk=asset.municipality_id)
    return render(
        request,
        "staff/asset_form.html",
        {"form": form, "asset": asset, "map_data": _widget_data(municipalities)},
        status=400 if request.method == "POST" else 200,
    )


def _asset_page_with_errors(request, asset, **forms):
    context = _asset_context(request, asset)
    context.update(forms)
    return render(request, "staff/asset_detail.html", context, status=400)


@login_required
@require_POST
def asset_record_status(request, pk):
    _require_staff(request.user)
    asset = access.asset_for_user(request.user, pk, write=True)
    form = RecordStatusForm(request.POST, asset=asset)
    if form.is_valid():
        try:
            services.asset_record_status(asset=asset, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Status recorded."))
            return redirect("staff:asset_detail", pk=pk)
    return _asset_page_with_errors(request, asset, status_form=form)


@login_required
@require_POST
def asset_delete(request, pk):
    _require_staff(request.user)
    asset = access.asset_for_user(request.user, pk, write=True)
    form = DeleteAssetForm(request.POST)
    if form.is_valid():
        try:
            services.asset_delete(asset=asset, by=request.user, reason=form.cleaned_data["reason"])
        except services.AssetInUse as in_use:
            context = _asset_context(request, asset)
            context["blockers"] = in_use.reasons
            return render(request, "staff/asset_detail.html", context, status=409)
        except ValidationError as error:
            form.add_error("reason", error.messages)
        else:
            messages.success(request, _("%s is marked deleted; it can be restored.") % asset)
            return redirect("staff:asset_detail", pk=pk)
    return _asset_page_with_errors(request, asset, delete_form=form)


@login_required
@require_POST
def asset_restore(request, pk):
    _require_staff(request.user)
    asset = access.deleted_asset_for_user(request.user, pk)
    services.asset_restore(asset=asset, by=request.user)
    messages.success(request, _("%s is restored.") % asset)
    return redirect("staff:asset_detail", pk=pk)


@login_required
@require_POST
def asset_document_add(request, pk):
    _require_staff(request.user)
    asset = access.asset_for_user(request.user, pk, write=True)
    form = AssetDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            reuse_services.document_attach(
                owner=asset,
                uploaded_file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                visibility=form.cleaned_data["visibility"],
                by=request.user,
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Document added."))
            return redirect("staff:asset_detail", pk=pk)
    return _asset_page_with_errors(request, asset, document_form=form)


@login_required
def call_list(request):
    """The calls of the user's municipalities, drafts included, with their counts."""
    _require_staff(request.user)
    calls = reuse_access.calls_visible_to(request.user).filter(
        municipality__in=access.municipalities_of(request.user)
    )
    return render(
        request,
        "staff/call_list.html",
        {"calls": reuse_selectors.calls_with_counts(calls).order_by("-opens_at")},
    )
