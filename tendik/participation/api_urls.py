"""/api/v1/participation/: each sub-domain registers its viewsets on this router."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from tendik.participation.api import bodies as bodies_api

router = DefaultRouter()

# bodies and the quota
router.register("body-types", bodies_api.BodyTypeViewSet, basename="participation-body-type")
router.register("bodies", bodies_api.BodyViewSet, basename="participation-body")
router.register("body-seats", bodies_api.BodySeatsViewSet, basename="participation-body-seats")
router.register("body-counts", bodies_api.BodyCountViewSet, basename="participation-body-count")
router.register("body-members", bodies_api.BodyMemberViewSet, basename="participation-body-member")
router.register("body-events", bodies_api.BodyEventViewSet, basename="participation-body-event")

from tendik.participation.api import vawp  # noqa: E402

urlpatterns = [
    path("quota/", bodies_api.QuotaView.as_view(), name="participation-quota"),
    *router.urls,
    *vawp.urlpatterns,
]
