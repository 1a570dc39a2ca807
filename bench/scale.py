"""Pages at national scale, each beside the raw SQL aggregate over the same tables and a trivial view, in one run.

    DATABASE_URL=... python manage.py generate --size tenth      # once (demo | tenth | national)
    DATABASE_URL=... python -m bench.scale [runs]                 # then, on the same database

Prints, for each operation, the median and the 95th percentile of `runs` requests (default 30) from one run, and
their ratios to the raw SQL and to the trivial view measured in the same run, so results compare across machines.
"before" lines time the queries the dashboards ran before the rolled-up sums (a scan of every counted value; a scan
of every report entry and report for the spending and statuses by sub-unit) beside the queries they run now.
Read-only: it adds only the benchmark's own users. Runs against any database Django can reach: set DATABASE_URL
(SQLite file or PostgreSQL), as for `manage.py`. `python -m bench.scale 30 pages` times only the pages. The
dashboards' figures and the public pages are cached between changes (tendik.core.pagecache): their second line is the
first view after each change (the generation raised before each request, as any change does; the raise itself is in
the time). The dashboards' figures are kept per territory: the rayon dashboard's third line is the first view after
each change in another rayon (a report moving there, say), which leaves this rayon's figures cached. Where the
server's page cache is shared with the background worker, the worker renders the parts a change raised as soon as it
commits (`pagecache.render_warm`, the task `warm_pages`): the line "rendered ahead" is the first view after each
change in a municipality under the page, its parts rendered before it as the worker does (the worker's time per
change is printed beside it; a reader who comes before the worker is done renders, as the second line).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any


def _times(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm caches, as a serving process would have them
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def _p95(ts: list[float]) -> float:
    ts = sorted(ts)
    return ts[min(len(ts) - 1, round(0.95 * (len(ts) - 1)))]


def _client(user: Any) -> Any:
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def _user(username: str, role: str, unit: Any) -> Any:
    from tendik.accounts.models import User
    from tendik.accounts.services import role_assign

    user, created = User.objects.get_or_create(username=username)
    if created:
        role_assign(user=user, role=role, unit=unit)
    return user


def _raw(sql: str, params: list[Any]) -> Callable[[], object]:
    from django.db import connection

    def run() -> object:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tendik.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Sum

    from tendik.geography.models import AdministrativeUnit
    from tendik.plans.models import DataValue, IndicatorRollup, Plan, ReportEntry, ReportStatus

    runs = int(argv[0]) if argv else 30
    only_pages = "pages" in argv[1:]
    rayon = (
        AdministrativeUnit.objects.filter(level="rayon", children__local_plans__isnull=False)
        .distinct()
        .order_by("path")
    ).first()
    if rayon is None:
        print("No generated data: run `manage.py generate --size demo` on this database first.")
        return 1
    national = _client(_user("bench_coordinator", "national_coordinator", None))
    local = _client(_user(f"bench_fp_{rayon.code}", "focal_point", rayon))
    anonymous = __import__("django.test", fromlist=["Client"]).Client()

    def page(client: Any, url: str) -> Callable[[], object]:
        def get() -> object:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    dv, ru, un = (
        m._meta.db_table
        for m in (
            DataValue,
            __import__("tendik.plans.models", fromlist=["ProgressReport"]).ProgressReport,
            AdministrativeUnit,
        )
    )
    scan_sql = (
        f"SELECT v.indicator_id, v.period_id, v.combo, SUM(v.value) FROM {dv} v "  # noqa: S608
        f"JOIN {ru} r ON r.id = v.report_id JOIN {un} u ON u.id = v.unit_id "
        "WHERE r.status NOT IN ('draft', 'returned') AND u.path LIKE %s GROUP BY v.indicator_id, v.period_id, v.combo"
    )
    en = ReportEntry._meta.db_table
    spent_scan_sql = (  # what the dashboards grouped before the report sums: spending and statuses by sub-unit
        f"SELECT SUBSTR(u.path, 1, 15), SUM(e.spent_local + e.spent_republican + e.spent_donor + e.spent_other) "  # noqa: S608
        f"FROM {en} e JOIN {ru} r ON r.id = e.report_id JOIN {un} u ON u.id = r.municipality_id "
        "WHERE r.status NOT IN ('draft', 'returned') AND u.path LIKE %s GROUP BY SUBSTR(u.path, 1, 15)"
    )
    status_scan_sql = (
        f"SELECT SUBSTR(u.path, 1, 15), r.period_id, r.status, COUNT(*) FROM {ru} r "  # noqa: S608
        f"JOIN {un} u ON u.id = r.municipality_id WHERE u.path LIKE %s "
        "GROUP BY SUBSTR(u.path, 1, 15), r.period_id, r.status"
    )
    plan = Plan.objects.filter(is_current=True).order_by("order", "code").first()
    counted = DataValue.objects.filter(report__isnull=False).exclude(
        report__status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED]
    )
    cases: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
        ("national plans dashboard", page(national, "/plans/dashboard/"), _raw(scan_sql, ["%"])),
        (
            f"rayon dashboard ({rayon.name_ru})",
            page(local, f"/plans/dashboard/?unit={rayon.code}"),
            _raw(scan_sql, [rayon.path + "%"]),
        ),
        ("public country page", page(anonymous, "/open/"), _raw(scan_sql, ["%"])),
    ]
    if plan is not None:
        cases.append(("public national plan page", page(anonymous, f"/open/plans/{plan.code}/"), _raw(scan_sql, ["%"])))
    if not only_pages:
        cases += [
            (
                "before: scan of counted values (country)",
                lambda: list(counted.values("indicator_id", "period_id", "combo").annotate(s=Sum("value"))),
                _raw(scan_sql, ["%"]),
            ),
            (
                "after: rolled-up sums (country)",
                lambda: list(
                    IndicatorRollup.objects.filter(prefix="").values_list("indicator_id", "period_id", "combo", "total")
                ),
                _raw(scan_sql, ["%"]),
            ),
            (
                "before: spending and statuses scans (country)",
                lambda: (_raw(spent_scan_sql, ["%"])(), _raw(status_scan_sql, ["%"])()),
                _raw(scan_sql, ["%"]),
            ),
            (
                "after: report sums (country)",
                lambda: list(
                    __import__("tendik.plans.models", fromlist=["ReportRollup"])  # absent before the report sums
                    .ReportRollup.objects.filter(prefix="")
                    .values_list("period_id", "status", "reports", "spent_local")
                ),
                _raw(scan_sql, ["%"]),
            ),
        ]
    trivial = _times(page(anonymous, "/healthz"), runs)
    t_med = statistics.median(trivial)
    print(
        f"{connection.vendor}, {DataValue.objects.count():,} indicator values, {runs} runs each, "
        f"load {os.getloadavg()[0]:.1f}"
    )
    print(f"{'trivial view (/healthz)':<44} median {t_med * 1e3:7.1f} ms  p95 {_p95(trivial) * 1e3:7.1f} ms")
    from tendik.core import pagecache
    from tendik.plans import rollups
    from tendik.plans.selectors.dashboard import PATH_SEGMENT

    def after_change(fn: Callable[[], object], places: list[str] | None = None) -> Callable[[], object]:
        def run() -> object:
            pagecache.bump(rollups.PAGES, places=places)  # a change (everywhere, or in these places)
            return fn()

        return run

    elsewhere = (  # a rayon of another oblast with plans, for the rayon dashboard's third line
        AdministrativeUnit.objects.filter(level="rayon", children__local_plans__isnull=False)
        .exclude(path__startswith=rayon.path[:PATH_SEGMENT])  # its oblast
        .order_by("path")
        .first()
    )

    municipality = AdministrativeUnit.objects.filter(path__startswith=rayon.path, local_plans__isnull=False).first()

    def rendered_ahead(fn: Callable[[], object]) -> tuple[list[float], list[float]]:
        """The first view after each change in `municipality`, its parts rendered again first, as the worker does
        once the change commits; and the worker's time per change."""
        views, worker = [], []
        places = pagecache.places_above(municipality.path)
        for _ in range(runs):
            pagecache.bump(rollups.PAGES, places=[municipality.path])
            start = time.perf_counter()
            pagecache.render_warm(rollups.PAGES, places)
            worker.append(time.perf_counter() - start)
            start = time.perf_counter()
            fn()
            views.append(time.perf_counter() - start)
        return views, worker

    for name, fn, raw in cases:
        ts = _times(fn, runs)
        raws = _times(raw, max(5, runs // 3))
        med, p95, raw_med = statistics.median(ts), _p95(ts), statistics.median(raws)
        print(
            f"{name:<44} median {med * 1e3:7.1f} ms  p95 {p95 * 1e3:7.1f} ms  "
            f"raw SQL scan {raw_med * 1e3:7.1f} ms  ×raw {med / raw_med:5.2f}  ×trivial {med / t_med:6.1f}"
        )
        if "dashboard" in name or "public" in name:  # cached between changes: also the first view after a change
            cold = _times(after_change(fn), runs)
            c_med = statistics.median(cold)
            print(
                f"{'  the first view after each change':<44} median {c_med * 1e3:7.1f} ms  p95 "
                f"{_p95(cold) * 1e3:7.1f} ms  raw SQL scan {raw_med * 1e3:7.1f} ms  ×raw {c_med / raw_med:5.2f}  "
                f"×trivial {c_med / t_med:6.1f}"
            )
        if ("dashboard" in name or "public" in name) and municipality is not None:
            ahead, worker = rendered_ahead(fn)
            a_med = statistics.median(ahead)
            print(
                f"{'  the first view, rendered ahead':<44} median {a_med * 1e3:7.1f} ms  p95 "
                f"{_p95(ahead) * 1e3:7.1f} ms  raw SQL scan {raw_med * 1e3:7.1f} ms  ×raw {a_med / raw_med:5.2f}  "
                f"×trivial {a_med / t_med:6.1f}  (the worker: {statistics.median(worker):.2f} s a change)"
            )
        if name.startswith("rayon dashboard") and elsewhere is not None:
            other = _times(after_change(fn, [elsewhere.path]), runs)
            o_med = statistics.median(other)
            print(
                f"{'  the first view after each change elsewhere':<44} median {o_med * 1e3:7.1f} ms  p95 "
                f"{_p95(other) * 1e3:7.1f} ms  raw SQL scan {raw_med * 1e3:7.1f} ms  ×raw {o_med / raw_med:5.2f}  "
                f"×trivial {o_med / t_med:6.1f}  (a change in {elsewhere.name_ru})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
