"""Reads behind /practices/: published sheets of public projects, filters, and their results."""

from django.db.models import Count, DecimalField, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from evaluation.models import GoodPracticeSheet
from evaluation.sources import public_projects
from reuse_projects.models import MonitoringReport

# Size of the asset: its floor area, or its land area when it has none (m²).
SIZE_BANDS = {
    "small": (_("Up to 150 m²"), None, 150),
    "medium": (_("150 – 1,000 m²"), 150, 1000),
    "large": (_("1,000 – 10,000 m²"), 1000, 10000),
    "very_large": (_("Over 10,000 m²"), 10000, None),
}
FILED = (MonitoringReport.Status.FILED, MonitoringReport.Status.ACKNOWLEDGED)


def published_sheets(*, use="", country="", size="", legal_form=""):
    """Published sheets whose project is still public, newest first."""
    sheets = (
        GoodPracticeSheet.objects.published()
        .filter(project__in=public_projects())
        .select_related("project", "project__asset__municipality", "project__organisation")
        .annotate(
            area=Coalesce(
                "project__asset__floor_area_m2",
                "project__asset__land_area_m2",
                output_field=DecimalField(),
            )
        )
    )
    if use:
        sheets = sheets.filter(project__use_category=use)
    if country:
        sheets = sheets.filter(project__asset__municipality__country=country)
    if legal_form:
        sheets = sheets.filter(project__organisation__legal_form=legal_form)
    if size:
        _label, low, high = SIZE_BANDS[size]
        if low is not None:
            sheets = sheets.filter(area__gte=low)
        if high is not None:
            sheets = sheets.filter(area__lt=high)
    return sheets.order_by("-published_at", "pk")


def sheet_results(project):
    """The project's figures, summed over its filed monitoring reports."""
    reports = MonitoringReport.objects.filter(project=project)
    totals = reports.aggregate(
        reports=Count("pk", filter=Q(status__in=FILED)),
        overdue=Count("pk", filter=Q(status=MonitoringReport.Status.DUE)),
        beneficiaries=Sum("beneficiaries", filter=Q(status__in=FILED)),
        jobs=Sum("jobs", filter=Q(status__in=FILED)),
        jobs_disadvantaged=Sum("jobs_disadvantaged", filter=Q(status__in=FILED)),
        volunteers=Sum("volunteers", filter=Q(status__in=FILED)),
        events=Sum("events_held", filter=Q(status__in=FILED)),
    )
    periods = reports.filter(status__in=FILED).order_by("period_start")
    totals["first_period"] = periods.values_list("period_start", flat=True).first()
    totals["last_period"] = periods.reverse().values_list("period_end", flat=True).first()
    totals["per_report"] = list(
        periods.values(
            "period_start",
            "period_end",
            "beneficiaries",
            "jobs",
            "jobs_disadvantaged",
            "volunteers",
            "events_held",
        )
    )
    return totals


RESULT_LABELS = (
    ("beneficiaries", _("Beneficiaries")),
    ("jobs", _("Jobs")),
    ("jobs_disadvantaged", _("Jobs for disadvantaged people")),
    ("volunteers", _("Volunteers")),
    ("events", _("Events held")),
)
