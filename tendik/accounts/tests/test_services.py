"""Services: grants within scope, validation, audit in the same transaction, demo accounts."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tendik.accounts import services
from tendik.accounts.models import RoleAssignment, User
from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm, Role
from tendik.audit.context import acting_as
from tendik.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_role_assign_is_idempotent_and_reactivates(territory, make_user):
    user = make_user()
    first = services.role_assign(user=user, role=Role.FOCAL_POINT, unit=territory["batken"])
    assert services.role_assign(user=user, role=Role.FOCAL_POINT, unit=territory["batken"]) == first
    services.role_revoke(assignment=first)
    assert not has_perm(user, Perm.REPORT_REVIEW)
    again = services.role_assign(user=user, role=Role.FOCAL_POINT, unit=territory["batken"])
    assert again.pk == first.pk and again.is_active
    assert has_perm(user, Perm.REPORT_REVIEW, unit=territory["halmion"])


def test_role_assign_validates(territory, make_user, make_committee):
    user = make_user()
    with pytest.raises(ValidationError):
        services.role_assign(user=user, role=Role.COMMITTEE_CHAIR, unit=territory["halmion"])
    with pytest.raises(ValidationError):
        services.role_assign(user=user, role=Role.VIEWER, committee=make_committee())
    with pytest.raises(ValidationError):
        services.role_assign(user=user, role="nobody")
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_grants_stay_inside_the_actors_scope(territory, make_user):
    batken_admin = make_user(Role.ADMIN, unit=territory["batken"])
    coordinator = make_user(Role.NATIONAL_COORDINATOR)
    target = make_user()
    with pytest.raises(PermissionDenied):
        services.role_assign(user=target, role=Role.FOCAL_POINT, unit=territory["naryn"], actor=batken_admin)
    with pytest.raises(PermissionDenied):
        services.role_assign(user=target, role=Role.ADMIN, unit=territory["batken"], actor=batken_admin)
    with pytest.raises(PermissionDenied):
        services.role_assign(user=target, role=Role.ADMIN, actor=coordinator)
    assert not RoleAssignment.objects.filter(user=target).exists()
    services.role_assign(user=target, role=Role.FOCAL_POINT, unit=territory["leilek"], actor=batken_admin)
    assert RoleAssignment.objects.filter(user=target).count() == 1


def test_user_create_checks_scope_first(territory, make_user):
    batken_admin = make_user(Role.ADMIN, unit=territory["batken"])
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=batken_admin,
            username="x",
            password="Нарын-2025-күз",
            role=Role.VIEWER,
            unit=territory["naryn"],
            full_name="X",
        )
    assert not User.objects.filter(username="x").exists()
    with pytest.raises(ValidationError):
        services.user_create(
            actor=batken_admin, username="x", password="123", role=Role.VIEWER, unit=territory["batken"], full_name="X"
        )
    assert not User.objects.filter(username="x").exists()
    user = services.user_create(
        actor=batken_admin,
        username="x",
        password="Нарын-2025-күз",
        role=Role.VIEWER,
        unit=territory["batken"],
        full_name="X",
        organisation="Баткен",
    )
    assert user.organisation == "Баткен" and user.check_password("Нарын-2025-күз")
    with pytest.raises(ValidationError):
        services.user_create(
            actor=batken_admin,
            username="X",
            password="Нарын-2025-күз",
            role=Role.VIEWER,
            unit=territory["batken"],
            full_name="Y",
        )


def test_audit_row_carries_actor_and_address(territory, make_user):
    admin = make_user(Role.ADMIN)
    target = make_user()
    with acting_as(admin, ip="192.0.2.7", source="web"):
        services.user_update(user=target, actor=admin, position="Ведущий специалист")
    entry = AuditEntry.objects.filter(object_id=str(target.pk), content_type__model="user").latest("id")
    assert (entry.actor_id, entry.ip, entry.source) == (admin.pk, "192.0.2.7", "web")
    assert entry.changes == {"position": ["", "Ведущий специалист"]}


def test_rolled_back_change_leaves_no_audit_row(territory, make_user):
    target = make_user()
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.user_update(user=target, position="Временно")
        services.role_assign(user=target, role=Role.VIEWER)
        assert AuditEntry.objects.count() == before + 2  # written inside the transaction...
        raise RuntimeError("the request failed")
    assert AuditEntry.objects.count() == before  # ...and gone with it
    target.refresh_from_db()
    assert target.position == ""


def test_unchanged_profile_writes_nothing(make_user):
    target = make_user(full_name="Айгуль")
    before = AuditEntry.objects.count()
    services.user_update(user=target, full_name="Айгуль")
    assert AuditEntry.objects.count() == before


def test_user_update_refuses_other_fields(make_user):
    with pytest.raises(TypeError):
        services.user_update(user=make_user(), is_superuser=True)


def test_deactivate_keeps_the_user(make_user):
    admin, target = make_user(Role.ADMIN), make_user(Role.VIEWER)
    services.user_deactivate(user=target, actor=admin)
    target.refresh_from_db()
    assert not target.is_active and not has_perm(target, Perm.PLANS_VIEW)
    services.user_activate(user=target, actor=admin)
    target.refresh_from_db()
    assert target.is_active and has_perm(target, Perm.PLANS_VIEW)
    with pytest.raises(PermissionDenied):
        services.user_deactivate(user=admin, actor=admin)


def test_demo_user_ensure_is_idempotent(territory):
    first = services.demo_user_ensure(
        username="demo", full_name="Айгуль Сыдыкова", role=Role.FOCAL_POINT, unit=territory["batken"]
    )
    count = AuditEntry.objects.count()
    again = services.demo_user_ensure(
        username="demo", full_name="Айгуль Сыдыкова", role=Role.FOCAL_POINT, unit=territory["batken"]
    )
    assert first.pk == again.pk and AuditEntry.objects.count() == count
    assert again.check_password(services.DEMO_PASSWORD)
