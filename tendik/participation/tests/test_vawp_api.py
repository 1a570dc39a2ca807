"""VAWP API: open submission with throttling, receipts, follow-up in scope only (logged), suppressed statistics."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tendik.audit.models import AccessLogEntry
from tendik.participation.models import VawpReport, VawpReportEvent
from tendik.participation.selectors.vawp import IDENTITY_PURPOSE
from tendik.participation.tests.vawp_fixtures import NAME, PHONE, _fresh_rate_limits, gps_jpeg, submit, vawp

__all__ = ["_fresh_rate_limits", "vawp"]

pytestmark = pytest.mark.django_db

BASE = "/api/v1/participation/vawp/"


def _payload(unit, **extra):
    data = {
        "reporter_role": "activist",
        "unit": unit.code,
        "kinds": ["sexual_harassment"],
        "perpetrators": ["official"],
        "support": ["psychological", "peer"],
        "name": NAME,
        "phone": PHONE,
    }
    data.update(extra)
    return data


def _api(user=None):
    client = APIClient()
    if user is not None:
        from conftest import signed_in

        client = APIClient()
        client.cookies = signed_in(user).cookies
    return client


def test_anyone_can_submit_and_check_the_status(vawp):
    response = _api().post(BASE + "reports/submit/", _payload(vawp.leilek), format="json")
    assert response.status_code == 201, response.json()
    code, secret = response.json()["code"], response.json()["secret"]
    report = VawpReport.objects.get(code=code)
    assert report.oblast == vawp.batken and report.reporter_phone == PHONE
    status = _api().post(BASE + "status/", {"code": code, "secret": secret}, format="json")
    assert status.status_code == 200 and status.json()["state"] == "received"
    assert NAME not in status.content.decode() and PHONE not in status.content.decode()
    assert _api().post(BASE + "status/", {"code": code, "secret": "X"}, format="json").status_code == 404


def test_multipart_submission_with_a_picture(vawp):
    photo = SimpleUploadedFile("p.jpg", gps_jpeg(), "image/jpeg")
    data = {**_payload(vawp.batken), "evidence": [photo]}
    response = _api().post(BASE + "reports/submit/", data, format="multipart")
    assert response.status_code == 201, response.json()
    assert VawpReport.objects.get(code=response.json()["code"]).evidence.count() == 1
    exe = SimpleUploadedFile("p.jpg", b"MZ" + b"\x00" * 100, "image/jpeg")
    refused = _api().post(BASE + "reports/submit/", {**_payload(vawp.batken), "evidence": [exe]}, format="multipart")
    assert refused.status_code == 400 and "evidence" in refused.json()["error"]["fields"]


def test_submission_is_throttled_per_address(vawp):
    client = _api()
    codes = [
        client.post(BASE + "reports/submit/", _payload(vawp.batken), format="json", REMOTE_ADDR="10.7.7.7").status_code
        for _ in range(6)
    ]
    assert codes == [201] * 5 + [429]
    assert VawpReport.objects.count() == 6


def test_invalid_submission_saves_nothing(vawp):
    response = _api().post(BASE + "reports/submit/", _payload(vawp.batken, kinds=[], phone=""), format="json")
    assert response.status_code == 400 and VawpReport.objects.count() == 1


def test_follow_up_matrix(vawp):
    detail = f"{BASE}follow-up/{vawp.report.code}/"
    move = detail + "move/"
    # anonymous
    assert _api().get(BASE + "follow-up/").status_code in (401, 403)
    assert _api().get(detail).status_code in (401, 403)
    assert _api().post(move, {"to_state": "in_contact"}, format="json").status_code in (401, 403)
    # wrong role
    for user in (vawp.viewer, vawp.focal, vawp.coordinator):
        client = _api(user)
        assert client.get(BASE + "follow-up/").status_code == 403
        assert client.get(detail).status_code == 403
        assert client.post(move, {"to_state": "in_contact"}, format="json").status_code == 403
    # right role, out of scope
    naryn = _api(vawp.support_naryn)
    assert naryn.get(BASE + "follow-up/").json()["count"] == 0
    assert naryn.get(detail).status_code == 404
    assert naryn.post(move, {"to_state": "in_contact"}, format="json").status_code == 404
    assert naryn.post(detail + "notes/", {"note": "x"}, format="json").status_code == 404
    vawp.report.refresh_from_db()
    assert vawp.report.state == "received" and VawpReportEvent.objects.count() == 1
    assert not AccessLogEntry.objects.exists()
    # in scope
    client = _api(vawp.support)
    listing = client.get(BASE + "follow-up/").json()
    assert listing["count"] == 1 and NAME not in str(listing)
    body = client.get(detail).json()
    assert body["identity"]["name"] == NAME and body["allowed_moves"] == ["in_contact", "closed", "declined"]
    assert AccessLogEntry.objects.filter(purpose=IDENTITY_PURPOSE, actor=vawp.support).count() == 1
    moved = client.post(move, {"to_state": "in_contact", "note": "Позвонила"}, format="json")
    assert moved.status_code == 200 and moved.json()["state"] == "in_contact"
    bad = client.post(move, {"to_state": "received"}, format="json")
    assert bad.status_code == 400
    assert client.post(detail + "notes/", {"note": "Встреча"}, format="json").status_code == 201


def test_statistics_are_suppressed_and_need_the_permission(vawp):
    for _ in range(5):
        submit(vawp.kadamjay, reporter_role="activist")
    submit(vawp.naryn, reporter_role="candidate")
    assert _api().get(BASE + "statistics/").status_code in (401, 403)
    assert _api(vawp.viewer).get(BASE + "statistics/").status_code == 403
    data = _api(vawp.coordinator).get(BASE + "statistics/").json()
    assert data["total"]["display"] in ("7", "–")  # the total may be hidden so that two 1s cannot be derived
    shown = [r["count"]["value"] for part in ("by_kind", "by_role", "by_oblast") for r in data[part]]
    assert all(v is None or v == 0 or v >= 5 for v in shown), shown
    naryn = next(r for r in data["by_oblast"] if r["key"] == vawp.naryn.code)
    assert naryn["count"] == {"value": None, "display": "<5", "suppressed": True, "reason": "small"}
    kinds = {r["key"]: r["survey_baseline"] for r in data["by_kind"]}
    assert "97" in kinds["sexual_harassment"] and "12" in kinds["obstruction"] and "14" in kinds["obstruction"]


def test_schema_lists_the_vawp_endpoints():
    response = APIClient().get("/api/v1/schema/")
    text = response.content.decode()
    for path in ("vawp/reports/submit/", "vawp/status/", "vawp/follow-up/{code}/", "vawp/statistics/"):
        assert path in text


def test_follow_up_list_api_query_count_does_not_grow(vawp, django_assert_max_num_queries):
    client = _api(vawp.support)
    for _ in range(3):
        submit(vawp.halmion)
    with django_assert_max_num_queries(12):
        assert client.get(BASE + "follow-up/?state=all").json()["count"] == 4
    for _ in range(9):
        submit(vawp.kulundu, kinds=["economic", "media"])
    with django_assert_max_num_queries(12):
        assert client.get(BASE + "follow-up/?state=all").json()["count"] == 13


def test_statistics_refuse_a_year_out_of_range_with_a_message(login, make_user):
    from tendik.accounts.roles import Role

    client = login(make_user(Role.NATIONAL_COORDINATOR))
    response = client.get("/api/v1/participation/vawp/statistics/?year=99999999999")
    assert response.status_code == 400
    assert "year" in response.json()["error"]["fields"]
    assert client.get("/api/v1/participation/vawp/statistics/?year=2025").status_code == 200
