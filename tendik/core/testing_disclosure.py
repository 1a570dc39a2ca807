"""An attacker for tests of published tables: everything it can work out about hidden figures from what is shown.

`attack(table, shown)` enumerates every assignment of the hidden counts that agrees with the visible figures, the
table's relations and what the labels tell (a "<5" is 1–4, a "–" is at least 5) and returns, per hidden figure, the
set of values still possible. A figure with one possible value has been recovered. Use it in each app's tests on
every table it publishes; `assert_safe(table, shown)` fails with the recovered figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tendik.core.disclosure import THRESHOLD, Protected, Reason, Table

Key = Any


def attack(table: Table, shown: Protected, *, limit: int = 200_000) -> dict[Key, set[int]]:
    known: dict[Key, int] = {}
    domains: dict[Key, list[int]] = {}
    cap = max(table.counts.values(), default=0) + THRESHOLD + 1
    for key in table.counts:
        figure = shown.get(key)
        if figure is not None and not figure.hidden:
            known[key] = int(figure.value or 0)
        elif figure is not None and figure.reason == Reason.SMALL:
            domains[key] = list(range(1, THRESHOLD))
        elif figure is not None and figure.reason == Reason.TABLE:
            domains[key] = list(range(0, cap + 1))
        elif figure is not None:
            domains[key] = list(range(THRESHOLD, cap + 1))
        else:  # an undisplayed remainder: anything from 0 (the attacker may still derive it)
            domains[key] = list(range(0, cap + 1))
    all_relations = [list(rel.terms) for rel in table.relations]
    possible: dict[Key, set[int]] = {k: set() for k in domains}
    # Hidden figures linked by no relation are independent: search each connected group on its own.
    parent: dict[Key, Key] = {k: k for k in domains}

    def find(k: Key) -> Key:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for terms in all_relations:
        unknown = [k for k, _c in terms if k in domains]
        for other in unknown[1:]:
            parent[find(other)] = find(unknown[0])
    groups: dict[Key, list[Key]] = {}
    for k in domains:
        groups.setdefault(find(k), []).append(k)
    for members in groups.values():
        member_set = set(members)
        relations = [t for t in all_relations if any(k in member_set for k, _c in t)]
        if not any(k in known for t in relations for k, _c in t) and all(
            len(domains[k]) > THRESHOLD for k in members
        ):  # nothing shown and nothing bounded: every value stays possible
            for k in members:
                possible[k] = set(domains[k])
            continue
        _search(members, relations, known, domains, possible, limit)
    return possible


def _search(
    members: list[Key],
    relations: list[list[tuple[Key, int]]],
    known: Mapping[Key, int],
    domains: Mapping[Key, list[int]],
    possible: dict[Key, set[int]],
    limit: int,
) -> None:
    """Depth-first search with interval propagation (every relation bounds each of its unknowns by the others)."""
    nodes = 0
    rels = [[(k, c) for k, c in terms] for terms in relations]

    def propagate(lo: dict[Key, int], hi: dict[Key, int]) -> bool:
        changed = True
        while changed:
            changed = False
            for terms in rels:
                const = sum(c * known[k] for k, c in terms if k in known)
                unknown = [(k, c) for k, c in terms if k not in known]
                for k, c in unknown:
                    # c * x_k = -const - sum(others)
                    o_lo = sum(min(c2 * lo[k2], c2 * hi[k2]) for k2, c2 in unknown if k2 != k)
                    o_hi = sum(max(c2 * lo[k2], c2 * hi[k2]) for k2, c2 in unknown if k2 != k)
                    a, b = -const - o_hi, -const - o_lo
                    if c < 0:
                        a, b = -b, -a
                    if a > lo[k]:
                        lo[k], changed = a, True
                    if b < hi[k]:
                        hi[k], changed = b, True
                    if lo[k] > hi[k]:
                        return False
                if not unknown and const != 0:
                    return False
        return True

    def allowed(k: Key, lo: int, hi: int) -> list[int]:
        return [v for v in domains[k] if lo <= v <= hi]

    def search(lo: dict[Key, int], hi: dict[Key, int]) -> None:
        nonlocal nodes
        nodes += 1
        if nodes > limit:
            raise RuntimeError("attack search too large for this table")
        if not propagate(lo, hi):
            return
        free = [k for k in members if lo[k] != hi[k]]
        if not free:
            if all(lo[k] in domains[k] for k in members):
                for k in members:
                    possible[k].add(lo[k])
            return
        key = min(free, key=lambda k: hi[k] - lo[k])
        for v in allowed(key, lo[key], hi[key]):
            lo2, hi2 = dict(lo), dict(hi)
            lo2[key] = hi2[key] = v
            search(lo2, hi2)

    search({k: min(domains[k]) for k in members}, {k: max(domains[k]) for k in members})


def assert_safe(table: Table, shown: Protected) -> None:
    possible = attack(table, shown)
    displayed_hidden = {k for k, f in shown.items() if f.hidden and not f.is_amount}
    recovered = {k: v for k, v in possible.items() if k in displayed_hidden and len(v) <= 1}
    assert not recovered, f"hidden figures recovered: {recovered}"
    # An undisplayed remainder that is small must not be derivable either.
    small_rest = {
        k: v for k, v in possible.items() if k in table.undisplayed and 0 < table.counts[k] < THRESHOLD and len(v) <= 1
    }
    assert not small_rest, f"small remainders recovered: {small_rest}"
