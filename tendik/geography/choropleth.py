"""One thematic (choropleth) map for every module: territories coloured by a figure, in classes, offline.

How to use (in any app at or above geography):

    from tendik.geography.choropleth import choropleth
    m = choropleth(units=oblasts, values={"41706000000000": 62.5, ...}, title=_("Plan progress"),
                   value_label=_("Measures done, %"), percent=True)

and in the template `{% include "geography/_choropleth.html" with map=m %}` (add `open_table=True` in documents).
`values` maps a unit's SOATE code to its figure (None or a missing code: no data). Each unit with a stored boundary
is drawn as a shape from the boundaries `tendik.geography` already keeps (`UnitBoundary.svg_path`, projected once
by `tendik.geography.maps`); cities too small to see at the map's scale (Bishkek and Osh on a map of the country)
and units without a boundary at a known place are drawn as circles coloured the same way. Every shape and circle
is a link to `href(unit)` (the unit's territory page by default) with the name and figure in its <title> and
aria-label; the legend lists the classes (lower bound included, upper bound excluded except in the last class); the
same figures come as a table, which is the text alternative and what small screens rely on (names on the map are
hidden below 600 px). No tiles, no script, no style attribute: the SVG is drawn with attributes only.
Class bounds: `class_breaks(values)` (equal steps on round numbers; 0–100 in steps of 20 for percentages), or
pass `breaks=[...]` to compare maps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tendik.core.charts import FONT, nice_ceiling, number, percent
from tendik.geography.maps import bbox_union, project, viewbox
from tendik.geography.models import AdministrativeUnit, UnitBoundary, UnitLevel

Number = float | int | None

# Light to dark teal (ColorBrewer-like, readable in grey); "no data" is a light grey distinct from the first class.
SEQUENTIAL = ("#d7ecea", "#9fd0cb", "#5eaeae", "#2b7f8a", "#0b4f5c", "#062f38")
NO_DATA = "#e6e4e8"
STROKE = "#ffffff"
POINT_STROKE = "#1d1d24"
# Where a city of republican significance lies when its boundary is missing (WGS84 lon, lat; same as the
# simplify tool's CITY_CENTRES, which found their boundaries as the holes these points fall in).
CITY_POINTS = {
    "41711000000000": (74.59, 42.87),  # Bishkek
    "41721000000000": (72.80, 40.53),  # Osh
}
SMALL = 0.03  # a city whose boundary spans less than this share of the map is drawn as a point


@dataclass(frozen=True)
class MapClass:
    """One class of the legend: figures from `lower` (included) to `upper` (excluded, except in the last class)."""

    lower: float
    upper: float
    color: str
    label: str


@dataclass(frozen=True)
class Area:
    """One territory on the map: a shape (`d`) or a point (`cx`, `cy`), its figure and where it links to."""

    code: str
    name: str
    href: str
    value: Number
    display: str
    color: str
    d: str = ""
    cx: float | None = None
    cy: float | None = None
    label_x: float | None = None
    label_y: float | None = None
    drawn: bool = True

    @property
    def title(self) -> str:
        return f"{self.name}: {self.display}"

    @property
    def is_point(self) -> bool:
        return self.cx is not None


@dataclass(frozen=True)
class Choropleth:
    title: str
    value_label: str
    areas: list[Area]
    classes: list[MapClass]
    viewbox: str
    svg: SafeString
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.areas

    @property
    def has_missing(self) -> bool:
        return any(a.value is None for a in self.areas)

    @property
    def points(self) -> list[Area]:
        return [a for a in self.areas if a.is_point]

    @property
    def undrawn(self) -> list[Area]:
        """Territories in the table but not on the map (no boundary, no known point)."""
        return [a for a in self.areas if not a.drawn]


def class_breaks(values: Iterable[Number], classes: int = 5, *, is_percent: bool = False) -> list[float]:
    """Class bounds on round numbers: `classes` equal steps from 0 (or below the least negative figure) to the
    first round number not below the largest figure; percentages up to 100 get 0, 20, 40, 60, 80, 100.
    Fewer classes when the figures do not reach the upper ones. Empty when there is no figure."""
    figures = [float(v) for v in values if v is not None]
    if not figures:
        return []
    lo, hi = min(figures), max(figures)
    if is_percent and lo >= 0 and hi <= 100:
        return [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
    start = 0.0 if lo >= 0 else -nice_ceiling(-lo)
    step = nice_ceiling(max(hi - start, 1e-9) / classes)
    if all(float(v).is_integer() for v in figures):
        step = max(step, 1.0)
    breaks = [start + k * step for k in range(classes + 1)]
    while len(breaks) > 2 and breaks[-2] >= hi:
        breaks.pop()
    if breaks[-1] < hi:  # pragma: no cover (rounding)
        breaks[-1] = hi
    return breaks


def class_of(value: Number, breaks: Sequence[float]) -> int | None:
    """The index of the class `value` falls in (lower bound included), None without a figure or bounds."""
    if value is None or len(breaks) < 2:
        return None
    for k in range(len(breaks) - 2, -1, -1):
        if value >= breaks[k]:
            return k
    return 0


def _palette(n: int) -> list[str]:
    if n <= len(SEQUENTIAL):
        step = (len(SEQUENTIAL) - 1) / max(n - 1, 1)
        return [SEQUENTIAL[round(i * step)] for i in range(n)] if n > 1 else [SEQUENTIAL[2]]
    return [SEQUENTIAL[min(i * len(SEQUENTIAL) // n, len(SEQUENTIAL) - 1)] for i in range(n)]


def _format(value: Number, *, is_percent: bool, decimals: int) -> str:
    if value is None:
        return _("no data")
    return percent(value, decimals) if is_percent else number(value, decimals)


def legend(breaks: Sequence[float], *, is_percent: bool = False, decimals: int = 0) -> list[MapClass]:
    """The legend's classes. Whole-number bounds of whole-number figures are written as "0–4", "5–9"."""
    colours = _palette(len(breaks) - 1)
    whole = all(float(b).is_integer() for b in breaks) and not is_percent and decimals == 0
    out = []
    for k in range(len(breaks) - 1):
        lo, hi = breaks[k], breaks[k + 1]
        last = k == len(breaks) - 2
        shown_hi = hi if last or not whole else hi - 1
        if whole and shown_hi <= lo:
            text = number(lo)
        else:
            text = f"{number(lo, decimals)}–{_format(shown_hi, is_percent=is_percent, decimals=decimals)}"
        out.append(MapClass(lower=lo, upper=hi, color=colours[k], label=text))
    return out


