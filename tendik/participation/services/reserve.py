"""Writes to the cadre reserve: profiles with consent, erasure on request, areas, shortlists for vacancies."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tendik.accounts.permissions import has_perm, is_national
from tendik.accounts.roles import Perm
from tendik.core.concurrency import guard
from tendik.core.crypto import identity_hash
from tendik.geography.models import AdministrativeUnit
from tendik.participation.models.reserve import (
    CONTACT_FIELDS,
    PERSONAL_FIELDS,
    ConsentItem,
    ExpertiseArea,
    Language,
    ReservePerson,
    ReserveTally,
    Shortlist,
    ShortlistEntry,
    ShortlistStatus,
    age_group_for,
    join_codes,
)
from tendik.participation.models.trainings import TrainingParticipant
from tendik.participation.services.codes import new_code

# Shortlist states: where each may go next.
SHORTLIST_TRANSITIONS: dict[str, frozenset[str]] = {
    ShortlistStatus.OPEN: frozenset({ShortlistStatus.FILLED, ShortlistStatus.CANCELLED}),
    ShortlistStatus.FILLED: frozenset({ShortlistStatus.OPEN}),
    ShortlistStatus.CANCELLED: frozenset({ShortlistStatus.OPEN}),
}


def _require_edit(actor: Any, unit: AdministrativeUnit) -> None:
    if not has_perm(actor, Perm.RESERVE_EDIT, unit=unit):
        raise PermissionDenied(Perm.RESERVE_EDIT.value)


def area_save(
    *,
    actor: Any,
    code: str,
    name_ru: str,
    name_ky: str = "",
    name_en: str = "",
    order: int = 0,
    is_active: bool = True,
    area: ExpertiseArea | None = None,
    version: int | None = None,
) -> ExpertiseArea:
    """Create or change an area of expertise; the list is national, so only national reserve editors change it.

    `version` (when changing): the one the editor started from; a stale one raises StaleVersion with the difference.
    """
    if not is_national(actor, Perm.RESERVE_EDIT):
        raise PermissionDenied(Perm.RESERVE_EDIT.value)
    with transaction.atomic():
        if area is not None:
            submitted: dict[str, Any] = {"code": code, "name_ru": name_ru, "name_ky": name_ky, "name_en": name_en}
            submitted |= {"order": order, "is_active": is_active}
            area = guard(area, version=version, data=submitted)
        area = area or ExpertiseArea()
        area.code, area.name_ru, area.name_ky, area.name_en = code, name_ru, name_ky, name_en
        area.order, area.is_active = order, is_active
        area.save()
    return area


def profile_clean(data: dict[str, Any]) -> dict[str, Any]:
    """Check consent against what is given; derive the age group from the year of birth."""
    scope = sorted(set(data.get("consent_scope") or []))
    unknown = set(scope) - set(ConsentItem.values)
    languages = sorted(set(data.get("languages") or []))
    errors: dict[str, Any] = {}
    if unknown:
        errors["consent_scope"] = _("Unknown consent item.")
    if set(languages) - set(Language.values):
        errors["languages"] = _("Unknown language.")
    if scope and not data.get("consent_on"):
        errors["consent_on"] = _("Give the date on which the person consented.")
    if data.get("consent_on") and data["consent_on"] > timezone.localdate():
        errors["consent_on"] = _("The date of consent cannot be in the future.")
    for name in PERSONAL_FIELDS:
        value = data.get(name)
        if value in (None, ""):
            continue
        if ConsentItem.PROFILE not in scope:
            errors[name] = _("The person has not consented to keeping personal data: leave this empty.")
        elif name in CONTACT_FIELDS and ConsentItem.CONTACTS not in scope:
            errors[name] = _("The person has not consented to keeping contacts: leave this empty.")
    birth_year = data.get("birth_year")
    this_year = timezone.localdate().year
    if birth_year not in (None, "") and not (this_year - 100 <= int(birth_year) <= this_year - 14):
        errors["birth_year"] = _("Give a year of birth between %(low)s and %(high)s.") % {
            "low": this_year - 100,
            "high": this_year - 14,
        }
    if birth_year in (None, "") and not data.get("age_group"):
        errors["age_group"] = _("Give the age group or the year of birth.")
    if not data.get("sex"):
        errors["sex"] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    cleaned: dict[str, Any] = {name: str(data.get(name) or "").strip() for name in PERSONAL_FIELDS}
    if birth_year not in (None, ""):
        cleaned["birth_year"] = str(int(birth_year))
        cleaned["age_group"] = age_group_for(int(birth_year))
    else:
        cleaned["age_group"] = data["age_group"]
    cleaned["consent_scope"] = join_codes(scope)
    cleaned["languages"] = join_codes(languages)
    cleaned["consent_on"] = data.get("consent_on") if scope else None
    cleaned["sex"] = data["sex"]
    cleaned["is_youth_leader"] = bool(data.get("is_youth_leader"))
    cleaned["identity_hash"] = identity_hash(cleaned["full_name"], cleaned["birth_year"])
    return cleaned


def _check_duplicate(identity: str, *, exclude: int | None = None) -> None:
    if not identity:
        return
    others = ReservePerson.objects.filter(identity_hash=identity)
    if exclude:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise ValidationError({"full_name": _("A person with this name and year of birth is already in the reserve.")})


def person_create(
    *,
    actor: Any,
    territory: AdministrativeUnit,
    areas: Iterable[ExpertiseArea] = (),
    registered_on: Any = None,
    **data: Any,
) -> ReservePerson:
    """Add a person to the reserve. Personal data only within the consent given; an identity already in the
    reserve (same name and year of birth, found by keyed hash) is refused."""
    _require_edit(actor, territory)
    cleaned = profile_clean(data)
    with transaction.atomic():
        _check_duplicate(cleaned["identity_hash"])
        person = ReservePerson(territory=territory, code=new_code(ReservePerson, prefix="R", groups=2), **cleaned)
        if registered_on:
            person.registered_on = registered_on
        person.save()
        person.areas.set(list(areas))
    return person


def person_update(
    *,
    person: ReservePerson,
    actor: Any,
    territory: AdministrativeUnit,
    areas: Iterable[ExpertiseArea] = (),
    version: int | None = None,
    **data: Any,
) -> ReservePerson:
    """Change a profile; the editor needs the reserve in both the old and the new territory. A stale `version`
    (someone saved after this editor opened the profile) is refused with StaleVersion and the difference."""
    _require_edit(actor, person.territory)
    _require_edit(actor, territory)
    cleaned = profile_clean(data)
    with transaction.atomic():
        submitted = {**cleaned, "territory": territory, "areas": list(areas)}
        current = guard(person, version=version, data=submitted)
        _check_duplicate(cleaned["identity_hash"], exclude=person.pk)
        current.territory = territory
        for key, value in cleaned.items():
            setattr(current, key, value)
        current.save()
        current.areas.set(list(areas))
    return current


@transaction.atomic
def reserve_person_erase(*, person: ReservePerson, actor: Any) -> ReserveTally:
    """Remove a person on request, leaving only anonymous counts.

    The profile, its areas and shortlist entries are deleted (the audit trail records them redacted); her training
    participations keep sex, age group and territory without the link; her certificates are withdrawn and lose the
    initials. A tally row (territory, sex, age group, year added, youth leader) grows by one.
    """
    _require_edit(actor, person.territory)
    person = ReservePerson.objects.select_for_update().get(pk=person.pk)
    participations = list(TrainingParticipant.objects.filter(person=person).select_related("certificate"))
    completed = sum(1 for p in participations if p.completed)
    today = timezone.localdate()
    for participation in participations:
        cert = getattr(participation, "certificate", None)
        if cert is not None:
            cert.holder_initials = ""
            cert.revoked_on = cert.revoked_on or today
            cert.save(update_fields=["holder_initials", "revoked_on"])
        participation.person = None
        participation.save(update_fields=["person"])
    tally, _created = ReserveTally.objects.select_for_update().get_or_create(
        territory=person.territory,
        sex=person.sex,
        age_group=person.age_group,
        year=person.registered_on.year,
        is_youth_leader=person.is_youth_leader,
    )
    tally.count += 1
    tally.trainings_completed += completed
    tally.save(update_fields=["count", "trainings_completed"])
    person.delete()  # the trail's delete record lists the personal fields as "<redacted>"
    return tally


def shortlist_create(
    *,
    actor: Any,
    title: str,
    post: str,
    territory: AdministrativeUnit,
    body_name: str = "",
    deadline: Any = None,
) -> Shortlist:
    _require_edit(actor, territory)
    with transaction.atomic():
        shortlist = Shortlist(
            title=title, post=post, body_name=body_name, territory=territory, deadline=deadline, created_by=actor
        )
        shortlist.save()
    return shortlist


def shortlist_set_status(*, shortlist: Shortlist, actor: Any, status: str) -> Shortlist:
    _require_edit(actor, shortlist.territory)
    if status not in SHORTLIST_TRANSITIONS.get(shortlist.status, frozenset()):
        raise ValidationError(_("This shortlist cannot move to that state."), code="invalid_transition")
    with transaction.atomic():
        shortlist.status = status
        shortlist.save(update_fields=["status"])
    return shortlist


def shortlist_add(*, shortlist: Shortlist, person: ReservePerson, actor: Any, note: str = "") -> ShortlistEntry:
    """Put a person on a shortlist: she must have consented to being proposed, and be in the editor's scope."""
    _require_edit(actor, shortlist.territory)
    if not has_perm(actor, Perm.RESERVE_VIEW, unit=person.territory):
        raise PermissionDenied(Perm.RESERVE_VIEW.value)
    if shortlist.status != ShortlistStatus.OPEN:
        raise ValidationError(_("Candidates can be added to an open shortlist only."))
    if not person.consents_to(ConsentItem.SHORTLISTS):
        raise ValidationError({"person": _("This person has not consented to being proposed for vacancies.")})
    if ShortlistEntry.objects.filter(shortlist=shortlist, person=person).exists():
        raise ValidationError({"person": _("This person is already on the shortlist.")})
    with transaction.atomic():
        entry = ShortlistEntry(shortlist=shortlist, person=person, note=note.strip(), added_by=actor)
        entry.save()
    return entry


def shortlist_remove(*, entry: ShortlistEntry, actor: Any) -> None:
    _require_edit(actor, entry.shortlist.territory)
    with transaction.atomic():
        entry.delete()
