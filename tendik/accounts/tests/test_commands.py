"""Demo accounts: load_demo_users is idempotent and skips missing territories; demo_accounts lists them."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from tendik.accounts.models import RoleAssignment, User
from tendik.accounts.roles import Role
from tendik.accounts.services import DEMO_PASSWORD
from tendik.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def osh(territory):
    from tendik.geography.services import unit_create

    return unit_create(code="41706000000000", level="oblast", name_ru="Ошская область", name_ky="Ош", name_en="Osh")


def test_load_demo_users_is_idempotent(osh):
    call_command("load_demo_users", stderr=StringIO())
    users = set(User.objects.values_list("username", flat=True))
    assert users == {
        "admin",
        "coordinator",
        "focal_batken",
        "focal_kadamjay",
        "officer_halmion",
        "monitor_osh",
        "viewer",
    }
    assert User.objects.get(username="admin").is_superuser
    assert RoleAssignment.objects.get(user__username="admin").role == Role.ADMIN
    coordinator = User.objects.get(username="coordinator")
    assert coordinator.full_name == "Айгуль Сыдыкова" and coordinator.check_password(DEMO_PASSWORD)
    scopes = dict(RoleAssignment.objects.values_list("user__username", "unit__code"))
    assert scopes == {
        "admin": None,
        "coordinator": None,
        "viewer": None,
        "focal_batken": "41705000000000",
        "focal_kadamjay": "41705258000000",
        "officer_halmion": "41705258860000",
        "monitor_osh": "41706000000000",
    }
    counts = (User.objects.count(), RoleAssignment.objects.count(), AuditEntry.objects.count())
    call_command("load_demo_users", stderr=StringIO())
    assert (User.objects.count(), RoleAssignment.objects.count(), AuditEntry.objects.count()) == counts


def test_load_demo_users_without_territories(db):
    err = StringIO()
    call_command("load_demo_users", stderr=err)
    assert set(User.objects.values_list("username", flat=True)) == {"admin", "coordinator", "viewer"}
    assert "41705000000000" in err.getvalue() and "load_territories" in err.getvalue()


def test_demo_accounts_table(osh, make_user):
    call_command("load_demo_users", stderr=StringIO())
    make_user(Role.VIEWER, username="real_person")
    User.objects.create_user(username="gone", password="x-long-password-1", is_active=False)
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    text = out.getvalue()
    lines = {line.split()[0]: line for line in text.splitlines() if line.strip() and not line.startswith(" ")}
    assert "gone" not in lines
    assert DEMO_PASSWORD in lines["coordinator"] and "not required" in lines["coordinator"]
    assert "set up at first sign-in" in lines["admin"]
    assert "Territorial gender focal point" in lines["focal_kadamjay"] or "Кадамжай" in lines["focal_kadamjay"]
    assert DEMO_PASSWORD not in lines["real_person"]
