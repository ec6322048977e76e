"""Monitoring reports: the reporting periods of a concession, the reports scheduled when
they fall due, filed by the concessionaire and acknowledged by the municipality."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reuse_projects import lifecycle, notifications
from reuse_projects.models import MonitoringReport, ReuseProject
from reuse_projects.services.base import copy_back, fetch_locked, history_context

# Days an organisation has, after a reporting period ends, to file its monitoring report.
REPORT_GRACE_DAYS = 30
# How long before the due date the concessionaire is reminded.
REMINDER_DAYS = 14


def _check_report_transition(report, new):
    try:
        lifecycle.check_report_transition(report.status, new)
    except lifecycle.IllegalTransition as error:
        raise ValidationError(str(error)) from None


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reporting_periods(project, today):
    """The (start, end) of every reporting period of the project that has ended by `today`."""
    number = 0
    while True:
        start = add_months(project.starts_on, number * project.reporting_interval_months)
        end = add_months(project.starts_on, (number + 1) * project.reporting_interval_months)
        end -= datetime.timedelta(days=1)
        if project.ends_on is not None:
            if start > project.ends_on:
                return
            end = min(end, project.ends_on)
        if end >= today:
            return
        yield start, end
        number += 1


@transaction.atomic
def reports_schedule(*, today=None, project=None, by=None):
    """Create the report rows that have fallen due. Idempotent; run daily by a command."""
    today = today or timezone.localdate()
    projects = ReuseProject.objects.filter(
        status__in=lifecycle.REPORTING_PROJECT_STATUSES, starts_on__isnull=False
    )
    if project is not None:
        projects = projects.filter(pk=project.pk)
    created = []
    with history_context(by):
        for each in projects:
            for start, end in reporting_periods(each, today):
                report, was_created = MonitoringReport.objects.get_or_create(
                    project=each,
                    period_start=start,
                    defaults={
                        "period_end": end,
                        "due_on": end + datetime.timedelta(days=REPORT_GRACE_DAYS),
                    },
                )
                if was_created:
                    created.append(report)
    return created


REPORT_FIELDS = (
    "beneficiaries",
    "jobs",
    "jobs_disadvantaged",
    "volunteers",
    "events_held",
    "narrative",
)


@transaction.atomic
def report_file(*, report, data, by):
    """The concessionaire files (or corrects, until acknowledged) a monitoring report."""
    locked = fetch_locked(report)
    if locked.status == MonitoringReport.Status.ACKNOWLEDGED:
        raise ValidationError(_("This report was acknowledged and can no longer be changed."))
    _check_report_transition(locked, MonitoringReport.Status.FILED)
    unknown = set(data) - set(REPORT_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    for name, value in data.items():
        setattr(locked, name, value)
    missing = [name for name in REPORT_FIELDS if getattr(locked, name) in (None, "")]
    if missing:
        raise ValidationError(dict.fromkeys(missing, "This is needed to file the report."))
    locked.full_clean()
    locked.status = MonitoringReport.Status.FILED
    locked.filed_at = timezone.now()
    locked.filed_by = by
    with history_context(by):
        locked.save()
    copy_back(report, locked, [*REPORT_FIELDS, "status", "filed_at", "filed_by"])
    return report


@transaction.atomic
def report_acknowledge(*, report, by):
    locked = fetch_locked(report)
    if locked.status != MonitoringReport.Status.FILED:
        raise ValidationError(_("Only a filed report can be acknowledged."))
    _check_report_transition(locked, MonitoringReport.Status.ACKNOWLEDGED)
    locked.status = MonitoringReport.Status.ACKNOWLEDGED
    locked.acknowledged_at = timezone.now()
    locked.acknowledged_by = by
    with history_context(by):
        locked.save(update_fields=["status", "acknowledged_at", "acknowledged_by"])
    copy_back(report, locked, ["status", "acknowledged_at", "acknowledged_by"])
    return report


@transaction.atomic
def reports_send_reminders(*, today=None):
    """Remind concessionaires of reports falling due within REMINDER_DAYS, and tell them and the
    municipality of overdue ones. Each reminder goes once (safe to run again).
    Returns (reminded, overdue) counts."""
    today = today or timezone.localdate()
    now = timezone.now()
    due = MonitoringReport.objects.select_for_update().filter(status=MonitoringReport.Status.DUE)
    soon = list(
        due.filter(
            reminded_at__isnull=True,
            due_on__gte=today,
            due_on__lte=today + datetime.timedelta(days=REMINDER_DAYS),
        ).select_related("project__organisation", "project__asset")
    )
    late = list(
        due.filter(overdue_notified_at__isnull=True, due_on__lt=today).select_related(
            "project__organisation", "project__asset"
        )
    )
    for report in soon:
        notifications.report_reminder(report, overdue=False)
    for report in late:
        notifications.report_reminder(report, overdue=True)
    MonitoringReport.objects.filter(pk__in=[r.pk for r in soon]).update(reminded_at=now)
    MonitoringReport.objects.filter(pk__in=[r.pk for r in late]).update(overdue_notified_at=now)
    return len(soon), len(late)
