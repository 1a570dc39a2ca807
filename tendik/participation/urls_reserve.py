"""Pages of the cadre reserve and of trainings (included by the participation urls)."""

from django.urls import path

from tendik.participation.views import certificates, reserve, reserve_excel, trainings

urlpatterns = [
    path("reserve/", reserve.reserve_index, name="reserve"),
    path("reserve/figures/", reserve.reserve_figures, name="reserve_figures"),
    path("reserve/new/", reserve.person_add, name="reserve_person_add"),
    path("reserve/export.xlsx", reserve_excel.reserve_export, name="reserve_export"),
    path("reserve/import/", reserve_excel.reserve_import, name="reserve_import"),
    path("trainings/export.xlsx", reserve_excel.trainings_export, name="trainings_export"),
    path("reserve/<int:pk>/", reserve.person_detail, name="reserve_person"),
    path("reserve/<int:pk>/edit/", reserve.person_edit, name="reserve_person_edit"),
    path("reserve/<int:pk>/erase/", reserve.person_erase, name="reserve_person_erase"),
    path("reserve/<int:pk>/enrol/", reserve.person_enrol, name="reserve_person_enrol"),
    path("reserve/shortlists/", reserve.shortlists, name="reserve_shortlists"),
    path("reserve/shortlists/new/", reserve.shortlist_add, name="reserve_shortlist_add"),
    path("reserve/shortlists/<int:pk>/", reserve.shortlist_detail, name="reserve_shortlist"),
    path("reserve/shortlists/<int:pk>/status/", reserve.shortlist_status, name="reserve_shortlist_status"),
    path(
        "reserve/shortlists/<int:pk>/entries/<int:entry_pk>/remove/",
        reserve.shortlist_entry_remove,
        name="reserve_shortlist_entry_remove",
    ),
    path("reserve/areas/", reserve.areas, name="reserve_areas"),
    path("reserve/areas/new/", reserve.area_form, name="reserve_area_add"),
    path("reserve/areas/<int:pk>/", reserve.area_form, name="reserve_area_edit"),
    path("trainings/", trainings.trainings_index, name="trainings"),
    path("trainings/programmes/new/", trainings.programme_form, name="training_programme_add"),
    path("trainings/programmes/<int:pk>/", trainings.programme_detail, name="training_programme"),
    path("trainings/programmes/<int:pk>/edit/", trainings.programme_form, name="training_programme_edit"),
    path("trainings/programmes/<int:programme_pk>/sessions/new/", trainings.session_form, name="training_session_add"),
    path(
        "trainings/programmes/<int:programme_pk>/sessions/<int:pk>/edit/",
        trainings.session_form,
        name="training_session_edit",
    ),
    path("trainings/sessions/<int:pk>/", trainings.session_detail, name="training_session"),
    path("trainings/participants/<int:pk>/complete/", trainings.participant_complete, name="training_complete"),
    path("trainings/participants/<int:pk>/remove/", trainings.participant_remove, name="training_participant_remove"),
    path("trainings/participants/<int:pk>/certificate/", trainings.certificate_issue, name="certificate_issue"),
    path(
        "trainings/participants/<int:pk>/certificate/withdraw/", trainings.certificate_revoke, name="certificate_revoke"
    ),
    path("trainings/participants/<int:pk>/certificate.pdf", trainings.certificate_pdf, name="certificate_pdf"),
    path("trainings/headcounts/<int:pk>/remove/", trainings.headcount_remove, name="training_headcount_remove"),
    path("certificates/", certificates.certificate_check, name="certificate_check"),
    path("certificates/<str:code>/", certificates.certificate_check, name="certificate_verify"),
]
