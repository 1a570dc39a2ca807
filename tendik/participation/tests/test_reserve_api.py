"""API of the reserve and trainings: authorisation matrix, scope, logged reads, refused writes change nothing,
public certificate check, schema, query counts."""

from __future__ import annotations

import pytest
from django.test import Client

from tendik.audit.models import AccessLogEntry
from tendik.participation.models.reserve import ReservePerson, ReserveTally, Shortlist, ShortlistEntry
from tendik.participation.models.trainings import (
    Certificate,
    TrainingHeadcount,
    TrainingParticipant,
    TrainingProgramme,
    TrainingSession,
)
from tendik.participation.tests import reserve_factories as f

BASE = "/api/v1/participation/"
RESERVE = ["reserve/areas/", "reserve/people/", "reserve/shortlists/"]
TRAININGS = ["trainings/programmes/", "trainings/sessions/", "trainings/participants/", "trainings/headcounts/"]


@pytest.fixture
def world(make_user, territory):
    return f.World(make_user, territory)


def _state():
    return (
        ReservePerson.objects.count(),
        ReserveTally.objects.count(),
        Shortlist.objects.count(),
        ShortlistEntry.objects.count(),
        TrainingProgramme.objects.count(),
        TrainingSession.objects.count(),
        TrainingParticipant.objects.filter(completed=True).count(),
        TrainingParticipant.objects.count(),
        TrainingHeadcount.objects.count(),
        Certificate.objects.count(),
    )


def test_anonymous_refused(world):
    for name in [*RESERVE, *TRAININGS]:
        assert Client().get(f"{BASE}{name}").status_code in (401, 403), name


@pytest.mark.parametrize("who", ["viewer", "municipal", "plain"])
def test_reserve_refused_to_roles_without_reserve_view(world, login, who):
    client = login(getattr(world, who))
    for name in RESERVE:
        assert client.get(f"{BASE}{name}").status_code == 403, name
    assert client.get(f"{BASE}reserve/people/{world.person.pk}/").status_code == 403
    assert not AccessLogEntry.objects.exists()


def test_trainings_readable_by_participation_roles(world, login):
    for name in TRAININGS:
        assert login(world.viewer).get(f"{BASE}{name}").status_code == 200, name
        assert login(world.plain).get(f"{BASE}{name}").status_code == 403, name
    rows = login(world.viewer).get(f"{BASE}trainings/participants/").json()["results"]
    assert rows and all(r["person_code"] is None for r in rows)
    rows = login(world.focal).get(f"{BASE}trainings/participants/").json()["results"]
    assert [r["person_code"] for r in rows] == [world.person.code]  # Naryn's session is out of her scope


def test_people_list_is_scoped_and_minimal(world, login):
    rows = login(world.focal).get(f"{BASE}reserve/people/").json()["results"]
    assert [r["code"] for r in rows] == [world.person.code]
    assert rows[0]["initials"] == "А. Т." and "full_name" not in rows[0] and "phone" not in rows[0]
    assert rows[0]["trainings_completed"] == 1 and rows[0]["areas"] == ["law"]
    client = login(world.coordinator)
    assert len(client.get(f"{BASE}reserve/people/").json()["results"]) == 2
    youth = client.get(f"{BASE}reserve/people/", {"youth_leader": "true"}).json()["results"]
    assert [r["code"] for r in youth] == [world.naryn_person.code]
    by_training = client.get(f"{BASE}reserve/people/", {"programme": world.programme.code}).json()["results"]
    assert [r["code"] for r in by_training] == [world.person.code]
    naryn = client.get(f"{BASE}reserve/people/", {"territory": world.t["naryn"].code}).json()["results"]
    assert [r["code"] for r in naryn] == [world.naryn_person.code]
    assert not AccessLogEntry.objects.exists()


def test_profile_read_is_logged_and_scoped(world, login):
    assert login(world.focal_naryn).get(f"{BASE}reserve/people/{world.person.pk}/").status_code == 404
    assert not AccessLogEntry.objects.exists()
    body = login(world.focal).get(f"{BASE}reserve/people/{world.person.pk}/").json()
    assert body["full_name"] == "Айгүл Токтосунова" and body["birth_year"] == 1990 and body["territory"]
    entry = AccessLogEntry.objects.get()
    assert entry.purpose == "reserve.profile.api" and entry.actor == world.focal


