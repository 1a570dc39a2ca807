"""Sign-in with lockout, sign-out, password change, idle logout, second factor and API tokens."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from tendik.accounts.middleware import _LAST_SEEN
from tendik.accounts.roles import Role
from tendik.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-9"  # conftest's make_user


def _token(device: TOTPDevice, offset: int = 0) -> str:
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
    return str(value).zfill(device.digits)


def _session_device(client: Client) -> str | None:
    return client.session.get("otp_device_id")


# Sign-in and lockout ---------------------------------------------------------------------------------------------


def test_login_page_renders(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert 'for="id_username"' in response.content.decode()


def test_login_with_a_good_password(make_user, client):
    user = make_user(Role.VIEWER, language="ky")
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("tasks")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ky"


def test_login_follows_only_safe_next(make_user, client):
    user = make_user(Role.VIEWER)
    ok = client.post(reverse("accounts:login") + "?next=/plans/", {"username": user.username, "password": PASSWORD})
    assert ok.url == "/plans/"
    client.logout()
    evil = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert evil.url == reverse("tasks")


def test_wrong_password_is_refused(make_user, client):
    user = make_user(Role.VIEWER)
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": "wrong-password-1"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_lockout_after_five_failures(make_user, client):
    user = make_user(Role.VIEWER)
    assert settings.AXES_FAILURE_LIMIT == 5
    url = reverse("accounts:login")
    for _ in range(4):
        assert client.post(url, {"username": user.username, "password": "wrong-password-1"}).status_code == 200
    fifth = client.post(url, {"username": user.username, "password": "wrong-password-1"})
    assert fifth.status_code == 429
    # now even the right password is refused, with the explanation page
    locked = client.post(url, {"username": user.username, "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    body = locked.content.decode()
    assert "Sign-in is locked for a while" in body or "Вход временно заблокирован" in body


def test_lockout_page_speaks_the_users_language(make_user):
    user = make_user(Role.VIEWER)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ky"
    for _ in range(5):
        response = client.post(reverse("accounts:login"), {"username": user.username, "password": "nope-nope-1"})
    assert response.status_code == 429
    assert 'lang="ky"' in response.content.decode()
    assert "Кирүү убактылуу бөгөттөлдү" in response.content.decode()


def test_lockout_is_per_account_not_per_address(make_user, client):
    victim, colleague = make_user(Role.VIEWER), make_user(Role.VIEWER)
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": victim.username, "password": "nope-nope-1"})
    # the same office address can still sign in another account
    response = client.post(reverse("accounts:login"), {"username": colleague.username, "password": PASSWORD})
    assert response.status_code == 302


def test_logout_is_post_only(make_user, login):
    client = login(make_user(Role.VIEWER))
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# Password --------------------------------------------------------------------------------------------------------


def test_password_change_applies_validators(make_user, login):
    user = make_user(Role.VIEWER)
    client = login(user)
    url = reverse("accounts:password_change")
    for weak in ["short1", "1234567890123", "password123", user.username + "x"]:
        response = client.post(url, {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak})
        assert response.status_code == 200, weak
        assert response.context["form"].errors["new_password2"], weak
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    strong = "Кызыл-Кыя 2025 жаз"
    response = client.post(url, {"old_password": PASSWORD, "new_password1": strong, "new_password2": strong})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(strong)
    entry = AuditEntry.objects.filter(object_id=str(user.pk), changes__has_key="password").latest("id")
    assert entry.changes["password"] == ["<redacted>", "<redacted>"]


def test_password_change_needs_the_old_password(make_user, login):
    user = make_user(Role.VIEWER)
    response = login(user).post(
        reverse("accounts:password_change"),
        {"old_password": "not-it-at-all", "new_password1": "Ош шаары 2025!", "new_password2": "Ош шаары 2025!"},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_requires_sign_in(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


# Idle logout -----------------------------------------------------------------------------------------------------


def test_idle_session_is_signed_out(make_user, login, settings):
    settings.TENDIK_IDLE_TIMEOUT_SECONDS = 60
    client = login(make_user(Role.VIEWER))
    assert client.get(reverse("accounts:profile")).status_code == 200
    session = client.session
    session[_LAST_SEEN] = int(time.time()) - 61
    session.save()
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login")) and "next=%2Faccounts%2Fme%2F" in response.url
    assert "_auth_user_id" not in client.session
    page = client.get(response.url)
    assert page.context["idle_logout"] is True
    # the notice is shown once
    assert client.get(response.url).context["idle_logout"] is False


def test_active_session_stays(make_user, login, settings):
    settings.TENDIK_IDLE_TIMEOUT_SECONDS = 60
    client = login(make_user(Role.VIEWER))
    session = client.session
    session[_LAST_SEEN] = int(time.time()) - 59
    session.save()
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_last_seen_is_written_once_a_window_not_on_every_request(make_user, login, settings):
    settings.TENDIK_IDLE_TIMEOUT_SECONDS = 30 * 60  # written at most once a minute
    client = login(make_user(Role.VIEWER))
    client.get(reverse("accounts:profile"))
    seen = client.session[_LAST_SEEN]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.session[_LAST_SEEN] == seen
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    session = client.session
    session[_LAST_SEEN] = int(time.time()) - 61
    session.save()
    client.get(reverse("accounts:profile"))
    assert client.session[_LAST_SEEN] >= int(time.time()) - 5  # a minute later: written again


def test_idle_api_session_gets_401(make_user, login, settings):
    settings.TENDIK_IDLE_TIMEOUT_SECONDS = 60
    client = login(make_user(Role.VIEWER))
    client.get("/api/v1/accounts/me/")
    session = client.session
    session[_LAST_SEEN] = int(time.time()) - 600
    session.save()
    response = client.get("/api/v1/accounts/me/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "session_expired"


# Second factor ---------------------------------------------------------------------------------------------------


@pytest.fixture
def chair(make_user, make_committee):
    return make_user(Role.COMMITTEE_CHAIR, committee=make_committee())


def test_chair_without_device_is_sent_to_set_up(chair, client):
    client.force_login(chair)
    response = client.get("/plans/")
    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor") + "?next=%2Fplans%2F"
    # the API says so in its own shape
    api = client.get("/api/v1/accounts/me/")
    assert api.status_code == 403 and api.json()["error"]["code"] == "two_factor_required"
    # account pages other than sign-in, sign-out and the second factor are closed too
    for name in ["accounts:profile", "accounts:api_token", "accounts:password_change", "accounts:notifications"]:
        assert client.get(reverse(name)).status_code == 302, name


def test_set_up_shows_inline_qr_and_secret_then_confirms(chair, client):
    client.force_login(chair)
    page = client.get(reverse("accounts:two_factor") + "?next=/plans/")
    assert page.status_code == 200
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=chair, confirmed=False)
    assert '<svg class="qr"' in html and "<path" in html
    assert "http://" not in html and "https://" not in html
    import base64

    secret = base64.b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html
    # reloading keeps the same secret
    client.get(reverse("accounts:two_factor"))
    assert TOTPDevice.objects.filter(user=chair).count() == 1
    # a wrong code is refused
    wrong = client.post(reverse("accounts:two_factor"), {"token": "000000", "next": "/plans/"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    assert client.get("/plans/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()
    # the right one passes and continues to next
    response = client.post(reverse("accounts:two_factor"), {"token": _token(device), "next": "/plans/"})
    assert response.status_code == 302 and response.url == "/plans/"
    device.refresh_from_db()
    assert device.confirmed
    assert _session_device(client) == device.persistent_id
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert AuditEntry.objects.filter(object_id=str(chair.pk), changes__two_factor=["none", "confirmed"]).exists()


def test_existing_device_asks_for_the_code(chair, client):
    device = TOTPDevice.objects.create(user=chair, name="phone", confirmed=True)
    client.force_login(chair)
    page = client.get(reverse("accounts:two_factor"))
    assert page.status_code == 200 and "<svg" not in page.content.decode()
    assert client.post(reverse("accounts:two_factor"), {"token": "123"}).status_code == 200
    response = client.post(reverse("accounts:two_factor") + "?next=/plans/", {"token": _token(device)})
    assert response.status_code == 302 and response.url == "/plans/"
    assert client.get(reverse("accounts:profile")).status_code == 200
    # the same code cannot be used twice (replay)
    other = Client()
    other.force_login(chair)
    assert other.post(reverse("accounts:two_factor"), {"token": _token(device)}).status_code == 200


def test_two_factor_next_must_be_on_this_site(chair, client):
    device = TOTPDevice.objects.create(user=chair, name="phone", confirmed=True)
    client.force_login(chair)
    response = client.post(reverse("accounts:two_factor"), {"token": _token(device), "next": "//evil.example/x"})
    assert response.status_code == 302 and response.url == reverse("tasks")


def test_login_of_a_two_factor_user_goes_to_the_second_step(chair, client):
    response = client.post(
        reverse("accounts:login") + "?next=/plans/", {"username": chair.username, "password": PASSWORD}
    )
    assert response.url == reverse("accounts:two_factor") + "?next=%2Fplans%2F"


def test_users_who_need_no_second_factor_pass(make_user, client):
    client.force_login(make_user(Role.FOCAL_POINT))
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_two_factor_page_requires_sign_in(client):
    response = client.get(reverse("accounts:two_factor"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_verified_session_sees_the_done_page(chair, login):
    response = login(chair).get(reverse("accounts:two_factor"))
    assert response.status_code == 200 and response.templates[0].name == "accounts/two_factor_done.html"


# API tokens ------------------------------------------------------------------------------------------------------


def test_token_page_needs_a_verified_session_when_two_factor_is_required(chair, client):
    client.force_login(chair)
    response = client.post(reverse("accounts:api_token"), {"action": "issue"})
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:two_factor"))
    assert not Token.objects.filter(user=chair).exists()


def test_token_issue_show_once_replace_and_revoke(chair, login):
    client = login(chair)
    response = client.post(reverse("accounts:api_token"), {"action": "issue"})
    key = Token.objects.get(user=chair).key
    assert response.status_code == 200 and key in response.content.decode()
    assert key not in client.get(reverse("accounts:api_token")).content.decode()
    client.post(reverse("accounts:api_token"), {"action": "issue"})
    assert Token.objects.get(user=chair).key != key
    # the token works on the API without a second factor, and acts as the user
    api = Client()
    me = api.get("/api/v1/accounts/me/", HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=chair).key}")
    assert me.status_code == 200 and me.json()["user"]["username"] == chair.username
    client.post(reverse("accounts:api_token"), {"action": "revoke"})
    assert not Token.objects.filter(user=chair).exists()
    # no key ever reaches the audit trail
    for entry in AuditEntry.objects.filter(object_id=str(chair.pk)):
        assert key not in str(entry.changes)
    assert AuditEntry.objects.filter(object_id=str(chair.pk), changes__has_key="api_token").count() == 3


def test_token_page_for_users_without_second_factor(make_user, client):
    user = make_user(Role.VIEWER)
    client.force_login(user)
    assert client.post(reverse("accounts:api_token"), {"action": "issue"}).status_code == 200
    assert Token.objects.filter(user=user).exists()


def test_token_page_requires_sign_in(client):
    assert client.post(reverse("accounts:api_token"), {"action": "issue"}).status_code == 302
    assert not Token.objects.exists()


def test_profile_lists_what_the_user_may_do_in_words_not_permission_codes(make_user, login):
    from tendik.accounts.roles import PERM_LABELS, Perm

    html = login(make_user(Role.VIEWER)).get(reverse("accounts:profile")).content.decode()
    assert str(PERM_LABELS[Perm.PLANS_VIEW]) in html
    assert Perm.PLANS_VIEW.value not in html and "<code>" not in html


def test_a_stranger_elsewhere_cannot_lock_an_account_out(make_user):
    """Issue 12 item 7: lockout by user name AND address; failures from one address do not lock another."""
    victim = make_user(Role.VIEWER)
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(6):
        attacker.post(reverse("accounts:login"), {"username": victim.username, "password": "nope-nope-1"})
    assert (
        attacker.post(reverse("accounts:login"), {"username": victim.username, "password": PASSWORD}).status_code == 429
    )
    office = Client(REMOTE_ADDR="198.51.100.7")
    assert (
        office.post(reverse("accounts:login"), {"username": victim.username, "password": PASSWORD}).status_code == 302
    )


def test_password_spraying_from_one_address_is_limited(make_user, settings):
    """Issue 12 item 7: a few passwords tried on many accounts from one address hit a per-address limit."""
    settings.TENDIK_LOGIN_ADDRESS_LIMIT = 6
    accounts = [make_user(Role.VIEWER) for _ in range(4)]
    sprayer = Client(REMOTE_ADDR="203.0.113.50")
    for password in ("Winter2025!", "Tendik123!"):
        for user in accounts[:3]:
            response = sprayer.post(reverse("accounts:login"), {"username": user.username, "password": password})
            assert response.status_code == 200  # no single account reached its own limit
    refused = sprayer.post(reverse("accounts:login"), {"username": accounts[3].username, "password": PASSWORD})
    assert refused.status_code == 429 and "_auth_user_id" not in sprayer.session
    other = Client(REMOTE_ADDR="198.51.100.8")
    assert (
        other.post(reverse("accounts:login"), {"username": accounts[3].username, "password": PASSWORD}).status_code
        == 302
    )
