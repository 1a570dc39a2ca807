"""Web routes of dialogue-group monitoring (included by urls.py under monitoring/)."""

from django.urls import path

from tendik.participation.views import monitoring as v

urlpatterns = [
    path("", v.home, name="monitoring"),
    path("visits/new/", v.visit_new, name="visit_new"),
    path("visits/export.xlsx", v.visits_export, name="visits_export"),
    path("visits/<int:pk>/", v.visit_detail, name="visit"),
    path("visits/<int:pk>/edit/", v.visit_edit, name="visit_edit"),
    path("visits/<int:pk>/report.pdf", v.visit_pdf, name="visit_pdf"),
    path("visits/<int:pk>/measures/", v.visit_measures, name="visit_measures"),
    path("visits/<int:pk>/scorecards/", v.visit_cards, name="visit_cards"),
    path("visits/<int:pk>/submit/", v.visit_submit, name="visit_submit"),
    path("visits/<int:pk>/discard/", v.visit_discard, name="visit_discard"),
    path("scorecards/<int:pk>/recommend/", v.card_recommend, name="card_recommend"),
    path("scorecards/<int:pk>/photos/", v.card_photos, name="card_photos"),
    path("photos/<int:pk>/", v.photo_file, name="photo"),
    path("photos/<int:pk>/delete/", v.photo_delete, name="photo_delete"),
    path("groups/", v.groups, name="groups"),
    path("groups/new/", v.group_form, name="group_new"),
    path("groups/<int:pk>/", v.group_detail, name="group"),
    path("groups/<int:pk>/edit/", v.group_form, name="group_edit"),
    path("groups/<int:group_pk>/members/new/", v.member_form, name="member_new"),
    path("groups/<int:group_pk>/members/<int:pk>/", v.member_form, name="member_edit"),
    path("scales/", v.scales, name="scales"),
    path("scales/new/", v.scale_form, name="scale_new"),
    path("scales/<int:pk>/", v.scale_form, name="scale_edit"),
]
