"""Writes for users, role assignments, second factors, API tokens and notifications.

Every write runs in a transaction; User and RoleAssignment are audited models, so the trail is written with the
change. Second factors and API tokens are not audited models (and their keys must never reach the trail): their
changes are recorded on the user's own audit history, without the secret.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from tendik.accounts.models import Notification, RoleAssignment, User
from tendik.accounts.permissions import forget, may_grant
from tendik.accounts.roles import Role
from tendik.audit.models import AuditAction
from tendik.audit.services import audit_record
from tendik.core.concurrency import guard

PROFILE_FIELDS = ("full_name", "position", "organisation", "phone", "email", "language")


def _require_grant(actor: User | None, *, role: str, unit: Any, committee: Any) -> None:
    if actor is not None and not may_grant(actor, role=role, unit=unit, committee=committee):
        raise PermissionDenied(_("You may not grant or revoke this role in this scope."))


def _validate_assignment(*, user: User, role: str, unit: Any, committee: Any) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if unit is not None and committee is not None:
        raise ValidationError({"unit": _("Choose either a territory or a committee, not both.")})
    RoleAssignment(user=user, role=role, unit=unit, committee=committee).clean()


@transaction.atomic
def role_assign(
    *, user: User, role: str, unit: Any = None, committee: Any = None, actor: User | None = None
) -> RoleAssignment:
    """Give `user` a role in a scope (country when unit and committee are None); idempotent.

    With `actor`, the grant must lie inside the actor's own scope (permissions.may_grant), else PermissionDenied.
    """
    _require_grant(actor, role=role, unit=unit, committee=committee)
    _validate_assignment(user=user, role=role, unit=unit, committee=committee)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, unit=unit, committee=committee, defaults={"is_active": True}
    )
    if not created and not assignment.is_active:
        assignment.is_active = True
        assignment.save(update_fields=["is_active"])
    forget(user)
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor: User | None = None) -> None:
    """End a role assignment. The row stays (inactive) as history; a later grant reactivates it."""
    _require_grant(actor, role=assignment.role, unit=assignment.unit, committee=assignment.committee)
    if actor is not None and assignment.user_id == actor.pk and assignment.role == Role.ADMIN:
        raise PermissionDenied(_("You cannot revoke your own administrator role."))
    if assignment.is_active:
        assignment.is_active = False
        assignment.save(update_fields=["is_active"])
    forget(assignment.user)


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    unit: Any = None,
    committee: Any = None,
    **profile: Any,
) -> User:
    """Create an account with its first role. The password must pass the configured validators."""
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    _require_grant(actor, role=role, unit=unit, committee=committee)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("A user with this username already exists.")})
    user = User(username=username, **profile)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    role_assign(user=user, role=role, unit=unit, committee=committee, actor=actor)
    return user


@transaction.atomic
def user_update(*, user: User, actor: User | None = None, version: int | None = None, **fields: Any) -> User:
    """Change profile fields (names, contacts, interface language); only changed fields are written.

    `version` is the one the editor's form started from (tendik.core.concurrency): two administrators editing one
    profile cannot silently replace each other's changes."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    if version is not None:
        current = guard(user, version=version, data=fields)
        changed = [name for name, value in fields.items() if getattr(current, name) != value]
        for name in changed:
            setattr(current, name, fields[name])
        if changed:
            current.full_clean(exclude=["password"])
            current.save(update_fields=[*changed, "version"])
        return current
    changed = [name for name, value in fields.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, fields[name])
    if changed:
        user.full_clean(exclude=["password"])
        user.save(update_fields=changed)
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, actor: User | None = None) -> User:
    """Set a new password (an administrator's reset, or the user's own change)."""
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def user_deactivate(*, user: User, actor: User | None = None) -> User:
    """Close an account. Users are never deleted: their names stay on the records they made.

    The account's API token goes at once; its sessions stop working because inactive users cannot authenticate.
    """
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied(_("You cannot deactivate your own account."))
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    api_token_revoke(user=user)
    forget(user)
    return user


@transaction.atomic
def user_activate(*, user: User, actor: User | None = None) -> User:
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    forget(user)
    return user


# Second factor --------------------------------------------------------------------------------------------------

TOTP_DEVICE_NAME = "Tendik"


