"""Navigation by module, shown according to what the user may do."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm

# (url name, label, permission needed or None for everyone)
NAV: list[tuple[str, Any, Perm | None]] = [
    ("plans:index", _("Plans"), None),
    ("consultations:index", _("Consultations"), None),
    ("protection:index", _("Protection"), Perm.PROTECTION_VIEW),
    ("protection:report", _("Committee reports"), Perm.PROTECTION_REPORT),
    ("geography:index", _("Territories"), None),
    ("accounts:users", _("Users"), Perm.MANAGE_USERS),
    ("audit:index", _("Audit"), Perm.VIEW_AUDIT),
]


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items = []
    for name, label, perm in NAV:
        if perm is not None and not has_perm(user, perm):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    return {
        "shell": {
            "nav": items,
            "languages": settings.LANGUAGES,
            "show_picker": getattr(request, "show_territory_picker", False),
            "territory": getattr(request, "territory", None),
        }
    }
