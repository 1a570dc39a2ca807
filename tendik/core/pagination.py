"""A paginator for long lists of wide rows: the page's keys first, then only those rows in full.

    page = TwoStepPaginator(qs.order_by(...), 30).get_page(request.GET.get("page"))

The database sorts and skips narrow rows (primary keys, plus whatever the ordering joins) in a subquery, and the
outer query reads only the page's rows with their select_related parents (prefetches follow for those rows): the
cost of a deep page no longer includes sorting every joined, wide row. The count is a plain COUNT on the filtered table (select_related is dropped).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator


class TwoStepPaginator(Paginator):
    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        qs = self.object_list
        # One query: the page's keys in a subquery (sorting narrow rows), the outer query reads only those rows.
        return self._get_page(list(qs.filter(pk__in=qs.values("pk")[bottom:top])), number, self)
