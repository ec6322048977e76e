from django.contrib import admin

from evaluation.models import GoodPracticeSheet


@admin.register(GoodPracticeSheet)
class GoodPracticeSheetAdmin(admin.ModelAdmin):
    """Read-only in the admin: sheets are written and reviewed through /practices/, where the
    workflow's rules live."""

    list_display = ("project", "status", "published_at", "updated_at")
    list_filter = ("status",)
    search_fields = ("project__title", "summary")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
