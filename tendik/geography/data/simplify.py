"""Simplify the OCHA/MoES district boundaries for Tendik's maps. A developer tool: run once, commit the output.

    python tendik/geography/data/simplify.py SOURCE.geojson [OUT.geojson]

Tendik never reads the source at run time; `load_territories` reads only the output, `kg_boundaries.geojson`.

Steps (pure Python, no GIS library):
1. Orient rings (exterior counter-clockwise, holes clockwise, as RFC 7946 asks).
2. Cut every ring into arcs at junctions (vertices where other than two distinct edges meet) and simplify each
   arc once with Douglas–Peucker, so that neighbouring districts keep one common border: no gaps, no slivers.
3. Round to 3 decimals (about 100 m) and drop repeated and collinear points inside arcs.
4. Oblasts: the union of their districts and cities, by cancelling the edges that two of them share (the source
   is topologically clean: every inner edge appears exactly twice). Bishkek and Osh have no features in the
   source; their boundaries are the holes of the country's union that contain their centres.
"""

from __future__ import annotations

import json
import math
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

Point = tuple[float, float]
Ring = list[Point]

TOLERANCE = 0.0025  # degrees, about 200-280 m: about a pixel on a 1000 px map of one oblast
DIGITS = 3
HERE = Path(__file__).resolve().parent
CITY_CENTRES = {  # cities of republican significance: a point inside each, to find its hole
    "41711000000000": (74.59, 42.87),  # Bishkek
    "41721000000000": (72.80, 40.53),  # Osh
}


def pcode_to_soate(pcode: str) -> str:
    """KG + 11 digits ↔ 417 + the same 11 digits (see SOURCES.md)."""
    return "417" + pcode[2:]


