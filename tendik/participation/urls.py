"""Participation pages. Each sub-domain adds its own include below (bodies, reserve, trainings, monitoring, vawp)."""

from django.urls import path

from tendik.participation import urls_reserve, views

app_name = "participation"

urlpatterns = [
    path("", views.index, name="index"),
    *urls_reserve.urlpatterns,
]
