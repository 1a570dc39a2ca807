from django.urls import path

from tendik.core.views import home

app_name = "audit"
urlpatterns = [
    path("index/", home, name="index"),
]
