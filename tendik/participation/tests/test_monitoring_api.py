# ruff: noqa: F811  (pytest fixtures imported from monitoring_helpers are parameters of the tests)
"""/api/v1/participation/monitoring/: authorisation matrix, writes through the services, the schema."""

from __future__ import annotations

from typing import Any

import pytest

from tendik.participation.models import MonitoringVisit, Scorecard, VisitStatus
from tendik.participation.tests.monitoring_helpers import _english, draft_visit, mon, submitted_visit  # noqa: F401

pytestmark = pytest.mark.django_db
BASE = "/api/v1/participation/monitoring/"


@pytest.mark.parametrize("path", ["scales/", "groups/", "visits/", "scorecards/"])
def test_lists_need_a_reading_role(mon: Any, client: Any, login: Any, path: str) -> None:
    assert client.get(BASE + path).status_code in (401, 403)
    assert login(mon["nobody"]).get(BASE + path).status_code == 403
    assert login(mon["viewer"]).get(BASE + path).status_code == 200


def test_visits_are_scoped(mon: Any, login: Any) -> None:
    draft = draft_visit(mon)
    done = submitted_visit(mon)

    def ids(who: str) -> set[int]:
        data = login(mon[who]).get(BASE + "visits/").json()
        return {v["id"] for v in data["results"]}

    assert ids("monitor") == {draft.pk, done.pk}
    assert ids("viewer") == {done.pk}  # drafts belong to the writers
    assert ids("officer") == {done.pk}
    assert ids("monitor_naryn") == set()
    assert ids("fp_naryn") == set()
    assert login(mon["monitor_naryn"]).get(f"{BASE}visits/{done.pk}/").status_code == 404
    assert login(mon["viewer"]).get(f"{BASE}visits/{draft.pk}/").status_code == 404
    body = login(mon["viewer"]).get(f"{BASE}visits/{done.pk}/").json()
    assert body["municipality"] == mon["t"]["halmion"].code and len(body["cards"]) == 2
    assert "Айгерим" not in str(body)
    cards = login(mon["viewer"]).get(BASE + "scorecards/", {"visit": done.pk}).json()["results"]
    assert {c["level_label"] for c in cards} == {"Partly"}
    assert login(mon["monitor_naryn"]).get(BASE + "scorecards/").json()["results"] == []


