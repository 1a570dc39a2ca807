"""One chart renderer for pages and PDF documents: server-rendered SVG, no JavaScript.

How to use (in a view, or in a document builder):

    from tendik.core import charts
    chart = charts.bar_chart(title=_("Plan progress"), labels=["Batken", "Naryn"], values=[62.5, 40],
                             percent=True, target=80)
    return render(request, "…", {"chart": chart})

and in the template `{% include "core/_chart.html" with chart=chart %}` (a figure with the SVG, its caption and the
same figures as a table in a <details>; add `open_table=True` in documents to print the table plainly, or
`hide_table=True` where the document prints the same figures right beside it).

Every chart is a `Chart`: `svg` (safe markup: attributes only, no style=, no external reference; `role="img"`,
an `aria-label` and a <title>; fixed width/height attributes that CSS scales to the column on screens as narrow as
360 px), `columns` and `rows` (the data table, figures formatted as in the SVG). Numbers follow the active language
(ru/ky: a no-break space between thousands and a decimal comma), so build charts inside the request or under
`translation.override(...)`. Kinds: `bar_chart` (horizontal bars, optional target line), `grouped_bar_chart`
(several series per category, side by side or `stacked=True`), `share_bar_chart` (each row split into parts that
add up to 100 %) and `line_chart` (series over periods, optional target). None means "no figure" (drawn as a gap,
shown as "–" in the table).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import localize, number_format
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tendik.core.i18n import current_lang

# Colour-blind-safe enough, each dark enough for white text and distinct from its neighbours.
PALETTE = ("#0b6e79", "#7a1f5c", "#b35c00", "#3d5a98", "#5b5b66", "#2e7d32", "#8e44ad", "#6b4f1d")
TARGET_COLOUR = "#b3261e"
GRID_COLOUR = "#d9d6de"
INK = "#1d1d24"
MUTED = "#5b5b66"
FONT = "DejaVu Sans, Arial, sans-serif"
WIDTH = 320  # viewBox width: in a card on a 360 px screen (about 290 px) the font stays about 12 px
FS = 13  # font size in viewBox units
CHAR = 0.6  # average glyph width as a share of the font size (DejaVu Sans is wide)
NO_VALUE = "–"
LABEL_LINES = 2  # a category name wraps onto at most this many lines above its bars


Number = float | int | None


@dataclass(frozen=True)
class Series:
    """One series of a multi-series chart: a name (for the legend and the table) and one value per category."""

    label: str
    values: Sequence[Number]
    color: str | None = None
    dashed: bool = False  # line charts: a dashed line (targets, plans) beside solid ones (facts)
    # Text to show instead of a value (e.g. "<5" for a suppressed count, whose value is then None), value by value.
    display: Sequence[str | None] | None = None

    def cell(self, i: int, *, is_percent: bool = False, decimals: int = 0) -> str:
        """The value at `i` as the table and the tooltip show it."""
        if self.display is not None and self.display[i] is not None:
            return str(self.display[i])
        return _fmt(self.values[i], is_percent=is_percent, decimals=decimals)


@dataclass(frozen=True)
class Chart:
    """A rendered chart: the SVG and the same figures as a table (`columns`, then `rows` of formatted cells)."""

    kind: str
    title: str
    svg: SafeString
    columns: list[str]
    rows: list[list[str]]
    note: str = ""
    values: list[list[Number]] = field(default_factory=list)  # the raw figures, row by row, for tests and exports

    def __html__(self) -> str:
        return str(self.svg)

    def __str__(self) -> str:
        return str(self.svg)

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def body_html(self) -> SafeString:
        """The rows of the figures' table (`core/_chart.html`), each row's first cell its header, escaped and localised
        as the template would: joined here, as a template loop over every cell costs about a millisecond a chart (a
        dashboard shows twenty)."""
        return mark_safe(  # noqa: S308 - every cell escaped
            "".join(
                f'<tr><th scope="row">{conditional_escape(localize(row[0]))}</th>'
                + "".join(f'<td class="num">{conditional_escape(localize(cell))}</td>' for cell in row[1:])
                + "</tr>"
                if row
                else "<tr></tr>"
                for row in self.rows
            )
        )


# Formatting ---------------------------------------------------------------------------------------------------


def number(value: Number, decimals: int = 0) -> str:
    """`value` as the active language writes it (ru/ky: "12 345,5"; en: "12,345.5"); None → "–"."""
    if value is None:
        return NO_VALUE
    # half away from zero, as people round (Python's round() would make 62.5 into 62)
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(exact, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def percent(value: Number, decimals: int = 0) -> str:
    """A percentage as the active language writes it (ru/ky: "45 %" with a no-break space; en: "45%")."""
    if value is None:
        return NO_VALUE
    return number(value, decimals) + ("\u00a0%" if current_lang() in ("ru", "ky") else "%")


def _fmt(value: Number, *, is_percent: bool, decimals: int) -> str:
    return percent(value, decimals) if is_percent else number(value, decimals)


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ not below `value` (the end of an axis)."""
    if value <= 0:
        return 1.0
    exp = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10**exp
        if candidate >= value - 1e-9:
            return float(candidate)
    return float(10 ** (exp + 1))  # pragma: no cover


