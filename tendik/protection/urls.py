from django.urls import path

from tendik.core.views import home

app_name = "protection"
urlpatterns = [
    path("index/", home, name="index"),
    path("report/", home, name="report"),
]
