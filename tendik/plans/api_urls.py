from rest_framework.routers import DefaultRouter

from tendik.plans.api.catalogue import IndicatorViewSet, MeasureViewSet, PlanViewSet
from tendik.plans.api.local import LocalMeasureViewSet, LocalPlanViewSet
from tendik.plans.api.reports import DataValueViewSet, EntryViewSet, ReportViewSet

router = DefaultRouter()
router.register("plans", PlanViewSet, basename="plans-plan")
router.register("measures", MeasureViewSet, basename="plans-measure")
router.register("indicators", IndicatorViewSet, basename="plans-indicator")
router.register("local-plans", LocalPlanViewSet, basename="plans-local-plan")
router.register("local-measures", LocalMeasureViewSet, basename="plans-local-measure")
router.register("reports", ReportViewSet, basename="plans-report")
router.register("entries", EntryViewSet, basename="plans-entry")
router.register("data-values", DataValueViewSet, basename="plans-data-value")

urlpatterns = router.urls
