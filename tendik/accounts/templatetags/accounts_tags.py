from __future__ import annotations

import datetime as dt
import math

from django import template

register = template.Library()


@register.filter
def minutes(value: dt.timedelta | None) -> int:
    """Whole minutes of a duration, rounded up (the lockout page says how long to wait)."""
    if not value:
        return 0
    return max(1, math.ceil(value.total_seconds() / 60))
