import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tendik.accounts.models import Notification
from tendik.protection.models import (
    Case,
    CaseStageEvent,
    ProtectionOrder,
    ProtectionOrderRule,
    Referral,
    ReferralEvent,
    ServiceDelivery,
)
from tendik.protection.services import cases as case_services
from tendik.protection.services import families as family_services
from tendik.protection.services import orders as order_services
from tendik.protection.services import referrals as referral_services
from tendik.protection.services.errors import ConsentRequired, InvalidTransition, StaleVersion
from tendik.protection.tests.conftest import PHONE, SURVIVOR

pytestmark = pytest.mark.django_db


def test_case_stages_follow_the_transition_table_with_history(world):
    case = world.case
    with pytest.raises(InvalidTransition):
        case_services.case_transition(case=case, actor=world.owner, to="services")
    for stage in ("assessment", "plan", "services", "follow_up"):
        case = case_services.case_transition(case=case, actor=world.owner, to=stage)
    with pytest.raises(ValidationError):
        case_services.case_transition(case=case, actor=world.owner, to="closed")  # no reason
    case = case_services.case_transition(case=case, actor=world.owner, to="closed", reason="resolved")
    assert case.closed_on and case.closure_reason == "resolved"
    with pytest.raises(InvalidTransition):
        case_services.case_transition(case=case, actor=world.owner, to="services")
    case = case_services.case_transition(case=case, actor=world.owner, to="reopened")
    assert case.closed_on is None and case.closure_reason == ""
    history = list(CaseStageEvent.objects.filter(case=case).values_list("from_stage", "to_stage"))
    assert history == [
        ("", "opened"),
        ("opened", "assessment"),
        ("assessment", "plan"),
        ("plan", "services"),
        ("services", "follow_up"),
        ("follow_up", "closed"),
        ("closed", "reopened"),
    ]


def test_stale_version_is_refused_with_the_difference(world):
    v = world.case.version
    case_services.case_update(
        case=world.case,
        actor=world.owner,
        version=v,
        data={"survivor_phone": "+996 555 000 999", "survivor_age_group": "41_60"},
    )
    with pytest.raises(StaleVersion) as info:
        case_services.case_update(
            case=world.case, actor=world.chair, version=v, data={"survivor_phone": PHONE, "survivor_age_group": "26_40"}
        )
    diff = {d["field"]: d for d in info.value.diff}
    assert diff["survivor_phone"] == {
        "field": "survivor_phone",
        "label": diff["survivor_phone"]["label"],
        "yours": PHONE,
        "theirs": "+996 555 000 999",
        "hidden": False,
    }
    assert diff["survivor_age_group"]["theirs"] == "41–60"
    assert info.value.current_version == v + 1
    assert Case.objects.get(pk=world.case.pk).survivor_phone == "+996 555 000 999"


def test_stale_version_hides_identities_from_those_who_may_not_see_them(world):
    v = world.case.version
    case_services.case_update(case=world.case, actor=world.owner, version=v, data={"survivor_age_group": "41_60"})
    diff = case_services.case_diff(
        case=Case.objects.get(pk=world.case.pk),
        viewer=world.member,
        data={"survivor_age_group": "26_40", "survivor_name": "X"},
    )
    by_field = {d["field"]: d for d in diff}
    assert by_field["survivor_name"]["hidden"] and by_field["survivor_name"]["theirs"] is None
    assert by_field["survivor_age_group"]["theirs"] == "41–60"


def test_member_without_sharing_cannot_change_identity(world):
    with pytest.raises(PermissionDenied):
        case_services.case_update(
            case=world.case, actor=world.member, version=world.case.version, data={"survivor_name": "Другое имя"}
        )
    assert Case.objects.get(pk=world.case.pk).survivor_name == SURVIVOR


def test_other_committee_cannot_write(world):
    with pytest.raises(PermissionDenied):
        case_services.case_transition(case=world.case, actor=world.other, to="assessment")
    with pytest.raises(PermissionDenied):
        case_services.case_open(committee=world.a, actor=world.focal, survivor_sex="female", survivor_age_group="18_25")


def test_referral_without_consent_is_refused_with_nothing_saved(world):
    before = (Referral.objects.count(), ReferralEvent.objects.count())
    with pytest.raises(ConsentRequired):
        referral_services.referral_send(
            case=world.case, actor=world.owner, provider=world.shelter, items=["identity", "contacts"]
        )
    assert (Referral.objects.count(), ReferralEvent.objects.count()) == before
    # A consent to disclose the name only does not cover the address and phone.
    case_services.consent_record(
        case=world.case, actor=world.owner, kind="disclosure", provider=world.shelter, items=["identity"]
    )
    with pytest.raises(ConsentRequired):
        referral_services.referral_send(
            case=world.case, actor=world.owner, provider=world.shelter, items=["identity", "contacts"]
        )
    assert Referral.objects.count() == before[0]
    referral = referral_services.referral_send(
        case=world.case, actor=world.owner, provider=world.shelter, items=["identity"]
    )
    assert referral.consent is not None and referral.items == ["identity"]


def test_withdrawn_consent_no_longer_allows_a_referral(world):
    consent = case_services.consent_record(
        case=world.case, actor=world.owner, kind="disclosure", provider=world.shelter, items=["identity"]
    )
    case_services.consent_withdraw(consent=consent, actor=world.owner)
    with pytest.raises(ConsentRequired):
        referral_services.referral_send(case=world.case, actor=world.owner, provider=world.shelter, items=[])


