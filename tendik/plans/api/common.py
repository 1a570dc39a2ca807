from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, IsAuthenticated

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm

LANG_FIELDS = ("ru", "ky", "en")


def i18n(*names: str) -> list[str]:
    return [f"{n}_{lang}" for n in names for lang in LANG_FIELDS]


class CanViewPlans(IsAuthenticated):
    """Signed in and allowed to see plans somewhere; each object is then looked up in the user's scope."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return super().has_permission(request, view) and has_perm(request.user, Perm.PLANS_VIEW)


class CatalogueReadOrCanViewPlans(CanViewPlans):
    """The national catalogue is public for reading (GET, HEAD, OPTIONS); any write needs the plans permissions."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return request.method in SAFE_METHODS or super().has_permission(request, view)


def enum_field(choices: Any, **kwargs: Any) -> Any:
    """A ChoiceField whose schema is an inline enum: no shared component, so no name clash with other apps'
    `status` or `kind` enums."""
    from drf_spectacular.utils import extend_schema_field
    from rest_framework import serializers

    described = "; ".join(f"{v}: {label}" for v, label in zip(choices.values, choices.labels, strict=True))
    # Wrapped in allOf so that the schema post-processing keeps it inline instead of naming a shared component.
    schema = {"allOf": [{"type": "string", "enum": list(choices.values)}], "description": described}

    @extend_schema_field(schema)
    class _EnumField(serializers.ChoiceField):
        pass

    return _EnumField(choices=choices.choices, **kwargs)
