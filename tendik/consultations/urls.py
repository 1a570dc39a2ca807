from django.urls import path

from tendik.core.views import home

app_name = "consultations"
urlpatterns = [
    path("index/", home, name="index"),
]
