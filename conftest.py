"""Fixtures shared by every app's tests: a small territory, users with roles, signed-in clients."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    from django.core.cache import cache

    # Each test's database is rolled back, and with it the data generations of tendik.core.pagecache: parts
    # cached by an earlier test must not be served to the next one.
    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TENDIK_PRIVATE_ROOT = tmp_path / "private"
    # Background tasks run at once in tests; production uses the database backend and `tendik db_worker`.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def territory(db: Any) -> dict[str, Any]:
    """Batken and Naryn oblasts, two rayons, three municipalities (real СОАТЕ codes)."""
    from tendik.geography.services import unit_create

    batken = unit_create(
        code="41705000000000",
        level="oblast",
        name_ru="Баткенская область",
        name_ky="Баткен облусу",
        name_en="Batken Region",
    )
    kadamjay = unit_create(
        code="41705258000000",
        level="rayon",
        parent=batken,
        name_ru="Кадамжайский район",
        name_ky="Кадамжай",
        name_en="Kadamjay",
    )
    leilek = unit_create(
        code="41705236000000",
        level="rayon",
        parent=batken,
        name_ru="Ляйлякский район",
        name_ky="Лейлек",
        name_en="Leilek",
    )
    aydarken = unit_create(code="41705258600010", level="town", parent=kadamjay, name_ru="Айдаркен")
    halmion = unit_create(
        code="41705258860000", level="ayil_aimak", parent=kadamjay, name_ru="Халмионский айылный аймак"
    )
    kulundu = unit_create(
        code="41705236825000", level="ayil_aimak", parent=leilek, name_ru="Кулундинский айылный аймак"
    )
    naryn = unit_create(
        code="41704000000000",
        level="oblast",
        name_ru="Нарынская область",
        name_ky="Нарын облусу",
        name_en="Naryn Region",
    )
    atbashy = unit_create(
        code="41704220000000",
        level="rayon",
        parent=naryn,
        name_ru="Ат-Башинский район",
        name_ky="Ат-Башы",
        name_en="At-Bashy",
    )
    kazybek = unit_create(
        code="41704220830000", level="ayil_aimak", parent=atbashy, name_ru="Казыбекский айылный аймак"
    )
    return {
        "batken": batken,
        "kadamjay": kadamjay,
        "leilek": leilek,
        "aydarken": aydarken,
        "halmion": halmion,
        "kulundu": kulundu,
        "naryn": naryn,
        "atbashy": atbashy,
        "kazybek": kazybek,
    }


@pytest.fixture
def make_user(db: Any) -> Any:
    """make_user("focal_point", unit=oblast) → a user holding that role in that scope (no role: plain user)."""
    from tendik.accounts.models import RoleAssignment, User

    counter = {"n": 0}

    def _make(
        role: str | None = None, *, unit: Any = None, committee: Any = None, username: str | None = None, **extra: Any
    ) -> Any:
        counter["n"] += 1
        user = User.objects.create_user(
            username=username or f"{role or 'user'}{counter['n']}", password="correct-horse-battery-9", **extra
        )
        if role:
            RoleAssignment.objects.create(user=user, role=role, unit=unit, committee=committee)
        return user

    return _make


def signed_in(user: Any) -> Client:
    """A test client signed in as `user`, with a verified TOTP device (second factor passed)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def login() -> Any:
    return signed_in
