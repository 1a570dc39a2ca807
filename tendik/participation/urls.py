"""Participation pages. Each sub-domain adds its own include below (bodies, reserve, trainings, monitoring, vawp)."""

from django.urls import include, path

from tendik.participation import views

app_name = "participation"

urlpatterns = [
    path("", views.index, name="index"),
    path("monitoring/", include("tendik.participation.urls_monitoring")),
]