def territory_url(unit: AdministrativeUnit) -> str:
    return reverse("geography:unit", args=[unit.code])


def _n(v: float) -> str:
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def choropleth(
    *,
    units: Sequence[AdministrativeUnit],
    values: Mapping[str, Number | str],
    title: str,
    value_label: str,
    href: Callable[[AdministrativeUnit], str] | None = territory_url,
    percent: bool = False,
    decimals: int = 0,
    breaks: Sequence[float] | None = None,
    classes: int = 5,
    note: str = "",
    max_labels: int = 20,
) -> Choropleth:
    """The thematic map of `units` coloured by `values` (by SOATE code). One query (the boundaries).

    A text instead of a number (such as "<5" for a suppressed count) is shown as it is and coloured as "no data"."""
    figures: dict[str, Number] = {c: None if isinstance(v, str) else v for c, v in values.items()}
    bounds = (
        list(breaks)
        if breaks is not None
        else class_breaks((figures.get(u.code) for u in units), classes, is_percent=percent)
    )
    legend_classes = legend(bounds, is_percent=percent, decimals=decimals) if bounds else []
    boundaries = {
        b.unit_id: b
        for b in UnitBoundary.objects.filter(unit__in=list(units)).only(
            "unit_id", "svg_path", "min_x", "min_y", "max_x", "max_y", "label_x", "label_y"
        )
    }
    box = bbox_union((b.min_x, b.min_y, b.max_x, b.max_y) for b in boundaries.values())
    for u in units:  # a point outside every boundary still has to be in the frame
        if u.pk not in boundaries and u.code in CITY_POINTS:
            x, y = project(*CITY_POINTS[u.code])
            box = bbox_union([*([box] if box else []), (x, y, x, y)])
    vb = viewbox(box) if box else "0 0 100 100"
    vb_w, vb_h = (float(n) for n in vb.split()[2:])
    span = max(vb_w, vb_h)
    areas = []
    for u in units:
        value = figures.get(u.code)
        text = values.get(u.code)
        k = class_of(value, bounds)
        colour = legend_classes[k].color if k is not None else NO_DATA
        area = Area(
            code=u.code,
            name=u.name,
            href=href(u) if href else "",
            value=value,
            display=text if isinstance(text, str) else _format(value, is_percent=percent, decimals=decimals),
            color=colour,
        )
        b = boundaries.get(u.pk)
        small = b is not None and u.level == UnitLevel.CITY and max(b.max_x - b.min_x, b.max_y - b.min_y) < SMALL * span
        if b is not None and not small:
            areas.append(replace(area, d=b.svg_path, label_x=b.label_x, label_y=b.label_y))
        elif b is not None:
            areas.append(replace(area, cx=(b.min_x + b.max_x) / 2, cy=(b.min_y + b.max_y) / 2))
        elif u.code in CITY_POINTS:
            x, y = project(*CITY_POINTS[u.code])
            areas.append(replace(area, cx=x, cy=y))
        else:
            areas.append(replace(area, drawn=False))
    svg = _svg(title, vb, span, areas, labelled=sum(1 for a in areas if a.drawn) <= max_labels)
    return Choropleth(
        title=title, value_label=value_label, areas=areas, classes=legend_classes, viewbox=vb, svg=svg, note=note
    )