def axis(top: float, *, whole: bool = False) -> tuple[float, float]:
    """(end, tick) of an axis from 0 that reaches `top` in at most four ticks of 1, 2, 2.5 or 5 × 10ⁿ (whole
    ticks for whole figures: a count axis never reads 0,5)."""
    raw = max(top, 1e-9) / 4
    exp = math.floor(math.log10(raw))
    tick = 10.0 ** (exp + 1)
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10.0**exp
        if candidate >= raw - 1e-9 and not (whole and not float(candidate).is_integer()):
            tick = candidate
            break
    if whole:
        tick = max(tick, 1.0)
    return tick * max(math.ceil(top / tick - 1e-9), 1), tick


def _n(v: float) -> str:
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _fit(text: str, width: float, size: float = FS) -> str:
    """`text` cut (with an ellipsis) to what fits in `width` units at `size`."""
    room = max(int(width / (size * CHAR)), 4)
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


def _wrap(text: str, width: float, lines: int = LABEL_LINES, size: float = FS) -> list[str]:
    """`text` broken at spaces into at most `lines` lines that fit in `width` (the last one cut if need be)."""
    room = max(int(width / (size * CHAR)), 4)
    out: list[str] = []
    rest = text.strip()
    while rest and len(out) < lines - 1 and len(rest) > room:
        cut = rest.rfind(" ", 0, room + 1)
        if cut <= 0:
            break
        out.append(rest[:cut])
        rest = rest[cut + 1 :].lstrip()
    out.append(_fit(rest, width, size))
    return out


def _label(y: float, text: str) -> tuple[list[str], float]:
    """The category's name on its own lines from `y`; returns the parts and the height used."""
    lines = _wrap(text, WIDTH)
    return [_text(0, y + FS + k * ROW_LABEL, line) for k, line in enumerate(lines)], ROW_LABEL * len(lines)


def _text_width(text: str, size: float = FS) -> float:
    return len(text) * size * CHAR


def _colour(series: Series, index: int) -> str:
    return series.color or PALETTE[index % len(PALETTE)]


def _open(width: float, height: float, title: str, kind: str) -> list[str]:
    t = escape(title)
    return [
        f'<svg class="chart-svg chart-{kind}" role="img" aria-label="{t}" '
        f'width="{_n(width)}" height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'font-family="{FONT}" font-size="{FS}" fill="{INK}">',
        f"<title>{t}</title>",
    ]


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: float | None = None, fill: str = "") -> str:
    extra = (f' font-size="{_n(size)}"' if size else "") + (f' fill="{fill}"' if fill else "")
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text x="{_n(x)}" y="{_n(y)}"{anchor_attr}{extra}>{escape(text)}</text>'


def _legend(series: Sequence[Series], y: float) -> tuple[list[str], float]:
    """Swatches with names, wrapped over as many lines as needed; returns the parts and the height used."""
    parts: list[str] = []
    x, line = 0.0, 0
    for i, s in enumerate(series):
        label = _fit(s.label, WIDTH - 20)
        w = 18 + _text_width(label) + 12
        if x > 0 and x + w > WIDTH:
            x, line = 0.0, line + 1
        top = y + line * 20
        parts.append(f'<rect x="{_n(x)}" y="{_n(top)}" width="12" height="12" fill="{_colour(s, i)}"/>')
        parts.append(_text(x + 17, top + 11, label))
        x += w
    return parts, (line + 1) * 20 + 4 if series else 0


def _target_line(x: float, top: float, bottom: float, label: str) -> list[str]:
    return [
        f'<line class="chart-target" x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(bottom)}" '
        f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="5 3"/>',
        _text(min(max(x, 0), WIDTH), top - 4, label, anchor="end" if x > WIDTH / 2 else "start", fill=TARGET_COLOUR),
    ]


