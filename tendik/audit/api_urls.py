from rest_framework.routers import SimpleRouter

from tendik.audit.api import AccessLogEntryViewSet, AuditEntryViewSet

router = SimpleRouter()
router.register("entries", AuditEntryViewSet, basename="audit-entry")
router.register("access", AccessLogEntryViewSet, basename="audit-access")
urlpatterns = router.urls
