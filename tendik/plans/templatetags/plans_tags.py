from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def with_attrs(field: Any, spec: str) -> Any:
    """Render a bound field with extra attributes: {{ field|with_attrs:'aria-invalid=true' }}."""
    attrs = dict(part.split("=", 1) for part in spec.split(",") if "=" in part)
    return field.as_widget(attrs=attrs)
