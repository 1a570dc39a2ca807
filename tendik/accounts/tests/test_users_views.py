"""The users page: authorisation matrix, writes through services, scope rules, query counts."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tendik.accounts.models import RoleAssignment, User
from tendik.accounts.roles import Role
from tendik.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(territory, make_user):
    return {
        "national": make_user(Role.ADMIN, username="root_admin"),
        "batken_admin": make_user(Role.ADMIN, unit=territory["batken"], username="batken_admin"),
        "coordinator": make_user(Role.NATIONAL_COORDINATOR, username="coordinator"),
        "batken_fp": make_user(
            Role.FOCAL_POINT, unit=territory["kadamjay"], username="kadamjay_fp", full_name="Жылдыз Мамытова"
        ),
        "naryn_fp": make_user(Role.FOCAL_POINT, unit=territory["naryn"], username="naryn_fp"),
    }


def _snapshot():
    return (
        list(User.objects.order_by("pk").values_list("pk", "username", "full_name", "is_active", "password")),
        list(RoleAssignment.objects.order_by("pk").values_list("pk", "user_id", "role", "unit_id", "is_active")),
        AuditEntry.objects.count(),
    )


def _pages(people):
    target = people["batken_fp"]
    assignment = RoleAssignment.objects.get(user=target)
    new_user = {
        "username": "new_officer",
        "password": "Лейлек-2025-жаз",
        "full_name": "Асель Осмонова",
        "language": "ru",
        "role": Role.MUNICIPAL_OFFICER,
        "unit_code": "41705258860000",
    }
    return [
        ("get", reverse("accounts:users"), {}),
        ("get", reverse("accounts:user_create"), {}),
        ("post", reverse("accounts:user_create"), new_user),
        ("get", reverse("accounts:user_detail", args=[target.pk]), {}),
        ("get", reverse("accounts:user_edit", args=[target.pk]), {}),
        ("post", reverse("accounts:user_edit", args=[target.pk]), {"full_name": "Changed", "language": "ru"}),
        (
            "post",
            reverse("accounts:user_role_add", args=[target.pk]),
            {"role": Role.FOCAL_POINT, "unit_code": "41705236000000"},
        ),
        ("post", reverse("accounts:user_role_revoke", args=[target.pk, assignment.pk]), {}),
        ("post", reverse("accounts:user_deactivate", args=[target.pk]), {}),
        ("post", reverse("accounts:user_activate", args=[target.pk]), {}),
        ("post", reverse("accounts:user_set_password", args=[target.pk]), {"password": "Жаңы сырсөз 2025"}),
        ("post", reverse("accounts:user_two_factor_reset", args=[target.pk]), {}),
        ("get", reverse("accounts:unit_options") + "?unit_code=Кадам", {}),
    ]


def test_anonymous_is_sent_to_sign_in(people, client):
    before = _snapshot()
    for method, url, data in _pages(people):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login")), url
    assert _snapshot() == before


@pytest.mark.parametrize("who", ["coordinator", "batken_fp"])
def test_wrong_role_gets_403(people, login, who):
    client = login(people[who])
    before = _snapshot()
    for method, url, data in _pages(people):
        assert getattr(client, method)(url, data).status_code == 403, url
    assert _snapshot() == before


def test_admin_out_of_scope_gets_404_and_nothing_changes(people, login, territory):
    # A Naryn administrator manages users in Naryn only: the Kadamjay focal point does not exist for them.
    client = login(_make_scoped_admin(territory["naryn"]))
    target = people["batken_fp"]
    before = _snapshot()
    for method, url, data in _pages(people):
        response = getattr(client, method)(url, data)
        if f"/{target.pk}/" in url:
            assert response.status_code == 404, url
        else:  # the list, the creation form, the territory options: open, but nothing of Batken in them
            assert response.status_code in (200, 403), url
            assert "kadamjay_fp" not in response.content.decode() and "41705258860000" not in (
                response.content.decode() if "units" in url else ""
            )
    assert _snapshot() == before


def _make_scoped_admin(unit):
    user = User.objects.create_user(username=f"admin_{unit.code}", password="correct-horse-battery-9")
    RoleAssignment.objects.create(user=user, role=Role.ADMIN, unit=unit)
    return user


def test_admin_out_of_scope_cannot_create_there(people, login, territory):
    client = login(_make_scoped_admin(territory["naryn"]))
    before = _snapshot()
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "intruder",
            "password": "Лейлек-2025-жаз",
            "full_name": "X",
            "language": "ru",
            "role": Role.MUNICIPAL_OFFICER,
            "unit_code": "41705258860000",
        },
    )
    assert response.status_code in (200, 403)
    assert response.context["form"].errors
    assert _snapshot() == before


def test_admin_in_scope_can_do_everything(people, login, territory):
    client = login(people["batken_admin"])
    target = people["batken_fp"]
    for method, url, data in _pages(people):
        response = getattr(client, method)(url, data)
        assert response.status_code in (200, 302), (url, response.status_code)
    created = User.objects.get(username="new_officer")
    assert created.check_password("Лейлек-2025-жаз")
    assert RoleAssignment.objects.filter(user=created, role=Role.MUNICIPAL_OFFICER, unit=territory["halmion"]).exists()
    target.refresh_from_db()
    assert target.full_name == "Changed" and target.is_active
    assert target.check_password("Жаңы сырсөз 2025")
    roles = dict(RoleAssignment.objects.filter(user=target).values_list("unit__code", "is_active"))
    assert roles == {"41705258000000": False, "41705236000000": True}


def test_users_list_is_scoped(people, login):
    national = login(people["national"]).get(reverse("accounts:users"))
    names = {u.username for u in national.context["page"].object_list}
    assert {"root_admin", "batken_admin", "coordinator", "kadamjay_fp", "naryn_fp"} <= names
    scoped = login(people["batken_admin"]).get(reverse("accounts:users"))
    assert {u.username for u in scoped.context["page"].object_list} == {"batken_admin", "kadamjay_fp"}


def test_users_search(people, login):
    client = login(people["national"])
    response = client.get(reverse("accounts:users"), {"q": "Мамыт"})
    assert [u.username for u in response.context["page"].object_list] == ["kadamjay_fp"]
    response = client.get(reverse("accounts:users"), {"role": Role.FOCAL_POINT})
    assert {u.username for u in response.context["page"].object_list} == {"kadamjay_fp", "naryn_fp"}
    User.objects.filter(username="naryn_fp").update(is_active=False)
    response = client.get(reverse("accounts:users"), {"active": "0"})
    assert [u.username for u in response.context["page"].object_list] == ["naryn_fp"]


def test_users_list_query_count_does_not_grow(people, login, territory, make_user, django_assert_max_num_queries):
    client = login(people["national"])

    def grow(n):
        for _ in range(n):
            u = make_user(Role.FOCAL_POINT, unit=territory["leilek"])
            RoleAssignment.objects.create(user=u, role=Role.VIEWER, unit=territory["kulundu"])

    grow(5)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("accounts:users"))
    grow(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("accounts:users"))
    assert len(response.context["page"].object_list) == 25


def test_unit_options_are_scoped(people, login):
    client = login(people["batken_admin"])
    html = client.get(reverse("accounts:unit_options"), {"unit_code": "айыл"}).content.decode()
    assert "Халмионский айылный аймак, Кадамжайский район" in html and "Казыбекский" not in html
    assert not re.search(r"417\d{11}", html)  # a picked option fills the field with a name, never a code
    html = login(people["national"]).get(reverse("accounts:unit_options"), {"unit_code": "айыл"}).content.decode()
    assert "Казыбекский айылный аймак, Ат-Башинский район" in html


def test_a_territory_picked_by_its_label_is_assigned(people, login, territory):
    target = people["naryn_fp"]
    login(people["national"]).post(
        reverse("accounts:user_role_add", args=[target.pk]),
        {"role": Role.VIEWER, "unit_code": "Халмионский айылный аймак, Кадамжайский район"},
    )
    assert RoleAssignment.objects.filter(user=target, role=Role.VIEWER, unit=territory["halmion"]).exists()
    login(people["national"]).post(  # the label as offered in English (the rayon has an English name)
        reverse("accounts:user_role_add", args=[target.pk]),
        {"role": Role.VIEWER, "unit_code": "Кулундинский айылный аймак, Leilek"},
    )
    assert RoleAssignment.objects.filter(user=target, role=Role.VIEWER, unit=territory["kulundu"]).exists()


def test_role_by_unit_name_and_committee(people, login, make_committee, territory):
    client = login(people["national"])
    target = people["naryn_fp"]
    committee = make_committee(territory["kazybek"])
    client.post(reverse("accounts:user_role_add", args=[target.pk]), {"role": Role.VIEWER, "unit_code": "Ат-Баш"})
    client.post(
        reverse("accounts:user_role_add", args=[target.pk]), {"role": Role.CASE_WORKER, "committee_id": committee.pk}
    )
    rows = set(RoleAssignment.objects.filter(user=target).values_list("role", "unit__code", "committee_id"))
    assert rows == {
        (Role.FOCAL_POINT, "41704000000000", None),
        (Role.VIEWER, "41704220000000", None),
        (Role.CASE_WORKER, None, committee.pk),
    }


def test_role_form_errors(people, login, make_committee):
    client = login(people["national"])
    target = people["naryn_fp"]
    before = _snapshot()
    cases = [
        {"role": Role.CASE_WORKER},  # committee role without a committee
        {"role": Role.VIEWER, "committee_id": make_committee().pk},  # committee for a territorial role
        {"role": Role.VIEWER, "unit_code": "99999999999999"},  # unknown territory
        {"role": Role.VIEWER, "committee_id": 999999},  # unknown committee
        {"role": "emperor"},
    ]
    before = _snapshot()
    for data in cases:
        response = client.post(reverse("accounts:user_role_add", args=[target.pk]), data)
        assert response.status_code == 200 and response.context["role_form"].errors, data
    assert _snapshot() == before


def test_territorial_admin_cannot_grant_admin_or_country(people, login):
    client = login(people["batken_admin"])
    target = people["batken_fp"]
    before = _snapshot()
    for data in [
        {"role": Role.ADMIN, "unit_code": "41705258000000"},
        {"role": Role.VIEWER},
        {"role": Role.FOCAL_POINT, "unit_code": "41704000000000"},
    ]:
        response = client.post(reverse("accounts:user_role_add", args=[target.pk]), data)
        assert response.status_code in (200, 403) and response.context["role_form"].errors, data
    assert _snapshot() == before


def test_national_admin_grants_admin(people, login):
    client = login(people["national"])
    target = people["coordinator"]
    client.post(reverse("accounts:user_role_add", args=[target.pk]), {"role": Role.ADMIN})
    assert RoleAssignment.objects.filter(user=target, role=Role.ADMIN, is_active=True).exists()


def test_nobody_deactivates_themselves_or_drops_their_own_admin_role(people, login):
    admin = people["national"]
    client = login(admin)
    before = _snapshot()
    client.post(reverse("accounts:user_deactivate", args=[admin.pk]))
    own = RoleAssignment.objects.get(user=admin)
    client.post(reverse("accounts:user_role_revoke", args=[admin.pk, own.pk]))
    assert _snapshot() == before


def test_edit_profile_is_audited_with_actor_and_address(people, login):
    admin = people["national"]
    target = people["naryn_fp"]
    client = login(admin)
    client.post(
        reverse("accounts:user_edit", args=[target.pk]),
        {"full_name": "Айпери Нарынбекова", "phone": "+996 555 123 456", "language": "ky"},
        REMOTE_ADDR="10.20.30.40",
    )
    entry = AuditEntry.objects.filter(object_id=str(target.pk), content_type__model="user").latest("id")
    assert entry.actor_id == admin.pk and entry.ip == "10.20.30.40" and entry.source == "web"
    assert entry.changes["full_name"] == ["", "Айпери Нарынбекова"]
    assert entry.changes["language"] == ["ru", "ky"]
    assert set(entry.changes) == {"full_name", "phone", "language", "version"}


def test_deactivated_user_cannot_sign_in_and_loses_token(people, login, client):
    from rest_framework.authtoken.models import Token

    target = people["naryn_fp"]
    Token.objects.create(user=target)
    login(people["national"]).post(reverse("accounts:user_deactivate", args=[target.pk]))
    target.refresh_from_db()
    assert not target.is_active and User.objects.filter(pk=target.pk).exists()
    assert not Token.objects.filter(user=target).exists()
    response = client.post(reverse("accounts:login"), {"username": "naryn_fp", "password": "correct-horse-battery-9"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_set_password_validators(people, login):
    target = people["naryn_fp"]
    response = login(people["national"]).post(
        reverse("accounts:user_set_password", args=[target.pk]), {"password": "12345678901"}
    )
    assert response.status_code == 200 and response.context["password_form"].errors
    target.refresh_from_db()
    assert target.check_password("correct-horse-battery-9")


def test_two_factor_reset(people, login):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    target = people["naryn_fp"]
    TOTPDevice.objects.create(user=target, name="phone", confirmed=True)
    login(people["national"]).post(reverse("accounts:user_two_factor_reset", args=[target.pk]))
    assert not TOTPDevice.objects.filter(user=target).exists()
    assert AuditEntry.objects.filter(object_id=str(target.pk), changes__two_factor=["confirmed", "reset"]).exists()


def test_edit_profile_refuses_a_stale_save_and_shows_the_difference(people, login):
    from tendik.accounts import services

    admin, other_admin, target = people["national"], people["batken_admin"], people["naryn_fp"]
    client = login(admin)
    url = reverse("accounts:user_edit", args=[target.pk])
    page = client.get(url)
    version = page.context["form"]["version"].value()
    assert version == 1
    # Another administrator saves the same profile after this form was opened.
    services.user_update(user=target, actor=other_admin, version=1, full_name="Их вариант")
    r = client.post(url, {"full_name": "Мой вариант", "language": "ru", "version": version})
    assert r.status_code == 409
    text = r.content.decode()
    assert "Их вариант" in text and "Мой вариант" in text
    target.refresh_from_db()
    assert (target.full_name, target.version) == ("Их вариант", 2)
    # The refused form carries the stored version: saving again wins knowingly.
    r = client.post(url, {"full_name": "Мой вариант", "language": "ru", "version": 2})
    assert r.status_code == 302
    target.refresh_from_db()
    assert (target.full_name, target.version) == ("Мой вариант", 3)
