"""Writes to trainings: programmes, sessions, named participants and headcounts, completion, certificates."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tendik.accounts.permissions import has_perm, is_national, scope_paths
from tendik.accounts.roles import Perm
from tendik.core.concurrency import guard
from tendik.geography.models import AdministrativeUnit
from tendik.participation.models.reserve import ReservePerson
from tendik.participation.models.trainings import (
    Certificate,
    TrainingHeadcount,
    TrainingParticipant,
    TrainingProgramme,
    TrainingSession,
)
from tendik.participation.services.codes import new_code

PROGRAMME_FIELDS = (
    "code",
    "kind",
    "title_ru",
    "title_ky",
    "title_en",
    "organiser",
    "description",
    "hours",
    "is_active",
)
SESSION_FIELDS = ("title", "starts_on", "ends_on", "territory", "venue", "is_online")


def may_manage_programme(actor: Any, territory: AdministrativeUnit | None) -> bool:
    """A national programme is managed by national trainings managers; a territorial one within its territory."""
    if territory is None:
        return is_national(actor, Perm.TRAININGS_MANAGE)
    return has_perm(actor, Perm.TRAININGS_MANAGE, unit=territory)


def _require_manage(actor: Any, unit: AdministrativeUnit | None, *, programme: bool = False) -> None:
    allowed = may_manage_programme(actor, unit) if programme else has_perm(actor, Perm.TRAININGS_MANAGE, unit=unit)
    if unit is None and not programme:
        allowed = False
    if not allowed:
        raise PermissionDenied(Perm.TRAININGS_MANAGE.value)


def programme_save(
    *,
    actor: Any,
    territory: AdministrativeUnit | None = None,
    programme: TrainingProgramme | None = None,
    version: int | None = None,
    **data: Any,
) -> TrainingProgramme:
    """Create or change a programme (political school, online course, seminar …); a stale `version` is refused."""
    if programme is not None:
        _require_manage(actor, programme.territory, programme=True)
    _require_manage(actor, territory, programme=True)
    with transaction.atomic():
        if programme is not None:
            programme = guard(programme, version=version, data={**data, "territory": territory})
        programme = programme or TrainingProgramme()
        programme.territory = territory
        for key in PROGRAMME_FIELDS:
            if key in data:
                setattr(programme, key, data[key])
        programme.full_clean(exclude=["territory"])
        programme.save()
    return programme


def may_add_session(actor: Any, programme: TrainingProgramme) -> bool:
    """Sessions of a national programme are held wherever the actor manages trainings; sessions of a territorial
    programme only inside its territory, so the actor must manage trainings somewhere there (or above it)."""
    paths = scope_paths(actor, Perm.TRAININGS_MANAGE)
    if paths is None:
        return True
    if programme.territory is None:
        return bool(paths)
    inside = programme.territory.path
    return any(p.startswith(inside) or inside.startswith(p) for p in paths)


def _check_place(programme: TrainingProgramme, territory: AdministrativeUnit | None) -> None:
    if programme.territory is not None and territory is not None and not programme.territory.contains(territory):
        raise ValidationError(
            {
                "territory": _("A session of this programme is held within %(territory)s.")
                % {"territory": programme.territory.name}
            }
        )


def _check_dates(data: dict[str, Any]) -> None:
    if data["ends_on"] < data["starts_on"]:
        raise ValidationError({"ends_on": _("The end cannot be before the start.")})


def session_save(
    *,
    actor: Any,
    programme: TrainingProgramme,
    session: TrainingSession | None = None,
    version: int | None = None,
    **data: Any,
) -> TrainingSession:
    """Create or change a session; its place decides who may manage it; a stale `version` is refused."""
    if session is not None:
        _require_manage(actor, session.territory)
    elif not may_add_session(actor, programme):
        raise PermissionDenied(Perm.TRAININGS_MANAGE.value)
    _require_manage(actor, data["territory"])
    _check_place(programme, data["territory"])
    _check_dates(data)
    with transaction.atomic():
        if session is not None:
            session = guard(session, version=version, data=data)
        session = session or TrainingSession(programme=programme)
        for key in SESSION_FIELDS:
            if key in data:
                setattr(session, key, data[key])
        session.save()
    return session


def participant_add(
    *, actor: Any, session: TrainingSession, person: ReservePerson, language: str = "ru"
) -> TrainingParticipant:
    """Enrol a reserve person; her sex, age group and territory are copied so that counts outlive an erasure."""
    _require_manage(actor, session.territory)
    if not has_perm(actor, Perm.RESERVE_VIEW, unit=person.territory):
        raise PermissionDenied(Perm.RESERVE_VIEW.value)
    if TrainingParticipant.objects.filter(session=session, person=person).exists():
        raise ValidationError({"person": _("This person already takes part in the session.")})
    with transaction.atomic():
        participant = TrainingParticipant(
            session=session,
            person=person,
            sex=person.sex,
            age_group=person.age_group,
            territory=person.territory,
            language=language,
        )
        participant.save()
    return participant


def participant_complete(
    *, actor: Any, participant: TrainingParticipant, completed: bool = True, on: Any = None
) -> TrainingParticipant:
    _require_manage(actor, participant.session.territory)
    if not completed and Certificate.objects.filter(participant=participant, revoked_on__isnull=True).exists():
        raise ValidationError(_("Withdraw the certificate first."))
    with transaction.atomic():
        participant.completed = completed
        participant.completed_on = (on or participant.session.ends_on) if completed else None
        participant.save(update_fields=["completed", "completed_on"])
    return participant


def participant_remove(*, actor: Any, participant: TrainingParticipant) -> None:
    _require_manage(actor, participant.session.territory)
    if Certificate.objects.filter(participant=participant).exists():
        raise ValidationError(_("A participant with a certificate cannot be removed."))
    with transaction.atomic():
        participant.delete()


def headcount_save(
    *,
    actor: Any,
    session: TrainingSession,
    sex: str,
    age_group: str,
    territory: AdministrativeUnit,
    attended: int,
    completed: int = 0,
) -> TrainingHeadcount:
    """Record (or correct) how many people of one sex, age group and territory attended and completed."""
    _require_manage(actor, session.territory)
    if completed > attended:
        raise ValidationError({"completed": _("More completed than attended.")})
    with transaction.atomic():
        key = {"session": session, "sex": sex, "age_group": age_group, "territory": territory}
        row = TrainingHeadcount.objects.filter(**key).first() or TrainingHeadcount(**key)
        row.attended, row.completed = attended, completed
        row.save()
    return row


def headcount_remove(*, actor: Any, headcount: TrainingHeadcount) -> None:
    _require_manage(actor, headcount.session.territory)
    with transaction.atomic():
        headcount.delete()


def certificate_issue(*, actor: Any, participant: TrainingParticipant, language: str | None = None) -> Certificate:
    """Issue (or re-issue after a withdrawal) the certificate of a participant who completed the programme."""
    _require_manage(actor, participant.session.territory)
    if participant.person_id is None:
        raise ValidationError(_("Certificates are issued to named participants only."))
    if not participant.completed:
        raise ValidationError(_("The participant has not completed the programme."))
    person = participant.person
    assert person is not None
    with transaction.atomic():
        cert = Certificate.objects.select_for_update().filter(participant=participant).first()
        if cert is None:
            cert = Certificate(participant=participant, code=new_code(Certificate, prefix="TK", groups=2))
        elif cert.revoked_on is None:
            raise ValidationError(_("A certificate has already been issued."))
        cert.language = language or participant.language
        cert.issued_on = timezone.localdate()
        cert.holder_initials = person.initials[:20]
        cert.issued_by = actor
        cert.revoked_on = None
        cert.save()
    return cert


def certificate_revoke(*, actor: Any, certificate: Certificate) -> Certificate:
    _require_manage(actor, certificate.participant.session.territory)
    if certificate.revoked_on is not None:
        raise ValidationError(_("The certificate has already been withdrawn."))
    with transaction.atomic():
        certificate.revoked_on = timezone.localdate()
        certificate.save(update_fields=["revoked_on"])
    return certificate
