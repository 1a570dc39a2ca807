from django.urls import path

from tendik.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("start/", views.job_start, name="start"),
    path("<uuid:token>/", views.job_detail, name="detail"),
    path("<uuid:token>/download/", views.job_download, name="download"),
    path("<uuid:token>/confirm/", views.job_confirm, name="confirm"),
]
