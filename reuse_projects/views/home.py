"""The role home: what the signed-in user has to do, whatever their role."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from assets_registry.access import managed_municipalities, municipalities_of
from reuse_projects import access, selectors
from reuse_projects.models import MonitoringReport


@login_required
def me(request):
    """One home for every role: the sections a user sees depend on what they are member of."""
    user = request.user
    today = timezone.localdate()
    organisations = access.organisations_of(user)
    municipalities = municipalities_of(user)
    context = {
        "today": today,
        "organisations": organisations,
        "municipalities": municipalities,
        "municipality_count": municipalities.count(),
    }
    if organisations.exists():
        own_projects = access.projects_visible_to(user).filter(organisation__in=organisations)
        context.update(
            open_calls=selectors.open_calls()[:10],
            my_applications=access.applications_visible_to(user)
            .filter(organisation__in=organisations)
            .select_related("call", "asset", "organisation")
            .order_by("-updated_at"),
            my_projects=selectors.projects_with_overdue_flag(own_projects, today),
            reports_due=access.reports_visible_to(user)
            .filter(project__in=own_projects, status=MonitoringReport.Status.DUE)
            .select_related("project"),
        )
    if municipalities.exists():
        staff_calls = access.calls_visible_to(user).filter(municipality__in=municipalities)
        staff_projects = access.projects_visible_to(user).filter(
            asset__municipality__in=municipalities
        )
        staff_reports = access.reports_visible_to(user).filter(project__in=staff_projects)
        context.update(
            is_staff_member=True,
            is_manager=managed_municipalities(user).exists(),
            pending_organisations=access.organisations_visible_to(user).filter(
                verified_at__isnull=True
            ),
            staff_calls=selectors.calls_with_counts(staff_calls).order_by("-opens_at"),
            staff_projects=selectors.projects_with_overdue_flag(staff_projects, today),
            overdue_reports=staff_reports.overdue(today).select_related("project__organisation"),
            reports_to_acknowledge=staff_reports.filter(
                status=MonitoringReport.Status.FILED
            ).select_related("project__organisation"),
        )
    return render(request, "reuse_projects/me.html", context)