def _record_on_user(user: User, field: str, before: str, after: str) -> None:
    audit_record(instance=user, action=AuditAction.UPDATE, changes={field: [before, after]})


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator device for set-up, created once (reloading keeps the same secret)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm a device with a code from the authenticator app; False if the code is wrong (or throttled)."""
    if device.confirmed:
        return False
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    _record_on_user(device.user, "two_factor", "none", "confirmed")
    return True


@transaction.atomic
def two_factor_reset(*, user: User, actor: User | None = None) -> int:
    """Remove the user's authenticator devices (a lost phone); they set one up again at their next sign-in."""
    count, _ = TOTPDevice.objects.filter(user=user).delete()
    if count:
        _record_on_user(user, "two_factor", "confirmed", "reset")
    return count


# API tokens -----------------------------------------------------------------------------------------------------


def _token_model() -> Any:
    # DRF's token table, looked up by label: domain code does not import rest_framework.
    return apps.get_model("authtoken", "Token")


@transaction.atomic
def api_token_issue(*, user: User) -> Any:
    """Issue a new API token for `user`, replacing any earlier one.

    Tokens act without a second factor; callers issue them only from a session that has passed it.
    """
    token_model = _token_model()
    had = token_model.objects.filter(user=user).delete()[0] > 0
    token = token_model.objects.create(user=user)
    _record_on_user(user, "api_token", "replaced" if had else "none", "issued")
    return token


@transaction.atomic
def api_token_revoke(*, user: User) -> bool:
    removed = _token_model().objects.filter(user=user).delete()[0] > 0
    if removed:
        _record_on_user(user, "api_token", "issued", "revoked")
    return removed


# Demo accounts --------------------------------------------------------------------------------------------------

DEMO_PASSWORD = "Tendik-demo-2025"  # noqa: S105 — printed by `tendik demo`, development data only


@transaction.atomic
def demo_user_ensure(
    *,
    username: str,
    full_name: str,
    role: str | None = None,
    unit: Any = None,
    committee: Any = None,
    position: str = "",
    organisation: str = "",
    language: str = "ru",
    is_superuser: bool = False,
) -> User:
    """Create (once) a demo account with the demo password and the given role. Idempotent."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            full_name=full_name,
            position=position,
            organisation=organisation,
            language=language,
            is_superuser=is_superuser,
            is_staff=is_superuser,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    if role:
        role_assign(user=user, role=role, unit=unit, committee=committee)
    return user


# Notifications --------------------------------------------------------------------------------------------------


def notify(
    *, user: User, title: str, body: str = "", url: str = "", kind: str = "", email: bool = False
) -> Notification:
    """Leave an in-app notice (and, with `email`, send it by e-mail after the commit when the user has an address).

    Do not put personal data of survivors in title or body. For text in the recipient's language use notify_people.
    """
    notice = Notification.objects.create(user=user, title=title[:255], body=body, url=url[:500], kind=kind[:50])
    if email and user.email:
        address, subject, text = user.email, notice.title, body
        link = _absolute(url)
        if link:
            text = f"{text}\n\n{link}" if text else link
        transaction.on_commit(lambda: _mail(address, subject, text))
    return notice


def _absolute(url: str) -> str:
    from django.conf import settings

    if not url:
        return ""
    base = getattr(settings, "TENDIK_SITE_URL", "").rstrip("/")
    return f"{base}{url}" if url.startswith("/") else url


def _mail(address: str, subject: str, text: str) -> None:
    from django.conf import settings
    from django.core.mail import send_mail

    # A mail server that is down must not undo the workflow step: the in-app notice is already there.
    send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)


def notify_people(
    *,
    users: Any,
    title: Any,
    body: Any = "",
    url: str = "",
    kind: str = "",
    email: bool = True,
    exclude: Any = None,
) -> int:
    """Tell each of `users` (once each, active ones only, not `exclude`) in her own language, in-app and by e-mail.

    `title` and `body` are callables returning the text (called inside each recipient's language), or strings
    marked with gettext_noop (translated per recipient). Returns how many were told.
    """
    from django.utils import translation

    def text(value: Any) -> str:
        if callable(value):
            return str(value())
        return translation.gettext(value) if value else ""

    skip = getattr(exclude, "pk", None)
    unique = {u.pk: u for u in users if u is not None and u.is_active and u.pk != skip}
    for user in unique.values():
        with translation.override(user.language or "ru"):
            notify(user=user, title=text(title), body=text(body), url=url, kind=kind, email=email)
    return len(unique)


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user: User) -> int:
    # Notifications are not audited records, so a bulk update is fine here.
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
