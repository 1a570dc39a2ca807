"""API authorisation matrix, personal fields only for permitted roles, answer/publish rules, schema."""

import pytest
from django.test import Client

from tendik.consultations.models import Participant, Recommendation, RecommendationAnswer
from tendik.consultations.services.answers import recommendation_answer
from tendik.consultations.services.participants import participant_save
from tendik.consultations.tests.factories import state

BASE = "/api/v1/consultations/"


def _c(world, who, login):
    return Client() if who == "anon" else login(world["u"][who])


@pytest.fixture
def person(world):
    return participant_save(
        meeting=world["batken_m"],
        full_name="Гүлнара Секретова",
        sex="female",
        email="gulnara@example.org",
        municipality=world["t"]["halmion"],
        consent_contact=True,
    )


@pytest.mark.parametrize(
    ("who", "status", "codes"),
    [
        ("anon", 403, None),
        ("nobody", 403, None),
        ("viewer_batken", 200, {"batken-m"}),
        ("fp_naryn", 200, {"naryn-m"}),
        ("coordinator", 200, {"batken-m", "naryn-m"}),
    ],
)
def test_meetings_list_is_scoped(world, login, who, status, codes):
    r = _c(world, who, login).get(BASE + "meetings/")
    assert r.status_code in ((401, 403) if status == 403 else (status,))
    if codes is not None:
        assert {m["code"] for m in r.json()["results"]} == codes


def test_meeting_out_of_scope_is_404(world, login):
    assert login(world["u"]["fp_naryn"]).get(BASE + "meetings/batken-m/").status_code == 404
    r = login(world["u"]["viewer_batken"]).get(BASE + "meetings/batken-m/")
    assert r.status_code == 200 and r.json()["place"] == world["t"]["aydarken"].code


@pytest.mark.parametrize(
    ("who", "personal"),
    [("viewer_batken", False), ("fp_batken", True), ("coordinator", True), ("officer_kazybek", False)],
)
def test_participant_personal_fields_only_for_permitted_roles(world, login, person, who, personal):
    c = login(world["u"][who])
    r = c.get(BASE + "participants/")
    rows = r.json()["results"]
    if who == "officer_kazybek":
        assert rows == []  # a Kazybek officer does not see the Batken meeting at all
        return
    (row,) = rows
    assert row["sex"] == "female"
    assert ("full_name" in row) is personal and ("email" in row) is personal
    detail = c.get(BASE + f"participants/{person.pk}/").json()
    assert ("full_name" in detail) is personal
    if not personal:
        assert "Секретова" not in r.content.decode() and "gulnara" not in r.content.decode()


def test_participant_create_matrix(world, login):
    body = {"meeting": "batken-m", "full_name": "Новая", "sex": "female", "role": "activist"}
    assert Client().post(BASE + "participants/", body).status_code in (401, 403)
    assert login(world["u"]["viewer_batken"]).post(BASE + "participants/", body).status_code == 403
    assert login(world["u"]["fp_naryn"]).post(BASE + "participants/", body).status_code == 404
    assert Participant.objects.count() == 0
    r = login(world["u"]["fp_batken"]).post(BASE + "participants/", body)
    assert r.status_code == 201, r.content
    assert Participant.objects.get().full_name == "Новая"


def test_recommendations_list_and_create(world, login, catalogue):
    r = login(world["u"]["viewer_batken"]).get(BASE + "recommendations/")
    assert {x["code"] for x in r.json()["results"]} == {"rec-b", "rec-g"}
    body = {
        "series": "may",
        "meeting": "batken-m",
        "scope": "regional",
        "level": "local",
        "text_ru": "Новая рекомендация",
        "measures": [catalogue["m34"].pk],
    }
    assert login(world["u"]["viewer_batken"]).post(BASE + "recommendations/", body).status_code == 403
    assert login(world["u"]["fp_naryn"]).post(BASE + "recommendations/", body).status_code == 403
    assert Recommendation.objects.count() == 3
    r = login(world["u"]["fp_batken"]).post(BASE + "recommendations/", body)
    assert r.status_code == 201, r.content
    rec = Recommendation.objects.get(text_ru="Новая рекомендация")
    assert rec.measures.get() == catalogue["m34"]
    assert "gender-2025-2027" in r.json()["plans"]


def test_answers_rules_and_publish_through_the_api(world, login):
    coord = login(world["u"]["coordinator"])
    fp = login(world["u"]["fp_batken"])
    assert fp.post(BASE + "answers/", {"recommendation": "rec-b", "state": "under_review"}).status_code == 403
    r = coord.post(BASE + "answers/", {"recommendation": "rec-b", "state": "rejected"})
    assert r.status_code == 400 and "text_ru" in r.json()["error"]["fields"]
    assert not RecommendationAnswer.objects.exists()
    r = coord.post(BASE + "answers/", {"recommendation": "rec-b", "state": "rejected", "text_en": "Outside the plan"})
    assert r.status_code == 201 and r.json()["published_at"] is None
    assert fp.post(BASE + "answers/publish/", {"codes": ["rec-b"]}, content_type="application/json").status_code == 403
    assert Recommendation.objects.get(code="rec-b").published_answer is None
    r = coord.post(BASE + "answers/publish/", {"codes": ["rec-b", "rec-n"]}, content_type="application/json")
    assert r.json() == {"published": ["rec-b"]}
    rec = coord.get(BASE + "recommendations/rec-b/").json()
    assert rec["status"] == "rejected"


def test_invalid_transition_is_a_400(world, login):
    recommendation_answer(recommendation=world["rec_b"], actor=None, state=state("rejected"), text_ru="Нет")
    r = login(world["u"]["coordinator"]).post(BASE + "answers/", {"recommendation": "rec-b", "state": "not_answered"})
    assert r.status_code == 400


def test_schema_has_the_consultations_endpoints_without_warnings(db, capsys):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = [p for p in schema["paths"] if p.startswith(BASE)]
    assert {
        BASE + "meetings/",
        BASE + "participants/",
        BASE + "recommendations/",
        BASE + "answers/",
        BASE + "answers/publish/",
    } <= set(paths)
    err = capsys.readouterr().err
    assert not [line for line in err.splitlines() if "consultations" in line.lower() or "Consultation" in line]
