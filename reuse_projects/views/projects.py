"""The concession's working page (the public project page is served by maps)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from assets_registry.access import works_for
from reuse_projects import access, lifecycle, selectors, services
from reuse_projects.forms import ProjectStatusForm, add_service_errors
from reuse_projects.public import public_projects
from reuse_projects.views.documents import upload_url


@login_required
def project_detail(request, pk):
    project = access.project_for_user(request.user, pk)
    status_form = None
    staff = works_for(request.user, project.asset.municipality_id)
    if staff and lifecycle.project_allowed_next(project.status):
        status_form = ProjectStatusForm(
            request.POST or None,
            project=project,
            initial={"effective_date": timezone.localdate()},
        )
    if request.method == "POST":
        # Staff only; the service itself refuses a revocation by anyone but a manager.
        access.project_for_user(request.user, pk, write=True)
        if status_form is not None and status_form.is_valid():
            try:
                services.project_change_status(
                    project=project, by=request.user, **status_form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(status_form, error)
            else:
                messages.success(
                    request, f"The project is now {project.get_status_display().lower()}."
                )
                return redirect("reuse_projects:project_detail", pk=pk)
    today = timezone.localdate()
    reports = project.monitoring_reports.all()
    context = {
        "project": project,
        "today": today,
        "status_form": status_form,
        "reports": reports,
        "has_overdue": project.overdue_reports(today).exists(),
        "is_public": public_projects().filter(pk=project.pk).exists(),
        "show_actors": staff,
        "history": selectors.status_history(project),
        "documents": access.documents_visible_to(request.user).filter(project=project),
        "upload_url": upload_url("project", pk),
    }
    return render(request, "reuse_projects/project_detail.html", context)
