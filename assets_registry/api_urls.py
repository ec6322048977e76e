from rest_framework.routers import DefaultRouter

from assets_registry.api.views import AssetViewSet, MunicipalityViewSet

# No `.json` suffix URLs: the viewsets' actions take no `format` argument (a suffix URL was a 500),
# and clients choose the representation with the Accept header.
router = DefaultRouter()
router.include_format_suffixes = False
router.register("assets", AssetViewSet, basename="asset")
router.register("municipalities", MunicipalityViewSet, basename="municipality")
urlpatterns = router.urls
