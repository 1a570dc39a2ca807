from django.urls import path

from tendik.core.views import home

app_name = "plans"
urlpatterns = [
    path("index/", home, name="index"),
]
