from rest_framework.routers import DefaultRouter

from assets_registry.api.views import AssetViewSet, MunicipalityViewSet

router = DefaultRouter()
router.register("assets", AssetViewSet, basename="asset")
router.register("municipalities", MunicipalityViewSet, basename="municipality")
urlpatterns = router.urls
