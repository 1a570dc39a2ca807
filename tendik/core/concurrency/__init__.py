"""One optimistic-concurrency guard for every record two people can edit.

How to use it (a record, its service, its form, its API):

1. Model: subclass `Versioned` next to `AuditedModel` (``class LocalPlan(Versioned, AuditedModel)``) and run
   makemigrations; the column `version` starts at 1. Fields whose values some editors may not see go in
   `concurrency_hidden_fields` (shown as "hidden" in the difference for them).
2. Service: inside `transaction.atomic`, ``current = guard(instance, version=version, data=changes, hide=...)``
   locks the row, refuses a stale `version` with `StaleVersion` (carrying the field-by-field difference between what
   is stored and what this editor submitted) and returns the fresh row with `version` already raised by one; set
   your fields on `current` and save it. `version=None` means "no check" (internal callers only: commands, imports
   that lock otherwise); web forms and the API always send it.
3. Web form: mix `VersionedFormMixin` into the form (ModelForm: the instance's version; plain Form: pass
   ``versioned=instance``); on `StaleVersion` call ``form.stale(exc)`` and re-render with status 409; include
   ``{% include "core/_stale.html" %}`` in the template (it shows "someone saved this after you opened it" with the
   difference); the hidden field is rendered with the form's hidden fields.
4. API: `tendik.core.concurrency.api.VersionedSerializerMixin` on the serializer (adds `version`; pass
   ``self.version_of(validated_data)`` to the service, which turns a missing one into 400 after its permission
   check, so a writer without permission still gets 403); let `StaleVersion` propagate (the project's exception
   handler answers 409 with the difference) or answer ``stale_response(exc)``; document the 409 with
   ``extend_schema(responses={200: ..., **STALE_RESPONSES})``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, ClassVar, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

__all__ = [
    "StaleVersion",
    "MISSING_VERSION",
    "Versioned",
    "VersionedFormMixin",
    "difference",
    "display_value",
    "guard",
]


class Versioned(models.Model):
    """Abstract mixin: a version column raised by one on every guarded save."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    # Fields whose values are hidden in the difference for editors who may not see them (identities, notes).
    concurrency_hidden_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True


class StaleVersion(Exception):  # noqa: N818  (the name the protection app has always used)
    """Someone saved the record after this editor opened it; `diff` lists what differs, field by field.

    Each diff item: {"field", "label", "yours", "theirs", "hidden"}; hidden values are None.
    """

    def __init__(self, *, current_version: int, diff: list[dict[str, Any]]) -> None:
        super().__init__("stale version")
        self.current_version = current_version
        self.diff = diff


def _comparable(field: Any, value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        return None
    if isinstance(field, models.DecimalField | models.FloatField | models.IntegerField):
        try:
            return Decimal(str(value))
        except ArithmeticError:
            return value
    return value


def display_value(field: Any, value: Any) -> Any:
    """A value as a person reads it: a choice's label, a date and a number in the reader's language."""
    if value is None or value == "":
        return value
    if isinstance(value, models.Model):
        return str(value)
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dt.datetime | dt.date | Decimal | float):
        return formats.localize(value)
    return value


def difference(
    *, instance: models.Model, data: Mapping[str, Any], hide: bool | Iterable[str] = False
) -> list[dict[str, Any]]:
    """Field by field: what `instance` holds against what an editor submitted in `data` (equal fields left out).

    `hide=True` hides the values of the model's `concurrency_hidden_fields`; an iterable hides those names.
    """
    if hide is True:
        hidden_names = set(getattr(instance, "concurrency_hidden_fields", ()))
    elif hide is False:
        hidden_names = set()
    else:
        hidden_names = set(hide)
    diff = []
    for name, yours in data.items():
        try:
            field: Any = instance._meta.get_field(name)
        except Exception:  # noqa: S112  (not a model field: nothing to compare)
            continue
        if field.many_to_many:
            theirs = {o.pk for o in getattr(instance, name).all()} if instance.pk else set()
            mine = {o.pk if isinstance(o, models.Model) else o for o in (yours or [])}
            if theirs == mine:
                continue
            hidden = name in hidden_names
            diff.append(
                {
                    "field": name,
                    "label": str(field.verbose_name),
                    "yours": None if hidden else ", ".join(str(o) for o in (yours or [])),
                    "theirs": None if hidden else ", ".join(str(o) for o in getattr(instance, name).all()),
                    "hidden": hidden,
                }
            )
            continue
        theirs = getattr(instance, name)
        if _comparable(field, theirs) == _comparable(field, yours):
            continue
        hidden = name in hidden_names
        diff.append(
            {
                "field": name,
                "label": str(field.verbose_name),
                "yours": None if hidden else display_value(field, yours),
                "theirs": None if hidden else display_value(field, theirs),
                "hidden": hidden,
            }
        )
    return diff


M = TypeVar("M", bound=models.Model)

# What an API client that sent no version gets passed as `version`: refused (400) by `guard`, after the service has
# checked permission (so that a refused writer learns nothing more).
MISSING_VERSION = -1


def guard(instance: M, *, version: int | None, data: Mapping[str, Any] | None = None, hide: Any = False) -> M:
    """Lock `instance`'s row and return it fresh, its version raised by one; refuse a stale `version`.

    Call inside `transaction.atomic`. On a mismatch raises `StaleVersion` with the difference between the stored
    row and `data` (what this editor submitted). `version=None` skips the check (the version is still raised);
    `MISSING_VERSION` (an API client sent none) raises ValidationError on `version`.
    """
    if version == MISSING_VERSION:
        raise ValidationError({"version": [_("Send the version you started from.")]}, code="version_missing")
    model = type(instance)
    current = model._default_manager.select_for_update().get(pk=instance.pk)
    stored = current.version  # type: ignore[attr-defined]
    if version is not None and int(version) != stored:
        raise StaleVersion(current_version=stored, diff=difference(instance=current, data=data or {}, hide=hide))
    current.version = stored + 1  # type: ignore[attr-defined]
    return current


class VersionedFormMixin:
    """A hidden `version` field; `stale(exc)` turns a refused save into a form error with the difference.

    ModelForm: the version comes from `instance`; plain Form: pass ``versioned=<record>``.
    """

    stale_diff: list[dict[str, Any]] | None = None

    def __init__(self, *args: Any, versioned: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        record = versioned if versioned is not None else getattr(self, "instance", None)
        fields: Any = self.fields  # type: ignore[attr-defined]
        fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
        if record is not None and getattr(record, "pk", None):
            fields["version"].initial = record.version

    @property
    def submitted_version(self) -> int | None:
        cleaned: Any = getattr(self, "cleaned_data", {})
        return cleaned.get("version")

    def changes(self) -> dict[str, Any]:
        """Cleaned data without the version (what the editor wants to save)."""
        cleaned: Any = getattr(self, "cleaned_data", {})
        return {k: v for k, v in cleaned.items() if k != "version"}

    def stale(self, exc: StaleVersion) -> None:
        """Keep the editor's input, take the stored version (so a second save wins knowingly), show the difference."""
        form: Any = self
        data = form.data.copy()
        data[form.add_prefix("version")] = exc.current_version
        form.data = data
        self.stale_diff = exc.diff
        form.add_error(
            None,
            _("Someone saved this after you opened it. Compare the difference below; save again to keep your version."),
        )
