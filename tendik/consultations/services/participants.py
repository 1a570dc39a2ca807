"""Named participants and aggregate attendance counts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tendik.consultations.models import AttendanceCount, CountDimension, Meeting, Participant, ParticipantRole, Sex
from tendik.core.concurrency import StaleVersion, guard


@transaction.atomic
def participant_save(
    *,
    participant: Participant | None = None,
    meeting: Meeting,
    full_name: str,
    sex: str,
    role: str = ParticipantRole.OTHER,
    age_group: str = "",
    has_disability: bool = False,
    organisation: str = "",
    municipality: Any = None,
    email: str = "",
    phone: str = "",
    consent_contact: bool = False,
    wants_updates: bool = False,
    language: str = "ru",
    user: Any = None,
    version: int | None = None,
    hide: bool = False,
) -> Participant:
    """Record (or correct) a named participant. Wanting updates without consent to be contacted is refused.

    `version` (when correcting): a stale one raises StaleVersion with the difference (`hide`: her name and
    contacts hidden in it, for an editor who may not see them).
    """
    if wants_updates and not consent_contact:
        raise ValidationError({"consent_contact": _("She must agree to be contacted before she can be informed.")})
    values: dict[str, Any] = {
        "meeting": meeting,
        "full_name": full_name.strip(),
        "sex": sex,
        "role": role,
        "age_group": age_group,
        "has_disability": has_disability,
        "organisation": organisation.strip(),
        "municipality": municipality,
        "email": email.strip(),
        "phone": phone.strip(),
        "consent_contact": consent_contact,
        "wants_updates": wants_updates,
        "language": language,
        "user": user,
    }
    if participant is not None and participant.pk:
        participant = guard(participant, version=version, data=values, hide=hide)
    participant = participant or Participant()
    for k, v in values.items():
        setattr(participant, k, v)
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def attendance_counts_set(
    *,
    meeting: Meeting,
    total: int | None = None,
    by_sex: dict[str, int] | None = None,
    by_role: dict[str, int] | None = None,
    by_oblast: dict[Any, int] | None = None,
    version: int | None = None,
) -> None:
    """Replace a meeting's aggregate counts. `by_oblast` maps oblast units to counts.

    Refuses breakdowns that add up to more than the total. The counts are part of the meeting: `version` is the
    meeting's version the editor started from (tendik.core.concurrency), so two people typing the counts of one
    meeting cannot silently replace each other's; the stored counts are shown as the difference.
    """
    by_sex, by_role, by_oblast = by_sex or {}, by_role or {}, by_oblast or {}
    for key in by_sex:
        if key not in Sex.values:
            raise ValidationError({"by_sex": _("Unknown sex: %(key)s") % {"key": key}})
    for key in by_role:
        if key not in ParticipantRole.values:
            raise ValidationError({"by_role": _("Unknown role: %(key)s") % {"key": key}})
    if any(v < 0 for v in [*by_sex.values(), *by_role.values(), *by_oblast.values()]) or (total or 0) < 0:
        raise ValidationError({"total": _("Counts cannot be negative.")})
    if total is not None:
        for name, part in (("by_sex", by_sex), ("by_role", by_role), ("by_oblast", by_oblast)):
            if sum(part.values()) > total:
                raise ValidationError({name: _("The breakdown adds up to more than the total.")})
    wanted: dict[tuple[str, str], tuple[int, Any]] = {}
    if total is not None:
        wanted[(CountDimension.TOTAL, "all")] = (total, None)
    for key, n in by_sex.items():
        wanted[(CountDimension.SEX, key)] = (n, None)
    for key, n in by_role.items():
        wanted[(CountDimension.ROLE, key)] = (n, None)
    for unit, n in by_oblast.items():
        wanted[(CountDimension.OBLAST, unit.code)] = (n, unit)
    try:
        current = guard(meeting, version=version)
    except StaleVersion as exc:
        raise StaleVersion(current_version=exc.current_version, diff=_counts_difference(meeting, wanted)) from exc
    current.save(update_fields=["version"])
    meeting.version = current.version
    existing = {(c.dimension, c.key): c for c in meeting.counts.all()}
    for pair, old in existing.items():
        if pair not in wanted:
            old.delete()
    for (dimension, category), (n, oblast) in wanted.items():
        row = existing.get((dimension, category))
        if row is None:
            AttendanceCount.objects.create(meeting=meeting, dimension=dimension, key=category, oblast=oblast, count=n)
        elif row.count != n or row.oblast_id != (oblast.pk if oblast else None):
            row.count, row.oblast = n, oblast
            row.save(update_fields=["count", "oblast"])


def _counts_difference(meeting: Meeting, wanted: dict[tuple[str, str], tuple[int, Any]]) -> list[dict[str, Any]]:
    """The counts saved now against the ones this editor typed, one line per count that differs."""
    stored = {(c.dimension, c.key): c for c in meeting.counts.select_related("oblast")}
    labels = {**dict(Sex.choices), **dict(ParticipantRole.choices)}
    diff = []
    for pair in sorted(set(stored) | set(wanted)):
        theirs = stored[pair].count if pair in stored else None
        yours = wanted[pair][0] if pair in wanted else None
        if theirs == yours:
            continue
        dimension, key = pair
        if dimension == CountDimension.TOTAL:
            label = str(_("Total"))
        elif dimension == CountDimension.OBLAST:
            unit = stored[pair].oblast if pair in stored else wanted[pair][1]
            label = unit.name if unit is not None else key
        else:
            label = str(labels.get(key, key))
        diff.append(
            {
                "field": f"{dimension}:{key}",
                "label": label,
                "yours": None if yours is None else str(yours),  # "0" is a count, not an empty field
                "theirs": None if theirs is None else str(theirs),
                "hidden": False,
            }
        )
    return diff
