"""Writes for users, role assignments and notifications."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from tendik.accounts.models import Notification, RoleAssignment, User
from tendik.accounts.permissions import forget


@transaction.atomic
def role_assign(*, user: User, role: str, unit: Any = None, committee: Any = None) -> RoleAssignment:
    """Give `user` a role in a scope (country when unit and committee are None); idempotent."""
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, unit=unit, committee=committee, defaults={"is_active": True}
    )
    if not created and not assignment.is_active:
        assignment.is_active = True
        assignment.save(update_fields=["is_active"])
    forget(user)
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment) -> None:
    assignment.is_active = False
    assignment.save(update_fields=["is_active"])
    forget(assignment.user)


DEMO_PASSWORD = "Tendik-demo-2025"  # noqa: S105 — printed by `tendik demo`, development data only


@transaction.atomic
def demo_user_ensure(*, username: str, full_name: str, role: str | None = None, unit: Any = None,
                     committee: Any = None, position: str = "", organisation: str = "", language: str = "ru",
                     is_superuser: bool = False) -> User:
    """Create (once) a demo account with the demo password and the given role. Idempotent."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=full_name, position=position, organisation=organisation,
                    language=language, is_superuser=is_superuser, is_staff=is_superuser)
        user.set_password(DEMO_PASSWORD)
        user.save()
    if role:
        role_assign(user=user, role=role, unit=unit, committee=committee)
    return user


def notify(*, user: User, title: str, body: str = "", url: str = "", kind: str = "") -> Notification:
    """Leave an in-app notice. Do not put personal data of survivors in title or body."""
    return Notification.objects.create(user=user, title=title[:255], body=body, url=url[:500], kind=kind[:50])


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
