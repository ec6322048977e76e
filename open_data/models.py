from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assets_registry.importing import ImportReport


class ImportRun(models.Model):
    """A file an officer uploaded: its dry-run report, then (maybe) its commit."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="import_runs",
        verbose_name=_("uploaded by"),
    )
    original_name = models.CharField(max_length=255, verbose_name=_("original name"))
    # Where the uploaded file is kept, relative to MEDIA_ROOT; never a name the user chose.
    stored_name = models.CharField(max_length=120, verbose_name=_("stored name"))
    preset = models.CharField(max_length=40, verbose_name=_("preset"))
    columns = models.JSONField(
        default=dict, blank=True, help_text="field -> column, if custom", verbose_name=_("columns")
    )
    source = models.CharField(max_length=40, blank=True, verbose_name=_("source"))
    srid = models.PositiveIntegerField(default=4326, verbose_name=_("srid"))
    skip_bad_rows = models.BooleanField(default=False, verbose_name=_("skip bad rows"))
    report = models.JSONField(verbose_name=_("report"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    committed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("committed at"))

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
