"""The task home's providers: what needs each signed-in person, read from the domain apps' scoped selectors.

A provider is one function `(user, today) -> list[Task]`, registered with `@provider`; it runs a fixed number of
queries (each selector is one query, sliced to `LIMIT`), so the page costs the same however many items there are.
Adding a module's tasks is one function here. Tasks never carry a survivor's identity: cases go by their code.

    @provider
    def my_things(user, today):
        return [Task(group=_("…"), title=…, url=…, due=…) for x in my_selector(user=user)[:LIMIT]]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm

LIMIT = 50


@dataclass(frozen=True)
class Task:
    group: str  # heading the task is listed under, in the reader's language
    title: str  # what to do, in words (no codes of the system)
    url: str  # where it is done
    due: dt.date | None = None
    note: str = ""  # e.g. the reviewer's comment or the place
    late: bool = False
    order: int = field(default=50, compare=False)  # groups sort by this


Provider = Callable[[Any, dt.date], list[Task]]
PROVIDERS: list[Provider] = []


def provider(fn: Provider) -> Provider:
    """Register a task provider (see the module docstring)."""
    PROVIDERS.append(fn)
    return fn


def _late(due: dt.date | None, today: dt.date) -> bool:
    return due is not None and due < today


def tasks_for(user: Any, *, today: dt.date) -> list[Task]:
    """Every task of `user`: late ones first, then by due date (undated last), keeping each provider's order."""
    found: list[Task] = []
    for fn in PROVIDERS:
        found.extend(fn(user, today))
    return sorted(found, key=lambda t: (not t.late, t.due is None, t.due or dt.date.max))


def grouped(tasks: list[Task]) -> list[tuple[str, list[Task]]]:
    groups: dict[str, list[Task]] = {}
    order: dict[str, int] = {}
    for task in tasks:
        groups.setdefault(task.group, []).append(task)
        order[task.group] = min(order.get(task.group, task.order), task.order)
    return sorted(groups.items(), key=lambda kv: order[kv[0]])


# ---- plans -------------------------------------------------------------------------------------------------------


@provider
def reports_to_fill(user: Any, today: dt.date) -> list[Task]:
    from tendik.plans.models import ReportStatus
    from tendik.plans.selectors.reports import reports_to_fill as select

    tasks = []
    for r in select(user=user)[:LIMIT]:
        returned = r.status == ReportStatus.RETURNED
        title = (
            _("Correct the progress report of %(place)s for %(period)s")
            if returned
            else _("Fill in the progress report of %(place)s for %(period)s")
        ) % {"place": r.municipality.name, "period": r.period.label}
        tasks.append(
            Task(
                group=_("Reports to correct") if returned else _("Reports to fill in"),
                title=title,
                url=reverse("plans:report", args=[r.pk]),
                due=r.period.due,
                late=_late(r.period.due, today),
                order=10 if returned else 11,
            )
        )
    return tasks


@provider
def reports_to_review(user: Any, today: dt.date) -> list[Task]:
    if not (has_perm(user, Perm.REPORT_REVIEW) or has_perm(user, Perm.REPORT_ACCEPT)):
        return []
    from tendik.plans.selectors.reports import review_queue

    return [
        Task(
            group=_("Reports to review and approve"),
            title=_("Review the progress report of %(place)s for %(period)s")
            % {"place": r.municipality.name, "period": r.period.label},
            url=reverse("plans:report", args=[r.pk]),
            due=r.period.due,
            late=_late(r.period.due, today),
            note=r.get_status_display(),
            order=12,
        )
        for r in review_queue(user=user)[:LIMIT]
    ]


# ---- consultations -----------------------------------------------------------------------------------------------


