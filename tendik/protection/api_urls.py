from django.urls import path
from rest_framework.routers import DefaultRouter

from tendik.protection.api import views

router = DefaultRouter()
router.include_root_view = False
router.register("committees", views.CommitteeViewSet, basename="protection-committee")
router.register("members", views.MemberViewSet, basename="protection-member")
router.register("appeals", views.AppealViewSet, basename="protection-appeal")
router.register("families", views.FamilyViewSet, basename="protection-family")
router.register("cases", views.CaseViewSet, basename="protection-case")
router.register("orders", views.OrderViewSet, basename="protection-order")
router.register("providers", views.ProviderViewSet, basename="protection-provider")
router.register("referrals", views.ReferralViewSet, basename="protection-referral")
router.register("services", views.ServiceViewSet, basename="protection-service")
router.register("meetings", views.MeetingViewSet, basename="protection-meeting")
router.register("events", views.EventViewSet, basename="protection-event")

urlpatterns = [
    path("report/", views.ReportView.as_view(), name="protection-report"),
    *router.urls,
]
