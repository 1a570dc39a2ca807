from django.urls import path

from tendik.core import views

app_name = "core"
urlpatterns = [
    # The front page itself is served by the composition root (tendik.api.views.home, mounted first in
    # tendik/urls.py); this entry gives lower layers a name to reverse ("core:home") without importing upward.
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
]
