"""Append-only audit trail of changes and access log of sensitive reads."""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit record."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit records cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:  # type: ignore[override]
        raise AppendOnlyError("audit records cannot be deleted")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit records cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("audit records cannot be deleted")


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")


class AuditEntry(AppendOnlyModel):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("record type"))
    object_id = models.CharField(_("record id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("record"), max_length=255, blank=True)
    changes = models.JSONField(_("changes"), default=dict, help_text=_("field: [before, after]"))

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class AccessLogEntry(AppendOnlyModel):
    """A read of a sensitive record (a survivor's identity, an identifiable export...)."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("record type"))
    object_id = models.CharField(_("record id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("record"), max_length=255, blank=True)
    purpose = models.CharField(_("what was accessed"), max_length=100)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.purpose} {self.object_repr}"


_PLAIN = (bool, int, float, str)
_TEMPORAL = (dt.datetime, dt.date, dt.time)
_AS_TEXT = (decimal.Decimal, uuid.UUID)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, _PLAIN):
        return value
    if isinstance(value, _TEMPORAL):
        return value.isoformat()
    if isinstance(value, _AS_TEXT):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, bytes | memoryview):
        return "<binary>"
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


class AuditedModel(models.Model):
    """Every save and delete writes an AuditEntry in the same transaction.

    Fields listed in `audit_redacted_fields` are recorded as changed but never with their values
    (encrypted identities must not leak into the trail).
    """

    audit_redacted_fields: tuple[str, ...] = ()
    audit_ignored_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        from tendik.audit.services import audit_record

        adding = self._state.adding
        before = {} if adding else self._audit_before()
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            after = self._audit_snapshot()
            if not adding:
                update_fields = kwargs.get("update_fields")
                if update_fields is not None:
                    names = {self._attname(f) for f in update_fields}
                    after = {k: v for k, v in after.items() if k in names}
                    before = {k: v for k, v in before.items() if k in names}
            changes = self._audit_diff(before, after)
            if adding or changes:
                action = AuditAction.CREATE if adding else AuditAction.UPDATE
                audit_record(instance=self, action=action, changes=changes)
        self._audit_loaded = {**(getattr(self, "_audit_loaded", None) or {}), **self._audit_snapshot()}

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any, **kwargs: Any) -> Any:
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._audit_loaded = dict(zip(field_names, values, strict=False))
        return instance

    @classmethod
    def _attname(cls, name: str) -> str:
        return cls._meta.get_field(name).attname  # type: ignore[union-attr]  # concrete fields only

    def _audit_snapshot(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _tracked(type(self))}

    def _audit_before(self) -> dict[str, Any]:
        loaded = getattr(self, "_audit_loaded", None)
        if loaded is None:
            return {}
        return {k: v for k, v in loaded.items() if k not in self.audit_ignored_fields}

    def _audit_diff(self, before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
        redacted = _redacted(type(self))
        if not before:  # a creation (bulk imports write thousands): every field, from nothing
            return {
                key: ["<redacted>", "<redacted>"] if key in redacted else [None, _jsonable(after[key])]
                for key in sorted(after)
            }
        changes: dict[str, Any] = {}
        for key in sorted(set(before) | set(after)):
            old, new = before.get(key), after.get(key)
            if key in before and key in after and _jsonable(old) == _jsonable(new):
                continue
            if key in redacted:
                changes[key] = ["<redacted>", "<redacted>"]
            else:
                changes[key] = [_jsonable(old), _jsonable(new)]
        return changes


@functools.cache
def _tracked(cls: type[AuditedModel]) -> tuple[str, ...]:
    """The attribute names a model's trail records (concrete fields not ignored), computed once per model."""
    return tuple(f.attname for f in cls._meta.concrete_fields if f.name not in cls.audit_ignored_fields)


@functools.cache
def _redacted(cls: type[AuditedModel]) -> frozenset[str]:
    return frozenset(cls._attname(n) for n in cls.audit_redacted_fields)


def audit_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """post_delete receiver: also catches cascaded deletes, inside the deleting transaction."""
    if isinstance(instance, AuditedModel):
        from tendik.audit.services import audit_record

        changes = instance._audit_diff(instance._audit_snapshot(), {})
        audit_record(instance=instance, action=AuditAction.DELETE, changes=changes)
