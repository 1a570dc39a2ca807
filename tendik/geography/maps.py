"""Server-side SVG maps: boundaries projected once into a national frame, drawn as plain <path> elements.

The projection is equirectangular with the x axis shrunk by cos(41.3°) (the country's middle latitude), which is
close enough to true shape for a country 4° tall. 100 map units = 1° of latitude; one decimal is about 100 m.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

LON0 = 69.2  # west of Batken oblast
LAT_TOP = 43.3  # north of Chui oblast
KX = math.cos(math.radians(41.3))
SCALE = 100.0

BBox = tuple[float, float, float, float]


def project(lon: float, lat: float) -> tuple[float, float]:
    return round((lon - LON0) * KX * SCALE, 1), round((LAT_TOP - lat) * SCALE, 1)


def _polygons(geometry: dict[str, Any]) -> list[list[list[Sequence[float]]]]:
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"unsupported geometry type {kind!r}")


def _num(v: float) -> str:
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def geometry_to_svg(geometry: dict[str, Any]) -> tuple[str, BBox]:
    """SVG path data ("M x y x y …Z" per ring) and the bounding box (min_x, min_y, max_x, max_y)."""
    parts: list[str] = []
    xs: list[float] = []
    ys: list[float] = []
    for polygon in _polygons(geometry):
        for ring in polygon:
            pts = [project(float(p[0]), float(p[1])) for p in ring]
            pts = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
            if pts and pts[0] == pts[-1]:
                pts = pts[:-1]
            if len(pts) < 3:
                continue
            xs += [p[0] for p in pts]
            ys += [p[1] for p in pts]
            parts.append("M" + " ".join(f"{_num(x)} {_num(y)}" for x, y in pts) + "Z")
    if not parts:
        raise ValueError("the geometry has no ring with three points")
    return "".join(parts), (min(xs), min(ys), max(xs), max(ys))


def _ring_area(ring: list[tuple[float, float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True)) / 2


def label_point(geometry: dict[str, Any]) -> tuple[float, float]:
    """A point inside the largest polygon, in map units, for the unit's name: on the horizontal line through the
    polygon's centroid, the middle of the widest stretch that lies inside (holes and all)."""
    polygons = [[[project(float(p[0]), float(p[1])) for p in ring] for ring in poly] for poly in _polygons(geometry)]
    rings = max(polygons, key=lambda poly: abs(_ring_area(poly[0])))
    outer = rings[0]
    area = _ring_area(outer) or 1e-9
    cy = sum((y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(outer, [*outer[1:], outer[0]], strict=True))
    cy /= 6 * area
    xs = sorted(
        x1 + (cy - y1) * (x2 - x1) / (y2 - y1)
        for ring in rings
        for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True)
        if (y1 > cy) != (y2 > cy)
    )
    spans = [(xs[i], xs[i + 1]) for i in range(0, len(xs) - 1, 2)]
    if not spans:
        return outer[0]
    a, b = max(spans, key=lambda s: s[1] - s[0])
    return round((a + b) / 2, 1), round(cy, 1)


def bbox_union(boxes: Iterable[BBox]) -> BBox | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def viewbox(box: BBox, margin: float = 0.04) -> str:
    """The SVG viewBox around `box`, with a margin, never thinner than 20 units (small cities stay readable)."""
    x0, y0, x1, y1 = box
    w, h = max(x1 - x0, 20.0), max(y1 - y0, 20.0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    m = max(w, h) * margin
    return f"{_num(cx - w / 2 - m)} {_num(cy - h / 2 - m)} {_num(w + 2 * m)} {_num(h + 2 * m)}"


@dataclass(frozen=True)
class Shape:
    """One unit on a map: its path, where it links to, how it is titled and styled."""

    code: str
    title: str
    href: str
    d: str
    css: str = ""
    label_x: float | None = None
    label_y: float | None = None


@dataclass(frozen=True)
class Map:
    shapes: list[Shape]
    viewbox: str
    label: str
    font_size: float = 10.0

    @property
    def is_empty(self) -> bool:
        return not self.shapes
