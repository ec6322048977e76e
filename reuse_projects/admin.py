"""Django admin for the reuse workflow: a scoped, read-mostly view for municipal staff.

Like the asset admin, access comes from memberships (reuse_projects.access), not Django's model
permissions: every list shows only what the user may see on the pages. Workflow changes (submit,
decide, revoke, file, acknowledge) go through the pages and the API, which call the services; the
admin edits only the public presentation of a project (title, description, good practice).
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from assets_registry.access import request_is_municipal_staff, works_for
from reuse_projects import access
from reuse_projects.models import (
    Application,
    Call,
    Document,
    MonitoringReport,
    Organisation,
    OrganisationMembership,
    ReuseProject,
)
from reuse_projects.public import public_projects


class ScopedAdmin(admin.ModelAdmin):
    """Read-only, and limited to the objects `visible_to(user)` returns (all for superusers)."""

    visible_to = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=type(self).visible_to(request.user).values("pk"))

    def _is_staff(self, request):
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return user.is_superuser or request_is_municipal_staff(request)

    def has_module_permission(self, request):
        return self._is_staff(request)

    def has_view_permission(self, request, obj=None):
        return self._is_staff(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = OrganisationMembership
    fields = ("user", "role", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    visible_to = staticmethod(access.organisations_visible_to)
    list_display = (
        "name",
        "legal_form",
        "registration_number",
        "country",
        "municipality",
        "verified_at",
    )
    list_filter = ("legal_form", "country", ("verified_at", admin.EmptyFieldListFilter))
    list_select_related = ("municipality",)
    autocomplete_fields = ("municipality",)
    search_fields = ("name", "registration_number", "contact_email")
    readonly_fields = ("verified_at", "verified_by", "verified_by_municipality")
    inlines = [MembershipInline]


@admin.register(Call)
class CallAdmin(ScopedAdmin):
    visible_to = staticmethod(access.calls_visible_to)
    list_display = ("title", "municipality", "status", "opens_at", "closes_at")
    # Related-only: a national administrator's filter lists the municipalities that have calls,
    # not all 7,909 (as the asset admin does).
    list_filter = ("status", ("municipality", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title",)
    autocomplete_fields = ("municipality",)
    date_hierarchy = "opens_at"
    filter_horizontal = ("assets",)


@admin.register(Application)
class ApplicationAdmin(ScopedAdmin):
    visible_to = staticmethod(access.applications_visible_to)
    list_display = ("title", "organisation", "asset", "call", "status", "score", "submitted_at")
    list_filter = (
        "status",
        "use_category",
        ("call__municipality", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("title", "organisation__name", "asset__reference")
    list_select_related = ("organisation", "asset", "call")


class ReportInline(admin.TabularInline):
    model = MonitoringReport
    fields = ("period_start", "period_end", "due_on", "status", "filed_at", "acknowledged_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReuseProject)
class ReuseProjectAdmin(ScopedAdmin):
    visible_to = staticmethod(access.projects_visible_to)
    list_display = ("title", "organisation", "asset", "use_category", "status", "starts_on")
    list_filter = (
        "status",
        "use_category",
        "is_good_practice",
        ("asset__municipality", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("title", "organisation__name", "asset__reference", "deed_number")
    list_select_related = ("organisation", "asset")
    inlines = [ReportInline]
    editable_fields = ("title", "description", "is_good_practice")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in self.editable_fields]

    def has_change_permission(self, request, obj=None):
        if not self._is_staff(request):
            return False
        if obj is None or request.user.is_superuser:
            return True
        return works_for(request.user, obj.asset.municipality_id)

    def view_on_site(self, obj):
        """The public page (get_absolute_url), offered only while the public can see it."""
        if public_projects().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return None


@admin.register(MonitoringReport)
class MonitoringReportAdmin(ScopedAdmin):
    visible_to = staticmethod(access.reports_visible_to)
    list_display = ("project", "period_start", "period_end", "due_on", "status")
    list_filter = ("status",)
    date_hierarchy = "due_on"
    list_select_related = ("project",)


@admin.register(Document)
class DocumentAdmin(ScopedAdmin):
    visible_to = staticmethod(access.documents_visible_to)
    list_display = ("title", "content_type", "size", "visibility", "uploaded_at", "download")
    list_filter = ("visibility", "content_type")
    search_fields = ("title", "original_name", "sha256")
    exclude = ("file",)

    @admin.display(description="File")
    def download(self, document):
        url = reverse("reuse_projects:document_download", args=[document.pk])
        return format_html('<a href="{}">download</a>', url)
