from django.urls import path

from tendik.core.views import home

app_name = "geography"
urlpatterns = [
    path("index/", home, name="index"),
    path("picker/", home, name="picker"),
]
