"""Portal pages: cross-module pages that read every domain app through its selectors."""

from django.urls import path

from tendik.portal import views

urlpatterns = [
    path("", views.home, name="home"),
]
