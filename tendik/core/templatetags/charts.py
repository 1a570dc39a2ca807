"""`{% load charts %}{% chart some_chart %}` draws a `tendik.core.charts.Chart` with its data table
(`{% chart some_chart open_table=True %}` prints the table plainly, for documents)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("core/_chart.html")
def chart(chart: Any, open_table: bool = False) -> dict[str, Any]:
    return {"chart": chart, "open_table": open_table}