def _target_label(target: float, *, is_percent: bool, decimals: int) -> str:
    return _("Target: %(value)s") % {"value": _fmt(target, is_percent=is_percent, decimals=decimals)}


# Horizontal bars ----------------------------------------------------------------------------------------------

ROW_LABEL = FS + 4  # the category name sits on its own lines above its bars: long names never squeeze the bars
BAR_H = 14
BAR_GAP = 3
ROW_GAP = 10
VALUE_ROOM = 70


def bar_chart(
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[Number],
    percent: bool = False,
    decimals: int = 0,
    target: float | None = None,
    max_value: float | None = None,
    color: str | None = None,
    value_label: str = "",
    category_label: str = "",
) -> Chart:
    """Horizontal bars, one per label, each with its value written at its end; an optional target line.

    `percent` formats values as percentages (and fixes the axis at 100 unless `max_value` says otherwise).
    """
    name = value_label or title
    return grouped_bar_chart(
        title=title,
        labels=labels,
        series=[Series(name, values, color)],
        percent=percent,
        decimals=decimals,
        target=target,
        max_value=max_value,
        category_label=category_label,
        _kind="bar",
    )


def grouped_bar_chart(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    stacked: bool = False,
    percent: bool = False,
    decimals: int = 0,
    target: float | None = None,
    max_value: float | None = None,
    category_label: str = "",
    _kind: str = "",
) -> Chart:
    """Horizontal bars per category, one per series side by side, or one `stacked` bar per category (its total
    written at its end and added to the table as a last column)."""
    kind = _kind or ("stacked" if stacked else "grouped")
    n = len(labels)
    for s in series:
        if len(s.values) != n:
            raise ValueError(f"series {s.label!r} has {len(s.values)} values for {n} labels")
    totals = [sum(v or 0 for v in (s.values[i] for s in series)) for i in range(n)]
    if stacked:
        biggest = max(totals, default=0)
    else:
        biggest = max((v or 0 for s in series for v in s.values), default=0)
    if max_value is None:
        max_value = 100.0 if percent and biggest <= 100 else nice_ceiling(max(biggest, target or 0))
    max_value = max_value or 1.0
    track = WIDTH - VALUE_ROOM
    show_legend = len(series) > 1
    parts: list[str] = []
    legend, legend_h = _legend(series, 0) if show_legend else ([], 0)
    top = legend_h + (FS + 8 if target is not None else 0)
    bars_per_row = 1 if stacked else len(series)
    bars_h = bars_per_row * (BAR_H + BAR_GAP) + ROW_GAP
    height = top + sum(ROW_LABEL * len(_wrap(label, WIDTH)) + bars_h for label in labels) + 4
    y = top
    parts += legend
    for i, label in enumerate(labels):
        label_parts, label_h = _label(y, label)
        parts += label_parts
        y += label_h
        row_end = y + bars_h
        if stacked:
            x = 0.0
            for j, s in enumerate(series):
                v = s.values[i]
                if not v:
                    continue
                w = track * min(v, max_value) / max_value
                cell = s.cell(i, is_percent=percent, decimals=decimals)
                parts.append(
                    f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{BAR_H}" fill="{_colour(s, j)}">'
                    f"<title>{escape(label)}, {escape(s.label)}: {escape(cell)}</title></rect>"
                )
                x += w
            parts.append(_text(x + 5, y + BAR_H - 2, _fmt(totals[i], is_percent=percent, decimals=decimals)))
            y = row_end
            continue
        for j, s in enumerate(series):
            v = s.values[i]
            cell = s.cell(i, is_percent=percent, decimals=decimals)
            w = track * min(max(v or 0, 0), max_value) / max_value
            parts.append(
                f'<rect x="0" y="{_n(y)}" width="{_n(w)}" height="{BAR_H}" fill="{_colour(s, j)}">'
                f"<title>{escape(label)}{', ' + escape(s.label) if show_legend else ''}: {escape(cell)}</title></rect>"
            )
            parts.append(_text(w + 5, y + BAR_H - 2, cell))
            y += BAR_H + BAR_GAP
        y = row_end
    # a thin axis at zero so that empty bars still show where they start
    parts.append(f'<line x1="0" y1="{_n(top)}" x2="0" y2="{_n(height - 4)}" stroke="{MUTED}" stroke-width="1"/>')
    if target is not None:
        tx = track * min(target, max_value) / max_value
        parts += _target_line(tx, top, height - 4, _target_label(target, is_percent=percent, decimals=decimals))
    svg = "".join([*_open(WIDTH, height, title, kind), *parts, "</svg>"])
    columns = [category_label or _("Category"), *(s.label for s in series)]
    rows = [
        [label, *(s.cell(i, is_percent=percent, decimals=decimals) for s in series)] for i, label in enumerate(labels)
    ]
    values = [[s.values[i] for s in series] for i in range(n)]
    if stacked and len(series) > 1:
        columns.append(_("Total"))
        for i, row in enumerate(rows):
            row.append(_fmt(totals[i], is_percent=percent, decimals=decimals))
    if target is not None:
        columns.append(_("Target"))
        for row in rows:
            row.append(_fmt(target, is_percent=percent, decimals=decimals))
    return Chart(kind=kind, title=title, svg=mark_safe(svg), columns=columns, rows=rows, values=values)  # noqa: S308


