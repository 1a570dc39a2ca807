"""Participation pages. Each sub-domain adds its own include below (bodies, reserve, trainings, monitoring, vawp)."""

from django.urls import include, path

from tendik.participation import urls_reserve, views
from tendik.participation.views import vawp

app_name = "participation"

urlpatterns = [
    path("", views.index, name="index"),
    path("vawp/", include(vawp.urlpatterns)),
    path("bodies/", include("tendik.participation.urls_bodies")),
    *urls_reserve.urlpatterns,
    path("monitoring/", include("tendik.participation.urls_monitoring")),
]
