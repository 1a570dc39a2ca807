from django.urls import path

from tendik.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_index, name="index"),
    path("access/", views.access_index, name="access"),
]