def share_bar_chart(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    decimals: int = 0,
    category_label: str = "",
) -> Chart:
    """One bar per category split into its parts as shares of the category's total (each bar is 100 %).

    `series` hold counts; the SVG shows the shares (written inside a part when it is wide enough), the table
    shows each count with its share and the total."""
    n = len(labels)
    for s in series:
        if len(s.values) != n:
            raise ValueError(f"series {s.label!r} has {len(s.values)} values for {n} labels")
    totals = [sum(v or 0 for v in (s.values[i] for s in series)) for i in range(n)]
    legend, legend_h = _legend(series, 0)
    bar_h = BAR_H + 6 + ROW_GAP
    height = legend_h + sum(ROW_LABEL * len(_wrap(label, WIDTH)) + bar_h for label in labels) + 4
    y = legend_h
    parts = list(legend)
    for i, label in enumerate(labels):
        label_parts, label_h = _label(y, label)
        parts += label_parts
        y += label_h
        row_end = y + bar_h
        if not totals[i]:
            parts.append(
                f'<rect x="0" y="{_n(y)}" width="{WIDTH}" height="{BAR_H + 6}" fill="#eeeeee">'
                f"<title>{escape(label)}: {escape(number(0))}</title></rect>"
            )
            y = row_end
            continue
        x = 0.0
        for j, s in enumerate(series):
            v = s.values[i] or 0
            if not v:
                continue
            share = 100 * v / totals[i]
            w = WIDTH * v / totals[i]
            text = percent(share, decimals)
            parts.append(
                f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{BAR_H + 6}" fill="{_colour(s, j)}">'
                f"<title>{escape(label)}, {escape(s.label)}: {escape(number(v))} ({escape(text)})</title></rect>"
            )
            if _text_width(text, FS - 1) + 6 <= w:
                parts.append(_text(x + w / 2, y + BAR_H + 1, text, anchor="middle", size=FS - 1, fill="#ffffff"))
            x += w
        y = row_end
    svg = "".join([*_open(WIDTH, height, title, "share"), *parts, "</svg>"])
    columns = [category_label or _("Category"), *(s.label for s in series), _("Total")]
    rows = []
    for i, label in enumerate(labels):
        cells = [label]
        for s in series:
            count = s.values[i]
            part = 100 * (count or 0) / totals[i] if totals[i] else None
            cells.append(number(count) if part is None else f"{number(count)} ({percent(part, decimals)})")
        cells.append(number(totals[i]))
        rows.append(cells)
    values = [[s.values[i] for s in series] for i in range(n)]
    return Chart(kind="share", title=title, svg=mark_safe(svg), columns=columns, rows=rows, values=values)  # noqa: S308


# Lines over periods -------------------------------------------------------------------------------------------

LINE_H = 200
LEFT = 46
BOTTOM = 26


