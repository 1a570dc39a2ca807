"""Local plans, report entry validation, the approval chain, locking and the progress signal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tendik.plans.models import MeasureStatus, ReportAction, ReportStatus
from tendik.plans.services import reports as svc
from tendik.plans.services.local_plans import local_measure_add, local_measure_update, local_plan_create
from tendik.plans.services.validation import EntryData
from tendik.plans.signals import measure_progress_changed

from .conftest import fill


def _entry(report, code):
    return next(
        e
        for e in report.entries.select_related("local_measure")
        if code in set(e.local_measure.indicators.values_list("code", flat=True))
    )


def test_report_opens_with_entries_for_measures_running_in_period(report):
    assert report.status == ReportStatus.DRAFT
    assert report.entries.count() == 3
    assert list(report.events.values_list("action", flat=True)) == [ReportAction.CREATE]


def test_full_chain_rayon_oblast_ministry(report, roles, django_capture_on_commit_callbacks):
    fill(report, roles["officer"])
    svc.report_submit(actor=roles["officer"], report=report)
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    measure_progress_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            svc.report_approve(actor=roles["fp_rayon"], report=report)
        report.refresh_from_db()
        assert report.status == ReportStatus.RAYON_APPROVED
        assert len(received) == 3
        assert {r["status"] for r in received} == {MeasureStatus.IN_PROGRESS}
        own = [r for r in received if r["measure"] is None]
        assert len(own) == 1 and own[0]["local_measure"].national_measure_id is None
        assert all(r["report"].pk == report.pk for r in received)
        received.clear()
        with django_capture_on_commit_callbacks(execute=True):
            svc.report_approve(actor=roles["fp_oblast"], report=report)
            svc.report_accept(actor=roles["coordinator"], report=report)
        assert received == []  # nothing changed after the first approval
    finally:
        measure_progress_changed.disconnect(listener)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.accepted_at
    actions = list(report.events.values_list("action", flat=True))
    assert actions == ["create", "submit", "approve_rayon", "approve_oblast", "accept"]


def test_rayon_focal_point_cannot_act_at_oblast_step(report, roles, make_user, territory, login):
    """Once her level's step is taken — by her, or by a colleague of the same rayon a moment before — she is told
    the report has moved on to the next level (not that the step is someone else's), and nothing changes."""
    fill(report, roles["officer"])
    svc.report_submit(actor=roles["officer"], report=report)
    svc.report_approve(actor=roles["fp_rayon"], report=report)
    for action in (svc.report_approve, lambda **kw: svc.report_return(comment="нет", **kw)):
        with pytest.raises(svc.InvalidTransition, match="already been approved at your level"):
            action(actor=roles["fp_rayon"], report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.RAYON_APPROVED
    assert report.events.count() == 3  # created, submitted, approved at the rayon

    colleague = make_user("focal_point", unit=territory["kadamjay"], username="fp_kadamjay_2")
    response = login(colleague).post(f"/plans/reports/{report.pk}/approve/", {"comment": "Проверено"}, follow=True)
    assert response.status_code == 200  # the report's page, with the reason; not a refusal page
    assert "already been approved at your level" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.RAYON_APPROVED and report.events.count() == 3


@pytest.mark.parametrize("who", ["fp_rayon_other", "fp_naryn", "officer", "officer_other", "viewer", "nobody"])
def test_out_of_scope_reviewers_cannot_approve_or_return(report, roles, who):
    fill(report, roles["officer"])
    svc.report_submit(actor=roles["officer"], report=report)
    with pytest.raises(PermissionDenied):
        svc.report_approve(actor=roles[who], report=report)
    with pytest.raises(PermissionDenied):
        svc.report_return(actor=roles[who], report=report, comment="no")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.events.count() == 2


def test_ministry_cannot_accept_before_oblast(report, roles):
    fill(report, roles["officer"])
    svc.report_submit(actor=roles["officer"], report=report)
    with pytest.raises(svc.InvalidTransition):
        svc.report_accept(actor=roles["coordinator"], report=report)


def test_return_needs_comment_and_reopens_for_editing(report, roles):
    fill(report, roles["officer"])
    svc.report_submit(actor=roles["officer"], report=report)
    with pytest.raises(ValidationError):
        svc.report_return(actor=roles["fp_rayon"], report=report, comment="  ")
    svc.report_return(actor=roles["fp_rayon"], report=report, comment="Уточните расходы")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.is_editable
    assert report.events.last().comment == "Уточните расходы"
    fill(report, roles["officer"])
    svc.report_submit(actor=roles["officer"], report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_submitted_and_approved_reports_are_locked(report, roles):
    fill(report, roles["officer"])
    entry = report.entries.first()
    svc.report_submit(actor=roles["officer"], report=report)
    with pytest.raises(PermissionDenied):
        svc.entry_save(actor=roles["officer"], entry=entry, data=EntryData(status="done", progress=100))
    svc.report_approve(actor=roles["fp_rayon"], report=report)
    with pytest.raises(PermissionDenied):
        svc.entry_save(actor=roles["officer"], entry=entry, data=EntryData(status="done", progress=100))
    entry.refresh_from_db()
    assert entry.status == MeasureStatus.IN_PROGRESS
    with pytest.raises(svc.InvalidTransition):
        svc.report_submit(actor=roles["officer"], report=report)


def test_invalid_transition_table():
    assert (ReportStatus.ACCEPTED, ReportAction.RETURN) not in svc.TRANSITIONS
    assert (ReportStatus.DRAFT, ReportAction.ACCEPT) not in svc.TRANSITIONS


def test_town_directly_under_oblast_skips_rayon_step(catalogue, territory, roles, make_user, period):
    from tendik.geography.services import unit_create

    city = unit_create(code="41705430000010", level="city", parent=territory["batken"], name_ru="г.Кызыл-Кия")
    officer = make_user("municipal_officer", unit=city)
    lp = local_plan_create(actor=officer, municipality=city, start_year=2025, end_year=2025)
    local_measure_add(
        actor=officer,
        local_plan=lp,
        text="Мера",
        responsible_person="Иванова",
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
    )
    report = svc.report_open(actor=officer, local_plan=lp, period=period)
    svc.report_submit(actor=officer, report=report)
    with pytest.raises(PermissionDenied):
        svc.report_approve(actor=roles["fp_rayon"], report=report)
    svc.report_approve(actor=roles["fp_oblast"], report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.OBLAST_APPROVED
    svc.report_accept(actor=roles["coordinator"], report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


# ---- validation ----


def test_part_exceeding_total_is_rejected(report, roles):
    entry = _entry(report, "at_risk_families")
    data = EntryData(
        status="in_progress",
        progress=30,
        values={("at_risk_families", ""): Decimal(10), ("at_risk_families_covered", ""): Decimal(12)},
    )
    with pytest.raises(ValidationError) as exc:
        svc.entry_save(actor=roles["officer"], entry=entry, data=data)
    messages = exc.value.message_dict["value:at_risk_families_covered:"]
    assert "cannot exceed its total" in messages[0] and "(12)" in messages[0] and "(10)" in messages[0]
    assert not entry.local_measure.values.exists()


def test_negative_counts_and_money_are_rejected(report, roles):
    entry = _entry(report, "people_trained")
    data = EntryData(
        status="in_progress",
        progress=10,
        spent={"local": Decimal(-5)},
        values={("people_trained", "sex=female"): Decimal(-3)},
    )
    with pytest.raises(ValidationError) as exc:
        svc.entry_save(actor=roles["officer"], entry=entry, data=data)
    errors = exc.value.message_dict
    assert errors["value:people_trained:sex=female"] == ["A figure cannot be negative."]
    assert errors["spent_local"] == ["An amount cannot be negative."]


def test_status_progress_consistency(report, roles):
    entry = report.entries.first()
    for data, key in [
        (EntryData(status="not_started", progress=20), "progress"),
        (EntryData(status="done", progress=50), "progress"),
        (EntryData(status="delayed", progress=10, narrative=""), "narrative"),
        (EntryData(status="in_progress", progress=140), "progress"),
    ]:
        with pytest.raises(ValidationError) as exc:
            svc.entry_save(actor=roles["officer"], entry=entry, data=data)
        assert key in exc.value.message_dict


def test_unknown_combination_rejected(report, roles):
    entry = _entry(report, "people_trained")
    data = EntryData(status="in_progress", progress=10, values={("people_trained", "sex=other"): Decimal(3)})
    with pytest.raises(ValidationError) as exc:
        svc.entry_save(actor=roles["officer"], entry=entry, data=data)
    assert "value:people_trained:sex=other" in exc.value.message_dict


def test_far_from_previous_period_warns_but_saves(report, roles, local_plan):
    from tendik.plans.services.periods import period_get

    fill(report, roles["officer"])
    svc.report_submit(actor=roles["officer"], report=report)
    second = svc.report_open(actor=roles["officer"], local_plan=local_plan, period=period_get(code="2025-H2"))
    entry = _entry(second, "people_trained")
    data = EntryData(
        status="in_progress",
        progress=60,
        values={("people_trained", "sex=female"): Decimal(250), ("people_trained", "sex=male"): Decimal(6)},
    )
    warnings = svc.entry_save(actor=roles["officer"], entry=entry, data=data)
    message = warnings["value:people_trained:sex=female"][0]
    assert "far from the previous period's 25" in message
    # read in a list away from the form (an upload's preview), the warning names the measure and the indicator
    measure = entry.local_measure
    indicator = measure.indicators.get(code="people_trained")
    assert f"Measure {measure.number}. {measure.text[:20]}" in message
    assert f"indicator “{indicator.name}”" in message
    assert "value:people_trained:sex=male" not in warnings  # 5 → 6 is a small change
    assert entry.local_measure.values.filter(report=second).count() == 2


def test_spending_over_plan_warns(report, roles):
    entry = _entry(report, "at_risk_families")  # planned 20 000
    warnings = svc.entry_save(
        actor=roles["officer"],
        entry=entry,
        data=EntryData(status="in_progress", progress=50, spent={"local": Decimal(25000)}),
    )
    assert "exceeds the planned budget" in warnings["spent_local"][0]
    assert f"Measure {entry.local_measure.number}." in warnings["spent_local"][0]
    assert "(25,000 som)" in warnings["spent_local"][0]  # an amount, grouped, with its unit


def test_entries_save_is_all_or_nothing(report, roles):
    entries = list(report.entries.order_by("pk"))
    good = EntryData(status="in_progress", progress=10, narrative="ok")
    bad = EntryData(status="in_progress", progress=10, spent={"donor": Decimal(-1)})
    with pytest.raises(svc.EntriesInvalid) as exc:
        svc.entries_save(actor=roles["officer"], report=report, items={entries[0].pk: good, entries[1].pk: bad})
    assert list(exc.value.entry_errors) == [entries[1].pk]
    entries[0].refresh_from_db()
    assert entries[0].narrative == "" and entries[0].status == "not_started"


def test_values_replace_and_clear(report, roles):
    entry = _entry(report, "people_trained")
    key = ("people_trained", "sex=female")
    svc.entry_save(
        actor=roles["officer"], entry=entry, data=EntryData(status="in_progress", progress=5, values={key: Decimal(4)})
    )
    svc.entry_save(
        actor=roles["officer"], entry=entry, data=EntryData(status="in_progress", progress=5, values={key: Decimal(7)})
    )
    assert entry.local_measure.values.get().value == 7
    svc.entry_save(
        actor=roles["officer"], entry=entry, data=EntryData(status="in_progress", progress=5, values={key: None})
    )
    assert not entry.local_measure.values.exists()


def test_officer_of_other_municipality_cannot_edit(report, roles):
    entry = report.entries.first()
    with pytest.raises(PermissionDenied):
        svc.entry_save(actor=roles["officer_other"], entry=entry, data=EntryData(status="in_progress", progress=5))
    entry.refresh_from_db()
    assert entry.status == "not_started"


# ---- local plans ----


def test_local_measure_dates_and_budget_validated(local_plan, roles):
    with pytest.raises(ValidationError) as exc:
        local_measure_add(
            actor=roles["officer"],
            local_plan=local_plan,
            text="x",
            responsible_person="y",
            start=dt.date(2024, 1, 1),
            end=dt.date(2025, 1, 1),
            budget_local=Decimal(-1),
        )
    assert {"start", "budget_local"} <= set(exc.value.message_dict)
    measure = local_plan.measures.first()
    with pytest.raises(ValidationError):
        local_measure_update(actor=roles["officer"], measure=measure, budget_donor=Decimal(5), donor="")


def test_adopting_same_national_measure_twice_rejected(local_plan, roles, catalogue):
    with pytest.raises(ValidationError):
        local_measure_add(
            actor=roles["officer"],
            local_plan=local_plan,
            national_measure=catalogue["m1"],
            text="",
            responsible_person="y",
            start=dt.date(2025, 1, 1),
            end=dt.date(2025, 2, 1),
        )


def test_only_municipalities_and_officers_in_scope_create_plans(territory, roles, make_user):
    rayon_officer = make_user("municipal_officer", unit=territory["kadamjay"])
    with pytest.raises(ValidationError):
        local_plan_create(actor=rayon_officer, municipality=territory["kadamjay"], start_year=2025, end_year=2027)
    for who in ("officer_other", "coordinator", "fp_rayon"):
        with pytest.raises(PermissionDenied):
            local_plan_create(actor=roles[who], municipality=territory["halmion"], start_year=2025, end_year=2027)


def test_the_oblast_focal_point_cannot_take_the_rayons_approval_step(report, roles):
    """Issue 12 item 7: the oblast sees the rayon's territory, but the rayon's step is the rayon's."""
    from tendik.plans.models import ReportEvent
    from tendik.plans.tests.conftest import fill

    fill(report, roles["officer"])
    svc.report_submit(actor=roles["officer"], report=report)
    events = ReportEvent.objects.filter(report=report).count()
    for reviewer in ("fp_oblast", "coordinator"):
        with pytest.raises(PermissionDenied):
            svc.report_approve(actor=roles[reviewer], report=report)
        with pytest.raises(PermissionDenied):
            svc.report_return(actor=roles[reviewer], report=report, comment="Исправьте")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and ReportEvent.objects.filter(report=report).count() == events
    svc.report_approve(actor=roles["fp_rayon"], report=report)
    svc.report_approve(actor=roles["fp_oblast"], report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.OBLAST_APPROVED


def test_the_database_refuses_negative_amounts_whatever_the_path(report):
    """Issue 12 item 7: forms, the API and uploads refuse negative money; the database does too (admin, imports)."""
    from django.db import IntegrityError, transaction

    entry = report.entries.first()
    measure = entry.local_measure
    for obj, field in ((entry, "spent_local"), (measure, "budget_donor")):
        setattr(obj, field, Decimal("-1"))
        with pytest.raises(IntegrityError), transaction.atomic():
            obj.save(update_fields=[field])
