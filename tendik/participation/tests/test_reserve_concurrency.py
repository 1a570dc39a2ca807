"""Two editors of one profile or session: the second, stale save is refused with the difference; nothing changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tendik.participation.models.reserve import ReservePerson
from tendik.participation.models.trainings import TrainingSession
from tendik.participation.services import reserve as services
from tendik.participation.tests import reserve_factories as f


@pytest.fixture
def world(make_user, territory):
    return f.World(make_user, territory)


def _profile(w, **extra):
    data = {
        "territory": w.t["halmion"].pk,
        "sex": "female",
        "birth_year": "1990",
        "consent_on": "2025-05-12",
        "consent_scope": ["profile", "contacts", "shortlists"],
        "full_name": "Айгүл Токтосунова",
        "phone": "+996 555 123 456",
        "languages": ["ky", "ru"],
        "version": "1",
    }
    data.update(extra)
    return data


def test_stale_profile_edit_is_refused_with_the_difference(world, login):
    url = reverse("participation:reserve_person_edit", args=[world.person.pk])
    first, second = login(world.focal), login(world.coordinator)
    assert first.post(url, _profile(world, experience="Депутатка")).status_code == 302
    response = second.post(url, _profile(world, experience="Учительница"))
    assert response.status_code == 409
    body = response.content.decode()
    assert "Депутатка" in body and "Учительница" in body
    person = ReservePerson.objects.get(pk=world.person.pk)
    assert person.experience == "Депутатка" and person.version == 2
    # Saving again from the refreshed form (it now carries version 2) keeps the second editor's text.
    assert second.post(url, _profile(world, experience="Учительница", version="2")).status_code == 302
    assert ReservePerson.objects.get(pk=world.person.pk).experience == "Учительница"


def test_stale_profile_edit_through_the_api(world, login):
    url = f"/api/v1/participation/reserve/people/{world.person.pk}/"
    data = {
        "territory": world.t["halmion"].code,
        "sex": "female",
        "birth_year": 1990,
        "consent_on": "2025-05-12",
        "consent_scope": ["profile", "contacts", "shortlists"],
        "full_name": "Айгүл Токтосунова",
    }
    client = login(world.focal)
    assert client.put(url, data, content_type="application/json").status_code == 400  # no version
    assert client.put(url, {**data, "version": 1}, content_type="application/json").status_code == 200
    stale = client.put(url, {**data, "version": 1, "projects": "x"}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert ReservePerson.objects.get(pk=world.person.pk).projects == ""


def test_stale_session_edit_is_refused(world, login):
    url = reverse("participation:training_session_edit", args=[world.programme.pk, world.session.pk])
    data = {"starts_on": "2025-06-02", "ends_on": "2025-06-04", "territory": world.t["aydarken"].pk, "version": "1"}
    client = login(world.focal)
    assert client.post(url, {**data, "venue": "Школа"}).status_code == 302
    assert client.post(url, {**data, "venue": "Библиотека"}).status_code == 409
    assert TrainingSession.objects.get(pk=world.session.pk).venue == "Школа"


def test_service_without_version_still_raises_it(world):
    services.person_update(
        person=world.person,
        actor=world.coordinator,
        territory=world.t["halmion"],
        sex="female",
        age_group="25_35",
    )
    assert ReservePerson.objects.get(pk=world.person.pk).version == 2
