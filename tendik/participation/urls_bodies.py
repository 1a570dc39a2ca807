"""Bodies and the quota pages, included by urls.py under bodies/ (names in the participation namespace)."""

from django.urls import path

from tendik.participation.views import bodies as views
from tendik.participation.views import bodies_files as files

urlpatterns = [
    path("", views.body_list, name="bodies"),
    path("quota/", views.quota, name="quota"),
    path("quota.pdf", files.quota_pdf, name="quota_pdf"),
    path("export.xlsx", files.bodies_export, name="bodies_export"),
    path("import/", files.bodies_import, name="bodies_import"),
    path("new/", views.body_create, name="body_create"),
    path("<int:pk>/", views.body_detail, name="body"),
    path("<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("<int:pk>/count/", views.body_count, name="body_count"),
    path("<int:pk>/seats/", views.body_seats, name="body_seats"),
    path("<int:pk>/members/new/", views.body_member_add, name="body_member_add"),
    path("<int:pk>/dissolve/", views.body_dissolve, name="body_dissolve"),
    path("members/<int:pk>/leave/", views.body_member_leave, name="body_member_leave"),
    path("types/", views.body_types, name="body_types"),
    path("types/new/", views.body_type_edit, name="body_type_create"),
    path("types/<int:pk>/", views.body_type_edit, name="body_type_edit"),
]
