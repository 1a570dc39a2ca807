"""The user's own notices: list, open (marks read), mark all read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from tendik.accounts import services
from tendik.accounts.selectors import notification_access, notifications_for
from tendik.accounts.views.common import actor, is_local, paginate


@login_required
@require_GET
def notification_index(request: HttpRequest) -> HttpResponse:
    page = paginate(request, notifications_for(user=actor(request)))
    return render(request, "accounts/notifications.html", {"page": page})


@login_required
@require_POST
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark a notice read and go to what it links to (only links inside Tendik are followed)."""
    notification = notification_access(user=actor(request), notification_id=notification_id)
    services.notification_mark_read(notification=notification)
    if is_local(request, notification.url):
        return redirect(notification.url)
    return redirect(reverse("accounts:notifications"))


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(user=actor(request))
    return redirect("accounts:notifications")
