"""The committee report's case figures per committee and month (ADR 0006): exact after any sequence of changes, equal
to the former scan on the demo data, and the small-number protection unchanged."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from tendik.core.disclosure import Audience
from tendik.protection import rollups
from tendik.protection.models import CaseFigureRollup, Committee, Consent, ProtectionOrder, Referral, ReferralStatus
from tendik.protection.selectors.report import ReportScope, report_data, whole_months
from tendik.protection.selectors.report_table import protect_report
from tendik.protection.services import cases as case_services
from tendik.protection.services import orders as order_services
from tendik.protection.services import referrals as referral_services
from tendik.protection.services.referrals import REFERRAL_TRANSITIONS
from tendik.protection.tests import report_reference
from tendik.protection.tests.helpers import demo_territory, make_case

pytestmark = pytest.mark.django_db

PERIODS = [
    (dt.date(2021, 1, 1), dt.date(2025, 12, 31)),  # whole years: sums only
    (dt.date(2016, 1, 1), dt.date(2025, 12, 31)),  # ten years
    (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    (dt.date(2024, 3, 15), dt.date(2025, 2, 10)),  # partial first and last months
    (dt.date(2025, 4, 3), dt.date(2025, 4, 27)),  # inside one month: no whole month
    (dt.date(2025, 2, 1), dt.date(2025, 6, 18)),
]


def _same(scope: ReportScope, date_from: dt.date, date_to: dt.date) -> None:
    new = report_data(scope=scope, date_from=date_from, date_to=date_to)
    old = report_reference.report_data(scope=scope, date_from=date_from, date_to=date_to)
    assert new == old, (scope.label(), date_from, date_to)
    for audience in (Audience.EXACT, Audience.CROSS_SCOPE):
        assert protect_report(new, audience=audience)[0] == protect_report(old, audience=audience)[0]


def test_whole_months():
    assert whole_months(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == (dt.date(2025, 1, 1), dt.date(2025, 12, 1))
    assert whole_months(dt.date(2025, 1, 2), dt.date(2025, 3, 30)) == (dt.date(2025, 2, 1), dt.date(2025, 2, 1))
    assert whole_months(dt.date(2025, 1, 2), dt.date(2025, 1, 31)) is None
    assert whole_months(dt.date(2024, 12, 5), dt.date(2025, 2, 28)) == (dt.date(2025, 1, 1), dt.date(2025, 2, 1))


def test_demo_figures_equal_the_former_scan_for_every_scope_and_period():
    units = demo_territory()
    call_command("load_protection_demo", verbosity=0)
    assert CaseFigureRollup.objects.exists()
    assert rollups.stored() == rollups.recount()
    committees = list(Committee.objects.select_related("municipality"))
    scopes = [ReportScope(), *(ReportScope(committee=c) for c in committees)]
    scopes += [ReportScope(unit=u) for u in units.values() if u.level in ("oblast", "rayon")][:4]
    for scope in scopes:
        for date_from, date_to in PERIODS:
            _same(scope, date_from, date_to)
    country = report_data(scope=ReportScope(), date_from=dt.date(2021, 1, 1), date_to=dt.date(2025, 12, 31))
    assert country["cases"]["included"] > 0 and country["services"]["cash_aid_total_som"] == Decimal("13000")
    # a rebuild from scratch gives the same sums
    before = rollups.stored()
    rollups.rebuild()
    assert rollups.stored() == before


def test_the_parts_query_compiled_once_equals_a_fresh_compile_for_every_scope_and_period(world):
    """The report's other parts run as compiled once with marker values (report_parts.Compiled): for each scope and
    period, the query with the real values put in is the very query the ORM compiles for them."""
    from django.db import connection

    from tendik.protection.selectors import report as selectors

    scopes = [ReportScope(), ReportScope(committee=world.a), ReportScope(unit=world.territory["batken"])]
    periods = [*PERIODS, (dt.date(2024, 3, 15), dt.date(2025, 2, 28)), (dt.date(2024, 3, 1), dt.date(2025, 2, 10))]
    shapes = set()
    for scope in scopes:
        for date_from, date_to in periods:
            _flat, edges = selectors._case_figures(scope, date_from, date_to)
            by_month = selectors.activity_periods(date_from, date_to)[0] == "month"
            compiled, values = selectors._compiled_parts(scope, date_from, date_to, by_month, edges)
            fresh = selectors._parts_query(scope, date_from, date_to, by_month, edges)
            sql, params = fresh.query.get_compiler(connection.alias).as_sql()
            assert compiled.bind(**values) == (sql, list(params)), (scope.label(), date_from, date_to)
            shapes.add(id(compiled))
    assert len(shapes) >= 9  # (three scopes) × (whole months, one or two partial ends, no whole month …)


def _random_step(rng: random.Random, world: Any, cases: list[Any]) -> str:
    case = rng.choice(cases)
    day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 700))
    action = rng.choice(
        [
            "open",
            "incident",
            "consent",
            "withdraw",
            "refer",
            "answer",
            "service",
            "order",
            "update",
            "extend",
            "violate",
        ]
    )
    if action == "open":
        cases.append(
            make_case(
                rng.choice(world.committees),
                opened_on=day,
                sex=rng.choice(["female", "male"]),
                statistics=rng.random() < 0.7,
                relationship=rng.choice(["", "spouse", "parent"]),
                survivor_disability=rng.random() < 0.2,
            )
        )
    elif action == "incident":
        forms = rng.sample(["physical", "psychological", "economic", "sexual", "neglect"], rng.randrange(1, 3))
        case_services.incident_add(case=case, actor=None, occurred_on=day, forms=forms)
    elif action == "consent":
        case_services.consent_record(case=case, actor=None, kind="statistics", given_on=day)
    elif action == "withdraw":
        consent = Consent.objects.filter(case=case, kind="statistics", withdrawn_on__isnull=True).first()
        if consent is not None:
            case_services.consent_withdraw(consent=consent, actor=None, on=day)
    elif action == "refer":
        case_services.consent_record(
            case=case, actor=None, kind="disclosure", provider=world.shelter, items=["identity"], given_on=day
        )
        referral_services.referral_send(case=case, actor=None, provider=world.shelter, items=["identity"], sent_on=day)
    elif action == "answer":
        referral = Referral.objects.filter(case=case).exclude(status=ReferralStatus.CLOSED).first()
        if referral is not None:
            to = rng.choice(sorted(REFERRAL_TRANSITIONS[referral.status]))
            referral_services.referral_transition(referral=referral, actor=None, to=to, on=day)
    elif action == "service":
        kind = rng.choice(["cash_aid", "psychological", "legal_aid"])
        referral_services.service_record(
            case=case,
            actor=None,
            kind=kind,
            started_on=day,
            amount_som=Decimal(rng.randrange(1, 50) * 500) if kind == "cash_aid" else None,
        )
    elif action == "order":
        order_services.order_issue(
            case=case,
            actor=None,
            police_unit="ОВД",
            number=str(rng.randrange(1, 10**6)),
            issued_on=day,
            valid_from=day,
            valid_until=day + dt.timedelta(days=5),
        )
    elif action in ("extend", "violate"):
        order = ProtectionOrder.objects.filter(case=case).first()
        if order is not None and action == "extend":
            order_services.order_extend(
                order=order, actor=None, extended_on=day, new_until=order.valid_until + dt.timedelta(days=3)
            )
        elif order is not None:
            order_services.order_violation_record(order=order, actor=None, occurred_on=day)
    elif action == "update":
        case.refresh_from_db()
        data = {"survivor_sex": rng.choice(["female", "male"]), "opened_on": day}
        if rng.random() < 0.3:
            data = {"survivor_disability": not case.survivor_disability}
        updated = case_services.case_update(case=case, actor=None, version=case.version, data=data)
        cases[cases.index(case)] = updated
    return action


def test_sums_equal_a_recount_after_a_random_sequence_of_changes(world):
    world.committees = [world.a, world.b, world.c]
    rng = random.Random(11)
    cases = [world.case, world.case_b]
    done = []
    for _step in range(90):
        done.append(_random_step(rng, world, cases))
        assert rollups.stored() == rollups.recount(), done
    assert len(set(done)) >= 10  # the sequence really exercised (almost) every kind of change
    assert CaseFigureRollup.objects.filter(n__lte=0).count() == 0
    for scope in (ReportScope(), ReportScope(committee=world.a), ReportScope(unit=world.territory["batken"])):
        for date_from, date_to in [
            (dt.date(2024, 1, 1), dt.date(2025, 12, 31)),
            (dt.date(2024, 2, 9), dt.date(2025, 7, 4)),
        ]:
            _same(scope, date_from, date_to)


def test_a_refused_change_leaves_the_sums_alone(world):
    before = rollups.stored()
    with pytest.raises(Exception):  # noqa: B017, PT011  (any refusal)
        case_services.incident_add(
            case=world.case, actor=world.other, occurred_on=dt.date(2025, 3, 2), forms=["physical"]
        )
    assert rollups.stored() == before


def test_rebuild_command_repairs_sums(world):
    expected = rollups.stored()
    CaseFigureRollup.objects.all().delete()
    call_command("rebuild_protection_rollups", verbosity=0)
    assert rollups.stored() == expected == rollups.recount()


def _grow_cases(world: Any, n: int, start: int) -> None:
    """n more cases spread over ten years, each with an incident, a referral and a service."""
    for k in range(start, start + n):
        day = dt.date(2016 + k % 10, 1 + k % 12, 1 + k % 27)
        case = make_case(world.a if k % 2 else world.b, name=f"Рост {k}", opened_on=day)
        case_services.incident_add(case=case, actor=None, occurred_on=day, forms=["physical", "economic"])
        case_services.consent_record(
            case=case, actor=None, kind="disclosure", provider=world.shelter, items=["identity"], given_on=day
        )
        referral_services.referral_send(case=case, actor=None, provider=world.shelter, items=["identity"], sent_on=day)
        referral_services.service_record(
            case=case, actor=None, kind="cash_aid", started_on=day, amount_som=Decimal(1000)
        )


@pytest.mark.parametrize(
    ("who", "period", "page_bound", "api_bound"),
    [
        ("coordinator", "from=2016-01-01&to=2025-12-31", 12, 11),  # the country, whole years: sums only
        ("coordinator", "from=2016-03-15&to=2025-11-20", 12, 11),  # widened to whole years (cross-scope)
        ("chair", "from=2016-03-15&to=2025-11-20", 20, 18),  # own committee, partial first and last months
        ("chair", "from=2025-04-03&to=2025-04-27", 20, 18),  # own committee, inside one month
    ],
)
def test_ten_year_report_queries_do_not_grow_with_cases(
    world, login, django_assert_max_num_queries, who, period, page_bound, api_bound
):
    """The committee report, page and API, for the country and for a committee's own free dates (N and 3N cases,
    same bound): the case figures from their sums (plus six small counts for partial months), everything else in
    one query."""
    client = login(getattr(world, who))
    own = f"&committee={world.a.pk}" if who == "chair" else ""
    page = "/protection/report/?" + period.replace("from=", "date_from=").replace("to=", "date_to=") + own
    api = "/api/v1/protection/report/?" + period + own
    _grow_cases(world, 10, 0)
    client.get(page)
    client.get(api)
    with django_assert_max_num_queries(page_bound) as small_page:
        assert client.get(page).status_code == 200
    with django_assert_max_num_queries(api_bound) as small_api:
        assert client.get(api).status_code == 200
    _grow_cases(world, 20, 10)
    with django_assert_max_num_queries(len(small_page.captured_queries)):
        assert client.get(page).status_code == 200
    with django_assert_max_num_queries(len(small_api.captured_queries)):
        response = client.get(api)
    assert response.status_code == 200 and "cases" in response.json()