@pytest.mark.parametrize("who", ["viewer", "municipal", "plain", "focal_naryn"])
def test_refused_writes_change_nothing(world, login, who):
    client = login(getattr(world, who))
    before = _state()
    posts = [
        ("reserve/people/", {"territory": world.t["halmion"].code, "sex": "female", "age_group": "18_24"}),
        (f"reserve/people/{world.person.pk}/erase/", {}),
        ("reserve/shortlists/", {"title": "x", "post": "y", "territory": world.t["halmion"].code}),
        (f"reserve/shortlists/{world.shortlist.pk}/candidates/", {"person": world.person.code}),
        (f"reserve/shortlists/{world.shortlist.pk}/status/", {"status": "cancelled"}),
        ("trainings/programmes/", {"code": "x", "kind": "seminar", "title_ru": "X"}),
        ("trainings/sessions/", {"programme": world.programme.pk, "starts_on": "2025-01-01", "ends_on": "2025-01-02",
                                 "territory": world.t["halmion"].code}),
        ("trainings/participants/", {"session": world.session.pk, "person": world.person.code}),
        (f"trainings/participants/{world.participant.pk}/complete/", {"completed": False}),
        ("trainings/headcounts/", {"session": world.session.pk, "sex": "female", "age_group": "18_24",
                                   "territory": world.t["halmion"].code, "attended": 3, "completed": 1}),
    ]  # fmt: skip
    for url, data in posts:
        status = client.post(f"{BASE}{url}", data, content_type="application/json").status_code
        assert status in (400, 403, 404), (url, status)
    put = client.put(
        f"{BASE}reserve/people/{world.person.pk}/",
        {"territory": world.t["halmion"].code, "sex": "male", "age_group": "61_plus"},
        content_type="application/json",
    )
    assert put.status_code in (403, 404)
    assert _state() == before
    assert ReservePerson.objects.get(pk=world.person.pk).sex == "female"


def test_writes_in_scope(world, login):
    client = login(world.focal)
    created = client.post(
        f"{BASE}reserve/people/",
        {
            "territory": world.t["kulundu"].code,
            "sex": "female",
            "birth_year": 2000,
            "consent_on": "2025-05-20",
            "consent_scope": ["profile", "shortlists"],
            "full_name": "Элнура Бекова",
            "languages": ["ky"],
            "areas": ["law"],
            "is_youth_leader": True,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    refused = client.post(
        f"{BASE}reserve/people/",
        {"territory": world.t["kulundu"].code, "sex": "female", "age_group": "18_24", "phone": "+996 1"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "phone" in refused.json()["error"]["fields"]
    code = created.json()["code"]
    added = client.post(
        f"{BASE}reserve/shortlists/{world.shortlist.pk}/candidates/", {"person": code}, content_type="application/json"
    )
    assert added.status_code == 201
    new = ReservePerson.objects.get(code=code)
    assert client.post(f"{BASE}reserve/people/{new.pk}/erase/").status_code == 200
    assert not ReservePerson.objects.filter(code=code).exists() and ReserveTally.objects.get().count == 1
    count = client.post(
        f"{BASE}trainings/headcounts/",
        {"session": world.session.pk, "sex": "female", "age_group": "18_24", "territory": world.t["halmion"].code,
         "attended": 10, "completed": 9},
        content_type="application/json",
    )  # fmt: skip
    assert count.status_code == 201, count.json()
    session = client.get(f"{BASE}trainings/sessions/{world.session.pk}/").json()
    assert session["participants"] == 11 and session["completed"] == 10


def test_certificate_check_is_public_and_minimal(world):
    response = Client().get(f"{BASE}certificates/{world.certificate.code}/")
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] and body["holder_initials"] == "А. Т." and body["programme"]
    assert "Токтосунова" not in repr(body) and "phone" not in body
    assert Client().get(f"{BASE}certificates/TK-0000-0000/").status_code == 404


def test_schema_has_the_participation_endpoints(world, login):
    schema = login(world.coordinator).get("/api/v1/schema/").content.decode()
    for path in ("/api/v1/participation/reserve/people/", "/api/v1/participation/trainings/sessions/",
                 "/api/v1/participation/certificates/{code}/"):  # fmt: skip
        assert path in schema


def test_people_list_query_count(world, login, django_assert_max_num_queries):
    client = login(world.coordinator)
    made = 0
    for n in (4, 12):
        for _i in range(n):
            made += 1
            f.person(world.coordinator, world.t["kulundu"], name="Сабина Алиева", n=made)
        with django_assert_max_num_queries(14):
            assert client.get(f"{BASE}reserve/people/").status_code == 200
        with django_assert_max_num_queries(14):
            assert client.get(f"{BASE}trainings/sessions/").status_code == 200
