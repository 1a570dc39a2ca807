"""/api/v1/participation/: each sub-domain registers its viewsets on this router."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from tendik.participation.api import bodies as bodies_api
from tendik.participation.api import monitoring, vawp
from tendik.participation.api import reserve as reserve_api
from tendik.participation.api import trainings as trainings_api

router = DefaultRouter()
router.register("monitoring/scales", monitoring.ScaleViewSet, basename="participation-scale")
router.register("monitoring/groups", monitoring.GroupViewSet, basename="participation-group")
router.register("monitoring/visits", monitoring.VisitViewSet, basename="participation-visit")
router.register("monitoring/scorecards", monitoring.ScorecardViewSet, basename="participation-scorecard")

# bodies and the quota
router.register("body-types", bodies_api.BodyTypeViewSet, basename="participation-body-type")
router.register("bodies", bodies_api.BodyViewSet, basename="participation-body")
router.register("body-seats", bodies_api.BodySeatsViewSet, basename="participation-body-seats")
router.register("body-counts", bodies_api.BodyCountViewSet, basename="participation-body-count")
router.register("body-members", bodies_api.BodyMemberViewSet, basename="participation-body-member")
router.register("body-events", bodies_api.BodyEventViewSet, basename="participation-body-event")
# cadre reserve and trainings
router.register("reserve/areas", reserve_api.AreaViewSet, basename="reserve-area")
router.register("reserve/people", reserve_api.PersonViewSet, basename="reserve-person")
router.register("reserve/shortlists", reserve_api.ShortlistViewSet, basename="reserve-shortlist")
router.register("trainings/programmes", trainings_api.ProgrammeViewSet, basename="training-programme")
router.register("trainings/sessions", trainings_api.SessionViewSet, basename="training-session")
router.register("trainings/participants", trainings_api.ParticipantViewSet, basename="training-participant")
router.register("trainings/headcounts", trainings_api.HeadcountViewSet, basename="training-headcount")

urlpatterns = [
    path("quota/", bodies_api.QuotaView.as_view(), name="participation-quota"),
    path(
        "certificates/<str:code>/",
        trainings_api.CertificateVerifyView.as_view(),
        name="participation-certificate-verify",
    ),
    *router.urls,
    *vawp.urlpatterns,
]
