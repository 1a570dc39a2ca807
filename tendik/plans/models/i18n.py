"""Three-language catalogue texts: `<name>_ru`, `<name>_ky`, `<name>_en` and a property picking the current one."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

LANGUAGES = ("ru", "ky", "en")


def current_lang() -> str:
    lang = (get_language() or "ru")[:2]
    return lang if lang in LANGUAGES else "ru"


def pick(obj: Any, base: str, lang: str | None = None) -> str:
    """The text of field `base` in the current language, falling back to Russian."""
    lang = lang or current_lang()
    return getattr(obj, f"{base}_{lang}", "") or getattr(obj, f"{base}_ru", "") or ""


def localized(base: str) -> property:
    return property(lambda self: pick(self, base), doc=f"`{base}` in the current language (fallback: Russian)")
