"""Reporting periods from their codes: 2025, 2025-H1, 2025-Q3, 2025-11, 2025-01..2025-11."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tendik.plans.models import Frequency, PeriodKind, ReportingPeriod

# Reports are due this many days after the period ends.
REPORT_DUE_DAYS = 15

_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE = re.compile(r"^(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})$")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_bounds(code: str) -> tuple[str, int, dt.date, dt.date]:
    """(kind, year, start, end) of a period code; ValidationError when the code is not understood."""
    code = code.strip()
    if m := _YEAR.match(code):
        y = int(m[1])
        return PeriodKind.YEAR, y, dt.date(y, 1, 1), dt.date(y, 12, 31)
    if m := _HALF.match(code):
        y, n = int(m[1]), int(m[2])
        return PeriodKind.HALF, y, dt.date(y, 6 * n - 5, 1), _month_end(y, 6 * n)
    if m := _QUARTER.match(code):
        y, n = int(m[1]), int(m[2])
        return PeriodKind.QUARTER, y, dt.date(y, 3 * n - 2, 1), _month_end(y, 3 * n)
    if (m := _MONTH.match(code)) and 1 <= int(m[2]) <= 12:
        y, mo = int(m[1]), int(m[2])
        return PeriodKind.MONTH, y, dt.date(y, mo, 1), _month_end(y, mo)
    if (m := _RANGE.match(code)) and 1 <= int(m[2]) <= 12 and 1 <= int(m[4]) <= 12:
        start, end = dt.date(int(m[1]), int(m[2]), 1), _month_end(int(m[3]), int(m[4]))
        if end >= start:
            return PeriodKind.RANGE, end.year, start, end
    raise ValidationError(_("Unknown period “%(code)s”.") % {"code": code})


def period_get(*, code: str) -> ReportingPeriod:
    """The period with this code, created on first use."""
    existing = ReportingPeriod.objects.filter(code=code).first()
    if existing:
        return existing
    kind, year, start, end = period_bounds(code)
    return ReportingPeriod.objects.create(
        code=code, kind=kind, year=year, start=start, end=end, due=end + dt.timedelta(days=REPORT_DUE_DAYS)
    )


def period_codes(*, frequency: str, start_year: int, end_year: int) -> list[str]:
    """Codes of the reporting periods of a plan reported at `frequency`."""
    codes: list[str] = []
    for y in range(start_year, end_year + 1):
        if frequency == Frequency.QUARTER:
            codes += [f"{y}-Q{n}" for n in range(1, 5)]
        elif frequency == Frequency.HALF:
            codes += [f"{y}-H{n}" for n in range(1, 3)]
        else:
            codes.append(str(y))
    return codes
