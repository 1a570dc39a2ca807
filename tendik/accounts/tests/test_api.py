"""Accounts API: /me/ for everyone signed in, the user list for administrators within their scope."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from tendik.accounts.models import User
from tendik.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_me_lists_roles_scopes_and_permissions(territory, make_user, make_committee, login):
    user = make_user(Role.FOCAL_POINT, unit=territory["kadamjay"], full_name="Жылдыз Мамытова")
    committee = make_committee()
    from tendik.accounts.services import role_assign

    role_assign(user=user, role=Role.CASE_WORKER, committee=committee)
    role_assign(user=user, role=Role.VIEWER)
    data = login(user).get("/api/v1/accounts/me/").json()
    assert data["user"]["username"] == user.username and data["user"]["full_name"] == "Жылдыз Мамытова"
    scopes = {r["role"]: r["scope"] for r in data["user"]["roles"]}
    assert scopes[Role.FOCAL_POINT]["kind"] == "unit" and scopes[Role.FOCAL_POINT]["unit_code"] == "41705258000000"
    assert scopes[Role.CASE_WORKER]["kind"] == "committee" and scopes[Role.CASE_WORKER]["committee_id"] == committee.pk
    assert scopes[Role.VIEWER]["kind"] == "country"
    assert "plans.review_report" in data["permissions"] and "protection.view_case_identity" in data["permissions"]
    assert "accounts.manage_users" not in data["permissions"]
    assert data["two_factor_required"] is True


def test_me_requires_authentication(client):
    assert client.get("/api/v1/accounts/me/").status_code in (401, 403)


def test_me_with_a_token(make_user, client):
    user = make_user(Role.VIEWER)
    token = Token.objects.create(user=user)
    response = client.get("/api/v1/accounts/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and response.json()["user"]["id"] == user.pk


def test_user_list_matrix(territory, make_user, login, client):
    national = make_user(Role.ADMIN, username="root")
    batken_admin = make_user(Role.ADMIN, unit=territory["batken"], username="batken_admin")
    make_user(Role.FOCAL_POINT, unit=territory["kadamjay"], username="kadamjay_fp")
    make_user(Role.FOCAL_POINT, unit=territory["naryn"], username="naryn_fp")
    coordinator = make_user(Role.NATIONAL_COORDINATOR, username="coord")

    assert client.get("/api/v1/accounts/users/").status_code in (401, 403)
    assert login(coordinator).get("/api/v1/accounts/users/").status_code == 403
    scoped = login(batken_admin).get("/api/v1/accounts/users/").json()
    assert {u["username"] for u in scoped["results"]} == {"batken_admin", "kadamjay_fp"}
    naryn_fp = User.objects.get(username="naryn_fp")
    assert login(batken_admin).get(f"/api/v1/accounts/users/{naryn_fp.pk}/").status_code == 404
    everyone = login(national).get("/api/v1/accounts/users/").json()
    assert {u["username"] for u in everyone["results"]} >= {"root", "batken_admin", "kadamjay_fp", "naryn_fp"}
    found = login(national).get("/api/v1/accounts/users/", {"q": "naryn", "role": Role.FOCAL_POINT}).json()
    assert [u["username"] for u in found["results"]] == ["naryn_fp"]


def test_user_api_is_read_only(territory, make_user, login):
    national = make_user(Role.ADMIN)
    target = make_user(Role.VIEWER, username="target")
    client = login(national)
    assert client.post("/api/v1/accounts/users/", {"username": "new"}).status_code == 405
    url = f"/api/v1/accounts/users/{target.pk}/"
    assert client.patch(url, {"full_name": "X"}, content_type="application/json").status_code == 405
    assert client.delete(url).status_code == 405
    target.refresh_from_db()
    assert target.full_name == "" and User.objects.filter(username="new").count() == 0


def test_user_list_query_count(territory, make_user, login, django_assert_max_num_queries):
    client = login(make_user(Role.ADMIN))
    for _ in range(5):
        make_user(Role.FOCAL_POINT, unit=territory["leilek"])
    with django_assert_max_num_queries(12) as small:
        client.get("/api/v1/accounts/users/")
    for _ in range(15):
        make_user(Role.FOCAL_POINT, unit=territory["leilek"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/api/v1/accounts/users/")
