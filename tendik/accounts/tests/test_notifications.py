"""The notifications inbox: own notices only, opening marks read, links only inside Tendik."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tendik.accounts.models import Notification
from tendik.accounts.roles import Role
from tendik.accounts.selectors import unread_count
from tendik.accounts.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(make_user):
    return make_user(Role.VIEWER), make_user(Role.VIEWER)


def test_inbox_lists_own_notices_only(two, login):
    mine, theirs = two
    notify(user=mine, title="Отчёт Халмиона принят", url="/plans/")
    notify(user=theirs, title="Чужое уведомление")
    response = login(mine).get(reverse("accounts:notifications"))
    html = response.content.decode()
    assert "Отчёт Халмиона принят" in html and "Чужое уведомление" not in html


def test_open_marks_read_and_follows_internal_links(two, login):
    mine, _ = two
    note = notify(user=mine, title="Новая рекомендация", url="/consultations/")
    client = login(mine)
    assert unread_count(user=mine) == 1
    response = client.post(reverse("accounts:notification_open", args=[note.pk]))
    assert response.status_code == 302 and response.url == "/consultations/"
    note.refresh_from_db()
    assert note.read_at is not None and unread_count(user=mine) == 0


def test_external_links_are_not_followed(two, login):
    mine, _ = two
    note = notify(user=mine, title="Ссылка", url="https://evil.example/")
    response = login(mine).post(reverse("accounts:notification_open", args=[note.pk]))
    assert response.url == reverse("accounts:notifications")


def test_someone_elses_notice_is_404_and_stays_unread(two, login):
    mine, theirs = two
    note = notify(user=theirs, title="Чужое")
    assert login(mine).post(reverse("accounts:notification_open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read(two, login):
    mine, theirs = two
    for i in range(3):
        notify(user=mine, title=f"№{i}")
    notify(user=theirs, title="Чужое")
    login(mine).post(reverse("accounts:notifications_read_all"))
    assert unread_count(user=mine) == 0 and unread_count(user=theirs) == 1


def test_anonymous_is_sent_to_sign_in(two, client):
    note = notify(user=two[0], title="x")
    for method, url in [
        ("get", reverse("accounts:notifications")),
        ("post", reverse("accounts:notification_open", args=[note.pk])),
        ("post", reverse("accounts:notifications_read_all")),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_inbox_query_count_does_not_grow(two, login, django_assert_max_num_queries):
    mine, _ = two
    client = login(mine)
    for i in range(5):
        notify(user=mine, title=f"№{i}")
    # session, user, device, roles, count, page; savepoints and the session update around them
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("accounts:notifications"))
    for i in range(40):
        notify(user=mine, title=f"№{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("accounts:notifications"))


def test_unread_count_in_the_shell_is_lazy(two, rf):
    from django.contrib.auth.models import AnonymousUser

    from tendik.accounts.context_processors import shell

    mine, _ = two
    notify(user=mine, title="x")
    request = rf.get("/")
    request.user = mine
    assert shell(request)["shell"]["unread_notifications"]() == 1
    request.user = AnonymousUser()
    assert shell(request)["shell"]["unread_notifications"]() == 0
