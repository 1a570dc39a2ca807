"""No silent overwrite: series, meetings and participants refuse a stale save on the web and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tendik.consultations.models import ConsultationSeries, Meeting, Participant
from tendik.consultations.services.meetings import meeting_save, series_save
from tendik.consultations.services.participants import participant_save
from tendik.core.concurrency.testing import form_data

BASE = "/api/v1/consultations/"


@pytest.fixture
def person(world: dict[str, Any]) -> Participant:
    return participant_save(
        meeting=world["batken_m"], full_name="Айгуль Осмонова", sex="female", organisation="Аял", language="ru"
    )


def _someone_renames_meeting(meeting: Meeting, title: str) -> None:
    meeting_save(
        meeting=meeting,
        series=meeting.series,
        code=meeting.code,
        title_ru=title,
        start_date=meeting.start_date,
        end_date=meeting.end_date,
        place=meeting.place,
    )


def _someone_renames_series(series: ConsultationSeries, title: str) -> None:
    series_save(series=series, code=series.code, title_ru=title, start_date=series.start_date)


def _someone_renames_person(person: Participant, organisation: str) -> None:
    participant_save(
        participant=person,
        meeting=person.meeting,
        full_name=person.full_name,
        sex=person.sex,
        organisation=organisation,
    )


# ---- web forms ----


def test_meeting_form_refuses_a_stale_save_keeps_the_input_and_shows_the_difference(world, login):
    c = login(world["u"]["coordinator"])
    url = reverse("consultations:meeting_edit", kwargs={"code": "batken-m"})
    data = form_data(c.get(url))
    assert data["version"] == 1
    _someone_renames_meeting(world["batken_m"], "Их название")
    r = c.post(url, {**data, "title_ru": "Моё название"})
    assert r.status_code == 409
    text = r.content.decode()
    assert "Их название" in text and "Моё название" in text
    meeting = Meeting.objects.get(code="batken-m")
    assert (meeting.title_ru, meeting.version) == ("Их название", 2)
    # The form now carries the stored version: saving again wins knowingly.
    r = c.post(url, {**form_data(r), "title_ru": "Моё название"})
    assert r.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title_ru, meeting.version) == ("Моё название", 3)


def test_meeting_form_fresh_save_passes(world, login):
    c = login(world["u"]["coordinator"])
    url = reverse("consultations:meeting_edit", kwargs={"code": "batken-m"})
    r = c.post(url, {**form_data(c.get(url)), "venue_ru": "Дом культуры"})
    assert r.status_code == 302
    meeting = Meeting.objects.get(code="batken-m")
    assert (meeting.venue_ru, meeting.version) == ("Дом культуры", 2)


def test_series_form_refuses_a_stale_save(world, login):
    c = login(world["u"]["coordinator"])
    url = reverse("consultations:series_edit", kwargs={"code": "may"})
    data = form_data(c.get(url))
    _someone_renames_series(world["series"], "Их серия")
    r = c.post(url, {**data, "title_ru": "Моя серия"})
    assert r.status_code == 409 and "Их серия" in r.content.decode()
    series = ConsultationSeries.objects.get(code="may")
    assert (series.title_ru, series.version) == ("Их серия", 2)
    r = c.post(url, {**form_data(c.get(url)), "title_ru": "Моя серия"})
    assert r.status_code == 302
    assert ConsultationSeries.objects.get(code="may").title_ru == "Моя серия"


def test_participant_form_refuses_a_stale_save(world, login, person):
    c = login(world["u"]["coordinator"])
    url = reverse("consultations:participant_edit", kwargs={"code": "batken-m", "pk": person.pk})
    data = form_data(c.get(url))
    _someone_renames_person(person, "Их организация")
    r = c.post(url, {**data, "organisation": "Моя организация"})
    assert r.status_code == 409 and "Их организация" in r.content.decode()
    person.refresh_from_db()
    assert (person.organisation, person.version) == ("Их организация", 2)
    r = c.post(url, {**form_data(c.get(url)), "organisation": "Моя организация"})
    assert r.status_code == 302
    person.refresh_from_db()
    assert (person.organisation, person.version) == ("Моя организация", 3)


# ---- API ----


def test_api_meeting_patch_stale_is_409_with_the_difference_and_changes_nothing(world, login):
    c = login(world["u"]["coordinator"])
    url = BASE + "meetings/batken-m/"
    assert c.get(url).json()["version"] == 1
    _someone_renames_meeting(world["batken_m"], "Их название")
    r = c.patch(url, {"title_ru": "Моё название", "version": 1}, content_type="application/json")
    assert r.status_code == 409
    body = r.json()
    assert body["current_version"] == 2
    assert {d["field"]: (d["yours"], d["theirs"]) for d in body["diff"]}["title_ru"] == ("Моё название", "Их название")
    assert Meeting.objects.get(code="batken-m").title_ru == "Их название"
    assert c.patch(url, {"title_ru": "Моё название"}, content_type="application/json").status_code == 400
    r = c.patch(url, {"title_ru": "Моё название", "version": 2}, content_type="application/json")
    assert r.status_code == 200 and r.json()["version"] == 3
    meeting = Meeting.objects.get(code="batken-m")
    assert (meeting.title_ru, meeting.place_id) == ("Моё название", world["t"]["aydarken"].pk)


def test_api_meeting_patch_out_of_scope_changes_nothing(world, login):
    r = login(world["u"]["fp_naryn"]).patch(
        BASE + "meetings/batken-m/", {"title_ru": "Чужое", "version": 1}, content_type="application/json"
    )
    assert r.status_code in (403, 404)
    meeting = Meeting.objects.get(code="batken-m")
    assert (meeting.title_ru, meeting.version) == ("Встреча в Баткене", 1)


def test_api_participant_patch_stale_is_409_and_fresh_passes(world, login, person):
    c = login(world["u"]["coordinator"])
    url = f"{BASE}participants/{person.pk}/"
    assert c.get(url).json()["version"] == 1
    _someone_renames_person(person, "Их организация")
    r = c.patch(url, {"organisation": "Моя организация", "version": 1}, content_type="application/json")
    assert r.status_code == 409 and r.json()["current_version"] == 2
    person.refresh_from_db()
    assert person.organisation == "Их организация"
    r = c.patch(url, {"organisation": "Моя организация", "version": 2}, content_type="application/json")
    assert r.status_code == 200
    person.refresh_from_db()
    assert (person.organisation, person.full_name, person.version) == ("Моя организация", "Айгуль Осмонова", 3)


def test_api_participant_patch_by_a_viewer_changes_nothing(world, login, person):
    r = login(world["u"]["viewer_batken"]).patch(
        f"{BASE}participants/{person.pk}/", {"organisation": "X", "version": 1}, content_type="application/json"
    )
    assert r.status_code == 403
    person.refresh_from_db()
    assert (person.organisation, person.version) == ("Аял", 1)


def test_attendance_counts_refuse_a_stale_save_and_show_the_counts_saved_meanwhile(world, login):
    from tendik.consultations.services.participants import attendance_counts_set

    c = login(world["u"]["coordinator"])
    url = reverse("consultations:attendance", args=["batken-m"])
    data = form_data(c.get(url))
    assert data["version"] == 1
    # Another organiser saves her counts after this form was opened.
    attendance_counts_set(meeting=world["batken_m"], total=30, by_sex={"female": 25}, version=1)
    r = c.post(url, {**data, "total": 12, "female": 11, "male": 1})
    assert r.status_code == 409
    text = r.content.decode()
    assert "30" in text and "12" in text  # the difference: saved now against this editor's figures
    meeting = Meeting.objects.get(code="batken-m")
    assert meeting.counts.get(dimension="total").count == 30 and meeting.version == 2
    assert not meeting.counts.filter(dimension="sex", key="male").exists()
    # Saving again from the refused form wins knowingly.
    r = c.post(url, {**form_data(r), "total": 12, "female": 11, "male": 1})
    assert r.status_code == 302
    meeting.refresh_from_db()
    assert meeting.counts.get(dimension="total").count == 12 and meeting.version == 3
