"""Audit API: read-only (GET), national audit permission only, the same filters as the pages."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from tendik.audit.models import AccessLogEntry, AuditEntry
from tendik.audit.tests.conftest import make_entries, yesterday

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/audit/entries/", "/api/v1/audit/access/"]


def _counts():
    return AuditEntry.objects.count(), AccessLogEntry.objects.count()


def _any_id(url):
    model = AuditEntry if "entries" in url else AccessLogEntry
    return model.objects.values_list("pk", flat=True).first()


def test_anonymous_is_refused(trail, client):
    for url in LISTS:
        assert client.get(url).status_code in (401, 403)


@pytest.mark.parametrize("who", ["coordinator", "clerk", "batken_admin"])
def test_without_national_audit_permission_403(trail, login, who):
    client = login(trail[who])
    for url in LISTS:
        assert client.get(url).status_code == 403
        assert client.get(f"{url}{_any_id(url)}/").status_code == 403


def test_list_and_detail(trail, login):
    client = login(trail["auditor"])
    data = client.get("/api/v1/audit/entries/", {"user": "clerk"}).json()
    assert data["count"] >= 1
    row = data["results"][0]
    assert row["actor_label"] == "clerk" and row["ip"] == "10.1.1.1" and row["content_type"].startswith("geography.")
    assert row["changes"]["name_en"] == ["", "Halmion"]
    detail = client.get(f"/api/v1/audit/entries/{row['id']}/").json()
    assert detail["id"] == row["id"]
    reads = client.get("/api/v1/audit/access/", {"user": "coordinator"}).json()
    assert [r["purpose"] for r in reads["results"]] == ["unit.export"]


def test_filters(trail, login):
    client = login(trail["auditor"])

    def ids(url, **params):
        response = client.get(url, params)
        assert response.status_code == 200, response.json()
        return [r["object_id"] for r in response.json()["results"]]

    unit_id = str(trail["unit"].pk)
    assert set(ids("/api/v1/audit/entries/", content_type="geography.administrativeunit", object_id=unit_id)) == {
        unit_id
    }
    assert ids("/api/v1/audit/entries/", to=yesterday().isoformat()) == []
    assert ids("/api/v1/audit/access/", **{"from": yesterday().isoformat(), "user": str(trail["clerk"].pk)}) == [
        unit_id
    ]
    assert ids("/api/v1/audit/entries/", action="delete") == []


def test_bad_filters_are_400(trail, login):
    client = login(trail["auditor"])
    for params in [
        {"user": "ghost"},
        {"content_type": "nothing.here"},
        {"from": "yesterday"},
        {"from": "2025-05-23", "to": "2025-05-12"},
    ]:
        response = client.get("/api/v1/audit/entries/", params)
        assert response.status_code == 400, params
        assert response.json()["error"]["code"] == "invalid"


@pytest.mark.parametrize("url", LISTS)
def test_no_writes_possible(trail, login, url):
    """POST, PUT, PATCH and DELETE: 405 for the auditor, 403 for others; nothing changes either way."""
    item = f"{url}{_any_id(url)}/"
    before = _counts()
    snapshot = (
        list(AuditEntry.objects.values_list("pk", "changes")),
        list(AccessLogEntry.objects.values_list("pk", "purpose")),
    )
    auditor = login(trail["auditor"])
    assert auditor.post(url, {"object_id": "1", "purpose": "x"}, content_type="application/json").status_code == 405
    for method in ("put", "patch"):
        assert getattr(auditor, method)(item, {"purpose": "x"}, content_type="application/json").status_code == 405
    assert auditor.delete(item).status_code == 405
    other = login(trail["clerk"])
    assert other.post(url, {}).status_code == 403
    assert other.delete(item).status_code == 403
    assert _counts() == before
    assert (
        list(AuditEntry.objects.values_list("pk", "changes")),
        list(AccessLogEntry.objects.values_list("pk", "purpose")),
    ) == snapshot


def test_token_access_for_the_auditor(trail, client):
    token = Token.objects.create(user=trail["auditor"])
    response = client.get("/api/v1/audit/entries/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200


@pytest.mark.parametrize("url", LISTS)
def test_query_count_does_not_grow(trail, login, url, django_assert_max_num_queries):
    client = login(trail["auditor"])
    make_entries(10, trail["clerk"], trail["unit"])
    with django_assert_max_num_queries(14) as small:
        client.get(url)
    make_entries(30, trail["clerk"], trail["unit"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
