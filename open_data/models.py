from django.conf import settings
from django.db import models

from assets_registry.importing import ImportReport


class ImportRun(models.Model):
    """A file an officer uploaded: its dry-run report, then (maybe) its commit."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_runs"
    )
    original_name = models.CharField(max_length=255)
    # Where the uploaded file is kept, relative to MEDIA_ROOT; never a name the user chose.
    stored_name = models.CharField(max_length=120)
    preset = models.CharField(max_length=40)
    columns = models.JSONField(default=dict, blank=True, help_text="field -> column, if custom")
    source = models.CharField(max_length=40, blank=True)
    srid = models.PositiveIntegerField(default=4326)
    skip_bad_rows = models.BooleanField(default=False)
    report = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def import_report(self):
        """The report with the rows kept (open_data.imports.REPORT_ROWS_STORED at most)."""
        return ImportReport.from_dict(self.report)

    @property
    def counts(self):
        return self.report.get("counts") or self.import_report.counts

    @property
    def rows_read(self):
        return self.report.get("read", len(self.report["rows"]))
