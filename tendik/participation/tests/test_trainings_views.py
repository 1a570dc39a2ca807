"""Trainings pages: authorisation matrix, names only for reserve viewers, manage actions, public certificate check."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tendik.participation.models.trainings import (
    Certificate,
    TrainingHeadcount,
    TrainingParticipant,
    TrainingProgramme,
    TrainingSession,
)
from tendik.participation.services import trainings as ts
from tendik.participation.tests import reserve_factories as f


@pytest.fixture
def world(make_user, territory):
    return f.World(make_user, territory)


def _reads(w):
    return [
        reverse("participation:trainings"),
        reverse("participation:training_programme", args=[w.programme.pk]),
        reverse("participation:training_session", args=[w.session.pk]),
    ]


def _manage_pages(w):
    return [
        reverse("participation:training_programme_add"),
        reverse("participation:training_programme_edit", args=[w.programme.pk]),
        reverse("participation:training_session_add", args=[w.programme.pk]),
        reverse("participation:training_session_edit", args=[w.programme.pk, w.session.pk]),
    ]


def _state():
    return (
        TrainingProgramme.objects.count(),
        TrainingSession.objects.count(),
        TrainingParticipant.objects.count(),
        TrainingParticipant.objects.filter(completed=True).count(),
        TrainingHeadcount.objects.count(),
        Certificate.objects.filter(revoked_on__isnull=True).count(),
    )


def test_anonymous_is_sent_to_sign_in(world):
    for url in [*_reads(world), *_manage_pages(world)]:
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_plain_user_is_refused(world, login):
    client = login(world.plain)
    for url in [*_reads(world), *_manage_pages(world)]:
        assert client.get(url).status_code == 403, url


def test_viewer_reads_figures_without_names(world, login):
    client = login(world.viewer)
    for url in _reads(world):
        assert client.get(url).status_code == 200, url
    body = client.get(reverse("participation:training_session", args=[world.session.pk])).content.decode()
    assert "А. Т." not in body and world.person.code not in body and "Токтосунова" not in body
    for url in _manage_pages(world):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("who", ["viewer", "municipal", "plain", "focal_naryn"])
def test_refused_writes_change_nothing(world, login, who):
    client = login(getattr(world, who))
    before = _state()
    p = world.participant
    posts = [
        (reverse("participation:training_complete", args=[p.pk]), {"completed": "0"}),
        (reverse("participation:certificate_revoke", args=[p.pk]), {}),
        (reverse("participation:training_participant_remove", args=[p.pk]), {}),
        (
            reverse("participation:training_session", args=[world.session.pk]),
            {
                "h-sex": "female",
                "h-age_group": "18_24",
                "h-territory": world.t["halmion"].pk,
                "h-attended": "5",
                "h-completed": "5",
            },
        ),
        (
            reverse("participation:training_session", args=[world.session.pk]),
            {"p-code": world.person.code, "p-language": "ru"},
        ),
        (reverse("participation:training_programme_add"), {"code": "x", "kind": "seminar", "title_ru": "X"}),
    ]
    for url, data in posts:
        # focal_naryn manages trainings, but not here: the programme form refuses a national programme (400).
        assert client.post(url, data).status_code in (400, 403, 404), url
    assert _state() == before


def test_out_of_scope_session_is_not_found(world, login):
    client = login(world.focal_naryn)
    assert client.get(reverse("participation:training_session", args=[world.session.pk])).status_code == 404
    assert client.get(reverse("participation:training_session", args=[world.naryn_session.pk])).status_code == 200


def test_manager_in_scope(world, login):
    client = login(world.focal)
    url = reverse("participation:training_session", args=[world.session.pk])
    body = client.get(url).content.decode()
    assert "А. Т." in body and world.certificate.code in body
    response = client.post(
        url,
        {
            "h-sex": "female",
            "h-age_group": "18_24",
            "h-territory": world.t["kulundu"].pk,
            "h-attended": "14",
            "h-completed": "12",
        },
    )
    assert response.status_code == 302
    assert TrainingHeadcount.objects.get().attended == 14
    newcomer = f.person(world.coordinator, world.t["kulundu"], name="Сезим Мамытова")
    assert client.post(url, {"p-code": newcomer.code, "p-language": "en"}).status_code == 302
    part = TrainingParticipant.objects.get(person=newcomer)
    client.post(reverse("participation:training_complete", args=[part.pk]), {"completed": "1"})
    client.post(reverse("participation:certificate_issue", args=[part.pk]))
    cert = Certificate.objects.get(participant=part)
    assert cert.language == "en" and cert.holder_initials == "С. М."
    response = client.post(
        reverse("participation:training_session_add", args=[world.programme.pk]),
        {"starts_on": "2025-07-01", "ends_on": "2025-06-30", "territory": world.t["batken"].pk},
    )
    assert response.status_code == 400  # end before start


def test_programme_national_only_for_national_managers(world, login):
    data = {"code": "online-1", "kind": "online_course", "title_ru": "Онлайн-курс", "is_active": "on"}
    assert login(world.focal).post(reverse("participation:training_programme_add"), data).status_code == 400
    assert not TrainingProgramme.objects.filter(code="online-1").exists()
    assert (
        login(world.focal)
        .post(reverse("participation:training_programme_add"), {**data, "territory": world.t["batken"].pk})
        .status_code
        == 302
    )
    data["code"] = "online-2"
    assert login(world.coordinator).post(reverse("participation:training_programme_add"), data).status_code == 302


def test_public_certificate_check(world):
    client = Client()
    response = client.get(reverse("participation:certificate_verify", args=[world.certificate.code]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "А. Т." in body and "Политическая школа" in body
    assert "Токтосунова" not in body and "555" not in body and "example.org" not in body
    assert client.get(reverse("participation:certificate_check"), {"code": "TK-0000-0000"}).status_code == 404
    assert client.get(reverse("participation:certificate_check")).status_code == 200
    ts.certificate_revoke(actor=world.coordinator, certificate=world.certificate)
    body = client.get(reverse("participation:certificate_verify", args=[world.certificate.code])).content.decode()
    assert "А. Т." not in body


def test_sessions_query_count_does_not_grow(world, login, django_assert_max_num_queries):
    client = login(world.coordinator)
    url = reverse("participation:training_session", args=[world.session.pk])

    def grow(n):
        for _i in range(n):
            p = f.person(world.coordinator, world.t["kulundu"], name="Жаңыл Орозова", n=f.next_n())
            part = ts.participant_add(actor=world.coordinator, session=world.session, person=p)
            ts.participant_complete(actor=world.coordinator, participant=part)
            ts.certificate_issue(actor=world.coordinator, participant=part)
            ts.session_save(
                actor=world.coordinator,
                programme=world.programme,
                starts_on=world.session.starts_on,
                ends_on=world.session.ends_on,
                territory=world.t["halmion"],
            )

    grow(3)
    with django_assert_max_num_queries(18):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("participation:trainings")).status_code == 200
    grow(9)
    with django_assert_max_num_queries(18):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("participation:trainings")).status_code == 200


def test_session_of_a_territorial_programme_stays_in_its_territory(world, login):
    """Adding a session checks the programme's territory: in scope yes, out of scope refused with nothing written,
    and a place outside the programme's territory is refused even to a national manager (web and service)."""
    batken = ts.programme_save(
        actor=world.coordinator, territory=world.t["batken"], code="batken-school", kind="seminar", title_ru="Баткен"
    )
    url = reverse("participation:training_session_add", args=[batken.pk])
    data = {"starts_on": "2025-07-01", "ends_on": "2025-07-02", "territory": world.t["kazybek"].pk}
    before = _state()
    naryn = login(world.focal_naryn)  # manages trainings, but in Naryn
    assert naryn.get(url).status_code == 403
    assert naryn.post(url, data).status_code == 403
    assert (
        f"/programmes/{batken.pk}/sessions/new/"
        not in naryn.get(reverse("participation:training_programme", args=[batken.pk])).content.decode()
    )
    with pytest.raises(PermissionDenied):
        ts.session_save(
            actor=world.focal_naryn,
            programme=batken,
            starts_on=dt.date(2025, 7, 1),
            ends_on=dt.date(2025, 7, 2),
            territory=world.t["kazybek"],
        )
    assert _state() == before
    coordinator = login(world.coordinator)  # national, but the place is in Naryn
    assert coordinator.post(url, data).status_code == 400
    with pytest.raises(ValidationError):
        ts.session_save(
            actor=world.coordinator,
            programme=batken,
            starts_on=dt.date(2025, 7, 1),
            ends_on=dt.date(2025, 7, 2),
            territory=world.t["kazybek"],
        )
    assert _state() == before
    focal = login(world.focal)  # Batken's focal point, in scope
    assert focal.get(url).status_code == 200
    assert focal.post(url, {**data, "territory": world.t["kulundu"].pk}).status_code == 302
    assert TrainingSession.objects.filter(programme=batken, territory=world.t["kulundu"]).count() == 1
