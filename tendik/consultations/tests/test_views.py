"""Authorisation matrix for every web view, denial leaves nothing changed, public page without personal data,
query counts pinned as data grows."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tendik.consultations.models import AttendanceCount, Participant, Recommendation, RecommendationAnswer
from tendik.consultations.services.answers import answers_publish, recommendation_answer
from tendik.consultations.services.meetings import attachment_add
from tendik.consultations.services.participants import participant_save
from tendik.consultations.tests import factories as f
from tendik.consultations.tests.factories import state

ANON, NOBODY, VIEWER, FP_OUT, FP_IN, COORD = "anon", "nobody", "viewer_batken", "fp_naryn", "fp_batken", "coordinator"
READ = {ANON: 302, NOBODY: 403, VIEWER: 200, FP_OUT: 404, FP_IN: 200, COORD: 200}
MANAGE = {ANON: 302, NOBODY: 403, VIEWER: 403, FP_OUT: 404, FP_IN: 200, COORD: 200}


def _client(world, who, login, client):
    return client if who == ANON else login(world["u"][who])


@pytest.fixture
def attachment(world):
    return attachment_add(
        meeting=world["batken_m"],
        kind="document",
        title="Протокол",
        upload=SimpleUploadedFile("p.pdf", b"%PDF-1.4 test"),
        actor=None,
    )


GET_CASES = [
    ("consultations:meeting", ["batken-m"], READ),
    ("consultations:recommendation", ["rec-b"], READ),
    ("consultations:feedback_meeting", ["batken-m"], READ),
    ("consultations:meeting_edit", ["batken-m"], MANAGE),
    ("consultations:attendance", ["batken-m"], MANAGE),
    ("consultations:participant_create", ["batken-m"], MANAGE),
    ("consultations:attachment_add", ["batken-m"], MANAGE),
    ("consultations:problem_add", ["batken-m"], MANAGE),
    ("consultations:recommendation_edit", ["rec-b"], MANAGE),
    ("consultations:answer", ["rec-b"], {ANON: 302, NOBODY: 403, VIEWER: 403, FP_OUT: 403, FP_IN: 403, COORD: 200}),
    ("consultations:series", ["may"], {ANON: 302, NOBODY: 403, VIEWER: 200, FP_OUT: 200, FP_IN: 200, COORD: 200}),
    ("consultations:resolution", ["may"], {ANON: 302, NOBODY: 403, VIEWER: 200, FP_OUT: 200, FP_IN: 200, COORD: 200}),
    ("consultations:report", ["may"], {ANON: 302, NOBODY: 403, VIEWER: 200, FP_OUT: 200, FP_IN: 200, COORD: 200}),
    ("consultations:series_edit", ["may"], {ANON: 302, NOBODY: 403, VIEWER: 403, FP_OUT: 403, FP_IN: 403, COORD: 200}),
    ("consultations:series_create", [], {ANON: 302, NOBODY: 403, VIEWER: 403, FP_OUT: 403, FP_IN: 403, COORD: 200}),
    ("consultations:index", [], {ANON: 302, NOBODY: 403, VIEWER: 200, FP_OUT: 200, FP_IN: 200, COORD: 200}),
    ("consultations:recommendations", [], {ANON: 302, NOBODY: 403, VIEWER: 200, FP_OUT: 200, FP_IN: 200, COORD: 200}),
    ("consultations:export", [], {ANON: 302, NOBODY: 403, VIEWER: 200, FP_OUT: 200, FP_IN: 200, COORD: 200}),
    ("consultations:import", [], {ANON: 302, NOBODY: 403, VIEWER: 403, FP_OUT: 200, FP_IN: 200, COORD: 200}),
    ("consultations:similar", [], {ANON: 302, NOBODY: 403, VIEWER: 403, FP_OUT: 200, FP_IN: 200, COORD: 200}),
    ("consultations:public", [], {ANON: 200, NOBODY: 200, VIEWER: 200, FP_OUT: 200, FP_IN: 200, COORD: 200}),
    (
        "consultations:public_detail",
        ["rec-b"],
        {ANON: 200, NOBODY: 200, VIEWER: 200, FP_OUT: 200, FP_IN: 200, COORD: 200},
    ),
]


@pytest.mark.parametrize("who", [ANON, NOBODY, VIEWER, FP_OUT, FP_IN, COORD])
@pytest.mark.parametrize(("name", "args", "expected"), GET_CASES, ids=[c[0] for c in GET_CASES])
def test_get_matrix(world, login, client, who, name, args, expected):
    response = _client(world, who, login, client).get(reverse(name, args=args))
    assert response.status_code == expected[who], response.content[:300]


@pytest.mark.parametrize("who", [ANON, NOBODY, VIEWER, FP_OUT, FP_IN])
def test_municipality_feedback_and_file_download_matrix(world, login, client, who, attachment):
    c = _client(world, who, login, client)
    code = world["t"]["aydarken"].code
    assert c.get(reverse("consultations:feedback_municipality", args=[code])).status_code == READ[who]
    assert c.get(reverse("consultations:attachment", args=[attachment.pk])).status_code == READ[who]


def test_anonymous_index_goes_to_the_public_page_and_others_to_login(client, world):
    assert client.get(reverse("consultations:index"))["Location"] == reverse("consultations:public")
    assert reverse("accounts:login") in client.get(reverse("consultations:meeting", args=["batken-m"]))["Location"]


@pytest.mark.parametrize("who", [ANON, NOBODY, VIEWER, FP_OUT])
def test_denied_posts_change_nothing(world, login, client, who, attachment):
    c = _client(world, who, login, client)
    rec = world["rec_b"]
    before = (
        Recommendation.objects.get(pk=rec.pk).text_ru,
        Participant.objects.count(),
        AttendanceCount.objects.count(),
        RecommendationAnswer.objects.count(),
    )
    c.post(
        reverse("consultations:recommendation_edit", args=["rec-b"]),
        {"text_ru": "Взлом", "scope": "regional", "level": "national"},
    )
    c.post(
        reverse("consultations:participant_create", args=["batken-m"]),
        {"full_name": "X", "sex": "female", "role": "other", "language": "ru"},
    )
    c.post(reverse("consultations:attendance", args=["batken-m"]), {"total": 5})
    c.post(reverse("consultations:answer", args=["rec-b"]), {"state": state("under_review").pk})
    c.post(reverse("consultations:attachment_delete", args=[attachment.pk]))
    c.post(reverse("consultations:merge", args=["rec-b"]), {"duplicates": "rec-g"})
    after = (
        Recommendation.objects.get(pk=rec.pk).text_ru,
        Participant.objects.count(),
        AttendanceCount.objects.count(),
        RecommendationAnswer.objects.count(),
    )
    assert before == after
    assert attachment.__class__.objects.filter(pk=attachment.pk).exists()
    assert Recommendation.objects.get(code="rec-g").merged_into is None


def test_focal_point_manages_her_meeting(world, login):
    c = login(world["u"][FP_IN])
    r = c.post(
        reverse("consultations:attendance", args=["batken-m"]),
        {"total": 12, "female": 11, "male": 1, f"oblast_{world['t']['batken'].code}": 12},
    )
    assert r.status_code == 302
    assert world["batken_m"].counts.get(dimension="total").count == 12
    r = c.post(
        reverse("consultations:recommendation_edit", args=["rec-b"]),
        {
            "text_ru": "Открыть кризисные центры в каждом районе",
            "scope": "regional",
            "level": "local",
            "regions": [world["t"]["batken"].pk],
            "meeting": world["batken_m"].pk,
        },
    )
    assert r.status_code == 302
    assert Recommendation.objects.get(code="rec-b").level == "local"


def test_answer_then_bulk_publish_through_the_web(world, login):
    c = login(world["u"][COORD])
    r = c.post(reverse("consultations:answer", args=["rec-b"]), {"state": state("rejected").pk, "text_ru": ""})
    assert r.status_code == 200 and "errorlist" in r.content.decode()  # text required: shown next to the field
    assert not RecommendationAnswer.objects.exists()
    c.post(reverse("consultations:answer", args=["rec-b"]), {"state": state("rejected").pk, "text_ru": "Нет"})
    c.post(reverse("consultations:answer", args=["rec-n"]), {"state": state("under_review").pk})
    assert Recommendation.objects.filter(published_answer__isnull=False).count() == 0
    r = c.post(reverse("consultations:publish"), {"codes": ["rec-b", "rec-n"]})
    assert r.status_code == 302
    assert Recommendation.objects.filter(published_answer__isnull=False).count() == 2


def test_focal_point_may_not_publish(world, login):
    recommendation_answer(recommendation=world["rec_b"], actor=None, state=state("under_review"))
    r = login(world["u"][FP_IN]).post(reverse("consultations:publish"), {"codes": ["rec-b"]})
    assert r.status_code == 403
    assert Recommendation.objects.get(code="rec-b").published_answer is None


def test_similar_suggestions_partial(world, login):
    r = login(world["u"][FP_IN]).get(reverse("consultations:similar"), {"text_ky": "кризистик борборлорду ачуу"})
    assert "rec-b" in r.content.decode()


def test_personal_data_only_for_permitted_roles(world, login):
    participant_save(
        meeting=world["batken_m"],
        full_name="Гүлнара Секретова",
        sex="female",
        email="gulnara@example.org",
        consent_contact=True,
    )
    url = reverse("consultations:meeting", args=["batken-m"])
    assert "Секретова" in login(world["u"][FP_IN]).get(url).content.decode()
    page = login(world["u"][VIEWER]).get(url).content.decode()
    assert "Секретова" not in page and "gulnara@" not in page


def test_public_page_shows_no_personal_data(world, client):
    participant_save(
        meeting=world["batken_m"],
        full_name="Гүлнара Секретова",
        sex="female",
        email="gulnara@example.org",
        phone="+996555000111",
        consent_contact=True,
        wants_updates=True,
    )
    recommendation_answer(recommendation=world["rec_b"], actor=world["u"][COORD], state=state("under_review"))
    answers_publish(recommendations=[world["rec_b"]], actor=world["u"][COORD], inform=False)
    for url in (
        reverse("consultations:public"),
        reverse("consultations:public_detail", args=["rec-b"]),
        reverse("consultations:public") + "?status=under_review",
    ):
        page = client.get(url).content.decode()
        assert "Открыть кризисные центры" in page
        for secret in ("Секретова", "gulnara@", "555000111", "coordinator"):
            assert secret not in page, (url, secret)


def test_public_filters(world, client):
    t = world["t"]
    page = client.get(reverse("consultations:public"), {"region": t["naryn"].pk}).content.decode()
    assert "rec-n" in page and "rec-b" not in page
    page = client.get(reverse("consultations:public"), {"theme": "economic"}).content.decode()
    assert "rec-g" in page and "rec-n" not in page
    page = client.get(reverse("consultations:public"), {"plan": "wps1325-2025-2027"}).content.decode()
    assert "rec-n" in page and "rec-b" not in page
    page = client.get(reverse("consultations:public"), {"status": "not_answered"}).content.decode()
    assert "rec-b" in page


def _grow(world, n):
    c = world["c"]
    for i in range(n):
        m = f.meeting(world["series"], world["t"]["aydarken"], oblasts=[world["t"]["batken"]])
        participant_save(meeting=m, full_name=f"P{i}", sex="female", municipality=world["t"]["halmion"])
        rec = f.recommendation(
            world["series"],
            meeting_obj=m,
            text_ru=f"Рекомендация номер {i} о бизнесе",
            regions=[world["t"]["batken"]],
            measures=[c["m11"], c["n1"]],
            theme="economic",
        )
        recommendation_answer(recommendation=rec, actor=None, state=state("under_review"))
        answers_publish(recommendations=[rec], actor=None, inform=False)


@pytest.mark.parametrize(
    "name",
    [
        "consultations:recommendations",
        "consultations:public",
        "consultations:report",
        "consultations:series",
        "consultations:index",
        "consultations:resolution",
    ],
)
def test_query_counts_do_not_grow_with_data(world, login, django_assert_max_num_queries, name):
    c = login(world["u"][COORD])
    args = ["may"] if name in ("consultations:report", "consultations:series", "consultations:resolution") else []
    url = reverse(name, args=args)
    _grow(world, 4)
    c.get(url)
    cache.clear()  # compare pages rendered afresh (the public list is otherwise served from tendik.core.pagecache)
    with django_assert_max_num_queries(30) as small:
        assert c.get(url).status_code == 200
    _grow(world, 12)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert c.get(url).status_code == 200


def test_report_downloads(world, login):
    c = login(world["u"][VIEWER])
    r = c.get(reverse("consultations:report", args=["may"]), {"format": "docx", "lang": "ky"})
    assert r["Content-Type"].startswith("application/vnd.openxmlformats") and r.content[:2] == b"PK"
    r = c.get(reverse("consultations:resolution", args=["may"]), {"format": "pdf"})
    assert r.content.startswith(b"%PDF")
    r = c.get(reverse("consultations:feedback_meeting", args=["batken-m"]), {"format": "pdf"})
    assert r.content.startswith(b"%PDF")


def test_municipality_feedback_chooser(world, login):
    c = login(world["u"][VIEWER])
    page = c.get(reverse("consultations:meeting", args=["batken-m"])).content.decode()
    assert world["t"]["halmion"].code in page
    r = c.get(reverse("consultations:feedback_municipality_pick"), {"unit": world["t"]["halmion"].code})
    assert r["Location"] == reverse("consultations:feedback_municipality", args=[world["t"]["halmion"].code])
    assert c.get(r["Location"]).status_code == 200
