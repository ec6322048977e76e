"""Django admin for municipal staff.

Who may see and change what comes from municipality memberships (assets_registry.access), not from
Django's per-model permissions: an officer needs only is_staff and a membership. Every list is
scoped to the user's municipalities; superusers and national administrators see them all. Writes
go through assets_registry.services, like the API's.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.gis.admin import GISModelAdmin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from assets_registry import access, services
from assets_registry.audit import audit_trail
from assets_registry.forms import (
    AssetAddForm,
    AssetChangeForm,
    RecordStatusForm,
)
from assets_registry.importing.snapshot import assets_confirm_snapshot
from assets_registry.models import (
    Asset,
    Jurisdiction,
    JurisdictionStage,
    JurisdictionWording,
    Municipality,
    MunicipalityMembership,
    StatusEvent,
)
from assets_registry.widgets import MapWidget


def _can_edit_municipalities(user):
    return user.is_superuser or access.is_national_administrator(user)


class StatusEventInline(admin.TabularInline):
    """The asset's legal timeline, read-only: a new status is recorded with its own form."""

    model = StatusEvent
    fields = ("status", "effective_date", "reference", "note", "recorded_by", "recorded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("Status history")

    def has_view_permission(self, request, obj=None):
        return access.request_is_municipal_staff(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


DESCRIPTION_FIELDSETS = (
    (_("Identification"), {"fields": Asset.IDENTIFICATION_FIELDS}),
    (_("Location"), {"fields": Asset.LOCATION_FIELDS}),
    (_("Property"), {"fields": Asset.PROPERTY_FIELDS}),
    (_("Proceeding (internal)"), {"fields": Asset.PROCEEDING_FIELDS}),
)


@admin.register(Asset)
class AssetAdmin(GISModelAdmin):
    gis_widget = MapWidget
    list_display = (
        "reference",
        "title",
        "kind",
        "status",
        "municipality",
        "location_precision",
        "updated_at",
    )
    list_filter = (
        "status",
        "kind",
        "pending_confirmation",
        "protected_location",
        ("municipality", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("reference", "title", "address", "external_id")
    actions = ["confirm_snapshot_assets"]
    # A national administrator chooses among thousands; the search is scoped by MunicipalityAdmin.
    autocomplete_fields = ("municipality",)
    readonly_fields = (
        "reference",
        "municipality",
        "status",
        "status_date",
        "pending_confirmation",
        "version",
        "created_by",
        "created_at",
        "updated_at",
    )
    add_fieldsets = (
        (
            None,
            {
                "fields": (
                    "municipality",
                    "initial_status",
                    "effective_date",
                    "status_reference",
                    "status_note",
                )
            },
        ),
        *DESCRIPTION_FIELDSETS,
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "reference",
                    "municipality",
                    ("status", "status_date"),
                    "pending_confirmation",
                    "version",
                    "opened_version",
                )
            },
        ),
        *DESCRIPTION_FIELDSETS,
        (_("Record"), {"fields": ("created_by", "created_at", "updated_at")}),
    )
    inlines = [StatusEventInline]

    @admin.action(description=_("Confirm: not a copy of a current asset (2014 snapshot)"))
    def confirm_snapshot_assets(self, request, queryset):
        # The queryset is already limited to the officer's municipalities (get_queryset).
        editable = [a for a in queryset if self.has_change_permission(request, a)]
        count = assets_confirm_snapshot(assets=editable, by=request.user)
        self.message_user(request, _("%(count)d assets confirmed.") % {"count": count})

    # Permissions and scope: memberships, not model permissions.

    def get_queryset(self, request):
        # The list shows each asset's municipality; its boundary, possibly large, is not needed.
        return (
            access.assets_visible_to(request.user)
            .select_related("municipality")
            .defer("municipality__boundary", "municipality__representative_point")
        )

    def has_module_permission(self, request):
        return access.request_is_municipal_staff(request)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return access.request_is_municipal_staff(request)
        return access.works_for(request.user, obj.municipality_id)

    def has_add_permission(self, request):
        return access.request_is_municipal_staff(request)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if obj is not None else self.add_fieldsets

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = AssetChangeForm if obj is not None else AssetAddForm
        form = super().get_form(request, obj, change=change, **kwargs)
        # Maps of an asset with no geometry yet open on its municipality, not on Django's default.
        centre_of = obj.municipality if obj is not None else self._first_municipality(request)
        if centre_of is not None and centre_of.representative_point is not None:
            for name in ("location", "parcels"):
                if name in form.base_fields:
                    form.base_fields[name].widget.attrs.update(
                        default_lon=centre_of.representative_point.x,
                        default_lat=centre_of.representative_point.y,
                    )
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        own = list(access.municipalities_of(request.user).only("pk")[:2])
        if len(own) == 1:  # most officers work for one municipality
            initial.setdefault("municipality", own[0].pk)
        return initial

    @staticmethod
    def _first_municipality(request):
        return access.municipalities_of(request.user).only("representative_point").first()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            # Also the validation: saving into another municipality is "not a valid choice".
            kwargs["queryset"] = access.municipalities_of(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # Writes, through the services.

    def save_model(self, request, obj, form, change):
        if change:
            if form.changed_asset_fields:
                services.asset_update(
                    asset=obj,
                    data=form.changed_asset_fields,
                    by=request.user,
                    expected_version=form.cleaned_data["opened_version"],
                )
            return
        data = form.cleaned_data
        created = services.asset_create(
            municipality=data["municipality"],
            status=data["initial_status"],
            effective_date=data["effective_date"],
            reference=data["status_reference"],
            note=data["status_note"],
            by=request.user,
            **{name: data[name] for name in Asset.DESCRIPTIVE_FIELDS},
        )
        # The admin goes on with obj (its log entry, the redirect to the new asset's page).
        obj.pk = created.pk
        obj.refresh_from_db()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (services.StaleVersion, ValidationError) as error:
            # The form was valid but the service refused, e.g. the asset changed a moment ago.
            # The admin's transaction was rolled back: nothing was written.
            reason = (
                str(error) if isinstance(error, services.StaleVersion) else " ".join(error.messages)
            )
            self.message_user(request, _("Not saved: %s") % reason, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_actions(self, request):
        # No bulk delete: every deletion says why (services.asset_delete), one asset at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        """The delete page asks for the reason and lists what still depends on the asset; while
        something does (a live concession, an open call) the answer is 409 and nothing changes."""
        asset = self.get_object(request, unquote(object_id))
        if asset is None or not self.has_delete_permission(request, asset):
            return super().delete_view(request, object_id, extra_context)
        blockers = services.asset_delete_blockers(asset)
        error = None
        if request.method == "POST" and not blockers:
            try:
                services.asset_delete(
                    asset=asset, by=request.user, reason=request.POST.get("reason", "")
                )
            except services.AssetInUse as in_use:
                blockers = in_use.reasons
            except ValidationError as invalid:
                error = " ".join(invalid.messages)
            else:
                self.message_user(request, _("%s is marked deleted.") % asset, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:assets_registry_asset_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": asset,
            "title": _("Delete %s") % asset,
            "blockers": blockers,
            "reason_error": error,
            "reason": request.POST.get("reason", ""),
            **(extra_context or {}),
        }
        status = 409 if blockers else (400 if error else 200)
        return TemplateResponse(
            request, "admin/assets_registry/asset/delete_confirmation.html", context, status=status
        )

    # The change page: the audit trail, and recording a new status.

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["audit_trail"] = audit_trail(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/record-status/",
                self.admin_site.admin_view(self.record_status_view),
                name="assets_registry_asset_record_status",
            ),
            *super().get_urls(),
        ]

    def record_status_view(self, request, object_id):
        asset = self.get_object(request, unquote(object_id))
        if asset is None or not self.has_change_permission(request, asset):
            raise Http404(_("No such asset"))
        form = RecordStatusForm(request.POST or None, asset=asset)
        if request.method == "POST" and form.is_valid():
            try:
                services.asset_record_status(asset=asset, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("%(asset)s is now %(status)s.")
                    % {"asset": asset.reference, "status": asset.get_status_display().lower()},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:assets_registry_asset_change", args=[asset.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Record a new status for %s") % asset,
            "opts": self.opts,
            "original": asset,
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/assets_registry/asset/record_status.html", context)


@admin.register(Municipality)
class MunicipalityAdmin(GISModelAdmin):
    """Officers read their own municipalities; superusers and national administrators edit."""

    gis_widget = MapWidget
    list_display = ("name", "country", "code", "province", "region", "is_published")
    list_filter = ("country", "is_published")
    search_fields = ("name", "code", "slug")
    fields = (
        "name",
        "country",
        "code",
        "slug",
        "region",
        "province",
        "population",
        "is_published",
        "published_at",
        "boundary",
        "last_asset_number",
    )
    readonly_fields = ("published_at", "last_asset_number", "boundary_map")

    def get_queryset(self, request):
        # Boundaries are large: load one only on its change page.
        return access.municipalities_of(request.user).defer("boundary", "representative_point")

    def has_module_permission(self, request):
        return access.request_is_municipal_staff(request)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return access.request_is_municipal_staff(request)
        return access.works_for(request.user, obj.pk)

    def has_add_permission(self, request):
        return _can_edit_municipalities(request.user)

    def has_change_permission(self, request, obj=None):
        return _can_edit_municipalities(request.user)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return self.fields
        # Read-only, the boundary is still a map rather than pages of coordinates.
        return tuple("boundary_map" if name == "boundary" else name for name in self.fields)

    @admin.display(description=_("Boundary"))
    def boundary_map(self, obj):
        widget = MapWidget(attrs={"geom_type": "MULTIPOLYGON", "disabled": True})
        return widget.render("boundary", obj.boundary, attrs={"id": "id_boundary"})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The read-only boundary map is no form widget: its scripts are not in the form's media.
        context["media"] = context["media"] + MapWidget().media
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(MunicipalityMembership)
class MunicipalityMembershipAdmin(admin.ModelAdmin):
    """Who works for which municipality: only superusers grant access."""

    list_display = ("user", "municipality", "role", "created_at")
    list_filter = ("role",)
    list_select_related = ("user", "municipality")
    search_fields = ("user__username", "user__email", "municipality__name")
    raw_id_fields = ("user", "municipality")

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class _LanguageChoiceForm(forms.ModelForm):
    # The languages are settings, not choices in the schema (assets_registry.jurisdiction).
    language = forms.ChoiceField(label=_("language"), choices=settings.LANGUAGES)


class _JurisdictionPartInline(admin.TabularInline):
    """Stages and wordings follow their jurisdiction's permissions."""

    extra = 0

    def has_view_permission(self, request, obj=None):
        return access.request_is_municipal_staff(request)

    def has_add_permission(self, request, obj=None):
        return _can_edit_municipalities(request.user)

    def has_change_permission(self, request, obj=None):
        return _can_edit_municipalities(request.user)

    def has_delete_permission(self, request, obj=None):
        return _can_edit_municipalities(request.user)


class JurisdictionStageInline(_JurisdictionPartInline):
    model = JurisdictionStage


class JurisdictionWordingInline(_JurisdictionPartInline):
    model = JurisdictionWording
    form = _LanguageChoiceForm


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    """A country's legal framework: a third country is configured here, without code. Every
    staff member may read it; superusers and national administrators change it."""

    form = _LanguageChoiceForm
    list_display = ("name", "country", "language", "register_title")
    inlines = [JurisdictionStageInline, JurisdictionWordingInline]

    def has_module_permission(self, request):
        return access.request_is_municipal_staff(request)

    def has_view_permission(self, request, obj=None):
        return access.request_is_municipal_staff(request)

    def has_add_permission(self, request):
        return _can_edit_municipalities(request.user)

    def has_change_permission(self, request, obj=None):
        return _can_edit_municipalities(request.user)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
