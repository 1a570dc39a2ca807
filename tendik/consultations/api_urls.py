from rest_framework.routers import DefaultRouter

from tendik.consultations.api import AnswerViewSet, MeetingViewSet, ParticipantViewSet, RecommendationViewSet

router = DefaultRouter()
router.register("meetings", MeetingViewSet, basename="consultations-meeting")
router.register("participants", ParticipantViewSet, basename="consultations-participant")
router.register("recommendations", RecommendationViewSet, basename="consultations-recommendation")
router.register("answers", AnswerViewSet, basename="consultations-answer")

urlpatterns = router.urls
