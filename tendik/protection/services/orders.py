"""Protection orders: issue, extend, record violations, alert before expiry. Terms follow ProtectionOrderRule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tendik.accounts.models import User
from tendik.accounts.roles import Role
from tendik.accounts.services import notify_people
from tendik.core.concurrency import guard
from tendik.protection import permissions as p
from tendik.protection import rollups
from tendik.protection.models import Case, OrderExtension, OrderViolation, ProtectionOrder, ProtectionOrderRule
from tendik.protection.models.orders import Restriction

DEFAULT_ALERT_DAYS = 3


def _days(start: dt.date, end: dt.date) -> int:
    return (end - start).days + 1


@transaction.atomic
def order_issue(
    *,
    case: Case,
    actor: Any,
    police_unit: str,
    number: str,
    issued_on: dt.date,
    valid_from: dt.date,
    valid_until: dt.date,
    restrictions: list[str] | None = None,
    restrictions_note: str = "",
) -> ProtectionOrder:
    """Record an order the police issued; its term is checked against the rule in force on the issue date."""
    p.require_edit(actor, case.committee)
    restrictions = list(dict.fromkeys(restrictions or []))
    if any(r not in Restriction.values for r in restrictions):
        raise ValidationError({"restrictions": _("Unknown restriction.")})
    if valid_until < valid_from:
        raise ValidationError({"valid_until": _("The order cannot end before it starts.")})
    rule = ProtectionOrderRule.in_force(issued_on)
    if rule is not None and _days(valid_from, valid_until) > rule.max_initial_days:
        raise ValidationError(
            {
                "valid_until": _("A first term is at most %(n)s days (%(law)s).")
                % {"law": rule.law_reference or rule.name, "n": rule.max_initial_days}
            }
        )
    order = ProtectionOrder(
        case=case,
        police_unit=police_unit,
        number=number,
        issued_on=issued_on,
        valid_from=valid_from,
        valid_until=valid_until,
        restrictions=restrictions,
        restrictions_note=restrictions_note,
        rule=rule,
    )
    order.full_clean(exclude=["case", "rule"])
    with rollups.tracking(case.pk):  # the report's sums (ADR 0006)
        order.save()
    return order


@transaction.atomic
def order_extend(
    *,
    order: ProtectionOrder,
    actor: Any,
    extended_on: dt.date,
    new_until: dt.date,
    note: str = "",
    version: int | None = None,
) -> OrderExtension:
    """Extend the order's term within the rule in force; a stale `version` raises StaleVersion."""
    p.require_edit(actor, order.case.committee)
    order = guard(order, version=version, data={"valid_until": new_until})
    if new_until <= order.valid_until:
        raise ValidationError({"new_until": _("An extension must end after the current term.")})
    rule = order.rule or ProtectionOrderRule.in_force(order.issued_on)
    if rule is not None:
        if (new_until - order.valid_until).days > rule.max_extension_days:
            raise ValidationError(
                {
                    "new_until": _("An extension is at most %(n)s days (%(law)s).")
                    % {"law": rule.law_reference or rule.name, "n": rule.max_extension_days}
                }
            )
        if rule.max_total_days and _days(order.valid_from, new_until) > rule.max_total_days:
            raise ValidationError(
                {
                    "new_until": _("The whole term is at most %(n)s days (%(law)s).")
                    % {"law": rule.law_reference or rule.name, "n": rule.max_total_days}
                }
            )
    with rollups.tracking(order.case_id):  # the report's sums (ADR 0008)
        extension = OrderExtension.objects.create(
            order=order, extended_on=extended_on, previous_until=order.valid_until, new_until=new_until, note=note
        )
    order.valid_until = new_until
    order.save(update_fields=["valid_until", "version"])
    return extension


@transaction.atomic
def order_violation_record(
    *, order: ProtectionOrder, actor: Any, occurred_on: dt.date, description: str = "", action_taken: str = ""
) -> OrderViolation:
    p.require_edit(actor, order.case.committee)
    with rollups.tracking(order.case_id):
        return OrderViolation.objects.create(
            order=order, occurred_on=occurred_on, description=description, action_taken=action_taken
        )


def case_recipients(case: Case) -> list[User]:
    """The case owner and the committee's chair: who hears about the case's orders and referrals."""
    ids = set(
        User.objects.filter(
            role_assignments__committee_id=case.committee_id,
            role_assignments__role=Role.COMMITTEE_CHAIR,
            role_assignments__is_active=True,
        ).values_list("pk", flat=True)
    )
    if case.owner_id:
        ids.add(case.owner_id)
    return list(User.objects.filter(pk__in=ids, is_active=True))


@transaction.atomic
def orders_alert_expiring(*, today: dt.date) -> int:
    """Notify the case owner and the committee chair of orders expiring soon (once per expiry date).

    The notice names the case by its code only. Returns how many orders were alerted.
    """
    longest = max([*ProtectionOrderRule.objects.values_list("alert_days_before", flat=True), DEFAULT_ALERT_DAYS])
    candidates = ProtectionOrder.objects.select_related("case", "rule").filter(
        valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=longest)
    )
    alerted = 0
    for order in candidates:
        if order.alerted_for == order.valid_until:
            continue
        days = order.rule.alert_days_before if order.rule else DEFAULT_ALERT_DAYS
        if order.valid_until > today + dt.timedelta(days=days):
            continue
        url = reverse("protection:case", args=[order.case_id])
        code, until = order.case.code, order.valid_until
        notify_people(
            users=case_recipients(order.case),
            kind="protection.order_expiry",
            url=url,
            title=lambda code=code, until=until: (
                _("Protection order for case %(code)s expires on %(date)s")
                % {"code": code, "date": date_format(until, "DATE_FORMAT")}
            ),
        )
        order.alerted_for = order.valid_until
        order.save(update_fields=["alerted_for"])
        alerted += 1
    return alerted
