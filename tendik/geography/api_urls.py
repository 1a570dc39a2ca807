from rest_framework.routers import SimpleRouter

from tendik.geography.api import UnitViewSet

router = SimpleRouter()
router.register("units", UnitViewSet, basename="geography-unit")

urlpatterns = router.urls
