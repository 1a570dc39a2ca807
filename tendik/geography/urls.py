from django.urls import path, re_path

from tendik.geography.views import browse, imports

app_name = "geography"
CODE = r"(?P<code>417\d{11})"

urlpatterns = [
    path("", browse.index, name="index"),
    path("picker/", browse.picker, name="picker"),
    path("map/", browse.map_view, name="map"),
    re_path(rf"^unit/{CODE}/$", browse.unit_detail, name="unit"),
    re_path(rf"^unit/{CODE}/children/$", browse.unit_children, name="children"),
    path("import/", imports.import_upload, name="import_upload"),
    path("import/<int:pk>/", imports.import_detail, name="import_detail"),
    path("import/<int:pk>/apply/", imports.import_apply, name="import_apply"),
    path("import/<int:pk>/cancel/", imports.import_cancel, name="import_cancel"),
]
