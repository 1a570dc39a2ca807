"""The trail is append-only and written in the changing transaction, with who and from where."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from tendik.audit.context import acting_as, current
from tendik.audit.middleware import AuditContextMiddleware, client_ip
from tendik.audit.models import AccessLogEntry, AppendOnlyError, AuditAction, AuditEntry
from tendik.audit.services import access_log

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(territory):
    return territory["halmion"]


def test_create_update_delete_are_recorded(unit):
    # models of higher apps are looked up by label: audit imports nothing above it, tests included
    name = apps.get_model("geography", "UnitName").objects.create(unit=unit, name="Халмион", language="ru")
    name.name = "Халмиён"
    name.save()
    pk = name.pk
    name.delete()
    rows = list(AuditEntry.objects.filter(content_type__model="unitname", object_id=str(pk)).order_by("id"))
    assert [r.action for r in rows] == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    assert rows[1].changes == {"name": ["Халмион", "Халмиён"]}
    assert rows[2].changes["name"] == ["Халмиён", None]


def test_entries_cannot_be_changed_or_deleted(unit):
    entry = AuditEntry.objects.filter(object_id=str(unit.pk)).first()
    entry.changes = {"forged": [1, 2]}
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(changes={})
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).changes != {"forged": [1, 2]}


def test_access_log_is_append_only_too(unit):
    row = access_log(instance=unit, purpose="test.read")
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=row.pk).update(purpose="x")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=row.pk).delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only")
def test_database_refuses_raw_updates(unit):
    access_log(instance=unit, purpose="test.read")  # row triggers fire only on existing rows
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET object_repr = 'forged'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accesslogentry")


def test_rolled_back_change_leaves_no_row(unit):
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        unit.name_ru = "Новое имя"
        unit.save()
        assert AuditEntry.objects.count() > before
        raise RuntimeError
    assert AuditEntry.objects.count() == before


def test_actor_and_address_from_the_context(unit, make_user):
    user = make_user()
    with acting_as(user, ip="203.0.113.9", source="command"):
        unit.name_en = "Halmion"
        unit.save()
        access_log(instance=unit, purpose="unit.read")
    entry = AuditEntry.objects.filter(object_id=str(unit.pk)).latest("id")
    assert (entry.actor_id, entry.actor_label, entry.ip, entry.source) == (
        user.pk,
        user.username,
        "203.0.113.9",
        "command",
    )
    read = AccessLogEntry.objects.latest("id")
    assert (read.actor_id, read.ip, read.purpose) == (user.pk, "203.0.113.9", "unit.read")


def test_without_actor_the_source_is_recorded(unit):
    unit.name_en = "Khalmion"
    unit.save()
    entry = AuditEntry.objects.filter(object_id=str(unit.pk)).latest("id")
    assert entry.actor is None and entry.actor_label == "<system>"


def test_user_known_only_inside_the_view_is_recorded(unit, make_user):
    """API tokens are authenticated inside the view, after the middleware: the actor is read at write time."""
    user = make_user()
    from django.contrib.auth.models import AnonymousUser

    def view(request):
        request.user = user  # what DRF does after authenticating a token
        unit.name_ky = "Халмион"
        unit.save()
        from django.http import HttpResponse

        return HttpResponse("ok")

    request = RequestFactory().post("/api/v1/x/", REMOTE_ADDR="198.51.100.4")
    request.user = AnonymousUser()
    AuditContextMiddleware(view)(request)
    entry = AuditEntry.objects.filter(object_id=str(unit.pk)).latest("id")
    assert (entry.actor_id, entry.ip, entry.source) == (user.pk, "198.51.100.4", "api")
    assert current().request is None  # the context ends with the request


def test_client_ip(settings):
    rf = RequestFactory()
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"
    assert client_ip(rf.get("/", REMOTE_ADDR="not-an-address")) is None
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    # the proxy appends the real client last; a forged first entry is ignored
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "203.0.113.5"
    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR="junk", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


def test_web_request_writes_actor_and_address(territory, make_user, login):
    from django.urls import reverse

    admin = make_user("admin")
    target = make_user("viewer")
    login(admin).post(
        reverse("accounts:user_edit", args=[target.pk]),
        {"full_name": "Б. Асанова", "language": "ru"},
        REMOTE_ADDR="10.9.8.7",
    )
    entry = AuditEntry.objects.filter(object_id=str(target.pk), content_type__model="user").latest("id")
    assert (entry.actor_id, entry.ip, entry.source) == (admin.pk, "10.9.8.7", "web")
