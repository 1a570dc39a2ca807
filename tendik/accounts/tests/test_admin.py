"""Django admin for users and roles: no deletion, grants through the services (scope checked)."""

from __future__ import annotations

import pytest

from tendik.accounts.models import RoleAssignment, User
from tendik.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(territory, make_user):
    return make_user(Role.ADMIN, username="root", is_superuser=True, is_staff=True)


def test_pages_open_for_the_administrator(root, make_user, login):
    target = make_user(Role.VIEWER, username="target")
    client = login(root)
    for url in [
        "/admin/accounts/user/",
        f"/admin/accounts/user/{target.pk}/change/",
        "/admin/accounts/roleassignment/",
        "/admin/accounts/roleassignment/add/",
    ]:
        assert client.get(url).status_code == 200, url


def test_users_are_never_deleted(root, make_user, login):
    target = make_user(Role.VIEWER, username="target")
    client = login(root)
    assert client.post(f"/admin/accounts/user/{target.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post("/admin/accounts/user/", {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"})
    assert User.objects.filter(pk=target.pk).exists()


def test_deactivate_action_and_profile_edit_go_through_services(root, make_user, login):
    target = make_user(Role.VIEWER, username="target")
    client = login(root)
    client.post("/admin/accounts/user/", {"action": "deactivate", "_selected_action": [target.pk]})
    target.refresh_from_db()
    assert not target.is_active
    response = client.post(
        f"/admin/accounts/user/{target.pk}/change/",
        {
            "full_name": "Эрмек Токтогулов",
            "language": "ky",
            "position": "",
            "organisation": "",
            "phone": "",
            "email": "",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.full_name == "Эрмек Токтогулов" and target.language == "ky"


def test_role_assignment_add_and_revoke(root, make_user, login, territory):
    target = make_user(username="target")
    client = login(root)
    response = client.post(
        "/admin/accounts/roleassignment/add/",
        {"user": target.pk, "role": Role.FOCAL_POINT, "unit": territory["naryn"].pk, "is_active": "on"},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=target)
    client.post("/admin/accounts/roleassignment/", {"action": "revoke", "_selected_action": [assignment.pk]})
    assignment.refresh_from_db()
    assert not assignment.is_active


def test_other_users_see_no_accounts_admin(territory, make_user, login):
    staff = make_user(Role.NATIONAL_COORDINATOR, username="staff", is_staff=True)
    assert login(staff).get("/admin/accounts/user/").status_code == 403
