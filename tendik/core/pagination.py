"""A paginator for long lists of wide rows: the page's keys first, then only those rows in full.

    page = TwoStepPaginator(qs.order_by(...), 30).get_page(request.GET.get("page"))

The database sorts and skips narrow rows (primary keys, plus whatever the ordering joins; an index on the ordering
columns makes it an index-only scan), then reads only the page's rows by key with their select_related parents
(prefetches follow for those rows): a deep page no longer sorts every joined, wide row. The count is a plain
COUNT on the filtered table (select_related is dropped).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator


def rows_by_keys(qs: Any, bottom: int, top: int) -> list[Any]:
    """Rows `bottom`..`top` of an ordered queryset in two queries: the keys (sorting narrow rows), then those rows
    by key with their select_related parents (and prefetches). As one query with a subquery, PostgreSQL joins every
    parent table whole before keeping the page's rows."""
    keys = list(qs.values_list("pk", flat=True)[bottom:top])
    rows = {row.pk: row for row in qs.order_by().filter(pk__in=keys)} if keys else {}
    return [rows[k] for k in keys if k in rows]


class TwoStepPaginator(Paginator):
    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(rows_by_keys(self.object_list, bottom, top), number, self)  # type: ignore[attr-defined]