def line_chart(
    *,
    title: str,
    periods: Sequence[str],
    series: Sequence[Series],
    percent: bool = False,
    decimals: int = 0,
    target: float | None = None,
    max_value: float | None = None,
    period_label: str = "",
    axis_labels: Sequence[str] | None = None,
) -> Chart:
    """One line per series over `periods` (x axis, evenly spaced), a dot with its value on hover at every figure,
    and an optional horizontal target line. A None value breaks the line. `axis_labels` are shorter names of the
    periods for under the axis ("Mar" for "March 2025"); the table and the tooltips use `periods`."""
    n = len(periods)
    for s in series:
        if len(s.values) != n:
            raise ValueError(f"series {s.label!r} has {len(s.values)} values for {n} periods")
    figures = [v for s in series for v in s.values if v is not None]
    biggest = max(figures, default=0)
    if max_value is not None:
        tick = (max_value or 1.0) / 4
    elif percent and biggest <= 100 and (target or 0) <= 100:
        max_value, tick = 100.0, 25.0
    else:
        whole = decimals == 0 and all(float(v).is_integer() for v in figures)
        max_value, tick = axis(max(biggest, target or 0), whole=whole)
    max_value = max_value or 1.0
    legend, legend_h = _legend(series, 0) if len(series) > 1 else ([], 0)
    top = legend_h + FS + 4
    plot_w = WIDTH - LEFT - 12
    height = top + LINE_H + BOTTOM
    bottom = top + LINE_H

    def x_at(i: int) -> float:
        return LEFT + (plot_w / 2 if n == 1 else plot_w * i / (n - 1))

    def y_at(v: float) -> float:
        return bottom - LINE_H * min(max(v, 0), max_value) / max_value

    parts = list(legend)
    for k in range(round(max_value / tick) + 1):  # grid and y labels at every tick
        v = tick * k
        y = y_at(v)
        parts.append(f'<line x1="{LEFT}" y1="{_n(y)}" x2="{_n(LEFT + plot_w)}" y2="{_n(y)}" stroke="{GRID_COLOUR}"/>')
        parts.append(
            _text(
                LEFT - 5,
                y + 4,
                _fmt(v, is_percent=percent, decimals=0 if v == int(v) else 1),
                anchor="end",
                size=FS - 2,
                fill=MUTED,
            )
        )
    step = max(1, math.ceil(n / 6))  # at most six period names under the axis, evenly spaced
    for i, p in enumerate(axis_labels or periods):
        if i % step == 0:
            room = plot_w * step / max(n - 1, 1) if n > 1 else plot_w
            parts.append(_text(x_at(i), bottom + 17, _fit(p, room, FS - 2), anchor="middle", size=FS - 2))
    if target is not None:
        ty = y_at(target)
        label = _target_label(target, is_percent=percent, decimals=decimals)
        parts.append(
            f'<line class="chart-target" x1="{LEFT}" y1="{_n(ty)}" x2="{_n(LEFT + plot_w)}" y2="{_n(ty)}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="5 3"/>'
        )
        parts.append(_text(LEFT + plot_w, ty - 5, label, anchor="end", fill=TARGET_COLOUR))
    # Each figure as written, once: for its dot's tooltip and for the table.
    cells = [[s.cell(i, is_percent=percent, decimals=decimals) for i in range(n)] for s in series]
    for j, s in enumerate(series):
        colour = _colour(s, j)
        run: list[str] = []
        runs: list[list[str]] = []
        for i, fig in enumerate(s.values):
            if fig is None:
                if run:
                    runs.append(run)
                run = []
                continue
            run.append(f"{_n(x_at(i))},{_n(y_at(fig))}")
        if run:
            runs.append(run)
        for r in runs:
            if len(r) > 1:
                dash = ' stroke-dasharray="6 4"' if s.dashed else ""
                parts.append(
                    f'<polyline points="{" ".join(r)}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>'
                )
        for i, fig in enumerate(s.values):
            if fig is None:
                continue
            name = f"{escape(s.label)}, " if len(series) > 1 else ""
            parts.append(
                f'<circle class="chart-point" cx="{_n(x_at(i))}" cy="{_n(y_at(fig))}" r="4" fill="{colour}">'
                f"<title>{name}{escape(periods[i])}: {escape(cells[j][i])}</title></circle>"
            )
    parts.append(f'<line x1="{LEFT}" y1="{_n(bottom)}" x2="{_n(LEFT + plot_w)}" y2="{_n(bottom)}" stroke="{MUTED}"/>')
    svg = "".join([*_open(WIDTH, height, title, "line"), *parts, "</svg>"])
    columns = [period_label or _("Period"), *(s.label for s in series)]
    rows = [[p, *(cells[j][i] for j in range(len(series)))] for i, p in enumerate(periods)]
    if target is not None:
        columns.append(_("Target"))
        for row in rows:
            row.append(_fmt(target, is_percent=percent, decimals=decimals))
    values = [[s.values[i] for s in series] for i in range(n)]
    return Chart(kind="line", title=title, svg=mark_safe(svg), columns=columns, rows=rows, values=values)  # noqa: S308
