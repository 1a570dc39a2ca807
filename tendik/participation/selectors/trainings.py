"""Reads of trainings: programmes are a catalogue open to PARTICIPATION_VIEW; sessions and their participants
are scoped by the session's place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from tendik.accounts.permissions import has_perm, unit_q
from tendik.accounts.roles import Perm
from tendik.participation.models.trainings import (
    Certificate,
    TrainingHeadcount,
    TrainingParticipant,
    TrainingProgramme,
    TrainingSession,
)


def programmes_for(user: Any) -> QuerySet[TrainingProgramme]:
    """The catalogue of programmes (no personal data): every PARTICIPATION_VIEW holder sees it."""
    if not has_perm(user, Perm.PARTICIPATION_VIEW):
        return TrainingProgramme.objects.none()
    return TrainingProgramme.objects.select_related("territory")


def sessions_for(user: Any) -> QuerySet[TrainingSession]:
    """Sessions held in the user's PARTICIPATION_VIEW territory."""
    return TrainingSession.objects.filter(unit_q(user, Perm.PARTICIPATION_VIEW, "territory"))


def sessions_list(*, user: Any, programme: TrainingProgramme | None = None) -> QuerySet[TrainingSession]:
    """Sessions with their figures counted in the database: named participants and headcounts, completed."""
    qs = sessions_for(user)
    if programme is not None:
        qs = qs.filter(programme=programme)
    counted = (
        TrainingHeadcount.objects.filter(session=OuterRef("pk"))
        .values("session")
        .annotate(a=Sum("attended"), c=Sum("completed"))
    )
    return (
        qs.select_related("programme", "territory")
        .annotate(
            n_named=Count("participants", distinct=True),
            n_named_done=Count("participants", filter=Q(participants__completed=True), distinct=True),
            n_counted=Coalesce(Subquery(counted.values("a")), 0),
            n_counted_done=Coalesce(Subquery(counted.values("c")), 0),
        )
        .order_by("-starts_on", "-id")
    )


def sessions_manageable(*, user: Any) -> QuerySet[TrainingSession]:
    """Sessions the user may enrol people in (TRAININGS_MANAGE territory), newest first."""
    return (
        TrainingSession.objects.filter(unit_q(user, Perm.TRAININGS_MANAGE, "territory"))
        .select_related("programme")
        .order_by("-starts_on", "-id")
    )


def session_get(*, user: Any, pk: int) -> TrainingSession:
    session = sessions_for(user).select_related("programme", "territory").filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def headcounts_for(user: Any) -> QuerySet[TrainingHeadcount]:
    return TrainingHeadcount.objects.filter(unit_q(user, Perm.TRAININGS_MANAGE, "session__territory"))


def session_participants(*, session: TrainingSession) -> QuerySet[TrainingParticipant]:
    return session.participants.select_related("person", "territory").prefetch_related(
        Prefetch("certificate", queryset=Certificate.objects.all())
    )


def session_headcounts(*, session: TrainingSession) -> QuerySet[TrainingHeadcount]:
    return session.headcounts.select_related("territory")


def participant_get(*, user: Any, pk: int) -> TrainingParticipant:
    p = (
        TrainingParticipant.objects.filter(unit_q(user, Perm.PARTICIPATION_VIEW, "session__territory"))
        .select_related("session__programme", "session__territory", "person", "territory")
        .filter(pk=pk)
        .first()
    )
    if p is None:
        raise Http404
    return p


@dataclass
class TrainingTotals:
    attended: int = 0
    completed: int = 0
    women: int = 0
    by_sex: dict[str, int] = field(default_factory=dict)
    by_age: dict[str, int] = field(default_factory=dict)


def session_totals(*, session: TrainingSession) -> TrainingTotals:
    """Named participants and headcounts together, by sex and age group (grouped in the database)."""
    totals = TrainingTotals()
    named = session.participants.values("sex", "age_group").annotate(
        n=Count("id"), done=Count("id", filter=Q(completed=True))
    )
    counted = session.headcounts.values("sex", "age_group").annotate(n=Sum("attended"), done=Sum("completed"))
    for row in [*named, *counted]:
        n, done = row["n"] or 0, row["done"] or 0
        totals.attended += n
        totals.completed += done
        totals.by_sex[row["sex"]] = totals.by_sex.get(row["sex"], 0) + n
        totals.by_age[row["age_group"]] = totals.by_age.get(row["age_group"], 0) + n
    totals.women = totals.by_sex.get("female", 0)
    return totals


def may_manage_session(user: Any, session: TrainingSession) -> bool:
    return has_perm(user, Perm.TRAININGS_MANAGE, unit=session.territory)


def certificate_verify(*, code: str) -> Certificate | None:
    """The public check of a certificate code: anyone may ask; the answer carries no contacts."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return (
        Certificate.objects.select_related("participant__session__programme", "participant__session__territory")
        .filter(code=code)
        .first()
    )
