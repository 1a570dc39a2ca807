"""The committee report over ten years at national scale, beside the raw SQL aggregate and a trivial view, in one run.

    DATABASE_URL=... python manage.py generate --size tenth      # once (demo | tenth | national)
    DATABASE_URL=... python -m bench.protection [runs]            # then, on the same database

Prints, for each operation, the median and the 95th percentile of `runs` requests (default 30) and the ratios to the
raw SQL aggregate over the same tables (the consented cases of ten years grouped by sex and age group, their services
grouped by kind: what the report's case figures scan) and to the trivial view (`/healthz`), measured in the same run.
The own committee's report is also compared with the same aggregate over that committee's cases of its dates alone
(a few milliseconds: less than the session, sign-in and template of any page).
"before" times the report's figures as they were computed before the sums per committee and month (ADR 0006: a scan
of every case, incident, referral and service, kept in `tendik/protection/tests/report_reference.py`); "after" the
same figures from the sums. Read-only: it adds only the benchmark's own users.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
from collections.abc import Callable
from typing import Any

from bench.scale import _client, _p95, _raw, _times, _user

FROM, TO = dt.date(2016, 1, 1), dt.date(2025, 12, 31)


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tendik.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from tendik.protection.models import Case, Committee, Consent, ServiceDelivery
    from tendik.protection.selectors.report import ReportScope, report_data

    try:  # absent when this file is run against an older tree, to time the pages before the sums
        from tendik.protection.tests import report_reference as reference_module
    except ImportError:
        reference_module = None  # type: ignore[assignment]
    report_reference: Any = reference_module

    runs = int(argv[0]) if argv else 30
    committee = Committee.objects.filter(cases__isnull=False).order_by("pk").first()
    if committee is None:
        print("No generated cases: run `manage.py generate --size demo` on this database first.")
        return 1
    national = _client(_user("bench_coordinator", "national_coordinator", None))
    chair_user = _user_in_committee(f"bench_chair_{committee.pk}", committee)
    chair = _client(chair_user)

    def page(client: Any, url: str) -> Callable[[], object]:
        def get() -> object:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    cases, consents, services = (m._meta.db_table for m in (Case, Consent, ServiceDelivery))
    raw_sql = (
        f"SELECT c.survivor_sex, c.survivor_age_group, s.kind, COUNT(*) FROM {cases} c "  # noqa: S608
        f"LEFT JOIN {services} s ON s.case_id = c.id "
        "WHERE c.opened_on BETWEEN %s AND %s AND EXISTS (SELECT 1 FROM "
        f"{consents} k WHERE k.case_id = c.id AND k.kind = 'statistics' AND k.withdrawn_on IS NULL) "
        "GROUP BY c.survivor_sex, c.survivor_age_group, s.kind"
    )
    raw = _raw(raw_sql, [FROM, TO])
    # The same aggregate over the own committee's cases of the free period: what that page's case figures cover.
    own_from, own_to = dt.date(2016, 3, 15), dt.date(2025, 11, 20)
    raw_own = _raw(raw_sql.replace("WHERE ", "WHERE c.committee_id = %s AND ", 1), [committee.pk, own_from, own_to])
    ten_years = f"date_from={FROM}&date_to={TO}"
    operations: list[tuple[str, Callable[[], object]]] = [
        ("report page, country, 10 years", page(national, f"/protection/report/?{ten_years}")),
        ("report API, country, 10 years", page(national, f"/api/v1/protection/report/?from={FROM}&to={TO}")),
        (
            "report page, own committee, 2016-03-15…2025-11-20",
            page(chair, f"/protection/report/?date_from={own_from}&date_to={own_to}&committee={committee.pk}"),
        ),
        ("raw SQL aggregate, own committee, same dates", raw_own),
        ("figures (country)", lambda: report_data(scope=ReportScope(), date_from=FROM, date_to=TO)),
    ]
    if report_reference is not None:
        reference = report_reference
        operations.insert(
            3,
            (
                "before: figures by scan (country)",
                lambda: reference.report_data(scope=ReportScope(), date_from=FROM, date_to=TO),
            ),
        )
    trivial = _times(page(Client(), "/healthz"), runs)
    t_med = statistics.median(trivial)
    raws = _times(raw, max(5, runs // 3))
    raw_med = statistics.median(raws)
    print(
        f"{connection.vendor}, {Case.objects.count():,} cases, {runs} runs each, load {os.getloadavg()[0]:.1f}; "
        f"trivial view median {t_med * 1e3:.1f} ms, raw SQL aggregate median {raw_med * 1e3:.1f} ms "
        f"(p95 {_p95(raws) * 1e3:.1f} ms)"
    )
    medians: dict[str, float] = {}
    for name, fn in operations:
        ts = _times(fn, runs)
        med, p95 = statistics.median(ts), _p95(ts)
        medians[name] = med
        print(
            f"{name:<52} median {med * 1e3:7.1f} ms  p95 {p95 * 1e3:7.1f} ms  "
            f"×raw {med / raw_med:5.2f} (p95 {p95 / raw_med:5.2f})  ×trivial {med / t_med:6.1f}"
        )
    own = [v for k, v in medians.items() if k.startswith("report page, own committee")]
    own_raw = medians["raw SQL aggregate, own committee, same dates"]
    print(f"own committee's page × its own raw SQL aggregate (median): {own[0] / own_raw:.1f}")
    return 0


def _user_in_committee(username: str, committee: Any) -> Any:
    from tendik.accounts.models import User
    from tendik.accounts.services import role_assign

    user, created = User.objects.get_or_create(username=username)
    if created:
        role_assign(user=user, role="committee_chair", committee=committee)
    return user


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