def signed_area(ring: Ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2


def oriented(ring: Ring, ccw: bool) -> Ring:
    return ring if (signed_area(ring) > 0) == ccw else ring[::-1]


def seg_distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(points: Ring, tol: float) -> Ring:
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = -1.0, -1
        for k in range(i + 1, j):
            d = seg_distance(points[k], points[i], points[j])
            if d > best:
                best, idx = d, k
        if idx > 0 and best > tol:
            keep[idx] = True
            stack += [(i, idx), (idx, j)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def clean_arc(arc: Ring) -> Ring:
    """Round, then drop repeated and collinear interior points (arc ends stay: they are shared)."""
    pts = [(round(x, DIGITS), round(y, DIGITS)) for x, y in arc]
    out: Ring = [pts[0]]
    for p in pts[1:]:
        if p != out[-1]:
            out.append(p)
    i = 1
    while i < len(out) - 1:
        (ax, ay), (bx, by), (cx, cy) = out[i - 1], out[i], out[i + 1]
        if abs((bx - ax) * (cy - ay) - (by - ay) * (cx - ax)) < 1e-12:
            del out[i]
        else:
            i += 1
    return out


class ArcSimplifier:
    """Simplifies each shared arc once, so both neighbours get the same border."""

    def __init__(self, rings: list[Ring]) -> None:
        neighbours: dict[Point, set[Point]] = defaultdict(set)
        for ring in rings:
            for a, b in zip(ring, ring[1:], strict=False):
                neighbours[a].add(b)
                neighbours[b].add(a)
        self.junctions = {p for p, n in neighbours.items() if len(n) != 2}
        self.cache: dict[tuple[Point, ...], Ring] = {}
        self.fine: set[tuple[Point, ...]] = set()

    def arcs(self, ring: Ring) -> list[Ring]:
        body = ring[:-1]
        cut = [i for i, p in enumerate(body) if p in self.junctions]
        if not cut:  # an island or an enclave: start at its smallest point so every copy cuts alike
            start = body.index(min(body))
            body = body[start:] + body[:start]
            return [[*body, body[0]]]
        body = body[cut[0] :] + body[: cut[0]]
        cut = [i for i, p in enumerate(body) if p in self.junctions] + [len(body)]
        closed = [*body, body[0]]
        return [closed[i : j + 1] for i, j in zip(cut, cut[1:], strict=False)]

    @staticmethod
    def key(arc: Ring) -> tuple[tuple[Point, ...], bool]:
        fwd = tuple(arc)
        rev = fwd[::-1]
        return (fwd, False) if fwd <= rev else (rev, True)

    def simplify_arc(self, arc: Ring) -> Ring:
        key, reversed_ = self.key(arc)
        if key not in self.cache:
            tol = TOLERANCE / 8 if key in self.fine else TOLERANCE
            pts = list(key)
            if pts[0] == pts[-1]:  # a closed arc: cut at its farthest point first
                far = max(range(len(pts)), key=lambda k: math.hypot(pts[k][0] - pts[0][0], pts[k][1] - pts[0][1]))
                simple = douglas_peucker(pts[: far + 1], tol)[:-1] + douglas_peucker(pts[far:], tol)
            else:
                simple = douglas_peucker(pts, tol)
            self.cache[key] = clean_arc(simple)
        out = self.cache[key]
        return out[::-1] if reversed_ else out

    def simplify_ring(self, ring: Ring) -> Ring:
        out: Ring = []
        for arc in self.arcs(ring):
            part = self.simplify_arc(arc)
            out.extend(part if not out else part[1:])
        deduped = [p for i, p in enumerate(out) if i == 0 or p != out[i - 1]]
        return deduped

    def refine(self, ring: Ring) -> None:
        for arc in self.arcs(ring):
            key, _ = self.key(arc)
            self.fine.add(key)
            self.cache.pop(key, None)


def point_in_ring(pt: Point, ring: Ring) -> bool:
    x, y = pt
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def union(polygons: list[list[Ring]]) -> list[list[Ring]]:
    """Union of edge-matched polygons: shared edges cancel, the remaining edges chain into rings."""
    edges: dict[tuple[Point, Point], int] = defaultdict(int)
    for poly in polygons:
        for ring in poly:
            for a, b in zip(ring, ring[1:], strict=False):
                if edges.get((b, a)):
                    edges[(b, a)] -= 1
                else:
                    edges[(a, b)] += 1
    outgoing: dict[Point, list[Point]] = defaultdict(list)
    for (a, b), n in edges.items():
        outgoing[a].extend([b] * n)
    rings: list[Ring] = []
    for start in list(outgoing):
        while outgoing[start]:
            ring = [start]
            cur = outgoing[start].pop()
            while cur != start:
                ring.append(cur)
                cur = outgoing[cur].pop()
            ring.append(start)
            if len(ring) >= 4:
                rings.append(ring)
    shells = [[r] for r in rings if signed_area(r) > 0]
    for hole in (r for r in rings if signed_area(r) < 0):
        probe = ((hole[0][0] + hole[1][0]) / 2, (hole[0][1] + hole[1][1]) / 2)
        owners = [s for s in shells if point_in_ring(probe, s[0])]
        if owners:
            min(owners, key=lambda s: signed_area(s[0])).append(hole)
    return shells


def feature(props: dict[str, Any], polygons: list[list[Ring]]) -> dict[str, Any]:
    coords = [[[list(p) for p in ring] for ring in poly] for poly in polygons]
    return {"type": "Feature", "properties": props, "geometry": {"type": "MultiPolygon", "coordinates": coords}}


def main(source: Path, out: Path) -> None:
    data = json.loads(source.read_text(encoding="utf-8"))
    districts = []
    all_rings: list[Ring] = []
    for f in data["features"]:
        polys = f["geometry"]["coordinates"]
        if f["geometry"]["type"] == "Polygon":
            polys = [polys]
        polygons = [
            [oriented([(float(x), float(y)) for x, y in ring], ccw=(i == 0)) for i, ring in enumerate(poly)]
            for poly in polys
        ]
        districts.append((f["properties"], polygons))
        all_rings += [ring for poly in polygons for ring in poly]

    simplifier = ArcSimplifier(all_rings)
    for _ in range(3):  # rings that collapse get a finer tolerance on their arcs
        bad = [r for r in all_rings if len(set(simplifier.simplify_ring(r))) < 3]
        if not bad:
            break
        for ring in bad:
            simplifier.refine(ring)

    features = []
    by_oblast: dict[str, list[list[Ring]]] = defaultdict(list)
    oblast_props: dict[str, dict[str, str]] = {}
    country: list[list[Ring]] = []
    for props, polygons in districts:
        simple = [[simplifier.simplify_ring(r) for r in poly] for poly in polygons]
        simple = [[r for r in poly if len(set(r)) >= 3] for poly in simple]
        simple = [poly for poly in simple if poly]
        typ = "city" if props["ADM2TYP_EN"].strip() == "independent city" else "rayon"
        features.append(
            feature(
                {
                    "soate": pcode_to_soate(props["ADM2_PCODE"]),
                    "pcode": props["ADM2_PCODE"],
                    "level": typ,
                    "name_en": props["ADM2_EN"],
                    "name_ru": props["ADM2_RU"],
                    "name_ky": props["ADM2_KY"],
                    "source": "OCHA/MoES COD-AB 2018-11-19, simplified",
                },
                simple,
            )
        )
        by_oblast[props["ADM1_PCODE"]] += simple
        oblast_props[props["ADM1_PCODE"]] = {"en": props["ADM1_EN"], "ru": props["ADM1_RU"], "ky": props["ADM1_KY"]}
        country += simple

    for pcode, polygons in sorted(by_oblast.items()):
        names = oblast_props[pcode]
        features.append(
            feature(
                {
                    "soate": pcode_to_soate(pcode),
                    "pcode": pcode,
                    "level": "oblast",
                    "name_en": names["en"],
                    "name_ru": names["ru"],
                    "name_ky": names["ky"],
                    "source": "union of its districts and cities (OCHA/MoES COD-AB 2018-11-19)",
                },
                union(polygons),
            )
        )

    holes = [hole for poly in union(country) for hole in poly[1:]]
    for soate, centre in CITY_CENTRES.items():
        hole = next((h for h in holes if point_in_ring(centre, h)), None)
        if hole is None:
            print(f"no hole found around {soate}", file=sys.stderr)
            continue
        features.append(
            feature(
                {
                    "soate": soate,
                    "pcode": "KG" + soate[3:],
                    "level": "city",
                    "name_en": "",
                    "name_ru": "",
                    "name_ky": "",
                    "source": "the gap left for the city in the surrounding districts (OCHA/MoES COD-AB 2018-11-19)",
                },
                [[hole[::-1]]],
            )
        )

    out.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":")),
        encoding="utf-8",
    )
    points = sum(len(r) for f in features for poly in f["geometry"]["coordinates"] for r in poly)
    print(f"{out.name}: {len(features)} features, {points} points, {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else HERE / "kg_boundaries.geojson")
