"""Committee meetings and their decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tendik.core.concurrency import guard
from tendik.protection import permissions as p
from tendik.protection.models import (
    AtRiskFamily,
    Case,
    Committee,
    CommitteeMeeting,
    CommitteeMember,
    DecisionStatus,
    MeetingDecision,
)


def _same_committee(committee: Committee, rows: Iterable[Any], field: str) -> list[Any]:
    rows = list(rows)
    if any(r.committee_id != committee.pk for r in rows):
        raise ValidationError({field: _("Choose only records of this committee.")})
    return rows


@transaction.atomic
def meeting_record(
    *,
    committee: Committee,
    actor: Any,
    held_on: dt.date,
    agenda: str,
    number: str = "",
    on_violence_facts: bool = False,
    members_present: Iterable[CommitteeMember] = (),
    cases: Iterable[Case] = (),
    families: Iterable[AtRiskFamily] = (),
) -> CommitteeMeeting:
    """Record a meeting; cases and families are linked (and shown) by code only."""
    p.require_edit(actor, committee)
    members = _same_committee(committee, members_present, "members_present")
    case_rows = _same_committee(committee, cases, "cases")
    family_rows = _same_committee(committee, families, "families")
    meeting = CommitteeMeeting(
        committee=committee, held_on=held_on, agenda=agenda, number=number, on_violence_facts=on_violence_facts
    )
    meeting.full_clean(exclude=["committee"])
    meeting.save()
    meeting.members_present.set(members)
    meeting.cases.set(case_rows)
    meeting.families.set(family_rows)
    return meeting


@transaction.atomic
def decision_add(
    *,
    meeting: CommitteeMeeting,
    actor: Any,
    text: str,
    responsible: CommitteeMember | None = None,
    deadline: dt.date | None = None,
    version: int | None = None,
) -> MeetingDecision:
    """Add a decision to the meeting's minutes; a stale meeting `version` raises StaleVersion."""
    p.require_edit(actor, meeting.committee)
    meeting = guard(meeting, version=version)
    meeting.save(update_fields=["version"])
    if responsible is not None and responsible.committee_id != meeting.committee_id:
        raise ValidationError({"responsible": _("Choose a member of this committee.")})
    decision = MeetingDecision(meeting=meeting, text=text, responsible=responsible, deadline=deadline)
    decision.full_clean(exclude=["meeting", "responsible"])
    decision.save()
    return decision


@transaction.atomic
def decision_follow_up(
    *,
    decision: MeetingDecision,
    actor: Any,
    status: str,
    follow_up: str = "",
    done_on: dt.date | None = None,
    version: int | None = None,
) -> MeetingDecision:
    """Follow a decision up; a stale `version` (of the decision) raises StaleVersion with the difference."""
    p.require_edit(actor, decision.meeting.committee)
    decision = guard(decision, version=version, data={"status": status, "follow_up": follow_up or decision.follow_up})
    if status not in DecisionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    decision.status = status
    if follow_up:
        decision.follow_up = follow_up
    decision.done_on = done_on if status == DecisionStatus.DONE else None
    decision.save()
    return decision