def _words(text: str, limit: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@provider
def recommendations_open(user: Any, today: dt.date) -> list[Task]:
    if not has_perm(user, Perm.CONSULTATIONS_ANSWER):
        return []
    from tendik.consultations.selectors import recommendations_to_answer, recommendations_to_publish

    tasks = [
        Task(
            group=_("Recommendations without an answer"),
            title=_words(rec.text),
            url=reverse("consultations:recommendation", args=[rec.code]),
            order=20,
        )
        for rec in recommendations_to_answer(user)[:LIMIT]
    ]
    tasks += [
        Task(
            group=_("Answers awaiting publication"),
            title=_words(rec.text),
            url=reverse("consultations:recommendation", args=[rec.code]),
            order=21,
        )
        for rec in recommendations_to_publish(user)[:LIMIT]
    ]
    return tasks


# ---- protection --------------------------------------------------------------------------------------------------


@provider
def protection_tasks(user: Any, today: dt.date) -> list[Task]:
    if not has_perm(user, Perm.PROTECTION_VIEW):
        return []
    from tendik.protection.selectors import tasks as sel

    tasks = [
        Task(
            group=_("Protection orders about to expire"),
            title=_("Protection order of case %(code)s ends") % {"code": o.case.code},
            url=reverse("protection:case", args=[o.case_id]),
            due=o.valid_until,
            order=30,
        )
        for o in sel.orders_expiring(user=user, today=today)[:LIMIT]
    ]
    tasks += [
        Task(
            group=_("Referrals without a response"),
            title=_("Case %(code)s: referral sent to %(provider)s")
            % {"code": r.case.code, "provider": r.provider.name},
            url=reverse("protection:case", args=[r.case_id]),
            note=_("sent %(date)s") % {"date": _date(r.sent_on)},
            order=31,
        )
        for r in sel.referrals_awaiting(user=user)[:LIMIT]
    ]
    tasks += [
        Task(
            group=_("Families due a visit"),
            title=_("Visit family %(code)s") % {"code": f.code},
            url=reverse("protection:family", args=[f.pk]),
            due=f.next_review_on,
            late=_late(f.next_review_on, today),
            order=32,
        )
        for f in sel.families_due(user=user, today=today)[:LIMIT]
    ]
    tasks += [
        Task(
            group=_("Consent to statistics missing"),
            title=_("Ask about consent to statistics in case %(code)s") % {"code": c.code},
            url=reverse("protection:consent_add", args=[c.pk]) + "?kind=statistics",
            order=33,
        )
        for c in sel.cases_without_statistics_consent(user=user)[:LIMIT]
    ]
    return tasks


def _date(value: dt.date) -> str:
    from django.utils.formats import date_format

    return date_format(value, "DATE_FORMAT")


# ---- participation -----------------------------------------------------------------------------------------------


@provider
def vawp_follow_up(user: Any, today: dt.date) -> list[Task]:
    if not has_perm(user, Perm.VAWP_FOLLOW_UP):
        return []
    from tendik.participation.selectors.vawp import reports_to_follow_up

    return [
        Task(
            group=_("Reports of violence to follow up"),
            title=_("Report %(code)s: %(state)s") % {"code": r.code, "state": r.get_state_display()},
            url=reverse("participation:vawp_detail", args=[r.code]),
            note=_("received %(date)s") % {"date": _date(r.submitted_at.date())},
            order=40,
        )
        for r in reports_to_follow_up(user=user)[:LIMIT]
    ]


@provider
def monitoring_drafts(user: Any, today: dt.date) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    from tendik.participation.models.monitoring import VisitStatus
    from tendik.participation.selectors.monitoring import visits_for

    drafts = visits_for(user).filter(status=VisitStatus.DRAFT, created_by=user).order_by("visited_on", "pk")
    return [
        Task(
            group=_("Monitoring visits to finish"),
            title=_("Finish and submit the visit to %(place)s") % {"place": v.municipality.name},
            url=reverse("participation:visit", args=[v.pk]),
            note=_date(v.visited_on),
            order=41,
        )
        for v in drafts[:LIMIT]
    ]
