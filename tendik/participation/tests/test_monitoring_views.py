# ruff: noqa: F811  (pytest fixtures imported from monitoring_helpers are parameters of the tests)
"""Pages of dialogue-group monitoring: authorisation matrix (anonymous, wrong role, out of territory, in territory;
a refused write changes nothing), the phone flow of a visit, panels on other apps' pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from tendik.participation.models import DialogueGroup, MonitoringVisit, RatingScale, Scorecard, VisitStatus
from tendik.participation.tests.monitoring_helpers import (  # noqa: F401
    _english,
    draft_visit,
    mon,
    series,
    submitted_visit,
)

pytestmark = pytest.mark.django_db


def _get(client: Any, url: str) -> int:
    return client.get(url).status_code


READ_PAGES = ["participation:monitoring", "participation:groups", "participation:scales"]


@pytest.mark.parametrize("name", READ_PAGES)
def test_read_pages(mon: Any, client: Any, login: Any, name: str) -> None:
    url = reverse(name)
    assert client.get(url).status_code == 302  # anonymous → sign-in
    assert _get(login(mon["nobody"]), url) == 403
    for who in ("viewer", "monitor", "monitor_naryn", "officer", "fp_batken"):
        assert _get(login(mon[who]), url) == 200, who


def test_visit_page_matrix(mon: Any, client: Any, login: Any) -> None:
    draft = draft_visit(mon)
    done = submitted_visit(mon)
    for visit in (draft, done):
        url = reverse("participation:visit", args=[visit.pk])
        assert client.get(url).status_code == 302
        assert _get(login(mon["nobody"]), url) == 403
        assert _get(login(mon["monitor_naryn"]), url) == 404  # out of territory: not even its existence
        assert _get(login(mon["fp_naryn"]), url) == 404
        assert _get(login(mon["monitor"]), url) == 200
    # A draft is the writers' work: readers in scope do not see it yet.
    assert _get(login(mon["viewer"]), reverse("participation:visit", args=[draft.pk])) == 404
    assert _get(login(mon["officer"]), reverse("participation:visit", args=[draft.pk])) == 404
    assert _get(login(mon["viewer"]), reverse("participation:visit", args=[done.pk])) == 200
    assert _get(login(mon["officer"]), reverse("participation:visit", args=[done.pk])) == 200


def test_monitor_names_are_not_shown_to_readers(mon: Any, login: Any) -> None:
    visit = submitted_visit(mon)
    url = reverse("participation:visit", args=[visit.pk])
    assert "Айгерим" in login(mon["monitor"]).get(url).content.decode()
    assert "Айгерим" in login(mon["fp_batken"]).get(url).content.decode()
    assert "Айгерим" not in login(mon["viewer"]).get(url).content.decode()
    assert "Айгерим" not in login(mon["officer"]).get(url).content.decode()
    group_url = reverse("participation:group", args=[mon["g_batken"].pk])
    assert "Айгерим" not in login(mon["viewer"]).get(group_url).content.decode()
    assert "Айгерим" in login(mon["monitor"]).get(group_url).content.decode()
    assert _get(login(mon["fp_naryn"]), group_url) == 404


def test_new_visit_matrix_and_the_phone_flow(mon: Any, client: Any, login: Any) -> None:
    url = reverse("participation:visit_new")
    data = {
        "municipality": mon["t"]["halmion"].pk,
        "group": mon["g_batken"].pk,
        "visited_on": "2025-09-01",
        "language": "ru",
        "summary": "",
    }
    assert client.post(url, data).status_code == 302 and MonitoringVisit.objects.count() == 0
    for who in ("nobody", "viewer", "officer", "fp_batken"):
        assert login(mon[who]).post(url, data).status_code == 403, who
    # Out of territory: Halmion is not offered, so the form refuses it.
    assert login(mon["monitor_naryn"]).post(url, data).status_code == 400
    assert MonitoringVisit.objects.count() == 0

    c = login(mon["monitor"])
    page = c.get(url).content.decode()
    assert "Халмион" in page and "Казыбек" not in page
    resp = c.post(url, data)
    visit = MonitoringVisit.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("participation:visit", args=[visit.pk])
    page = c.get(resp["Location"]).content.decode()
    assert "Мера 1" in page  # the municipality's measures to choose from
    m1, m2 = mon["halmion_measures"]
    c.post(
        reverse("participation:visit_measures", args=[visit.pk]),
        {"measures": [m1.pk, m2.pk], "monitors": [mon["member"].pk]},
    )
    cards = list(visit.cards.order_by("pk"))
    assert len(cards) == 2
    page = c.get(resp["Location"]).content.decode()
    assert f'data-draft="visit-{visit.pk}-scorecard"' in page  # the shared draft mechanism keeps the notes
    form = {}
    for card in cards:
        form |= {
            f"card-{card.pk}-level": mon["levels"][0].pk,
            f"card-{card.pk}-findings": "Всё хорошо",
            f"card-{card.pk}-recommendations": "",
        }
    r = c.post(reverse("participation:visit_cards", args=[visit.pk]), {**form, "then": "submit"})
    assert r.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SUBMITTED
    assert set(visit.cards.values_list("findings", flat=True)) == {"Всё хорошо"}


def test_submit_without_ratings_is_refused_with_a_message(mon: Any, login: Any) -> None:
    visit = draft_visit(mon, rated=False)
    r = login(mon["monitor"]).post(reverse("participation:visit_submit", args=[visit.pk]))
    assert r.status_code == 400 and "Rate every measure" in r.content.decode()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DRAFT


@pytest.mark.parametrize("action", ["visit_edit", "visit_measures", "visit_cards", "visit_submit", "visit_discard"])
def test_refused_writes_change_nothing(mon: Any, client: Any, login: Any, action: str) -> None:
    visit = draft_visit(mon)
    card = visit.cards.order_by("pk").first()
    url = reverse(f"participation:{action}", args=[visit.pk])
    data = {
        "group": mon["g_batken"].pk,
        "visited_on": "2025-01-02",
        "language": "en",
        "summary": "changed",
        "measures": [mon["halmion_measures"][0].pk],
        f"card-{card.pk}-level": mon["levels"][0].pk,
        f"card-{card.pk}-findings": "changed",
        "then": "submit",
    }
    assert client.post(url, data).status_code == 302
    assert login(mon["nobody"]).post(url, data).status_code == 403
    assert login(mon["viewer"]).post(url, data).status_code == 403
    assert login(mon["officer"]).post(url, data).status_code == 403
    assert login(mon["monitor_naryn"]).post(url, data).status_code in (403, 404)
    visit.refresh_from_db()
    card.refresh_from_db()
    assert visit.status == VisitStatus.DRAFT and visit.summary == "" and visit.visited_on == dt.date(2025, 9, 1)
    assert visit.cards.count() == 2 and card.findings != "changed"


def test_edit_and_discard_by_the_monitor(mon: Any, login: Any) -> None:
    visit = draft_visit(mon)
    c = login(mon["monitor"])
    r = c.post(
        reverse("participation:visit_edit", args=[visit.pk]),
        {"group": mon["g_batken"].pk, "visited_on": "2025-08-30", "language": "ky", "summary": "Жыйынтык"},
    )
    assert r.status_code == 302
    visit.refresh_from_db()
    assert visit.summary == "Жыйынтык" and visit.language == "ky"
    assert c.post(reverse("participation:visit_discard", args=[visit.pk])).status_code == 302
    assert MonitoringVisit.objects.count() == 0 and Scorecard.objects.count() == 0


def test_recommend_from_the_visit_page(mon: Any, client: Any, login: Any) -> None:
    from tendik.consultations.models import Recommendation

    visit = submitted_visit(mon)
    s = series()
    card = visit.cards.order_by("pk").first()
    url = reverse("participation:card_recommend", args=[card.pk])
    assert client.post(url, {"series": s.pk}).status_code == 302
    for who in ("nobody", "viewer", "monitor", "officer"):
        assert login(mon[who]).post(url, {"series": s.pk}).status_code == 403, who
    assert login(mon["fp_naryn"]).post(url, {"series": s.pk}).status_code == 404
    assert Recommendation.objects.count() == 0
    page = login(mon["fp_batken"]).get(reverse("participation:visit", args=[visit.pk])).content.decode()
    assert "Turn into a recommendation" in page
    assert (
        "Turn into a recommendation"
        not in login(mon["monitor"]).get(reverse("participation:visit", args=[visit.pk])).content.decode()
    )
    r = login(mon["fp_batken"]).post(url, {"series": s.pk})
    rec = Recommendation.objects.get()
    assert r["Location"] == reverse("consultations:recommendation", args=[rec.code])
    # The recommendation's page says where it came from and links back to the visit.
    page = login(mon["fp_batken"]).get(r["Location"]).content.decode()
    assert "Where this recommendation came from" in page
    assert reverse("participation:visit", args=[visit.pk]) in page


def test_groups_matrix(mon: Any, client: Any, login: Any) -> None:
    t = mon["t"]
    new = reverse("participation:group_new")
    data = {"name_ru": "Кадамжайская группа", "territory": t["kadamjay"].pk, "is_active": "on"}
    assert client.post(new, data).status_code == 302
    for who in ("nobody", "viewer", "monitor", "officer"):
        assert login(mon[who]).post(new, data).status_code == 403, who
    assert login(mon["fp_naryn"]).post(new, data).status_code == 400  # Kadamjay is not offered to Naryn
    assert DialogueGroup.objects.count() == 2
    r = login(mon["fp_batken"]).post(new, data)
    assert r.status_code == 302 and DialogueGroup.objects.count() == 3
    g = DialogueGroup.objects.get(name_ru="Кадамжайская группа")
    edit = reverse("participation:group_edit", args=[g.pk])
    assert login(mon["fp_naryn"]).post(edit, {**data, "name_ru": "x"}).status_code == 404
    assert login(mon["monitor"]).post(edit, {**data, "name_ru": "x"}).status_code == 403
    member = reverse("participation:member_new", args=[g.pk])
    assert login(mon["monitor"]).post(member, {"full_name": "X", "role": "member"}).status_code == 403
    assert login(mon["fp_naryn"]).post(member, {"full_name": "X", "role": "member"}).status_code == 404
    g.refresh_from_db()
    assert g.name_ru == "Кадамжайская группа" and g.members.count() == 0
    r = login(mon["fp_kadamjay"]).post(member, {"full_name": "Нуриза", "role": "member", "username": "monitor_batken"})
    assert r.status_code == 302
    m = g.members.get()
    assert m.user == mon["monitor"]
    r = login(mon["fp_kadamjay"]).post(
        reverse("participation:member_edit", args=[g.pk, m.pk]),
        {"full_name": "Нуриза", "role": "member", "username": "nobody_here"},
    )
    assert r.status_code == 400


def test_scale_pages(mon: Any, client: Any, login: Any) -> None:
    new = reverse("participation:scale_new")
    data = {"name_ru": "Пятибалльная", "is_current": "on"}
    for i, row in enumerate([(5, "Отлично"), (1, "Плохо")]):
        data |= {f"l{i}-score": row[0], f"l{i}-label_ru": row[1], f"l{i}-tone": "fair"}
    for i in range(2, 7):
        data[f"l{i}-tone"] = "fair"
    assert client.post(new, data).status_code == 302
    for who in ("nobody", "viewer", "monitor", "fp_batken"):
        assert login(mon[who]).post(new, data).status_code == 403, who
    assert RatingScale.objects.count() == 1
    assert login(mon["coordinator"]).get(new).status_code == 200
    assert login(mon["admin"]).post(new, data).status_code == 302
    scale = RatingScale.objects.get(name_ru="Пятибалльная")
    assert scale.is_current and scale.levels.count() == 2
    assert login(mon["coordinator"]).get(reverse("participation:scale_edit", args=[scale.pk])).status_code == 200


@pytest.mark.parametrize(
    "lang,label,heading",
    [
        ("ru", "Частично", "Мониторинг диалоговых групп"),
        ("ky", "Жарым-жартылай", "Диалог топторунун мониторинги"),
        ("en", "Partly", "Dialogue-group monitoring"),
    ],
)
def test_scale_labels_in_three_languages(mon: Any, login: Any, lang: str, label: str, heading: str) -> None:
    visit = submitted_visit(mon)
    c = login(mon["viewer"])
    assert heading in c.get(reverse("participation:monitoring"), HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    page = c.get(reverse("participation:visit", args=[visit.pk]), HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert label in page
    page = c.get(reverse("participation:scales"), HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert label in page


def test_findings_on_the_measure_page(mon: Any, client: Any, login: Any) -> None:
    submitted_visit(mon, findings="Тренинг прошёл")
    draft = draft_visit(mon, findings="Черновик")  # drafts are not shown
    url = reverse("plans:measure", args=[mon["m1"].pk])
    public = client.get(url).content.decode()
    assert "Findings of dialogue-group monitoring" in public
    assert "Partly" in public and "Халмион" in public
    assert "Тренинг прошёл" not in public  # text for signed-in readers only
    assert "Айгерим" not in public
    assert reverse("participation:visit", args=[draft.pk]) not in public
    inside = login(mon["viewer"]).get(url).content.decode()
    assert "Тренинг прошёл" in inside and "Черновик" not in inside and "Айгерим" not in inside


def test_findings_on_the_territory_page(mon: Any, client: Any, login: Any) -> None:
    visit = submitted_visit(mon, findings="Тренинг прошёл")
    for code in ("halmion", "kadamjay", "batken"):
        page = client.get(reverse("geography:unit", args=[mon["t"][code].code])).content.decode()
        assert "Findings of dialogue-group monitoring" in page, code
        assert "Айгерим" not in page
    page = client.get(reverse("geography:unit", args=[mon["t"]["naryn"].code])).content.decode()
    assert "Findings of dialogue-group monitoring" not in page
    inside = login(mon["officer"]).get(reverse("geography:unit", args=[mon["t"]["halmion"].code])).content.decode()
    assert reverse("participation:visit", args=[visit.pk]) in inside and "Тренинг прошёл" in inside


def _visits(mon: Any, n: int) -> None:
    from tendik.audit.context import acting_as

    with acting_as(None, source="test"):
        for i in range(n):
            v = MonitoringVisit.objects.create(
                group=mon["g_batken"],
                municipality=mon["t"]["halmion"],
                visited_on=dt.date(2025, 1, 1) + dt.timedelta(days=i),
                scale=mon["scale"],
                status=VisitStatus.SUBMITTED,
            )
            for m in mon["halmion_measures"]:
                Scorecard.objects.create(visit=v, local_measure=m, level=mon["levels"][i % 3], findings=f"F{i}")


@pytest.mark.parametrize("n", [4, 12])
def test_query_counts_do_not_grow(
    mon: Any, client: Any, login: Any, django_assert_max_num_queries: Any, n: int
) -> None:
    _visits(mon, n)
    c = login(mon["fp_batken"])
    measure = reverse("plans:measure", args=[mon["m1"].pk])
    unit = reverse("geography:unit", args=[mon["t"]["halmion"].code])
    pages = [
        (c, reverse("participation:monitoring"), 12),
        (c, reverse("participation:groups"), 10),
        (c, reverse("participation:group", args=[mon["g_batken"].pk]), 12),
        (c, reverse("participation:scales"), 11),
        (c, reverse("participation:visit", args=[MonitoringVisit.objects.first().pk]), 14),
        (client, measure, 10),
        (client, unit, 9),
        (c, measure, 19),
        (c, unit, 17),
    ]
    for cl, url, bound in pages:
        cl.get(url)  # warm the session and caches
        with django_assert_max_num_queries(bound, info=url):
            assert cl.get(url).status_code == 200, url


def test_saving_the_scorecard_tells_the_draft_mechanism(mon: Any, login: Any) -> None:
    visit = draft_visit(mon, rated=False)
    c = login(mon["monitor"])
    page = c.get(reverse("participation:visit", args=[visit.pk])).content.decode()
    assert "data-draft-confirm" in page and "data-draft-done" not in page
    card = visit.cards.order_by("pk").first()
    r = c.post(
        reverse("participation:visit_cards", args=[visit.pk]), {f"card-{card.pk}-findings": "Записи", "then": "save"}
    )
    assert r.status_code == 302 and r["Location"].endswith("?saved=scorecard")
    page = c.get(r["Location"]).content.decode()
    assert f'data-draft-done="visit-{visit.pk}-scorecard"' in page
    card.refresh_from_db()
    assert card.findings == "Записи"


def test_stale_visit_edit_on_the_web_shows_the_difference(mon: Any, login: Any) -> None:
    visit = draft_visit(mon)
    url = reverse("participation:visit_edit", args=[visit.pk])
    base = {"group": mon["g_batken"].pk, "visited_on": "2025-08-30", "language": "ru", "version": visit.version}
    first, second = login(mon["monitor"]), login(mon["monitor"])
    assert first.post(url, {**base, "summary": "Первая"}).status_code == 302
    r = second.post(url, {**base, "summary": "Вторая"})
    assert r.status_code == 409
    page = r.content.decode()
    assert "Первая" in page and "Вторая" in page and 'class="card stale"' in page
    visit.refresh_from_db()
    assert visit.summary == "Первая"
    # Saving again from the refused form (it now carries the stored version) wins knowingly.
    assert second.post(url, {**base, "summary": "Вторая", "version": visit.version}).status_code == 302
    visit.refresh_from_db()
    assert visit.summary == "Вторая"


def test_stale_scorecard_save_on_the_web_changes_no_card(mon: Any, login: Any) -> None:
    visit = draft_visit(mon)
    one, two = list(visit.cards.order_by("pk"))
    url = reverse("participation:visit_cards", args=[visit.pk])

    def form(text: str) -> dict[str, Any]:
        data: dict[str, Any] = {"then": "save"}
        for card in (one, two):
            data |= {
                f"card-{card.pk}-level": mon["levels"][0].pk,
                f"card-{card.pk}-findings": f"{text} {card.pk}",
                f"card-{card.pk}-recommendations": "",
                f"card-{card.pk}-version": card.version,
            }
        return data

    first, second = login(mon["monitor"]), login(mon["monitor"])
    stale = form("Вторая")
    assert first.post(url, form("Первая")).status_code == 302
    r = second.post(url, stale)
    assert r.status_code == 409
    page = r.content.decode()
    assert 'class="card stale"' in page and f"Первая {one.pk}" in page and f"Вторая {one.pk}" in page
    assert {c.findings for c in visit.cards.all()} == {f"Первая {one.pk}", f"Первая {two.pk}"}
