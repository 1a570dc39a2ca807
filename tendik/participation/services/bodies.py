"""Writes of body types, bodies and their composition. Every change is a dated fact plus an event in the timeline.

`actor=None` is the system (management commands); otherwise the actor must hold BODIES_EDIT for the body's territory
(BODY_TYPES_MANAGE for types).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm
from tendik.core.concurrency import guard
from tendik.geography.models import AdministrativeUnit
from tendik.participation.models import (
    Body,
    BodyEvent,
    BodyMember,
    BodySeats,
    BodyType,
    CompositionCount,
    EventKind,
    Position,
    Recording,
)

BODY_TYPE_FIELDS = (
    "name_ru",
    "name_ky",
    "name_en",
    "max_share",
    "min_seats",
    "head_deputy_rule",
    "indicator_code",
    "is_active",
    "order",
)
BODY_FIELDS = ("body_type", "name_ru", "name_ky", "name_en", "recording", "established_on", "notes")
PERSONAL_FIELDS = ("full_name", "age_group", "disability")

# The body types every installation starts with: (code, ru, ky, en, head/deputy rule, feeds indicator).
SEED_TYPES: list[tuple[str, str, str, str, bool, str]] = [
    ("ayil_kenesh", "Айылный кенеш", "Айылдык кеңеш", "Ayil kenesh", False, "local_kenesh_deputies"),
    ("city_kenesh", "Городской кенеш", "Шаардык кеңеш", "City kenesh", False, "local_kenesh_deputies"),
    ("ayil_okmotu", "Руководство айыл окмоту", "Айыл өкмөтүнүн жетекчилиги", "Ayil okmotu leadership", True, ""),
    ("city_hall", "Руководство мэрии", "Мэриянын жетекчилиги", "City hall leadership", True, ""),
    ("municipal_enterprise", "Муниципальное предприятие", "Муниципалдык ишкана", "Municipal enterprise", True, ""),
    ("commission", "Комиссия", "Комиссия", "Commission", False, ""),
    ("public_council", "Общественный совет", "Коомдук кеңеш", "Public council", False, ""),
    ("school_parliament", "Школьный парламент", "Мектеп парламенти", "School parliament", False, ""),
    ("student_council", "Студенческий совет", "Студенттик кеңеш", "Student council", False, ""),
    ("youth_committee", "Молодёжный комитет", "Жаштар комитети", "Youth committee", False, ""),
    ("public_association", "Общественное объединение", "Коомдук бирикме", "Public association", True, ""),
]


def _require(actor: Any, perm: Perm, unit: AdministrativeUnit | None = None) -> None:
    if actor is not None and not has_perm(actor, perm, unit=unit):
        raise PermissionDenied(perm.value)


def _event(*, body: Body, kind: str, on: dt.date, note: str = "", member: BodyMember | None = None) -> BodyEvent:
    event = BodyEvent(body=body, kind=kind, on=on, note=note, member=member)
    event.full_clean()
    event.save()
    return event


# Body types ----------------------------------------------------------------------------------------------------


@transaction.atomic
def body_type_create(*, actor: Any, code: str, name_ru: str, **fields: Any) -> BodyType:
    """A new body type with its rule thresholds (administrators and the national coordinator)."""
    _require(actor, Perm.BODY_TYPES_MANAGE)
    body_type = BodyType(code=code, name_ru=name_ru, **{k: v for k, v in fields.items() if k in BODY_TYPE_FIELDS})
    body_type.full_clean()
    body_type.save()
    return body_type


@transaction.atomic
def body_type_update(*, body_type: BodyType, actor: Any, version: int | None = None, **fields: Any) -> BodyType:
    """Change names or thresholds; the rules of every body of the type are re-evaluated from then on.

    `version`: the one the editor started from; a stale one raises StaleVersion with the difference.
    """
    _require(actor, Perm.BODY_TYPES_MANAGE)
    body_type = guard(body_type, version=version, data={k: v for k, v in fields.items() if k in BODY_TYPE_FIELDS})
    changed = [k for k, v in fields.items() if k in BODY_TYPE_FIELDS and getattr(body_type, k) != v]
    for name in changed:
        setattr(body_type, name, fields[name])
    if changed:
        body_type.full_clean()
    body_type.save(update_fields=[*changed, "version"])
    return body_type


@transaction.atomic
def body_types_seed() -> int:
    """Create the standard body types that are missing (idempotent; existing ones are left as configured)."""
    created = 0
    for order, (code, ru, ky, en, head_deputy, indicator) in enumerate(SEED_TYPES, start=1):
        _, made = BodyType.objects.get_or_create(
            code=code,
            defaults={
                "name_ru": ru,
                "name_ky": ky,
                "name_en": en,
                "head_deputy_rule": head_deputy,
                "indicator_code": indicator,
                "order": order * 10,
            },
        )
        created += int(made)
    return created


# Bodies --------------------------------------------------------------------------------------------------------


@transaction.atomic
def body_create(
    *,
    actor: Any,
    body_type: BodyType,
    unit: AdministrativeUnit,
    name_ru: str,
    name_ky: str = "",
    name_en: str = "",
    recording: str = Recording.COUNTS,
    established_on: dt.date | None = None,
    seats: int | None = None,
    predecessor: Body | None = None,
    notes: str = "",
) -> Body:
    """A body at a current territory; `seats` from `established_on` (or today) when given."""
    _require(actor, Perm.BODIES_EDIT, unit)
    on = established_on or timezone.localdate()
    if not (unit.valid_from is None or unit.valid_from <= on) or not (unit.valid_to is None or unit.valid_to > on):
        raise ValidationError({"unit": _("This territory did not exist on that date.")})
    body = Body(
        body_type=body_type,
        unit=unit,
        name_ru=name_ru,
        name_ky=name_ky,
        name_en=name_en,
        recording=recording,
        established_on=established_on,
        predecessor=predecessor,
        notes=notes,
    )
    body.full_clean()
    body.save()
    if seats:
        seats_set(body=body, actor=None, valid_from=on, seats=seats, event=False)
    return body


@transaction.atomic
def body_update(*, body: Body, actor: Any, version: int | None = None, **fields: Any) -> Body:
    """Change a body's names, type, recording or notes (its territory never changes: history stays where it was).

    `version`: the one the editor started from; a stale one raises StaleVersion with the difference.
    """
    _require(actor, Perm.BODIES_EDIT, body.unit)
    body = guard(body, version=version, data={k: v for k, v in fields.items() if k in BODY_FIELDS})
    changed = [k for k, v in fields.items() if k in BODY_FIELDS and getattr(body, k) != v]
    if "recording" in changed and (body.counts.exists() or body.members.exists()):
        raise ValidationError(
            {"recording": _("The composition is already recorded one way; it cannot be switched now.")}
        )
    for name in changed:
        setattr(body, name, fields[name])
    if changed:
        body.full_clean()
    body.save(update_fields=[*changed, "version"])
    return body


@transaction.atomic
def body_dissolve(
    *, body: Body, actor: Any, on: dt.date, successor_unit: AdministrativeUnit | None = None, note: str = ""
) -> Body | None:
    """Dissolve a body on `on` (its history stays); with `successor_unit` (a territorial reform) a body of the same
    type is founded there the same day, continuing it, with the same seats. Returns the successor if any."""
    _require(actor, Perm.BODIES_EDIT, body.unit)
    if body.dissolved_on is not None:
        raise ValidationError(_("This body is already dissolved."))
    if body.established_on and on <= body.established_on:
        raise ValidationError({"on": _("A body is dissolved after it was established.")})
    body.dissolved_on = on
    body.save(update_fields=["dissolved_on"])
    _event(body=body, kind=EventKind.SEATS, on=on, note=note or _("Body dissolved."))
    if successor_unit is None:
        return None
    seats = body.seat_facts.filter(valid_from__lte=on).order_by("-valid_from").first()
    return body_create(
        actor=actor,
        body_type=body.body_type,
        unit=successor_unit,
        name_ru=body.name_ru,
        name_ky=body.name_ky,
        name_en=body.name_en,
        recording=body.recording,
        established_on=on,
        seats=seats.seats if seats else None,
        predecessor=body,
    )


def _check_within_life(body: Body, on: dt.date, field: str) -> None:
    if body.established_on and on < body.established_on:
        raise ValidationError({field: _("The body did not exist yet on that date.")})
    if body.dissolved_on and on >= body.dissolved_on:
        raise ValidationError({field: _("The body was dissolved before that date.")})


def _seats_on(body: Body, on: dt.date) -> int | None:
    fact = body.seat_facts.filter(valid_from__lte=on).order_by("-valid_from").first()
    return fact.seats if fact else None


@transaction.atomic
def seats_set(
    *, body: Body, actor: Any, valid_from: dt.date, seats: int, note: str = "", event: bool = True
) -> BodySeats:
    """The number of seats from a date on (a later fact overrides it from its own date)."""
    _require(actor, Perm.BODIES_EDIT, body.unit)
    _check_within_life(body, valid_from, "valid_from")
    fact = BodySeats.objects.filter(body=body, valid_from=valid_from).first() or BodySeats(
        body=body, valid_from=valid_from
    )
    fact.seats = seats
    fact.full_clean()
    fact.save()
    if event:
        _event(body=body, kind=EventKind.SEATS, on=valid_from, note=note)
    return fact


COUNT_KINDS = (EventKind.ELECTION, EventKind.APPOINTMENT, EventKind.DEPARTURE, EventKind.VACANCY, EventKind.COUNT)


@transaction.atomic
def count_record(
    *,
    body: Body,
    actor: Any,
    as_of: dt.date,
    women: int,
    men: int,
    head_sex: str = "",
    deputy_sex: str = "",
    seats: int | None = None,
    kind: str = EventKind.COUNT,
    note: str = "",
) -> CompositionCount:
    """Women and men holding a seat from `as_of` (an election, a by-election, a departure leaving a vacancy …).

    With `seats`, the number of seats changes on the same date (an election to a resized kenesh).
    """
    _require(actor, Perm.BODIES_EDIT, body.unit)
    if body.recording != Recording.COUNTS:
        raise ValidationError(_("This body's composition is recorded member by member."))
    if kind not in COUNT_KINDS:
        raise ValidationError({"kind": _("Choose what happened.")})
    _check_within_life(body, as_of, "as_of")
    if seats:
        seats_set(body=body, actor=None, valid_from=as_of, seats=seats, event=False)
    total = _seats_on(body, as_of)
    if total is not None and women + men > total:
        raise ValidationError(
            {
                "men": _("Women and men together (%(n)s) exceed the %(seats)s seats.")
                % {"n": women + men, "seats": total}
            }
        )
    fact = CompositionCount.objects.filter(body=body, as_of=as_of).first() or CompositionCount(body=body, as_of=as_of)
    fact.women, fact.men, fact.head_sex, fact.deputy_sex = women, men, head_sex, deputy_sex
    fact.full_clean()
    fact.save()
    _event(body=body, kind=kind, on=as_of, note=note)
    return fact


def _held_count(body: Body, on: dt.date, exclude: BodyMember | None = None) -> int:
    qs = body.members.filter(term_start__lte=on).exclude(term_end__lte=on)
    if exclude is not None and exclude.pk:
        qs = qs.exclude(pk=exclude.pk)
    return qs.count()


def _check_personal(consent_on: dt.date | None, personal: dict[str, Any]) -> None:
    given = [k for k in PERSONAL_FIELDS if personal.get(k) not in (None, "")]
    if given and consent_on is None:
        raise ValidationError(
            {given[0]: _("Personal details are kept only with the member's consent: record the date of consent.")}
        )


@transaction.atomic
def member_add(
    *,
    body: Body,
    actor: Any,
    sex: str,
    term_start: dt.date,
    position: str = Position.MEMBER,
    term_end: dt.date | None = None,
    consent_on: dt.date | None = None,
    full_name: str = "",
    age_group: str = "",
    disability: bool | None = None,
    kind: str = EventKind.APPOINTMENT,
    note: str = "",
) -> BodyMember:
    """A member takes a seat on `term_start` (elected or appointed); personal details only with consent."""
    _require(actor, Perm.BODIES_EDIT, body.unit)
    if body.recording != Recording.MEMBERS:
        raise ValidationError(_("This body's composition is recorded as counts of women and men."))
    if kind not in (EventKind.ELECTION, EventKind.APPOINTMENT):
        raise ValidationError({"kind": _("Choose what happened.")})
    _check_within_life(body, term_start, "term_start")
    _check_personal(consent_on, {"full_name": full_name, "age_group": age_group, "disability": disability})
    total = _seats_on(body, term_start)
    if total is not None and _held_count(body, term_start) + 1 > total:
        raise ValidationError({"term_start": _("All %(seats)s seats are taken on that date.") % {"seats": total}})
    member = BodyMember(
        body=body,
        position=position,
        sex=sex,
        term_start=term_start,
        term_end=term_end,
        consent_on=consent_on,
        full_name=full_name.strip(),
        age_group=age_group,
        disability=disability,
    )
    member.full_clean()
    member.save()
    _event(body=body, kind=kind, on=term_start, member=member, note=note)
    return member


@transaction.atomic
def member_leave(*, member: BodyMember, actor: Any, on: dt.date, vacancy: bool = True, note: str = "") -> BodyMember:
    """A member leaves on `on` (the seat is empty from that day); `vacancy` records the empty seat as an event."""
    _require(actor, Perm.BODIES_EDIT, member.body.unit)
    if member.term_end is not None and member.term_end <= on:
        raise ValidationError({"on": _("This member had already left by then.")})
    if on <= member.term_start:
        raise ValidationError({"on": _("A member leaves after her or his term started.")})
    member.term_end = on
    member.full_clean()
    member.save(update_fields=["term_end"])
    _event(body=member.body, kind=EventKind.DEPARTURE, on=on, member=member, note=note)
    if vacancy:
        _event(body=member.body, kind=EventKind.VACANCY, on=on, member=member)
    return member


@transaction.atomic
def member_consent_withdraw(*, member: BodyMember, actor: Any) -> BodyMember:
    """Consent withdrawn: name, age group and disability are erased; position, sex and term remain for the counts."""
    _require(actor, Perm.BODIES_EDIT, member.body.unit)
    member.consent_on = None
    member.full_name, member.age_group, member.disability = "", "", None
    member.full_clean()
    member.save(update_fields=["consent_on", "full_name", "age_group", "disability"])
    return member
