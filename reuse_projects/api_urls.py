from rest_framework.routers import DefaultRouter

from reuse_projects.api import applications, calls, documents, organisations, projects, reports

# No `.json` suffix URLs: the viewsets' actions take no `format` argument (a suffix URL was a 500),
# and clients choose the representation with the Accept header.
router = DefaultRouter()
router.include_format_suffixes = False
router.register("organisations", organisations.OrganisationViewSet, basename="organisation")
router.register("calls", calls.CallViewSet, basename="call")
router.register("applications", applications.ApplicationViewSet, basename="application")
router.register("projects", projects.ProjectViewSet, basename="project")
router.register("reports", reports.ReportViewSet, basename="report")
router.register("documents", documents.DocumentViewSet, basename="document")
urlpatterns = router.urls
