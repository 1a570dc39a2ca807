from django.urls import path

from tendik.consultations.views import documents, excel, meetings, public, recommendations

app_name = "consultations"
urlpatterns = [
    path("", meetings.index, name="index"),
    path("index/", meetings.index),
    path("public/", public.public_list, name="public"),
    path("public/<slug:code>/", public.public_detail, name="public_detail"),
    path("series/new/", meetings.series_form, name="series_create"),
    path("series/<slug:code>/", meetings.series_detail, name="series"),
    path("series/<slug:code>/edit/", meetings.series_form, name="series_edit"),
    path("series/<slug:code>/resolution/", documents.resolution, name="resolution"),
    path("series/<slug:code>/report/", documents.report, name="report"),
    path("meetings/new/", meetings.meeting_form, name="meeting_create"),
    path("meetings/<slug:code>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<slug:code>/edit/", meetings.meeting_form, name="meeting_edit"),
    path("meetings/<slug:code>/attendance/", meetings.attendance_form, name="attendance"),
    path("meetings/<slug:code>/participants/new/", meetings.participant_form, name="participant_create"),
    path("meetings/<slug:code>/participants/<int:pk>/", meetings.participant_form, name="participant_edit"),
    path("meetings/<slug:code>/files/new/", meetings.attachment_add, name="attachment_add"),
    path("meetings/<slug:code>/problems/new/", meetings.problem_add, name="problem_add"),
    path("meetings/<slug:code>/feedback/", documents.feedback_meeting, name="feedback_meeting"),
    path("files/<int:pk>/", meetings.attachment_download, name="attachment"),
    path("files/<int:pk>/delete/", meetings.attachment_delete, name="attachment_delete"),
    path("municipalities/feedback/", documents.feedback_municipality_pick, name="feedback_municipality_pick"),
    path("municipalities/<str:code>/feedback/", documents.feedback_municipality, name="feedback_municipality"),
    path("recommendations/", recommendations.recommendation_list, name="recommendations"),
    path("recommendations/new/", recommendations.recommendation_form, name="recommendation_create"),
    path("recommendations/similar/", recommendations.similar, name="similar"),
    path("recommendations/publish/", recommendations.publish, name="publish"),
    path("recommendations/export.xlsx", excel.export, name="export"),
    path("recommendations/import/", excel.import_view, name="import"),
    path("recommendations/<slug:code>/", recommendations.recommendation_detail, name="recommendation"),
    path("recommendations/<slug:code>/edit/", recommendations.recommendation_form, name="recommendation_edit"),
    path("recommendations/<slug:code>/merge/", recommendations.recommendation_merge, name="merge"),
    path("recommendations/<slug:code>/answer/", recommendations.answer_form, name="answer"),
]
