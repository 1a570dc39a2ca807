"""Portal pages: cross-module pages that read every domain app through its selectors."""

from django.urls import include, path

from tendik.portal import views
from tendik.portal.views import opendata, public
from tendik.portal.views import tasks as task_views

public_patterns = [
    path("", public.territory, name="country"),
    path("plans/<slug:code>/", public.plan, name="plan"),
    path("data/", opendata.index, name="opendata"),
    path("data/datapackage.json", opendata.package_json, name="datapackage"),
    path("data/datapackage.zip", opendata.package_zip, name="datapackage_zip"),
    path("data/open-sdg.zip", opendata.opensdg_zip, name="opensdg_zip"),
    path("data/open-sdg/indicator_<slug:indicator>.csv", opendata.opensdg_csv, name="opensdg_csv"),
    path("data/<slug:key>.<str:fmt>", opendata.download, name="download"),
    path("<str:code>/", public.territory, name="territory"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/", task_views.tasks, name="tasks"),
    path("open/", include((public_patterns, "portal"))),
]
