"""Geometry of the small SVG bar charts (attributes only: the CSP forbids inline styles)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

WIDTH, HEIGHT, LABEL_H, TOP = 320, 140, 18, 14


def _n(v: float) -> str:
    """A coordinate as text with a dot whatever the language (templates would localise a float to 1,5)."""
    return f"{v:.1f}"


@dataclass
class Bar:
    x: str
    y: str
    w: str
    h: str
    text_y: str
    label: str
    value: Decimal
    below_target: bool


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar]
    targets: list[tuple[str, str, str]]  # x1, x2, y of each period's target line
    baseline_y: str
    label_y: str


def bar_chart(series: Any) -> Chart:
    points = series.points
    top = series.max_value or Decimal(1)
    plot_h = HEIGHT - LABEL_H - TOP
    slot = WIDTH / max(len(points), 1)
    bars, targets = [], []
    for i, p in enumerate(points):
        h = float(p.value / top) * plot_h if p.value else 0.0
        x = i * slot + slot * 0.15
        w = slot * 0.7
        y = TOP + plot_h - h
        below = p.target is not None and p.value is not None and p.value < p.target
        bars.append(
            Bar(
                x=_n(x),
                y=_n(y),
                w=_n(w),
                h=_n(h),
                text_y=_n(y - 2),
                label=p.period.label,
                value=p.value,
                below_target=below,
            )
        )
        if p.target is not None:
            ty = TOP + plot_h - float(p.target / top) * plot_h
            targets.append((_n(i * slot + 2), _n((i + 1) * slot - 2), _n(ty)))
    return Chart(
        width=WIDTH, height=HEIGHT, bars=bars, targets=targets, baseline_y=_n(TOP + plot_h), label_y=_n(HEIGHT - 4)
    )
