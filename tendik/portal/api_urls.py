"""/api/v1/portal/: the open-data API (public, read-only)."""

from django.urls import path

from tendik.portal import api

urlpatterns = [
    path("datasets/", api.DatasetListView.as_view(), name="portal-api-datasets"),
    path("datasets/<slug:key>/", api.DatasetView.as_view(), name="portal-api-dataset"),
]
