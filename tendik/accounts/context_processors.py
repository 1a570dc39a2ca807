"""Navigation by module, shown according to what the user may do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from tendik.accounts.permissions import has_perm, may_view_audit
from tendik.accounts.roles import Perm
from tendik.accounts.selectors import unread_count

# (url name, label, permission needed — a Perm, a check taking the user, or None for everyone)
NAV: list[tuple[str, Any, Perm | Callable[[Any], bool] | None]] = [
    ("tasks", _("My tasks"), lambda user: bool(getattr(user, "is_authenticated", False))),
    ("plans:index", _("Plans"), None),
    ("consultations:index", _("Consultations"), None),
    ("protection:index", _("Protection"), Perm.PROTECTION_VIEW),
    ("protection:report", _("Committee reports"), Perm.PROTECTION_REPORT),
    ("participation:index", _("Participation"), Perm.PARTICIPATION_VIEW),
    ("geography:index", _("Territories"), None),
    ("accounts:users", _("Users"), Perm.MANAGE_USERS),
    ("audit:index", _("Audit"), may_view_audit),
]


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items = []
    for name, label, perm in NAV:
        allowed = has_perm(user, perm) if isinstance(perm, Perm) else perm is None or perm(user)
        if not allowed:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": False})
    # One item is current: the longest URL the page lies under ("/protection/report/" beats "/protection/").
    current = max((i for i in items if request.path.startswith(i["url"])), key=lambda i: len(i["url"]), default=None)
    if current is not None:
        current["active"] = True
    return {
        "shell": {
            "nav": items,
            "languages": settings.LANGUAGES,
            "show_picker": getattr(request, "show_territory_picker", False),
            "territory": getattr(request, "territory", None),
            # Called by the template only where shown, so pages that do not show it pay no query.
            "unread_notifications": lambda: unread_count(user=user),
        }
    }
