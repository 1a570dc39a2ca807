from django.urls import path
from rest_framework.routers import SimpleRouter

from tendik.accounts.api import MeView, UserViewSet

router = SimpleRouter()
router.register("users", UserViewSet, basename="accounts-user")
urlpatterns = [path("me/", MeView.as_view(), name="accounts-me"), *router.urls]
