"""Citizens' appeals: register, assign, decide; an appeal can open a case or list a family."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tendik.core.concurrency import guard
from tendik.protection import permissions as p
from tendik.protection.models import Appeal, AppealOutcome, Committee, CommitteeMember
from tendik.protection.services.codes import next_code

APPEAL_FIELDS = (
    "channel",
    "received_on",
    "subject",
    "is_anonymous",
    "appellant_name",
    "appellant_contact",
    "details",
    "assigned_to",
    "deadline",
    "outcome",
)


def _check_member(committee: Committee, member: CommitteeMember | None) -> None:
    if member is not None and member.committee_id != committee.pk:
        raise ValidationError({"assigned_to": _("Choose a member of this committee.")})


@transaction.atomic
def appeal_register(
    *,
    committee: Committee,
    actor: Any,
    channel: str,
    subject: str,
    received_on: dt.date | None = None,
    is_anonymous: bool = False,
    appellant_name: str = "",
    appellant_contact: str = "",
    details: str = "",
    assigned_to: CommitteeMember | None = None,
    deadline: dt.date | None = None,
) -> Appeal:
    p.require_edit(actor, committee)
    _check_member(committee, assigned_to)
    received_on = received_on or timezone.localdate()
    if is_anonymous:
        appellant_name = appellant_contact = ""
    appeal = Appeal(
        committee=committee,
        channel=channel,
        subject=subject,
        received_on=received_on,
        is_anonymous=is_anonymous,
        appellant_name=appellant_name.strip(),
        appellant_contact=appellant_contact.strip(),
        details=details,
        assigned_to=assigned_to,
        deadline=deadline,
    )
    appeal.full_clean(exclude=["code", "committee", "case", "family", "assigned_to"])
    appeal.code = next_code(model=Appeal, committee=committee, prefix="A", on=received_on)
    appeal.save()
    return appeal


@transaction.atomic
def appeal_update(*, appeal: Appeal, actor: Any, version: int | None = None, **fields: Any) -> Appeal:
    """Change an appeal; a stale `version` raises StaleVersion with the difference."""
    p.require_edit(actor, appeal.committee)
    appeal = guard(appeal, version=version, data=fields)
    for name in APPEAL_FIELDS:
        if name in fields:
            setattr(appeal, name, fields[name])
    _check_member(appeal.committee, appeal.assigned_to)
    if appeal.outcome == AppealOutcome.CASE_OPENED and appeal.case_id is None:
        raise ValidationError({"outcome": _("Open the case from the appeal to record this outcome.")})
    if appeal.is_anonymous:
        appeal.appellant_name = appeal.appellant_contact = ""
    appeal.full_clean(exclude=["code", "committee", "case", "family", "assigned_to"])
    appeal.save()
    return appeal
