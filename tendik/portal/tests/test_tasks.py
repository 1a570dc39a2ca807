"""The task home: each person lands on what needs her, scoped, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

PERIODS = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1"]


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def plan_world(territory: dict[str, Any], make_user: Any) -> Any:
    from tendik.consultations.tests import factories as f
    from tendik.portal.tests.conftest import add_municipality_plan

    c = f.plan_catalogue()
    officer = make_user("municipal_officer", unit=territory["halmion"], username="officer_t")
    other = make_user("municipal_officer", unit=territory["kazybek"], username="officer_o")
    focal = make_user("focal_point", unit=territory["kadamjay"], username="focal_t")
    lp = add_municipality_plan(territory["halmion"], officer, [c["m11"], c["n1"]])
    return {"officer": officer, "other": other, "focal": focal, "lp": lp}


def _open(world: dict[str, Any], codes: list[str]) -> list[Any]:
    from tendik.plans.services.periods import period_get
    from tendik.plans.services.reports import report_open

    return [report_open(actor=world["officer"], local_plan=world["lp"], period=period_get(code=c)) for c in codes]


@pytest.mark.django_db
def test_sign_in_lands_on_the_task_home(plan_world: dict[str, Any]) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"username": "officer_t", "password": "correct-horse-battery-9"})
    assert response.status_code == 302
    assert response["Location"] == "/tasks/"


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in() -> None:
    response = Client().get("/tasks/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_officer_sees_her_reports_and_not_others(plan_world: dict[str, Any]) -> None:
    (report,) = _open(plan_world, ["2025-Q1"])
    page = _signed_in(plan_world["officer"]).get("/tasks/").content.decode()
    assert f"/plans/reports/{report.pk}/" in page
    assert "Халмион" in page
    other = _signed_in(plan_world["other"]).get("/tasks/").content.decode()
    assert f"/plans/reports/{report.pk}/" not in other


@pytest.mark.django_db
def test_returned_report_comes_first_and_reviewer_sees_submitted(plan_world: dict[str, Any]) -> None:
    from tendik.plans.services.reports import report_return, report_submit
    from tendik.portal.tasks import tasks_for

    first, second = _open(plan_world, ["2025-Q1", "2025-Q2"])
    report_submit(actor=plan_world["officer"], report=second)
    review = tasks_for(plan_world["focal"], today=dt.date(2025, 8, 1))
    assert [t.url for t in review] == [f"/plans/reports/{second.pk}/"]
    report_return(actor=plan_world["focal"], report=second, comment="Нет цифр")
    mine = tasks_for(plan_world["officer"], today=dt.date(2025, 8, 1))
    urls = [t.url for t in mine]
    assert set(urls) == {f"/plans/reports/{first.pk}/", f"/plans/reports/{second.pk}/"}
    from tendik.portal.tasks import grouped

    assert [t.url for t in grouped(mine)[0][1]] == [f"/plans/reports/{second.pk}/"]  # to correct: first group


@pytest.mark.django_db
def test_task_home_queries_do_not_grow(plan_world: dict[str, Any], django_assert_max_num_queries: Any) -> None:
    _open(plan_world, PERIODS[:2])
    client = _signed_in(plan_world["officer"])
    client.get("/tasks/")
    with django_assert_max_num_queries(22) as few:
        assert client.get("/tasks/").status_code == 200
    _open(plan_world, PERIODS[2:])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/tasks/")
    assert response.status_code == 200
    assert response.context["count"] == len(PERIODS)
