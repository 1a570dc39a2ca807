"""VAWP reports: submission (with or without an account), follow-up by support staff, withdrawal by the reporter.

Every write is one transaction with its audit rows; identities and notes are encrypted by their fields; the
reporter's secret is kept only as a password hash.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm
from tendik.core.uploads import CleanUpload, discard
from tendik.geography.models import AdministrativeUnit
from tendik.participation.models.vawp import (
    FACET_CHOICES,
    IDENTITY_FIELDS,
    MarkFacet,
    ReporterRole,
    ReportState,
    VawpEvidence,
    VawpReport,
    VawpReportEvent,
    VawpReportMark,
)

S = ReportState

# Follow-up moves allowed (from → to); anything else raises InvalidTransition.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.IN_CONTACT, S.DECLINED, S.WITHDRAWN, S.CLOSED}),
    S.IN_CONTACT: frozenset({S.SUPPORT_PROVIDED, S.DECLINED, S.WITHDRAWN, S.CLOSED}),
    S.SUPPORT_PROVIDED: frozenset({S.IN_CONTACT, S.CLOSED}),
    S.DECLINED: frozenset({S.IN_CONTACT, S.CLOSED}),  # she may change her mind
    S.CLOSED: frozenset({S.IN_CONTACT}),  # reopened
    S.WITHDRAWN: frozenset(),  # final: her identity and evidence are gone
}
# An anonymous report cannot be contacted: it is read, recorded and closed.
NEEDS_CONTACT = frozenset({S.IN_CONTACT, S.SUPPORT_PROVIDED, S.DECLINED})

_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed on a phone
MAX_EVIDENCE = 5


class InvalidTransition(ValidationError):
    def __init__(self, current: str, target: str) -> None:
        labels = dict(ReportState.choices)
        super().__init__(
            _("Cannot move from “%(current)s” to “%(target)s”."),
            code="invalid_transition",
            params={"current": labels.get(current, current), "target": labels.get(target, target)},
        )


def _random(length: int) -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(length))


def new_code() -> str:
    for _attempt in range(20):
        code = f"V-{_random(4)}-{_random(4)}"
        if not VawpReport.objects.filter(code=code).exists():
            return code
    raise RuntimeError("could not find a free receipt code")


def new_secret() -> str:
    return f"{_random(4)}-{_random(4)}-{_random(4)}"


def normalise_code(text: str) -> str:
    return "".join(c for c in (text or "").upper() if c.isalnum() or c == "-").strip("-")


def oblast_of(unit: AdministrativeUnit) -> AdministrativeUnit:
    """The top unit of the path: the oblast, or the city of republican significance itself."""
    top = unit.ancestor_codes()[0]
    return unit if unit.code == top else AdministrativeUnit.objects.get(code=top)


def _marks(values: dict[str, Iterable[str]]) -> list[tuple[str, str]]:
    out = []
    for facet, chosen in values.items():
        allowed = set(FACET_CHOICES[facet].values)
        for value in dict.fromkeys(chosen):
            if value not in allowed:
                raise ValidationError({facet: _("Choose from the list.")})
            out.append((facet, value))
    return out


@transaction.atomic
def report_submit(
    *,
    reporter_role: str,
    unit: AdministrativeUnit,
    kinds: Sequence[str],
    perpetrators: Sequence[str] = (),
    reported_to: Sequence[str] = (),
    support: Sequence[str] = (),
    occurred_on: dt.date | None = None,
    ongoing: bool = False,
    description: str = "",
    anonymous: bool = False,
    name: str = "",
    phone: str = "",
    email: str = "",
    contact_note: str = "",
    evidence: Sequence[CleanUpload] = (),
    actor: Any = None,
) -> tuple[VawpReport, str]:
    """Record a report; returns it and the secret that, with its code, lets the reporter check its status.

    Anonymous: no name, no contacts, no link to the account, even if she is signed in. Otherwise a phone or an
    e-mail is required so that support staff can reach her.
    """
    errors: dict[str, Any] = {}
    if reporter_role not in ReporterRole.values:
        errors["reporter_role"] = _("Choose from the list.")
    if not kinds:
        errors["kinds"] = _("Choose at least one kind of violence.")
    if occurred_on and occurred_on > timezone.localdate():
        errors["occurred_on"] = _("The date cannot be in the future.")
    if anonymous:
        name = phone = email = contact_note = ""
    elif not (phone.strip() or email.strip()):
        errors["phone"] = _("Give a phone number or an e-mail so that we can reach you, or choose to stay anonymous.")
    if len(evidence) > MAX_EVIDENCE:
        errors["evidence"] = _("Send at most %(n)d files.") % {"n": MAX_EVIDENCE}
    if errors:
        raise ValidationError(errors)
    marks = _marks(
        {
            MarkFacet.KIND: kinds,
            MarkFacet.PERPETRATOR: perpetrators,
            MarkFacet.REPORTED_TO: reported_to,
            MarkFacet.SUPPORT: support,
        }
    )
    secret = new_secret()
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    report = VawpReport.objects.create(
        code=new_code(),
        secret_hash=make_password(secret),
        reporter_role=reporter_role,
        unit=unit,
        oblast=oblast_of(unit),
        occurred_on=occurred_on,
        ongoing=ongoing,
        description=description.strip(),
        reported_elsewhere=bool(reported_to),
        anonymous=anonymous,
        reporter_name=name.strip(),
        reporter_phone=phone.strip(),
        reporter_email=email.strip(),
        contact_note=contact_note.strip(),
        submitted_by=actor if signed_in and not anonymous else None,
    )
    for facet, value in marks:  # one by one, so that each has its audit row
        VawpReportMark.objects.create(report=report, facet=facet, value=value)
    for clean in evidence:
        item = VawpEvidence(report=report)
        item.store(clean, folder="participation/vawp", encrypt=True)
        item.save()
    VawpReportEvent.objects.create(report=report, actor=None, from_state="", to_state=S.RECEIVED)
    return report, secret


def _require_follow_up(actor: Any, report: VawpReport) -> None:
    if not has_perm(actor, Perm.VAWP_FOLLOW_UP, unit=report.unit):
        raise PermissionDenied(Perm.VAWP_FOLLOW_UP.value)


def allowed_moves(report: VawpReport) -> list[str]:
    """The states the report may move to now, in the order of the state list."""
    nxt = TRANSITIONS.get(report.state, frozenset())
    if report.anonymous:
        nxt = nxt - NEEDS_CONTACT
    return [s for s in ReportState.values if s in nxt and s != S.WITHDRAWN]


@transaction.atomic
def report_move(*, report: VawpReport, actor: Any, to_state: str, note: str = "") -> VawpReport:
    """Move a report along the follow-up table (raises InvalidTransition), with an optional encrypted note."""
    _require_follow_up(actor, report)
    current = VawpReport.objects.select_for_update().get(pk=report.pk)
    if to_state == S.WITHDRAWN or to_state not in allowed_moves(current):
        raise InvalidTransition(current.state, to_state)
    previous = current.state
    current.state = to_state
    current.state_changed_at = timezone.now()
    fields = ["state", "state_changed_at"]
    if to_state == S.IN_CONTACT and current.assigned_to_id is None:
        current.assigned_to = actor
        fields.append("assigned_to")
    current.save(update_fields=fields)
    VawpReportEvent.objects.create(
        report=current, actor=actor, from_state=previous, to_state=to_state, note=note.strip()
    )
    return current


@transaction.atomic
def report_note_add(*, report: VawpReport, actor: Any, note: str) -> VawpReportEvent:
    """Add a follow-up note (encrypted) without changing the state."""
    _require_follow_up(actor, report)
    if not note.strip():
        raise ValidationError({"note": _("Write the note.")})
    if report.state == S.WITHDRAWN:
        raise ValidationError(_("The report was withdrawn: nothing more is recorded."))
    return VawpReportEvent.objects.create(
        report=report, actor=actor, from_state=report.state, to_state=report.state, note=note.strip()
    )


def report_by_receipt(*, code: str, secret: str) -> VawpReport | None:
    """The report whose code and secret match, or None (the same time either way; no hint which one was wrong)."""
    report = VawpReport.objects.filter(code=normalise_code(code)).first()
    if report is None:
        make_password(secret or "-")  # the same work as a real check: timing tells nothing
        return None
    if not check_password((secret or "").strip().upper(), report.secret_hash):
        return None
    return report


@transaction.atomic
def report_withdraw(*, code: str, secret: str) -> VawpReport:
    """The reporter withdraws her report: her identity, the description, notes and evidence are erased.

    What remains (kind, role, territory, dates) is anonymous and still counts in the statistics.
    """
    report = report_by_receipt(code=code, secret=secret)
    if report is None:
        raise ValidationError(_("The code or the secret is wrong."), code="receipt")
    if report.state == S.WITHDRAWN:
        return report
    report = VawpReport.objects.select_for_update().get(pk=report.pk)
    previous = report.state
    for field in (*IDENTITY_FIELDS, "description"):
        setattr(report, field, "")
    report.anonymous = True
    report.submitted_by = None
    report.state = S.WITHDRAWN
    report.state_changed_at = timezone.now()
    report.save(
        update_fields=[*IDENTITY_FIELDS, "description", "anonymous", "submitted_by", "state", "state_changed_at"]
    )
    for event in report.events.exclude(note=""):
        event.note = ""
        event.save(update_fields=["note"])
    for item in list(report.evidence.all()):
        discard(item)
        item.delete()
    VawpReportEvent.objects.create(report=report, actor=None, from_state=previous, to_state=S.WITHDRAWN)
    return report
