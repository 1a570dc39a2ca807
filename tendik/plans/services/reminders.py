"""Flags to those responsible: a missing report goes to the municipality's officers and to the focal points of the
first approval step; an overdue measure to the municipality's officers. Each flag is sent once (ReminderSent)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tendik.accounts.models import RoleAssignment
from tendik.accounts.roles import ROLE_PERMISSIONS, Perm
from tendik.accounts.services import notify
from tendik.geography.models import AdministrativeUnit
from tendik.plans.models import LocalMeasure, LocalPlan, ReminderSent
from tendik.plans.selectors.dashboard import flags_for


def _holders(perm: Perm) -> list[tuple[str, Any]]:
    """(unit path, user) of every active territorial holder of `perm` (one query)."""
    roles = [r for r, perms in ROLE_PERMISSIONS.items() if perm in perms]
    return [
        (ra.unit.path if ra.unit else "", ra.user)
        for ra in RoleAssignment.objects.filter(
            is_active=True, role__in=roles, unit__isnull=False, user__is_active=True
        ).select_related("unit", "user")
    ]


def _officers(unit: AdministrativeUnit, holders: list[tuple[str, Any]]) -> list[Any]:
    return [user for path, user in holders if unit.path.startswith(path)]


def _nearest_reviewers(unit: AdministrativeUnit, holders: list[tuple[str, Any]]) -> list[Any]:
    """Focal points of the nearest unit above the municipality that has any (the rayon, else the oblast)."""
    above = [(path, user) for path, user in holders if unit.path.startswith(path) and path != unit.path]
    if not above:
        return []
    nearest = max(len(path) for path, _user in above)
    return [user for path, user in above if len(path) == nearest]


def _title(message: str, **params: Any) -> Callable[[], str]:
    """The notice's title, translated later into each recipient's language (period codes become words there)."""
    from tendik.plans.models.indicators import period_label

    return lambda: _(message) % {k: period_label(v) if k == "period" else v for k, v in params.items()}


def _send(key: str, users: list[Any], title: Callable[[], str], url: str) -> int:
    unique = list({u.pk: u for u in users}.values())
    if not unique or ReminderSent.objects.filter(key=key).exists():
        return 0
    for user in unique:
        with translation.override(user.language or "ru"):
            notify(user=user, title=title(), url=url, kind="plans.reminder")
    ReminderSent.objects.create(key=key)
    return len(unique)


@transaction.atomic
def reminders_send(*, today: dt.date | None = None) -> int:
    """Send the flags not sent yet; returns the number of notices."""
    found = flags_for(
        plans=LocalPlan.objects.all(),
        measures=LocalMeasure.objects.all(),
        today=today or timezone.localdate(),
        limit=100_000,
    )
    officers, reviewers = _holders(Perm.REPORT_SUBMIT), _holders(Perm.REPORT_REVIEW)
    units = {u.code: u for u in AdministrativeUnit.objects.filter(code__in={m["code"] for m in found.missing_reports})}
    sent = 0
    for m in found.missing_reports:
        unit = units[m["code"]]
        people = _officers(unit, officers) + _nearest_reviewers(unit, reviewers)
        sent += _send(
            f"missing:{m['local_plan_id']}:{m['period_code']}",
            people,
            _title(
                gettext_noop("Progress report for %(period)s is missing: %(place)s"),
                period=m["period_code"],
                place=m["municipality"],
            ),
            reverse("plans:local_plan", args=[m["local_plan_id"]]),
        )
    for measure in found.overdue_measures:
        unit = measure.local_plan.municipality
        sent += _send(
            f"overdue:{measure.pk}:{measure.end.isoformat()}",
            _officers(unit, officers),
            _title(
                gettext_noop("Measure %(number)s of %(place)s is past its end and not done"),
                number=measure.number,
                place=measure.local_plan.municipality.name,
            ),
            reverse("plans:local_plan", args=[measure.local_plan_id]),
        )
    return sent
