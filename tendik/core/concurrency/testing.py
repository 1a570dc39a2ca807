"""Test helper for the concurrency guard's form pages."""

from __future__ import annotations

from typing import Any


def form_data(response: Any) -> dict[str, Any]:
    """What the form page would post back unchanged (its initial values, the version included)."""
    form = response.context["form"]
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if hasattr(value, "pk"):
            value = value.pk
        elif hasattr(value, "__iter__") and not isinstance(value, str):
            value = [getattr(o, "pk", o) for o in value]
        data[name] = value
    return data
