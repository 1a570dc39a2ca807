"""Committees and their members."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tendik.core.concurrency import guard
from tendik.geography.models import AdministrativeUnit
from tendik.protection import permissions as p
from tendik.protection.models import Committee, CommitteeMember

MEMBER_FIELDS = (
    "full_name",
    "sector",
    "organisation",
    "position",
    "role",
    "sex",
    "contact",
    "joined_on",
    "left_on",
    "user",
)


def _require_manage(actor: Any, *, committee: Committee | None = None, unit: AdministrativeUnit | None = None) -> None:
    if actor is not None and not p.can_manage(actor, committee=committee, unit=unit):
        raise PermissionDenied


@transaction.atomic
def committee_create(
    *,
    actor: Any,
    municipality: AdministrativeUnit,
    name: str,
    decision_date: dt.date | None = None,
    decision_number: str = "",
    status: str = "active",
) -> Committee:
    """Found a committee in a municipality (focal points of the territory, coordinators, administrators)."""
    _require_manage(actor, unit=municipality)
    if not municipality.is_municipality:
        raise ValidationError({"municipality": _("A committee serves a municipality (ayil aimak, town or city).")})
    committee = Committee(
        municipality=municipality,
        name=name,
        decision_date=decision_date,
        decision_number=decision_number,
        status=status,
    )
    committee.full_clean()
    committee.save()
    return committee


@transaction.atomic
def committee_update(*, committee: Committee, actor: Any, version: int | None = None, **fields: Any) -> Committee:
    """Change name, decision or status; a stale `version` raises StaleVersion with the difference."""
    _require_manage(actor, committee=committee)
    committee = guard(committee, version=version, data=fields)
    for name in ("name", "decision_date", "decision_number", "status"):
        if name in fields:
            setattr(committee, name, fields[name])
    committee.full_clean()
    committee.save()
    return committee


def _may_edit_members(actor: Any, committee: Committee) -> bool:
    return actor is None or p.can_manage(actor, committee=committee) or p.can_edit(actor, committee)


@transaction.atomic
def member_add(
    *,
    committee: Committee,
    actor: Any,
    full_name: str,
    sector: str,
    sex: str,
    role: str = "member",
    organisation: str = "",
    position: str = "",
    contact: str = "",
    joined_on: dt.date | None = None,
    left_on: dt.date | None = None,
    user: Any = None,
) -> CommitteeMember:
    if not _may_edit_members(actor, committee):
        raise PermissionDenied
    member = CommitteeMember(
        committee=committee,
        full_name=full_name,
        sector=sector,
        sex=sex,
        role=role,
        organisation=organisation,
        position=position,
        contact=contact,
        joined_on=joined_on,
        left_on=left_on,
        user=user,
    )
    _validate_member(member)
    member.save()
    return member


@transaction.atomic
def member_update(*, member: CommitteeMember, actor: Any, version: int | None = None, **fields: Any) -> CommitteeMember:
    """Change a member's details; a stale `version` raises StaleVersion with the difference."""
    if not _may_edit_members(actor, member.committee):
        raise PermissionDenied
    member = guard(member, version=version, data=fields)
    for name in MEMBER_FIELDS:
        if name in fields:
            setattr(member, name, fields[name])
    _validate_member(member)
    member.save()
    return member


def _validate_member(member: CommitteeMember) -> None:
    member.full_clean(exclude=["committee", "user"])
    if member.joined_on and member.left_on and member.left_on < member.joined_on:
        raise ValidationError({"left_on": _("A member cannot leave before joining.")})
