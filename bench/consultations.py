"""The public recommendations list (page 20) beside the raw SQL over the same tables and a trivial view, in one run.

    DATABASE_URL=... python manage.py generate --size tenth --only consultations   # once (demo | tenth | national)
    DATABASE_URL=... python -m bench.consultations [runs]                           # then, on the same database

The page's list part is cached per data generation (tendik.core.pagecache): the main line is what every visitor
sees between two changes; the second line is the first view after each change (the list rendered again); the third
is the first view after each change when the background worker has rendered the pages read lately again first, as it
does where the page cache is shared (`pagecache.render_warm`; the worker's time per change beside it).
The raw SQL is what the page needs at the least: the count of active recommendations, the page's 30 rows with their
series, meeting place and published answer state (ordered, offset), and the regions and plans of those 30. Prints
medians and 95th percentiles from one run and the ratios — to the cheaper of two forms of the raw SQL: one statement,
and the page's rows in two (their keys sorted narrow, then the rows by key, as the page reads them); also the number
of queries the page runs.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from typing import Any

from bench.scale import _p95, _raw, _times


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tendik.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from tendik.consultations.models import AnswerState, Recommendation, RecommendationAnswer
    from tendik.geography.models import AdministrativeUnit

    runs = int(argv[0]) if argv else 30
    page_no = int(argv[1]) if len(argv) > 1 else 20
    n = Recommendation.objects.count()
    if n < 30 * page_no:
        print(f"{n} recommendations: fewer than {page_no} pages. Run `manage.py generate --only consultations` first.")
        return 1
    rec, ans, st, un = (
        m._meta.db_table for m in (Recommendation, RecommendationAnswer, AnswerState, AdministrativeUnit)
    )
    series = Recommendation._meta.get_field("series").related_model._meta.db_table  # type: ignore[union-attr]
    meeting = Recommendation._meta.get_field("meeting").related_model._meta.db_table  # type: ignore[union-attr]
    regions = Recommendation.regions.through._meta.db_table
    plans = Recommendation.plans.through._meta.db_table
    count_sql = f"SELECT COUNT(*) FROM {rec} WHERE merged_into_id IS NULL"  # noqa: S608
    page_sql = (
        f"SELECT r.id, r.code, r.text_ru, r.scope, r.theme, s.code, pl.name_ru, st.code, st.name_ru FROM {rec} r "  # noqa: S608
        f"JOIN {series} s ON s.id = r.series_id LEFT JOIN {meeting} m ON m.id = r.meeting_id "
        f"LEFT JOIN {un} pl ON pl.id = m.place_id LEFT JOIN {ans} a ON a.id = r.published_answer_id "
        f"LEFT JOIN {st} st ON st.id = a.state_id WHERE r.merged_into_id IS NULL "
        f'ORDER BY s.start_date DESC, s.code, r."order", r.id LIMIT 30 OFFSET {30 * (page_no - 1)}'
    )  # the page's order: by series (newest first, ConsultationSeries.Meta.ordering), then within the series
    # The same rows in two statements, as the page reads them: the keys sorted narrow, then those rows by key.
    keys_sql = (
        f"SELECT r.id FROM {rec} r JOIN {series} s ON s.id = r.series_id WHERE r.merged_into_id IS NULL "  # noqa: S608
        f'ORDER BY s.start_date DESC, s.code, r."order", r.id LIMIT 30 OFFSET {30 * (page_no - 1)}'
    )
    by_keys_sql = page_sql.split(" WHERE ")[0] + " WHERE r.id IN ({marks})"
    count, page, keys = _raw(count_sql, []), _raw(page_sql, []), _raw(keys_sql, [])

    def raw(two_step: bool = False) -> object:
        count()
        if two_step:
            ids = [row[0] for row in keys()]
            _raw(by_keys_sql.format(marks=", ".join(["%s"] * len(ids))), ids)()
        else:
            ids = [row[0] for row in page()]
        marks = ", ".join(["%s"] * len(ids))
        _raw(f"SELECT x.recommendation_id, u.name_ru FROM {regions} x JOIN {un} u ON u.id = x.administrativeunit_id "  # noqa: S608
             f"WHERE x.recommendation_id IN ({marks})", ids)()  # fmt: skip
        _raw(f"SELECT recommendation_id, plan_id FROM {plans} WHERE recommendation_id IN ({marks})", ids)()  # noqa: S608
        return ids

    client = Client()
    url = f"/consultations/public/?page={page_no}"

    def view() -> Any:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    from tendik.consultations.views.public import PUBLIC_LIST
    from tendik.core import pagecache

    def cold() -> float:
        pagecache.bump(PUBLIC_LIST)  # a change: the next view renders the list again (tendik.core.pagecache)
        start = time.perf_counter()
        view()
        return time.perf_counter() - start

    def ahead() -> tuple[float, float]:
        pagecache.bump(PUBLIC_LIST)
        start = time.perf_counter()
        pagecache.render_warm(PUBLIC_LIST, [""])  # the worker, once the change has committed
        worker = time.perf_counter() - start
        start = time.perf_counter()
        view()
        return time.perf_counter() - start, worker

    queries: list[str] = []

    def counting(execute: Any, sql: str, *args: Any) -> Any:
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(counting):  # the first view: rendered, with every query it needs
        view()
    trivial = _times(lambda: client.get("/healthz"), runs)
    t_med = statistics.median(trivial)
    ts, raws, raws2 = _times(view, runs), _times(raw, runs), _times(lambda: raw(two_step=True), runs)
    # The ratios are to the cheaper of the two raw forms (the stricter baseline).
    med, p95, raw_med = statistics.median(ts), _p95(ts), min(statistics.median(raws), statistics.median(raws2))
    colds = [cold() for _ in range(runs)]
    c_med = statistics.median(colds)
    aheads = [ahead() for _ in range(runs)]
    a_views = [v for v, _w in aheads]
    a_med = statistics.median(a_views)
    print(f"{connection.vendor}, {n:,} recommendations, {runs} runs each, load {os.getloadavg()[0]:.1f}")
    print(f"{'trivial view (/healthz)':<40} median {t_med * 1e3:7.1f} ms  p95 {_p95(trivial) * 1e3:7.1f} ms")
    forms = (("raw SQL (count, page, regions, plans)", raws), ("  the page's rows in two statements", raws2))
    for label, found in forms:
        print(f"{label:<40} median {statistics.median(found) * 1e3:7.1f} ms  p95 {_p95(found) * 1e3:7.1f} ms")
    print(
        f"{f'public recommendations, page {page_no}':<40} median {med * 1e3:7.1f} ms  p95 {p95 * 1e3:7.1f} ms  "
        f"×raw {med / raw_med:5.2f}  ×trivial {med / t_med:6.1f}  {len(queries)} queries on the first view"
    )
    print(
        f"{'  the first view after each change':<40} median {c_med * 1e3:7.1f} ms  p95 {_p95(colds) * 1e3:7.1f} ms  "
        f"×raw {c_med / raw_med:5.2f}  ×trivial {c_med / t_med:6.1f}"
    )
    print(
        f"{'  the first view, rendered ahead':<40} median {a_med * 1e3:7.1f} ms  p95 {_p95(a_views) * 1e3:7.1f} ms  "
        f"×raw {a_med / raw_med:5.2f}  ×trivial {a_med / t_med:6.1f}  "
        f"(the worker: {statistics.median(w for _v, w in aheads):.2f} s a change)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
