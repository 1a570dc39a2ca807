from django.urls import path

from tendik.core import views

app_name = "core"
urlpatterns = [
    path("about/", views.about, name="about"),
    path("blank/", views.blank, name="blank"),
]
