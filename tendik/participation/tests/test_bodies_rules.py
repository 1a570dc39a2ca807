"""The quota rules and their edge cases: exactly 70%, one- and two-seat bodies, vacancies, mid-term changes,
history before a territorial reform."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tendik.geography.services import unit_close, unit_create
from tendik.participation.models import Recording
from tendik.participation.selectors import bodies as sel
from tendik.participation.services import bodies as services
from tendik.participation.tests.bodies_helpers import ELECTED, kenesh, leadership, seed_types

pytestmark = pytest.mark.django_db
LATER = dt.date(2023, 6, 1)


@pytest.fixture
def types(territory):
    return seed_types()


def test_seed_types_are_complete_and_idempotent(types):
    assert {
        "ayil_kenesh",
        "city_kenesh",
        "ayil_okmotu",
        "city_hall",
        "municipal_enterprise",
        "commission",
        "public_council",
        "school_parliament",
        "student_council",
        "youth_committee",
        "public_association",
    } <= set(types)
    assert all(t.name_ru and t.name_ky and t.name_en and t.max_share == 70 for t in types.values())
    assert services.body_types_seed() == 0


@pytest.mark.parametrize(
    "women,men,breaks",
    [
        (3, 7, False),
        (7, 3, False),
        (2, 8, True),
        (8, 2, True),
        (0, 10, True),
        (5, 5, False),
        (6, 14, False),
        (5, 12, True),
    ],
)
def test_share_rule_exactly_seventy_is_compliant(territory, types, women, men, breaks):
    body = kenesh(territory["halmion"], women=women, men=men)
    c = sel.composition_on(body, LATER)
    assert (c.women, c.men, c.seats) == (women, men, women + men)
    assert c.breaks_share is breaks


def test_threshold_is_configurable_per_type(territory, types):
    body = kenesh(territory["halmion"], women=3, men=7)
    assert not sel.composition_on(body, LATER).breaks_share
    services.body_type_update(body_type=types["ayil_kenesh"], actor=None, max_share=60)
    assert sel.composition_on(body, LATER).breaks_share


@pytest.mark.parametrize("seats,women,men", [(1, 0, 1), (1, 1, 0), (2, 0, 2), (2, 2, 0)])
def test_one_and_two_seat_bodies_are_exempt_from_the_share_rule_by_default(territory, types, seats, women, men):
    body = kenesh(territory["halmion"], women=women, men=men, seats=seats, code="commission")
    c = sel.composition_on(body, LATER)
    assert not c.share_applies and not c.breaks_share


def test_two_seat_body_checked_when_its_type_says_so(territory, types):
    services.body_type_update(body_type=types["commission"], actor=None, min_seats=2)
    assert sel.composition_on(kenesh(territory["halmion"], women=0, men=2, code="commission"), LATER).breaks_share
    assert not sel.composition_on(kenesh(territory["kulundu"], women=1, men=1, code="commission"), LATER).breaks_share


def test_head_and_deputy_of_the_same_sex_break_the_rule(territory, types):
    same = leadership(territory["halmion"], head="male", deputy="male")
    mixed = leadership(territory["kulundu"], head="male", deputy="female")
    assert sel.composition_on(same, LATER).breaks_head_deputy
    assert not sel.composition_on(mixed, LATER).breaks_head_deputy
    # two seats: the share rule does not apply, the head/deputy rule does
    assert not sel.composition_on(same, LATER).share_applies


def test_head_deputy_rule_only_where_the_type_asks(territory, types):
    body = kenesh(territory["halmion"], women=4, men=6)
    services.count_record(body=body, actor=None, as_of=LATER, women=4, men=6, head_sex="male", deputy_sex="male")
    assert not sel.composition_on(body, LATER).breaks_head_deputy
    services.body_type_update(body_type=types["ayil_kenesh"], actor=None, head_deputy_rule=True)
    assert sel.composition_on(body, LATER).breaks_head_deputy
    assert not sel.composition_on(body, ELECTED).breaks_head_deputy  # before the count the head was not known


def test_missing_deputy_is_a_vacancy_not_a_breach(territory, types):
    body = leadership(territory["halmion"], head="male", deputy="male")
    deputy = body.members.get(position="deputy")
    services.member_leave(member=deputy, actor=None, on=LATER)
    c = sel.composition_on(body, LATER)
    assert not c.breaks_head_deputy and c.vacancies == 1 and c.deputy_sex == ""


def test_vacancies_share_over_filled_seats_and_flagged_separately(territory, types):
    # 10 seats, 3 women and 6 men: 33% women over 9 filled seats (not 30% of 10), one vacancy
    body = kenesh(territory["halmion"], women=3, men=6, seats=10)
    c = sel.composition_on(body, LATER)
    assert c.vacancies == 1 and c.women_share == Decimal("33.3") and not c.breaks_share
    # 10 seats, 2 women, 6 men: 25% women of the filled seats breaks, though 8 filled seats is fewer than 10
    body2 = kenesh(territory["kulundu"], women=2, men=6, seats=10)
    c2 = sel.composition_on(body2, LATER)
    assert c2.breaks_share and c2.vacancies == 2


def test_empty_body_breaks_nothing(territory, types):
    body = kenesh(territory["halmion"], women=0, men=0, seats=7)
    c = sel.composition_on(body, LATER)
    assert not c.breaks_share and c.vacancies == 7


def test_mostly_vacant_body_is_a_vacancy_problem_not_a_share_breach(territory, types):
    # 7 seats, 2 men: fewer filled seats than the minimum (3): vacancies flagged, the share rule waits
    c = sel.composition_on(kenesh(territory["halmion"], women=0, men=2, seats=7), LATER)
    assert not c.share_applies and not c.breaks_share and c.vacancies == 5
    # 3 men of 7: now the share rule applies and is broken
    c = sel.composition_on(kenesh(territory["kulundu"], women=0, men=3, seats=7), LATER)
    assert c.share_applies and c.breaks_share and c.vacancies == 4


def test_mid_term_changes_counts(territory, types):
    body = kenesh(territory["halmion"], women=3, men=7)
    services.count_record(body=body, actor=None, as_of=dt.date(2022, 3, 1), women=2, men=7, kind="departure")
    services.count_record(body=body, actor=None, as_of=dt.date(2022, 9, 1), women=3, men=7, kind="election")
    assert sel.composition_on(body, dt.date(2022, 2, 28)).breaks_share is False
    # a woman leaves mid-term: 7 men of 9 filled seats is 77.8%, a breach from that day, and one vacancy
    mid = sel.composition_on(body, dt.date(2022, 3, 1))
    assert (mid.women, mid.men, mid.vacancies) == (2, 7, 1) and mid.breaks_share
    # a by-election fills the seat with a woman: compliant again
    assert not sel.composition_on(body, dt.date(2022, 9, 1)).breaks_share
    assert sel.composition_on(body, dt.date(2020, 1, 1)).women == 0  # before the first count: nothing known


def test_mid_term_changes_members(territory, types):
    body = leadership(territory["halmion"], head="female", deputy="male")
    head = body.members.get(position="head")
    services.member_leave(member=head, actor=None, on=LATER)
    services.member_add(body=body, actor=None, sex="male", position="head", term_start=dt.date(2023, 9, 1))
    assert not sel.composition_on(body, dt.date(2023, 5, 31)).breaks_head_deputy
    assert sel.composition_on(body, dt.date(2023, 7, 1)).vacancies == 1
    assert sel.composition_on(body, dt.date(2023, 9, 1)).breaks_head_deputy


def test_members_cannot_exceed_seats(territory, types):
    body = leadership(territory["halmion"], head="female", deputy="male")
    with pytest.raises(ValidationError):
        services.member_add(body=body, actor=None, sex="male", term_start=LATER)
    with pytest.raises(ValidationError):
        services.count_record(
            body=kenesh(territory["kulundu"], women=3, men=7), actor=None, as_of=LATER, women=5, men=7
        )


def test_personal_details_only_with_consent(territory, types):
    body = services.body_create(
        actor=None,
        body_type=types["youth_committee"],
        unit=territory["halmion"],
        name_ru="Молодёжный комитет",
        recording=Recording.MEMBERS,
        seats=9,
    )
    with pytest.raises(ValidationError):
        services.member_add(body=body, actor=None, sex="female", term_start=LATER, full_name="Айгүл Т.")
    member = services.member_add(
        body=body,
        actor=None,
        sex="female",
        term_start=LATER,
        full_name="Айгүл Т.",
        age_group="under_30",
        consent_on=LATER,
    )
    services.member_consent_withdraw(member=member, actor=None)
    member.refresh_from_db()
    assert member.full_name == "" and member.age_group == "" and member.sex == "female"


def test_history_before_a_territorial_reform(territory, types, make_user):
    rayon = territory["kadamjay"]
    old = unit_create(code="41705258870000", level="ayil_aimak", parent=rayon, name_ru="Старый айылный аймак")
    body = kenesh(old, women=2, men=13, on=dt.date(2016, 12, 1))
    reform = dt.date(2024, 1, 1)
    unit_close(unit=old, on=reform)
    successor = services.body_dissolve(body=body, actor=None, on=reform, successor_unit=territory["halmion"])
    services.count_record(body=successor, actor=None, as_of=reform, women=5, men=10, kind="election")
    coordinator = make_user("national_coordinator")
    before = sel.quota_summary(user=coordinator, unit=rayon, on=dt.date(2022, 1, 1))
    assert (before.bodies, before.women, before.breaking_share) == (1, 2, 1)
    assert [b.pk for b in before.breaches] == [body.pk]
    after = sel.quota_summary(user=coordinator, unit=rayon, on=reform)
    assert (after.bodies, after.women, after.breaking_share) == (1, 5, 0)
    assert sel.quota_summary(user=None, unit=rayon, on=reform).bodies == 0  # no scope, nothing
    assert successor.predecessor == body and successor.seat_facts.get().seats == 15
    # the old body's history is still there, at its old unit, under its old rayon
    assert sel.composition_on(body, dt.date(2020, 1, 1)).women == 2