def test_referral_moves_through_its_states(world):
    case_services.consent_record(case=world.case, actor=world.owner, kind="disclosure", provider=world.shelter)
    referral = referral_services.referral_send(case=world.case, actor=world.owner, provider=world.shelter, items=[])
    with pytest.raises(InvalidTransition):
        referral_services.referral_transition(referral=referral, actor=world.owner, to="service_provided")
    for to in ("accepted", "service_provided"):
        referral = referral_services.referral_transition(referral=referral, actor=world.owner, to=to)
    referral = referral_services.referral_transition(
        referral=referral, actor=world.owner, to="closed", feedback="Принята в убежище на 30 дней."
    )
    assert referral.closed_on and referral.feedback
    assert list(referral.events.values_list("to_status", flat=True)) == [
        "sent",
        "accepted",
        "service_provided",
        "closed",
    ]


def test_cash_aid_needs_an_amount(world):
    with pytest.raises(ValidationError):
        referral_services.service_record(
            case=world.case, actor=world.owner, kind="cash_aid", started_on=dt.date(2025, 3, 2)
        )
    with pytest.raises(ValidationError):
        referral_services.service_record(
            case=world.case, actor=world.owner, kind="legal_aid", started_on=dt.date(2025, 3, 2), amount_som=100
        )
    row = referral_services.service_record(
        case=world.case, actor=world.owner, kind="cash_aid", started_on=dt.date(2025, 3, 2), amount_som=Decimal("6500")
    )
    assert ServiceDelivery.objects.get(pk=row.pk).amount_som == Decimal("6500.00")


def test_order_terms_come_from_configuration(world):
    rule = ProtectionOrderRule.objects.create(
        name="Тестовое правило",
        effective_from=dt.date(2020, 1, 1),
        max_initial_days=15,
        max_extension_days=10,
        max_total_days=20,
    )
    args = {
        "case": world.case,
        "actor": world.owner,
        "police_unit": "ОВД",
        "number": "1",
        "issued_on": dt.date(2025, 3, 1),
        "valid_from": dt.date(2025, 3, 1),
    }
    with pytest.raises(ValidationError):
        order_services.order_issue(valid_until=dt.date(2025, 3, 16), **args)  # 16 days
    order = order_services.order_issue(valid_until=dt.date(2025, 3, 15), **args)
    assert order.rule == rule
    with pytest.raises(ValidationError):
        order_services.order_extend(
            order=order, actor=world.owner, extended_on=dt.date(2025, 3, 15), new_until=dt.date(2025, 3, 26)
        )  # 11-day extension
    with pytest.raises(ValidationError):
        order_services.order_extend(
            order=order, actor=world.owner, extended_on=dt.date(2025, 3, 15), new_until=dt.date(2025, 3, 21)
        )  # 21 days in total
    order_services.order_extend(
        order=order, actor=world.owner, extended_on=dt.date(2025, 3, 15), new_until=dt.date(2025, 3, 20)
    )
    assert ProtectionOrder.objects.get(pk=order.pk).valid_until == dt.date(2025, 3, 20)
    # Changing the rule (the law changed) changes what is allowed: no code change.
    rule.max_initial_days = 30
    rule.save()
    order_services.order_issue(valid_until=dt.date(2025, 3, 25), **{**args, "number": "2"})


def test_expiry_alerts_name_the_case_code_only_and_are_sent_once(world):
    order_services.order_issue(
        case=world.case,
        actor=world.owner,
        police_unit="ОВД",
        number="7",
        issued_on=dt.date(2025, 3, 1),
        valid_from=dt.date(2025, 3, 1),
        valid_until=dt.date(2025, 3, 10),
    )
    assert order_services.orders_alert_expiring(today=dt.date(2025, 3, 1)) == 0
    assert order_services.orders_alert_expiring(today=dt.date(2025, 3, 8)) == 1
    assert order_services.orders_alert_expiring(today=dt.date(2025, 3, 9)) == 0
    notes = Notification.objects.filter(kind="protection.order_expiry")
    assert {n.user for n in notes} == {world.owner, world.chair}
    for note in notes:
        assert world.case.code in note.title
        assert SURVIVOR not in note.title + note.body + note.url and PHONE not in note.title + note.body


def test_visit_recorded_and_review_date_moves(world):
    family = family_services.family_add(
        committee=world.a, actor=world.member, household="Семья (тест)", risk_factors=["alcohol_drugs"]
    )
    family_services.family_visit_record(
        family=family,
        actor=world.member,
        done_on=dt.date(2025, 4, 1),
        next_review_on=dt.date(2025, 7, 1),
        notes="Беседа",
    )
    family.refresh_from_db()
    assert family.next_review_on == dt.date(2025, 7, 1) and family.visits.count() == 1
    with pytest.raises(ValidationError):
        family_services.family_add(committee=world.a, actor=world.member, household="X", risk_factors=[])


def test_gbvims_type_is_the_first_applicable(world):
    assert case_services.gbvims_classify(forms=["psychological", "sexual"]) == "sexual_assault"
    assert case_services.gbvims_classify(forms=["psychological", "physical"]) == "physical_assault"
    assert case_services.gbvims_classify(forms=["economic"]) == "denial"
    assert case_services.gbvims_classify(forms=["stalking"]) == "psychological"
    incident = case_services.incident_add(
        case=world.case, actor=world.owner, occurred_on=dt.date(2025, 2, 28), forms=["physical", "psychological"]
    )
    assert incident.gbvims_type == "physical_assault" and incident.forms == ["physical", "psychological"]


def test_risk_level_from_answers(world):
    low = case_services.risk_assess(case=world.case, actor=world.owner, answers={"controlling": True})
    high = case_services.risk_assess(case=world.case, actor=world.owner, answers={"weapon": True})
    medium = case_services.risk_assess(case=world.case, actor=world.owner, answers={"escalation": True, "injury": True})
    assert (low.level, medium.level, high.level) == ("low", "medium", "high")
