"""Three-language texts: `<name>_ru`, `<name>_ky`, `<name>_en`, picked by the current language (fallback: Russian)."""

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
    """A model property returning `<base>_<current language>`, falling back to Russian."""
    return property(lambda self: pick(self, base), doc=f"`{base}` in the current language (fallback: Russian)")


def pick_json(value: Any, lang: str | None = None) -> str:
    """A {"ru","ky","en"} dict (or a plain string) in the current language."""
    if isinstance(value, dict):
        lang = lang or current_lang()
        return value.get(lang) or value.get("ru") or ""
    return str(value or "")