def test_monitor_records_and_submits_a_visit(mon: Any, login: Any) -> None:
    c = login(mon["monitor"])
    m1, m2 = mon["halmion_measures"]
    r = c.post(
        BASE + "visits/",
        {
            "group": mon["g_batken"].pk,
            "municipality": mon["t"]["halmion"].code,
            "visited_on": "2025-09-02",
            "language": "ky",
            "measures": [m1.pk, m2.pk],
            "monitors": [mon["member"].pk],
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    visit = MonitoringVisit.objects.get(pk=r.json()["id"])
    assert visit.cards.count() == 2 and visit.language == "ky"
    r = c.post(f"{BASE}visits/{visit.pk}/submit/")
    assert r.status_code == 400  # not rated yet
    for card in visit.cards.all():
        r = c.patch(
            f"{BASE}scorecards/{card.pk}/",
            {"level": mon["levels"][0].pk, "findings": "Жакшы", "version": card.version},
            content_type="application/json",
        )
        assert r.status_code == 200, r.content
    r = c.post(f"{BASE}visits/{visit.pk}/submit/")
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    first = visit.cards.first()
    r = c.patch(
        f"{BASE}scorecards/{first.pk}/", {"findings": "x", "version": first.version}, content_type="application/json"
    )
    assert r.status_code == 400
    assert c.delete(f"{BASE}visits/{visit.pk}/").status_code == 400


@pytest.mark.parametrize("who", ["viewer", "officer", "fp_batken", "monitor_naryn", "nobody"])
def test_refused_api_writes_change_nothing(mon: Any, client: Any, login: Any, who: str) -> None:
    visit = draft_visit(mon, rated=False)
    card = visit.cards.first()
    payload = {
        "group": mon["g_batken"].pk,
        "municipality": mon["t"]["halmion"].code,
        "visited_on": "2025-09-02",
    }
    for c in (client, login(mon[who])):
        assert c.post(BASE + "visits/", payload, content_type="application/json").status_code in (401, 403)
        r = c.patch(f"{BASE}visits/{visit.pk}/", {"summary": "x"}, content_type="application/json")
        assert r.status_code in (401, 403, 404)
        r = c.patch(f"{BASE}scorecards/{card.pk}/", {"findings": "x"}, content_type="application/json")
        assert r.status_code in (401, 403, 404)
        assert c.post(f"{BASE}visits/{visit.pk}/submit/").status_code in (401, 403, 404)
        assert c.delete(f"{BASE}visits/{visit.pk}/").status_code in (401, 403, 404)
    assert MonitoringVisit.objects.count() == 1
    visit.refresh_from_db()
    card.refresh_from_db()
    assert visit.summary == "" and visit.status == VisitStatus.DRAFT and card.findings == ""
    assert Scorecard.objects.count() == 2


def test_monitor_out_of_territory_cannot_create(mon: Any, login: Any) -> None:
    r = login(mon["monitor_naryn"]).post(
        BASE + "visits/",
        {"group": mon["g_batken"].pk, "municipality": mon["t"]["halmion"].code, "visited_on": "2025-09-02"},
        content_type="application/json",
    )
    assert r.status_code == 403 and MonitoringVisit.objects.count() == 0


def test_foreign_measures_are_refused(mon: Any, login: Any) -> None:
    r = login(mon["monitor"]).post(
        BASE + "visits/",
        {
            "group": mon["g_batken"].pk,
            "municipality": mon["t"]["halmion"].code,
            "visited_on": "2025-09-02",
            "measures": [mon["kazybek_measures"][0].pk],
        },
        content_type="application/json",
    )
    assert r.status_code == 400 and MonitoringVisit.objects.count() == 0


def test_scales_and_groups(mon: Any, login: Any) -> None:
    c = login(mon["viewer"])
    scales = c.get(BASE + "scales/").json()["results"]
    assert [lv["label"] for lv in scales[0]["levels"]] == ["On track", "Partly", "Not done"]
    groups = {g["name"] for g in login(mon["fp_batken"]).get(BASE + "groups/").json()["results"]}
    assert groups == {"Batken group"}
    assert "Айгерим" not in str(c.get(BASE + "groups/").json())


@pytest.mark.parametrize("n", [2, 6])
def test_visit_list_query_count(mon: Any, login: Any, django_assert_max_num_queries: Any, n: int) -> None:
    from tendik.participation.tests.test_monitoring_views import _visits

    _visits(mon, n)
    c = login(mon["viewer"])
    c.get(BASE + "visits/")
    with django_assert_max_num_queries(13):
        assert c.get(BASE + "visits/").status_code == 200
    with django_assert_max_num_queries(13):
        assert c.get(BASE + "scorecards/").status_code == 200


def test_schema_has_the_monitoring_endpoints_without_warnings(db: Any, capsys: Any) -> None:
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = {p for p in schema["paths"] if p.startswith(BASE)}
    assert {BASE + "visits/", BASE + "visits/{id}/submit/", BASE + "scorecards/", BASE + "groups/"} <= paths
    err = capsys.readouterr().err
    assert not [line for line in err.splitlines() if "participation" in line.lower()]


def test_stale_visit_and_scorecard_edits_are_refused_with_the_difference(mon: Any, login: Any) -> None:
    """Two monitors edit one draft: the second, stale PATCH answers 409 with the difference and changes nothing;
    without a version it is 400."""
    visit = draft_visit(mon)
    card = visit.cards.order_by("pk").first()
    first, second = login(mon["monitor"]), login(mon["monitor"])
    url = f"{BASE}visits/{visit.pk}/"
    assert (
        first.patch(url, {"summary": "Первая", "version": visit.version}, content_type="application/json").status_code
        == 200
    )
    r = second.patch(url, {"summary": "Вторая", "version": visit.version}, content_type="application/json")
    assert r.status_code == 409, r.content
    diff = {d["field"]: d for d in r.json()["diff"]}
    assert diff["summary"]["yours"] == "Вторая" and diff["summary"]["theirs"] == "Первая"
    assert second.patch(url, {"summary": "Вторая"}, content_type="application/json").status_code == 400
    visit.refresh_from_db()
    assert visit.summary == "Первая" and visit.version == 2
    url = f"{BASE}scorecards/{card.pk}/"
    assert (
        first.patch(url, {"findings": "Одно", "version": card.version}, content_type="application/json").status_code
        == 200
    )
    r = second.patch(url, {"findings": "Другое", "version": card.version}, content_type="application/json")
    assert r.status_code == 409, r.content
    assert {d["field"]: d["theirs"] for d in r.json()["diff"]}["findings"] == "Одно"
    assert second.patch(url, {"findings": "Другое"}, content_type="application/json").status_code == 400
    card.refresh_from_db()
    assert card.findings == "Одно"
