"""Django admin shows the audit trail read-only, to national auditors only."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from tendik.audit.models import AccessLogEntry, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(territory, make_user):
    return make_user("admin", username="root", is_superuser=True, is_staff=True)


def test_no_add_change_or_delete(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model in (AuditEntry, AccessLogEntry):
        model_admin = admin.site._registry[model]
        assert model_admin.has_view_permission(request)
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)


def test_pages(superuser, login):
    client = login(superuser)
    entry = AuditEntry.objects.first()
    before = AuditEntry.objects.count()
    assert client.get("/admin/audit/auditentry/").status_code == 200
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    response = client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    response = client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"object_repr": "forged"})
    assert response.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).object_repr != "forged"
    assert AuditEntry.objects.filter(pk=entry.pk).exists() and AuditEntry.objects.count() >= before
    assert client.get("/admin/audit/accesslogentry/").status_code == 200


def test_staff_without_national_audit_permission_sees_nothing(territory, make_user, login):
    staff = make_user("admin", unit=territory["batken"], username="staff", is_staff=True, is_superuser=True)
    # even a superuser flag does not open the trail without the national grant: one place decides
    assert login(staff).get("/admin/audit/auditentry/").status_code == 403
