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
    nodes = 0

    def consistent(assign: Mapping[Key, int]) -> tuple[bool, Key | None, int | None]:
        """Check complete relations; return a forced (key, value) from a relation with one unknown left."""
        forced: tuple[Key, int] | None = None
        for terms in relations:
            unknown = [(k, c) for k, c in terms if k not in known and k not in assign]
            total = sum(c * (known[k] if k in known else assign[k]) for k, c in terms if (k in known or k in assign))
            if not unknown:
                if total != 0:
                    return False, None, None
            elif len(unknown) == 1 and forced is None:
                k, c = unknown[0]
                value = -total // c if (-total) % c == 0 else None
                if value is None or value not in domains[k]:
                    return False, None, None
                forced = (k, value)
        return (True, *forced) if forced else (True, None, None)

    def search(assign: dict[Key, int]) -> None:
        nonlocal nodes
        nodes += 1
        if nodes > limit:
            raise RuntimeError("attack search too large for this table")
        ok, forced, value = consistent(assign)
        if not ok:
            return
        if forced is not None:
            assign[forced] = value  # type: ignore[assignment]
            search(assign)
            del assign[forced]
            return
        free = [k for k in members if k not in assign]
        if not free:
            for k, v in assign.items():
                possible[k].add(v)
            return
        key = free[0]
        for v in domains[key]:
            assign[key] = v
            search(assign)
            del assign[key]

    search({})


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
