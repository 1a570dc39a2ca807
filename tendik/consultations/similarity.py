"""Similar-recommendation search: Russian (Snowball) and Kyrgyz (light suffix stripping) stems, Jaccard ranking.

The candidates' stems are stored on each recommendation (`Recommendation.stems`, kept by the services), the query
is stemmed on the fly in Python (Snowball Russian, the Kyrgyz stripper below). The database then picks the
candidates: `prefilter()` keeps only recommendations whose stored stems contain one of the query's stems (a LIKE per
stem; on PostgreSQL a pg_trgm GIN index on `stems` serves it), so only those few rows travel to Python, where
`rank()` scores them exactly as before. A recommendation that shares no stem scores 0 and is never shown, so the
filter changes no result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from django.db.models import Q

_WORD = re.compile(r"[0-9a-zа-яёңөүһ]+", re.IGNORECASE)
_KYRGYZ_LETTERS = set("ңөү")

RU_STOP = frozenset(
    """а без более бы был была были было быть в вам вас весь во вот все всех вы где да даже для до его ее ей
    если есть еще же за и из или им их к как ко когда кто ли либо между меня мы на над не него нее нет ни них но
    о об однако он она они оно от по под при с со так также такой там те тем то того тоже только том тот у уже
    хотя чего чем что чтобы эта эти это этого этой этот я др т.д""".split()
)
KY_STOP = frozenset(
    """жана менен үчүн боюнча да де бул ал алар бир эле дагы же болуп болгон ошол мына бардык ар анын аны
    деп ж.б. ж б тарабынан аркылуу сыяктуу ошондой эле""".split()
)

# Kyrgyz suffixes by group, longest first within the order they are stripped (case, possession, plural, derivation).
_KY_CASE = (
    "нын нин нун нүн дын дин дун дүн тын тин тун түн "
    "дан ден дон дөн тан тен тон төн нан нен нон нөн "
    "га ге го гө ка ке ко кө на не но нө "
    "ны ни ну нү ды ди ду дү ты ти ту тү "
    "да де до дө та те то тө нда нде ндо ндө ын ин ун үн"
).split()
_KY_POSSESSIVE = "ыбыз ибиз убуз үбүз ыңыз иңиз уңуз үңүз сы си су сү ым им ум үм ың иң уң үң".split()
_KY_PLURAL = "лар лер лор лөр дар дер дор дөр тар тер тор төр".split()
_KY_DERIV = (
    "луулук лүүлүк чулук чүлүк чылык чилик лык лик лук лүк дык дик дук дүк тык тик тук түк "
    "чы чи чу чү сыз сиз суз сүз луу лүү дуу дүү туу түү "
    "уу үү оо өө ган ген гон гөн кан кен кон көн"
).split()
_KY_GROUPS = [sorted(g, key=len, reverse=True) for g in (_KY_CASE, _KY_POSSESSIVE, _KY_PLURAL, _KY_DERIV)]
_KY_MIN_STEM = 3
_VOWELS = set("аеёиоуыэюяөү")


def kyrgyz_stem(word: str) -> str:
    """A light Kyrgyz stemmer: strip at most one suffix per group (case, possession, plural, derivation), in order."""
    stem = word.lower()
    for group in _KY_GROUPS:
        for suffix in group:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= _KY_MIN_STEM:
                # The possessive -сы/-си/-су/-сү follows a vowel; after a consonant "-си" is "-с" + "-и".
                if group is _KY_GROUPS[1] and suffix[0] == "с" and stem[-len(suffix) - 1] not in _VOWELS:
                    continue
                stem = stem[: -len(suffix)]
                break
    # Possessive -ы/-и/-у/-ү after a consonant ("милдети" → "милдет").
    if len(stem) > _KY_MIN_STEM + 1 and stem[-1] in "ыиуү" and stem[-2] not in _VOWELS:
        stem = stem[:-1]
    return stem


_ru = snowballstemmer.stemmer("russian")


@lru_cache(maxsize=20000)
def russian_stem(word: str) -> str:
    return _ru.stemWord(word.lower().replace("ё", "е"))


def detect_language(text: str) -> str:
    """'ky' when the text has Kyrgyz letters (ң, ө, ү), else 'ru'."""
    return "ky" if _KYRGYZ_LETTERS & set(text.lower()) else "ru"


def tokens(text: str) -> list[str]:
    return [w.lower().replace("ё", "е") for w in _WORD.findall(text or "")]


def stems(text: str, lang: str | None = None) -> set[str]:
    """The set of content-word stems of `text` (stop words and one-letter words dropped)."""
    lang = lang or detect_language(text)
    stop = KY_STOP if lang == "ky" else RU_STOP
    stem = kyrgyz_stem if lang == "ky" else russian_stem
    return {stem(w) for w in tokens(text) if len(w) > 2 and w not in stop and not w.isdigit()}


def stems_for_storage(*, text_ru: str, text_ky: str, text_en: str = "") -> str:
    """What `Recommendation.stems` keeps: "ru stems|ky stems", each space-separated and sorted."""
    ru = stems(text_ru, "ru") if text_ru else set()
    ky = stems(text_ky, "ky") if text_ky else set()
    return " ".join(sorted(ru)) + "|" + " ".join(sorted(ky))


def query_stems(query: str) -> set[str]:
    """Every stem of the query, stemmed both ways (see `rank`)."""
    return stems(query, "ru") | stems(query, "ky")


def prefilter(query: str, field: str = "stems") -> Q:
    """Rows whose stored stems contain at least one stem of `query` (a superset of what `rank` can return)."""
    found = sorted(query_stems(query))
    if not found:
        return Q(pk__in=[])
    condition = Q()
    for stem in found:
        condition |= Q(**{f"{field}__contains": stem})
    return condition


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class Match:
    pk: int
    score: float


def score(query: set[str], other: set[str]) -> float:
    """Half the Jaccard index, half the share of the query's stems found in the other text.

    Jaccard alone ranks a full duplicate first but scores a few words typed so far near zero against a long
    recommendation; the coverage term makes suggestions useful while typing.
    """
    if not query or not other:
        return 0.0
    shared = len(query & other)
    return 0.5 * shared / len(query | other) + 0.5 * shared / len(query)


def rank(
    query: str, candidates: Iterable[tuple[int, str]], *, limit: int = 5, threshold: float = 0.25, min_shared: int = 2
) -> list[Match]:
    """Rank (pk, stored stems) candidates by similarity to `query`, best first; at least `min_shared` common stems
    (one when the query has a single stem) and a score of at least `threshold`."""
    # Short Kyrgyz text often has no ң/ө/ү, so the query is stemmed both ways and compared with each language.
    queries = {"ru": stems(query, "ru"), "ky": stems(query, "ky")}
    if not any(queries.values()):
        return []
    found = []
    for pk, stored in candidates:
        ru_part, _sep, ky_part = (stored or "").partition("|")
        best = 0.0
        for lang, other_text in (("ru", ru_part), ("ky", ky_part)):
            q, other = queries[lang], set(other_text.split())
            if len(q & other) >= min(min_shared, len(q)) and q & other:
                best = max(best, score(q, other))
        if best >= threshold:
            found.append(Match(pk=pk, score=round(best, 3)))
    found.sort(key=lambda m: (-m.score, m.pk))
    return found[:limit]
