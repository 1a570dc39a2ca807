"""/api/v1/participation/: each sub-domain registers its viewsets on this router."""

from rest_framework.routers import DefaultRouter

from tendik.participation.api import monitoring

router = DefaultRouter()
router.register("monitoring/scales", monitoring.ScaleViewSet, basename="participation-scale")
router.register("monitoring/groups", monitoring.GroupViewSet, basename="participation-group")
router.register("monitoring/visits", monitoring.VisitViewSet, basename="participation-visit")
router.register("monitoring/scorecards", monitoring.ScorecardViewSet, basename="participation-scorecard")

urlpatterns = router.urls
