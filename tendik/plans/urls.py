from django.urls import path

from tendik.plans.views import catalogue, dashboard, exports, local, reports

app_name = "plans"
urlpatterns = [
    path("", catalogue.index, name="index"),
    path("p/<slug:code>/", catalogue.plan_detail, name="plan"),
    path("p/<slug:code>/export.<str:fmt>", exports.plan_export, name="plan_export"),
    path("measures/<int:pk>/", catalogue.measure_detail, name="measure"),
    path("local/", local.local_list, name="local_list"),
    path("local/new/", local.local_create, name="local_create"),
    path("local/<int:pk>/", local.local_plan, name="local_plan"),
    path("local/<int:pk>/edit/", local.local_edit, name="local_edit"),
    path("local/<int:pk>/export.<str:fmt>", exports.local_plan_export, name="local_export"),
    path("local/<int:pk>/measures/new/", local.local_measure_add, name="local_measure_add"),
    path("local/measures/<int:pk>/edit/", local.local_measure_edit, name="local_measure_edit"),
    path("local/<int:pk>/reports/new/", local.report_open, name="report_open"),
    path("reports/", reports.report_list, name="reports"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/entries/<int:entry_pk>/", reports.entry_edit, name="entry"),
    path("reports/<int:pk>/entries/<int:entry_pk>/evidence/", reports.evidence_add, name="evidence_add"),
    path("reports/<int:pk>/template.xlsx", exports.report_template, name="report_template"),
    path("reports/<int:pk>/upload/", exports.report_upload, name="report_upload"),
    path("reports/<int:pk>/<slug:action>/", reports.report_action, name="report_action"),
    path("evidence/<int:pk>/", reports.evidence_download, name="evidence"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/export.<str:fmt>", exports.progress_export, name="progress_export"),
]
