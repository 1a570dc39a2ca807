"""Writes refused outside the caller's role or territory change nothing (web and API); the approval chain."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tendik.plans import permissions as plan_perms
from tendik.plans.models import LocalMeasure, LocalPlan

API = "/api/v1/plans"


def _snapshot(local_plan):
    local_plan.refresh_from_db()
    return (
        local_plan.title,
        local_plan.programme,
        tuple(LocalMeasure.objects.order_by("pk").values_list("pk", "text", "budget_local")),
    )


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("officer_other", 404),
        ("fp_rayon", 403),
        ("fp_naryn", 404),
        ("viewer", 403),
        ("nobody", 403),
        ("coordinator", 403),
    ],
)
def test_web_plan_edits_refused(who, code, local_plan, roles, login):
    before = _snapshot(local_plan)
    client = login(roles[who])
    measure = local_plan.measures.first()
    assert (
        client.post(
            reverse("plans:local_edit", args=[local_plan.pk]),
            {"title": "x", "programme": "y", "reporting_frequency": "year", "status": "draft"},
        ).status_code
        == code
    )
    assert (
        client.post(
            reverse("plans:local_measure_edit", args=[measure.pk]),
            {
                "text": "x",
                "responsible_person": "y",
                "start": "2025-01-01",
                "end": "2025-02-01",
                "budget_local": "1",
                "budget_republican": "0",
                "budget_donor": "0",
                "budget_other": "0",
                "gender_marker": "principal",
            },
        ).status_code
        == code
    )
    assert (
        client.post(
            reverse("plans:local_measure_add", args=[local_plan.pk]),
            {
                "text": "x",
                "responsible_person": "y",
                "start": "2025-01-01",
                "end": "2025-02-01",
                "budget_local": "1",
                "budget_republican": "0",
                "budget_donor": "0",
                "budget_other": "0",
                "gender_marker": "principal",
            },
        ).status_code
        == code
    )
    assert _snapshot(local_plan) == before


def test_anonymous_posts_go_to_sign_in(local_plan, client):
    r = client.post(reverse("plans:local_edit", args=[local_plan.pk]), {"title": "x"})
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


@pytest.mark.parametrize(
    ("who", "codes"),
    [
        ("officer_other", {404}),
        ("fp_rayon", {403}),
        ("fp_naryn", {404}),
        ("viewer", {403}),
        ("nobody", {403}),
        (None, {401, 403}),
    ],
)
def test_api_writes_refused(who, codes, report, local_plan, roles):
    client = APIClient()
    if who:
        client.force_authenticate(roles[who])
    before = _snapshot(local_plan)
    measure = local_plan.measures.first()
    entry = report.entries.first()
    calls = [
        client.patch(f"{API}/local-plans/{local_plan.pk}/", {"title": "x"}, format="json"),
        client.patch(f"{API}/local-measures/{measure.pk}/", {"text": "x"}, format="json"),
        client.delete(f"{API}/local-measures/{measure.pk}/"),
        client.patch(f"{API}/entries/{entry.pk}/", {"narrative": "x"}, format="json"),
        client.post(f"{API}/reports/{report.pk}/submit/"),
    ]
    assert {c.status_code for c in calls} <= codes, [c.status_code for c in calls]
    assert _snapshot(local_plan) == before
    entry.refresh_from_db()
    report.refresh_from_db()
    assert entry.narrative == "" and report.status == "draft"
    assert LocalPlan.objects.count() == 1


def test_chain_for_each_kind_of_municipality(territory):
    from tendik.geography.services import unit_create

    halmion = plan_perms.approval_chain(territory["halmion"])
    assert (halmion.rayon, halmion.oblast) == (territory["kadamjay"], territory["batken"])
    aydarken = plan_perms.approval_chain(territory["aydarken"])  # a town inside a rayon
    assert aydarken.rayon == territory["kadamjay"]
    city = unit_create(code="41705410000010", level="city", parent=territory["batken"], name_ru="г. Баткен")
    direct = plan_perms.approval_chain(city)
    assert direct.rayon is None and direct.oblast == territory["batken"]
