"""Build the demo through the same services users go through, so the history and audit look real."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction

from tendik.accounts.roles import Role
from tendik.accounts.services import demo_user_ensure
from tendik.audit.context import acting_as
from tendik.geography.models import AdministrativeUnit
from tendik.plans.demo.data import FOCAL_POINTS, MEASURES, MUNICIPALITIES, NARRATIVES, RETURN_COMMENT
from tendik.plans.models import LocalPlan, Measure, MeasureStatus, Plan, ProgressReport
from tendik.plans.services import reports as svc
from tendik.plans.services.local_plans import local_measure_add, local_plan_create
from tendik.plans.services.periods import period_get
from tendik.plans.services.validation import EntryData

PERIODS = ("2025-H1", "2025-H2")


def _unit(code: str, name_ru: str) -> AdministrativeUnit | None:
    return (
        AdministrativeUnit.objects.filter(code=code).first()
        or AdministrativeUnit.objects.filter(name_ru=name_ru).first()
    )


def _reviewers() -> dict[str, Any]:
    from tendik.accounts.models import User

    people = {
        u.username: u for u in User.objects.filter(username__in=["coordinator", "focal_batken", "focal_kadamjay"])
    }
    for username, name, code, oblast in FOCAL_POINTS:
        unit = AdministrativeUnit.objects.filter(code=code).first()
        if unit is not None:
            people[username] = demo_user_ensure(
                username=username,
                full_name=name,
                role=Role.FOCAL_POINT,
                unit=unit,
                position="Уполномоченная по гендерным вопросам",
                organisation=f"Полпредство: {oblast}",
            )
    if "coordinator" not in people:
        people["coordinator"] = demo_user_ensure(
            username="coordinator", full_name="Айгуль Сыдыкова", role=Role.NATIONAL_COORDINATOR
        )
    return people


def _reviewer_for(step: str, report: ProgressReport, people: dict[str, Any]) -> Any:
    from tendik.plans import permissions as plan_perms

    if step == plan_perms.MINISTRY:
        return people["coordinator"]
    from tendik.accounts.permissions import scope_paths
    from tendik.accounts.roles import Perm

    chain = plan_perms.approval_chain(report.municipality)
    # The focal point of the step's own level acts: the narrowest scope first (a rayon's before its oblast's).
    candidates = [u for u in people.values() if u.username != "coordinator" and plan_perms.may_act_at(u, step, chain)]
    candidates.sort(key=lambda u: -max((len(p) for p in scope_paths(u, Perm.REPORT_REVIEW) or [""]), default=0))
    if candidates:
        return candidates[0]
    # A step belongs to its level: a rayon (or oblast) without a demo focal point gets one.
    unit = chain.rayon if step == plan_perms.RAYON else chain.oblast
    assert unit is not None
    username = f"focal_{unit.code[:8]}"
    people[username] = demo_user_ensure(
        username=username,
        full_name=f"Уполномоченная: {unit.name_ru}",
        role=Role.FOCAL_POINT,
        unit=unit,
        position="Уполномоченная по гендерным вопросам",
        organisation=unit.name_ru,
    )
    return people[username]


def _figures(entry: Any, scale: float, half: int) -> EntryData:
    number = entry.local_measure.number
    codes = {i.code for i in entry.local_measure.indicators.all()}
    values: dict[tuple[str, str], Decimal | None] = {}

    def n(x: float) -> Decimal:
        return Decimal(max(0, round(x * scale)))

    if "women_entrepreneurs_supported" in codes:
        for age, k in (("18-29", 4), ("30-59", 6), ("60-plus", 1)):
            values[("women_entrepreneurs_supported", f"age_group={age};disability=without")] = n(k * half)
        values[("women_entrepreneurs_supported", "age_group=30-59;disability=with")] = n(1 * half)
    if "awareness_participants" in codes:
        values[("awareness_participants", "sex=female")] = n(85 + 20 * half)
        values[("awareness_participants", "sex=male")] = n(40 + 10 * half)
    if "at_risk_families" in codes:
        values[("at_risk_families", "")] = n(14 + half)
        values[("at_risk_families_covered", "")] = n(8 + 2 * half)
    if "people_trained" in codes:
        for sex, ages in (("female", {"18-29": 12, "30-59": 9}), ("male", {"18-29": 2, "30-59": 1})):
            for age, k in ages.items():
                values[("people_trained", f"age_group={age};sex={sex}")] = n(k)
    own = number == "5"
    if own:
        status, progress = (MeasureStatus.IN_PROGRESS, 60) if half == 1 else (MeasureStatus.DONE, 100)
    elif number == "4" and half == 2:
        status, progress = MeasureStatus.DELAYED, 45
    else:
        status, progress = MeasureStatus.IN_PROGRESS, 20 * half + 10
    budget = entry.local_measure
    spent = {
        s: (getattr(budget, f"budget_{s}") * Decimal("0.2") * half).quantize(Decimal(1))
        for s in ("local", "republican", "donor", "other")
    }
    narrative = NARRATIVES[number] + (
        " Выполнение задерживается из-за позднего поступления средств." if status == MeasureStatus.DELAYED else ""
    )
    return EntryData(status=status, progress=progress, narrative=narrative, spent=spent, values=values)


def _plan_for(unit: AdministrativeUnit, officer: Any, title: str, programme: str) -> tuple[LocalPlan, bool]:
    existing = LocalPlan.objects.filter(municipality=unit, start_year=2025, end_year=2027).first()
    if existing:
        return existing, False
    with acting_as(officer, source="demo"):
        plan = local_plan_create(
            actor=officer,
            municipality=unit,
            start_year=2025,
            end_year=2027,
            title=title,
            programme=programme,
            reporting_frequency="half",
        )
        for number, national, text, responsible, start, end, budget, donor, marker, item in MEASURES["standard"]:
            measure = None
            if national:
                code, num = national.split(":")
                measure = Measure.objects.filter(plan__code=code, number=num).first()
            local_measure_add(
                actor=officer,
                local_plan=plan,
                national_measure=measure,
                number=number,
                text=text,
                responsible_person=responsible,
                start=dt.date.fromisoformat(start),
                end=dt.date.fromisoformat(end),
                donor=donor,
                gender_marker=marker,
                programme_item=item,
                **{f"budget_{s}": Decimal(v) for s, v in budget.items()},  # type: ignore[arg-type]
            )
    return plan, True


def _report(
    plan: LocalPlan, code: str, target: str, officer: Any, people: dict[str, Any], scale: float, half: int
) -> bool:
    """Take a report as far as `target`; nothing when it already exists."""
    from tendik.plans import permissions as plan_perms

    period = period_get(code=code)
    if ProgressReport.objects.filter(local_plan=plan, period=period).exists():
        return False
    with acting_as(officer, source="demo"):
        report = svc.report_open(actor=officer, local_plan=plan, period=period)
        for entry in report.entries.select_related("local_measure").prefetch_related("local_measure__indicators"):
            svc.entry_save(actor=officer, entry=entry, data=_figures(entry, scale, half))
        if target == "draft":
            return True
        svc.report_submit(actor=officer, report=report)
    stops = {
        "submitted": ReportStatusStop.SUBMITTED,
        "rayon": ReportStatusStop.RAYON,
        "oblast": ReportStatusStop.OBLAST,
        "accepted": ReportStatusStop.ACCEPTED,
        "returned": ReportStatusStop.SUBMITTED,
    }[target]
    while True:
        report.refresh_from_db()
        chain = plan_perms.approval_chain(report.municipality)
        step = plan_perms.pending_step(report, chain)
        if step is None or ReportStatusStop.reached(report.status, stops):
            break
        reviewer = _reviewer_for(step, report, people)
        with acting_as(reviewer, source="demo"):
            if step == plan_perms.MINISTRY:
                svc.report_accept(actor=reviewer, report=report, comment="Принято.")
            else:
                svc.report_approve(actor=reviewer, report=report, comment="Согласовано.")
    if target == "returned":
        report.refresh_from_db()
        chain = plan_perms.approval_chain(report.municipality)
        reviewer = _reviewer_for(plan_perms.pending_step(report, chain) or plan_perms.RAYON, report, people)
        with acting_as(reviewer, source="demo"):
            svc.report_return(actor=reviewer, report=report, comment=RETURN_COMMENT)
    return True


class ReportStatusStop:
    SUBMITTED, RAYON, OBLAST, ACCEPTED = "submitted", "rayon_approved", "oblast_approved", "accepted"
    ORDER = ["submitted", "rayon_approved", "oblast_approved", "accepted"]

    @classmethod
    def reached(cls, status: str, stop: str) -> bool:
        return status in cls.ORDER and cls.ORDER.index(status) >= cls.ORDER.index(stop)


@transaction.atomic
def demo_load(*, log: Callable[[str], Any] | None = None) -> str:
    if not Plan.objects.filter(code="gender-2025-2027").exists():
        from tendik.plans.services.catalogue import reference_load

        reference_load()
    people = _reviewers()
    plans = reports = 0
    for code, name_ru, (username, full_name), title, programme, stages, scale in MUNICIPALITIES:
        unit = _unit(code, name_ru)
        if unit is None:
            if log:
                log(f"{name_ru} ({code}) is not loaded (run load_territories first); skipped.")
            continue
        officer = demo_user_ensure(
            username=username,
            full_name=full_name,
            role=Role.MUNICIPAL_OFFICER,
            unit=unit,
            position="Специалист по социальным вопросам",
            organisation=f"ОМСУ: {unit.name_ru}",
        )
        plan, created = _plan_for(unit, officer, title, programme)
        plans += created
        for half, (period, stage) in enumerate(zip(PERIODS, stages, strict=True), start=1):
            if stage is not None:
                reports += _report(plan, period, stage, officer, people, scale, half)
    return f"{plans} local plans and {reports} reports created"
