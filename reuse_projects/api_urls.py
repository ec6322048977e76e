from rest_framework.routers import DefaultRouter

from reuse_projects import api

router = DefaultRouter()
router.register("organisations", api.OrganisationViewSet, basename="organisation")
router.register("calls", api.CallViewSet, basename="call")
router.register("applications", api.ApplicationViewSet, basename="application")
router.register("projects", api.ProjectViewSet, basename="project")
router.register("reports", api.ReportViewSet, basename="report")
router.register("documents", api.DocumentViewSet, basename="document")
urlpatterns = router.urls
