"""Monitoring reports: filing and acknowledgement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assets_registry.access import works_for
from reuse_projects import access, services
from reuse_projects.forms import ReportForm, add_service_errors
from reuse_projects.models import MonitoringReport
from reuse_projects.views.base import service_failed
from reuse_projects.views.documents import upload_url


@login_required
def report_detail(request, pk):
    report = access.report_for_user(request.user, pk)
    is_member = access.is_member_of(request.user, report.project.organisation_id)
    form = None
    if is_member and report.status != MonitoringReport.Status.ACKNOWLEDGED:
        form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST":
        access.report_for_user(request.user, pk, file=True)
        if form is not None and form.is_valid():
            data = {name: form.cleaned_data[name] for name in services.REPORT_FIELDS}
            try:
                services.report_file(report=report, data=data, by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Report filed. The municipality will acknowledge it."))
                return redirect("reuse_projects:report_detail", pk=pk)
    context = {
        "report": report,
        "project": report.project,
        "form": form,
        "is_overdue": report.is_overdue(),
        "may_acknowledge": works_for(request.user, report.project.asset.municipality_id)
        and report.status == MonitoringReport.Status.FILED,
        "documents": access.documents_visible_to(request.user).filter(report=report),
        "upload_url": upload_url("report", pk),
    }
    return render(request, "reuse_projects/report_detail.html", context)


@login_required
@require_POST
def report_acknowledge(request, pk):
    report = access.report_for_user(request.user, pk, acknowledge=True)
    try:
        services.report_acknowledge(report=report, by=request.user)
    except ValidationError as error:
        service_failed(request, error)
    else:
        messages.success(request, _("Report acknowledged."))
    return redirect("reuse_projects:report_detail", pk=pk)
