"""Audit pages: who may read them, what the filters find, before/after per field, constant query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tendik.audit.models import AccessLogEntry, AuditEntry
from tendik.audit.tests.conftest import make_entries, yesterday

pytestmark = pytest.mark.django_db

PAGES = [reverse("audit:index"), reverse("audit:access")]


def _counts():
    return AuditEntry.objects.count(), AccessLogEntry.objects.count()


def test_anonymous_is_sent_to_sign_in(trail, client):
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["coordinator", "clerk", "batken_admin"])
def test_others_get_403(trail, login, who):
    # batken_admin holds the audit permission, but only for Batken: the trail spans the country, so no.
    client = login(trail[who])
    for url in PAGES:
        assert client.get(url).status_code == 403, url


def test_national_administrator_reads_both_logs(trail, login):
    client = login(trail["auditor"])
    changes = client.get(reverse("audit:index"))
    assert changes.status_code == 200
    html = changes.content.decode()
    assert "Halmion" in html and "clerk" in html and "10.1.1.1" in html
    access = client.get(reverse("audit:access"))
    assert access.status_code == 200 and "unit.export" in access.content.decode()


def test_before_and_after_per_field(trail, login):
    client = login(trail["auditor"])
    response = client.get(
        reverse("audit:index"),
        {"content_type": "geography.administrativeunit", "object_id": trail["unit"].pk, "action": "update"},
    )
    entry = response.context["page"].object_list[0]
    labels = {row[0]: row[1:] for row in entry.rows}
    assert ("—", "Halmion") in labels.values()
    assert any("English" in str(label) or "англ" in str(label).lower() for label in labels)
    assert '<td class="before">—</td><td class="after">Halmion</td>' in response.content.decode()


def test_filters(trail, login):
    client = login(trail["auditor"])

    def found(url, **params):
        response = client.get(url, params)
        assert response.status_code == 200
        return list(response.context["page"].object_list)

    by_clerk = found(reverse("audit:index"), user="clerk")
    assert by_clerk and {e.actor_id for e in by_clerk} == {trail["clerk"].pk}
    by_id = found(reverse("audit:index"), user=str(trail["coordinator"].pk))
    assert {e.actor_id for e in by_id} == {trail["coordinator"].pk}
    units = found(reverse("audit:index"), content_type="geography.administrativeunit")
    assert units and {e.content_type.model for e in units} == {"administrativeunit"}
    one = found(reverse("audit:index"), content_type="geography.administrativeunit", object_id=trail["other"].pk)
    assert {e.object_id for e in one} == {str(trail["other"].pk)}
    assert found(reverse("audit:index"), to=yesterday().isoformat()) == []
    assert found(reverse("audit:index"), **{"from": yesterday().isoformat()})
    reads = found(reverse("audit:access"), user="coordinator")
    assert [e.purpose for e in reads] == ["unit.export"]
    assert found(reverse("audit:access"), object_id=trail["unit"].pk)[0].purpose == "unit.read"


def test_invalid_filters_show_errors_not_everything(trail, login):
    client = login(trail["auditor"])
    response = client.get(reverse("audit:index"), {"user": "nobody-like-this"})
    assert response.status_code == 200 and response.context["form"].errors["user"]
    assert list(response.context["page"].object_list) == []
    response = client.get(reverse("audit:index"), {"from": "2025-05-23", "to": "2025-05-12"})
    assert response.context["form"].errors["to"]


def test_reading_the_trail_changes_nothing(trail, login):
    client = login(trail["auditor"])
    client.get(reverse("audit:index"))  # the first request's session writes are not the trail's business
    before = _counts()
    for url in PAGES:
        client.get(url, {"user": "clerk"})
    assert _counts() == before


@pytest.mark.parametrize("url", PAGES)
def test_query_count_does_not_grow(trail, login, url, django_assert_max_num_queries):
    client = login(trail["auditor"])
    make_entries(10, trail["clerk"], trail["unit"])
    with django_assert_max_num_queries(14) as small:
        client.get(url)
    make_entries(30, trail["clerk"], trail["unit"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 25
    assert client.get(url, {"page": 2}).status_code == 200
