"""Words for what the consultations module stores as codes (answer states in histories)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def answer_state_names() -> dict[str, str]:
    """{state code: name in the current language}, one query: `{% answer_state_names as names %}`."""
    from tendik.consultations.models import AnswerState

    return {s.code: s.name for s in AnswerState.objects.all()}


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """`names|lookup:code` — the value for `key`, or the key itself when unknown."""
    if isinstance(mapping, dict):
        return mapping.get(key, key)
    return key
