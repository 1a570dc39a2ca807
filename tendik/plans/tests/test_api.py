"""API under /api/v1/plans/: authorisation matrix, the full cycle by each role, validation messages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tendik.plans.models import LocalMeasure, LocalPlan, ReportEntry, ReportStatus

API = "/api/v1/plans"


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def read_urls(report, local_plan, catalogue):
    entry = report.entries.first()
    return {
        "plans": f"{API}/plans/",
        "plan": f"{API}/plans/{catalogue['plan'].code}/",
        "measures": f"{API}/measures/?q=women",
        "measure": f"{API}/measures/{catalogue['m1'].pk}/",
        "indicators": f"{API}/indicators/",
        "indicator": f"{API}/indicators/people_trained/",
        "local_plans": f"{API}/local-plans/",
        "local_plan": f"{API}/local-plans/{local_plan.pk}/",
        "local_measures": f"{API}/local-measures/?local_plan={local_plan.pk}",
        "local_measure": f"{API}/local-measures/{local_plan.measures.first().pk}/",
        "reports": f"{API}/reports/",
        "report": f"{API}/reports/{report.pk}/",
        "entries": f"{API}/entries/?report={report.pk}",
        "entry": f"{API}/entries/{entry.pk}/",
        "data_values": f"{API}/data-values/",
    }


OBJECTS = {"local_plan", "local_measure", "report", "entry"}
LISTS_IN_SCOPE = {"local_plans", "local_measures", "reports", "entries"}
# The national catalogue is public for reading: anyone, signed in or not, with or without a role.
PUBLIC_CATALOGUE = {"plans", "plan", "measures", "measure", "indicators", "indicator"}


@pytest.mark.parametrize(
    "name",
    sorted(
        [
            "plans",
            "plan",
            "measures",
            "measure",
            "indicators",
            "indicator",
            "local_plans",
            "local_plan",
            "local_measures",
            "local_measure",
            "reports",
            "report",
            "entries",
            "entry",
            "data_values",
        ]
    ),
)
def test_read_matrix(name, report, local_plan, catalogue, roles):
    url = read_urls(report, local_plan, catalogue)[name]
    if name in PUBLIC_CATALOGUE:
        assert api().get(url).status_code == 200
        assert api(roles["nobody"]).get(url).status_code == 200
    else:
        assert api().get(url).status_code in (401, 403)
        assert api(roles["nobody"]).get(url).status_code == 403
    assert api(roles["officer"]).get(url).status_code == 200
    assert api(roles["fp_rayon"]).get(url).status_code == 200
    other = api(roles["officer_other"]).get(url)
    if name in OBJECTS:
        assert other.status_code == 404
        assert api(roles["fp_naryn"]).get(url).status_code == 404
    else:
        assert other.status_code == 200
        if name in LISTS_IN_SCOPE:
            body = other.json()
            assert (body["results"] if isinstance(body, dict) else body) == []


def test_plan_detail_nests_areas_goals_measures(catalogue, roles):
    body = api(roles["viewer"]).get(f"{API}/plans/{catalogue['plan'].code}/").json()
    goal = body["areas"][0]["goals"][0]
    assert [m["number"] for m in goal["measures"]] == ["1.1", "1.2", "1.3"]
    assert goal["measures"][0]["sdg_targets"] == ["5.5"] and goal["measures"][0]["text_ky"] == "Аялдарды окутуу"


def test_anonymous_reads_the_catalogue_in_three_languages_but_cannot_write_it(catalogue):
    body = api().get(f"{API}/plans/{catalogue['plan'].code}/").json()
    measure = body["areas"][0]["goals"][0]["measures"][0]
    assert (measure["text_ru"], measure["text_ky"], measure["text_en"]) == (
        catalogue["m1"].text_ru,
        "Аялдарды окутуу",
        "Train women",
    )
    url = f"{API}/measures/{catalogue['m1'].pk}/"
    assert api().patch(url, {"text_en": "x"}, format="json").status_code in (401, 403)
    catalogue["m1"].refresh_from_db()
    assert catalogue["m1"].text_en == "Train women"


def test_measure_update_only_by_catalogue_managers(catalogue, roles):
    url = f"{API}/measures/{catalogue['m1'].pk}/"
    for who in ("officer", "fp_rayon", "viewer", "nobody"):
        assert api(roles[who]).patch(url, {"text_en": "x"}, format="json").status_code == 403
    catalogue["m1"].refresh_from_db()
    assert catalogue["m1"].text_en == "Train women"
    assert api(roles["coordinator"]).patch(url, {"text_en": "Train women and girls"}, format="json").status_code == 200
    catalogue["m1"].refresh_from_db()
    assert catalogue["m1"].text_en == "Train women and girls"


def test_local_plan_and_measures_written_by_officer_in_scope(catalogue, territory, roles):
    payload = {"municipality": territory["halmion"].code, "start_year": 2025, "end_year": 2027, "title": "План"}
    assert api(roles["officer_other"]).post(f"{API}/local-plans/", payload, format="json").status_code == 403
    assert api(roles["fp_rayon"]).post(f"{API}/local-plans/", payload, format="json").status_code == 403
    assert LocalPlan.objects.count() == 0
    created = api(roles["officer"]).post(f"{API}/local-plans/", payload, format="json")
    assert created.status_code == 201, created.json()
    plan_id = created.json()["id"]
    measure = {
        "local_plan": plan_id,
        "national_measure": catalogue["m2"].pk,
        "responsible_person": "Исаева",
        "start": "2025-01-01",
        "end": "2025-12-31",
        "budget_local": "15000.00",
    }
    assert api(roles["officer_other"]).post(f"{API}/local-measures/", measure, format="json").status_code in (400, 404)
    r = api(roles["officer"]).post(f"{API}/local-measures/", measure, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["indicators"] == ["at_risk_families", "at_risk_families_covered"]
    bad = api(roles["officer"]).post(
        f"{API}/local-measures/",
        {**measure, "national_measure": None, "text": "Своя", "budget_local": "-1"},
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"]["budget_local"] == ["An amount cannot be negative."]
    assert LocalMeasure.objects.count() == 1
    patched = api(roles["officer"]).patch(
        f"{API}/local-plans/{plan_id}/", {"programme": "ПСЭР", "version": 1}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["planned"] == "15000.00"


def test_full_cycle_through_the_api(local_plan, roles):
    officer, rayon, oblast, ministry = (api(roles[k]) for k in ("officer", "fp_rayon", "fp_oblast", "coordinator"))
    r = officer.post(f"{API}/reports/", {"local_plan": local_plan.pk, "period": "2025-H1"}, format="json")
    assert r.status_code == 201, r.json()
    report_id = r.json()["id"]
    assert (
        api(roles["officer_other"])
        .post(f"{API}/reports/", {"local_plan": local_plan.pk, "period": "2025-H2"}, format="json")
        .status_code
        == 404
    )
    entries = officer.get(f"{API}/entries/?report={report_id}").json()["results"]
    for e in entries:
        r = officer.patch(
            f"{API}/entries/{e['id']}/",
            {"status": "in_progress", "progress": 50, "narrative": "ok", "spent_local": "100", "version": e["version"]},
            format="json",
        )
        assert r.status_code == 200, r.json()
    trained = next(e for e in entries if e["local_measure"] == local_plan.measures.get(number="1").pk)
    r = officer.patch(
        f"{API}/entries/{trained['id']}/",
        {
            "values": [
                {"indicator": "people_trained", "combo": "sex=female", "value": "20"},
                {"indicator": "people_trained", "combo": "sex=male", "value": "4"},
            ],
            "version": trained["version"] + 1,
        },
        format="json",
    )
    assert r.status_code == 200 and len(r.json()["entry"]["values"]) == 2
    assert rayon.post(f"{API}/reports/{report_id}/submit/").status_code == 403
    assert officer.post(f"{API}/reports/{report_id}/submit/").json()["status"] == ReportStatus.SUBMITTED
    assert rayon.get(f"{API}/reports/?waiting=1").json()["results"][0]["waiting_for"] == "rayon"
    assert oblast.get(f"{API}/reports/?waiting=1").json()["results"] == []  # the rayon's step is the rayon's
    returned = rayon.post(f"{API}/reports/{report_id}/return/", {"comment": ""}, format="json")
    assert returned.status_code == 400 and "comment" in returned.json()["error"]["fields"]
    assert rayon.post(f"{API}/reports/{report_id}/return/", {"comment": "Уточните"}, format="json").status_code == 200
    assert officer.post(f"{API}/reports/{report_id}/submit/").status_code == 200
    assert ministry.post(f"{API}/reports/{report_id}/accept/").status_code == 400
    assert rayon.post(f"{API}/reports/{report_id}/approve/").json()["status"] == ReportStatus.RAYON_APPROVED
    again = rayon.post(f"{API}/reports/{report_id}/approve/")  # her level's step is taken: the report moved on
    assert again.status_code == 400 and "already been approved at your level" in again.content.decode()
    assert oblast.post(f"{API}/reports/{report_id}/approve/").json()["waiting_for"] == "ministry"
    assert ministry.post(f"{API}/reports/{report_id}/accept/").json()["status"] == ReportStatus.ACCEPTED
    locked = officer.patch(f"{API}/entries/{trained['id']}/", {"narrative": "late change"}, format="json")
    assert locked.status_code == 403
    assert ReportEntry.objects.get(pk=trained["id"]).narrative == "ok"
    detail = officer.get(f"{API}/reports/{report_id}/").json()
    assert [h["action"] for h in detail["history"]] == [
        "create",
        "submit",
        "return",
        "submit",
        "approve_rayon",
        "approve_oblast",
        "accept",
    ]


def test_entry_validation_messages_through_api(report, roles):
    officer = api(roles["officer"])
    entry = report.entries.get(local_measure__indicators__code="at_risk_families")
    r = officer.patch(
        f"{API}/entries/{entry.pk}/",
        {
            "status": "in_progress",
            "progress": 10,
            "version": entry.version,
            "values": [
                {"indicator": "at_risk_families", "combo": "", "value": "5"},
                {"indicator": "at_risk_families_covered", "combo": "", "value": "8"},
            ],
        },
        format="json",
    )
    assert r.status_code == 400
    fields = r.json()["error"]["fields"]
    assert "cannot exceed its total" in fields["value:at_risk_families_covered:"][0]
    r = officer.patch(
        f"{API}/entries/{entry.pk}/",
        {"values": [{"indicator": "at_risk_families", "combo": "", "value": "-2"}], "version": entry.version},
        format="json",
    )
    assert r.json()["error"]["fields"]["value:at_risk_families:"] == ["A figure cannot be negative."]
    assert not entry.local_measure.values.exists()


def test_data_values_hide_other_territories_reports(report, roles, catalogue):
    from decimal import Decimal

    from tendik.plans.models import DataValue
    from tendik.plans.services.periods import period_get

    DataValue.objects.create(
        indicator=catalogue["deputies"],
        unit=None,
        period=period_get(code="2024"),
        combo="sex=female",
        value=Decimal(10),
    )
    DataValue.objects.create(
        indicator=catalogue["trained"],
        unit=report.municipality,
        period=report.period,
        combo="sex=female",
        value=Decimal(3),
        report=report,
        local_measure=report.local_plan.measures.first(),
    )
    mine = api(roles["officer"]).get(f"{API}/data-values/").json()["results"]
    theirs = api(roles["officer_other"]).get(f"{API}/data-values/").json()["results"]
    assert len(mine) == 2 and len(theirs) == 1 and theirs[0]["unit"] is None


def test_schema_has_the_plans_endpoints(db):
    body = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/plans/reports/{id}/approve/" in body and "/api/v1/plans/plans/{code}/" in body


def test_stale_entry_patch_is_refused_with_the_difference(report, roles):
    """Issue 12 item 2: two people editing one entry through the API; the second, stale, save is refused."""
    officer = api(roles["officer"])
    entry = report.entries.first()
    v = entry.version
    first = officer.patch(f"{API}/entries/{entry.pk}/", {"narrative": "first", "version": v}, format="json")
    assert first.status_code == 200 and first.json()["entry"]["version"] == v + 1
    second = officer.patch(f"{API}/entries/{entry.pk}/", {"narrative": "second", "version": v}, format="json")
    assert second.status_code == 409
    body = second.json()
    assert body["error"]["code"] == "stale_version" and body["current_version"] == v + 1
    assert [(d["field"], d["yours"], d["theirs"]) for d in body["diff"]] == [("narrative", "second", "first")]
    missing = officer.patch(f"{API}/entries/{entry.pk}/", {"narrative": "third"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()["error"]["fields"]
    entry.refresh_from_db()
    assert entry.narrative == "first" and entry.version == v + 1