def _svg(title: str, vb: str, span: float, areas: list[Area], *, labelled: bool) -> SafeString:
    radius = span / 70
    font = span / 48
    parts = [
        f'<svg class="choropleth-svg" viewBox="{vb}" '
        f'preserveAspectRatio="xMidYMid meet" role="group" aria-label="{escape(title)}" font-family="{FONT}">',
        f"<title>{escape(title)}</title>",
    ]

    def linked(a: Area, inner: str) -> str:
        if not a.href:
            return inner
        return f'<a href="{escape(a.href)}" aria-label="{escape(a.title)}">{inner}</a>'

    for a in areas:
        if a.d:
            shape = (
                f'<path class="area" d="{a.d}" fill="{a.color}" stroke="{STROKE}" stroke-width="1" '
                f'stroke-linejoin="round" fill-rule="evenodd" vector-effect="non-scaling-stroke">'
                f"<title>{escape(a.title)}</title></path>"
            )
            parts.append(linked(a, shape))
    for a in areas:  # points above the shapes around them
        if a.cx is not None and a.cy is not None:
            shape = (
                f'<circle class="point" cx="{_n(a.cx)}" cy="{_n(a.cy)}" r="{_n(radius)}" fill="{a.color}" '
                f'stroke="{POINT_STROKE}" stroke-width="1.5" vector-effect="non-scaling-stroke">'
                f"<title>{escape(a.title)}</title></circle>"
            )
            parts.append(linked(a, shape))
    if labelled:
        parts.append(f'<g class="labels" aria-hidden="true" font-size="{_n(font)}" fill="#1d1d24">')
        for a in areas:
            if a.d and a.label_x is not None and a.label_y is not None:
                x, y = a.label_x, a.label_y
            elif a.cx is not None and a.cy is not None:
                x, y = a.cx + radius * 1.4, a.cy + font * 0.35
            else:
                continue
            anchor = "middle" if a.d else "start"
            parts.append(
                f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" dominant-baseline="middle">'
                f"{escape(a.name)}</text>"
            )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text escaped above)
