"""Reads of the cadre reserve, scoped by the acting user's RESERVE_VIEW territory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from tendik.accounts.permissions import has_perm, unit_q
from tendik.accounts.roles import Perm
from tendik.audit.services import access_log
from tendik.geography.models import AdministrativeUnit
from tendik.participation.models.reserve import (
    ExpertiseArea,
    ReservePerson,
    ReserveTally,
    Shortlist,
    ShortlistEntry,
)

PROFILE_PURPOSE = "reserve.profile"
EXPORT_PURPOSE = "reserve.export"


def people_for(user: Any) -> QuerySet[ReservePerson]:
    """People of the reserve in the user's RESERVE_VIEW scope (nobody for other roles)."""
    return ReservePerson.objects.filter(unit_q(user, Perm.RESERVE_VIEW, "territory"))


@dataclass(frozen=True)
class ReserveFilters:
    territory: AdministrativeUnit | None = None
    area: ExpertiseArea | None = None
    programme: Any = None  # TrainingProgramme: completed it
    youth_leader: bool | None = None
    sex: str = ""
    language: str = ""


def people_search(*, user: Any, filters: ReserveFilters | None = None) -> QuerySet[ReservePerson]:
    """The search of the reserve: every filter is a database condition; rows carry their completed trainings
    (`n_trainings`) and areas (prefetched), so a page of results costs a fixed number of queries."""
    f = filters or ReserveFilters()
    qs = people_for(user)
    if f.territory is not None:
        qs = qs.filter(territory__path__startswith=f.territory.path)
    if f.area is not None:
        qs = qs.filter(areas=f.area)
    if f.programme is not None:
        qs = qs.filter(trainings__session__programme=f.programme, trainings__completed=True)
    if f.youth_leader is not None:
        qs = qs.filter(is_youth_leader=f.youth_leader)
    if f.sex:
        qs = qs.filter(sex=f.sex)
    if f.language:
        qs = qs.filter(languages__contains=f",{f.language},")
    ids = qs.values("pk")
    return (
        ReservePerson.objects.filter(pk__in=ids)
        .select_related("territory")
        .prefetch_related("areas")
        .annotate(n_trainings=Count("trainings", filter=Q(trainings__completed=True), distinct=True))
        .order_by("-registered_on", "-id")
    )


def person_open(*, user: Any, pk: int, purpose: str = PROFILE_PURPOSE) -> ReservePerson:
    """Look a profile up in scope (404 outside it) and record the read in the access log."""
    person = people_for(user).select_related("territory").filter(pk=pk).first()
    if person is None:
        raise Http404
    access_log(instance=person, purpose=purpose, actor=user)
    return person


def person_trainings(*, person: ReservePerson) -> QuerySet[Any]:
    return person.trainings.select_related("session__programme", "session__territory", "certificate").order_by(
        "-session__starts_on"
    )


def person_shortlists(*, person: ReservePerson) -> QuerySet[ShortlistEntry]:
    return person.shortlist_entries.select_related("shortlist").order_by("-added_at")


def areas_active() -> QuerySet[ExpertiseArea]:
    return ExpertiseArea.objects.filter(is_active=True)


def shortlists_for(user: Any) -> QuerySet[Shortlist]:
    return (
        Shortlist.objects.filter(unit_q(user, Perm.RESERVE_VIEW, "territory"))
        .select_related("territory")
        .annotate(n_entries=Count("entries"))
    )


def shortlist_entries(*, shortlist: Shortlist) -> QuerySet[ShortlistEntry]:
    return shortlist.entries.select_related("person__territory").prefetch_related("person__areas")


def may_edit(user: Any, unit: AdministrativeUnit | None = None) -> bool:
    return has_perm(user, Perm.RESERVE_EDIT, unit=unit)


@dataclass(frozen=True)
class ReserveCount:
    territory_id: int
    sex: str
    age_group: str
    is_youth_leader: bool
    people: int


def reserve_counts(*, user: Any, perm: Perm = Perm.PARTICIPATION_VIEW) -> list[ReserveCount]:
    """Anonymous counts of the reserve (people now in it plus those erased on request) by territory, sex, age group
    and youth leader: two grouped queries, whatever the size of the reserve."""
    keys = ("territory_id", "sex", "age_group", "is_youth_leader")
    totals: dict[tuple[Any, ...], int] = {}
    live = (
        ReservePerson.objects.filter(unit_q(user, perm, "territory")).values(*keys).annotate(n=Count("id")).order_by()
    )
    for row in live:
        key = tuple(row[k] for k in keys)
        totals[key] = totals.get(key, 0) + row["n"]
    erased = (
        ReserveTally.objects.filter(unit_q(user, perm, "territory")).values(*keys).annotate(n=Sum("count")).order_by()
    )
    for row in erased:
        key = tuple(row[k] for k in keys)
        totals[key] = totals.get(key, 0) + (row["n"] or 0)
    return [
        ReserveCount(territory_id=k[0], sex=k[1], age_group=k[2], is_youth_leader=k[3], people=n)
        for k, n in sorted(totals.items(), key=lambda kv: kv[0])
    ]
