"""Names of local bodies built from their territory's name, in the active language.

Many records are named "<kind> <territory>": a committee for protection from family violence, a local plan, a
kenesh. Their Russian name is stored as typed, but a Kyrgyz or English reader should read it in her language. One
mechanism for every module: a `LocalName` holds the translatable pattern ("Local committee … ({place})"); the place
comes from `place_name(unit)` in the active language; a stored name that is exactly the pattern's Russian rendering
is shown in the active language, and any other stored name (a body's own, official wording) is shown as stored.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import override

from tendik.core.i18n import current_lang

# The kind words a place name carries, in each language; the pattern says the kind itself.
_KIND = {
    "ru": re.compile(r"^г\.\s*|\s+(айылный аймак|область|район)$"),
    "ky": re.compile(r"\s+(айыл аймагы|облусу|району|шаары)$"),
    "en": re.compile(r"\s+(ayil aimak|Region|District)$"),
}
_LATIN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяңөү",
        "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch  y  e yu ya ng o u".split(" "),
        strict=True,
    )
)


def transliterate(text: str) -> str:
    """Cyrillic (Russian and Kyrgyz letters) in Latin letters, as Kyrgyz place names are written in English."""
    out = []
    for ch in text:
        low = ch.lower()
        latin = _LATIN.get(low)
        if latin is None:
            out.append(ch)
        else:
            out.append(latin.capitalize() if ch != low else latin)
    return "".join(out)


_RU_KIND_EN = (
    (re.compile(r"\s+айылный аймак$"), " ayil aimak"),
    (re.compile(r"^айылный аймак\s+", re.I), "ayil aimak "),
)


def english_fallback(name_ru: str) -> str:
    """An English name for a unit the reference list names only in Russian: «Сосновский айылный аймак» →
    "Sosnovskiy ayil aimak" (read by an English reader, instead of Cyrillic)."""
    name = re.sub(r"^г\.\s*", "", name_ru)
    for pattern, english in _RU_KIND_EN:
        name = pattern.sub(english, name)
    return transliterate(name)


def unit_name(unit: Any, lang: str | None = None) -> str:
    """The unit's full name in `lang` (default: the active language); Kyrgyz falls back to Russian, English to
    the Russian name in Latin letters."""
    lang = lang or current_lang()
    if lang == "ky":
        return unit.name_ky or unit.name_ru
    if lang == "en":
        return unit.name_en or english_fallback(unit.name_ru)
    return unit.name_ru


def place_name(unit: Any, lang: str | None = None) -> str:
    """The unit's name in `lang` (default: the active language) without its kind word: «Халмионский», «Ош»,
    "Osh". Where the reference list has no Kyrgyz or English name (most ayil aimaks), English transliterates the
    Russian one and Kyrgyz keeps it."""
    lang = lang or current_lang()
    ru = _KIND["ru"].sub("", unit.name_ru)
    if lang == "ky":
        return _KIND["ky"].sub("", unit.name_ky) if unit.name_ky else ru
    if lang == "en":
        return _KIND["en"].sub("", unit.name_en) if unit.name_en else transliterate(ru)
    return ru


class LocalName:
    """A name pattern, given as a lazy translatable string, with placeholders `{place}` (the bare place name),
    `{unit}` (the unit's full name) and any other passed to `render`/`display`."""

    def __init__(self, pattern: Any) -> None:
        self.pattern = pattern

    def render(self, unit: Any, lang: str | None = None, **extra: Any) -> str:
        lang = lang or current_lang()
        with override(lang):
            return str(self.pattern).format(place=place_name(unit, lang), unit=unit_name(unit, lang), **extra)

    def display(self, stored: str, unit: Any, **extra: Any) -> str:
        """What a reader sees: the pattern in her language when `stored` is empty or its Russian rendering,
        otherwise the stored name as typed."""
        if unit is None:
            return stored
        if not stored or stored == self.render(unit, "ru", **extra):
            return self.render(unit, **extra)
        return stored
