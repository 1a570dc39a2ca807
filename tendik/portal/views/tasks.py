"""The task home: after sign-in each person lands on what needs her, each item linking to where it is done."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from tendik.accounts.models import Notification
from tendik.portal.tasks import grouped, tasks_for


@never_cache
@login_required
def tasks(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    found = tasks_for(request.user, today=today)
    unread = list(
        Notification.objects.filter(user_id=cast(int, request.user.pk), read_at__isnull=True).order_by("-created_at")[
            :5
        ]
    )
    return render(
        request,
        "portal/tasks.html",
        {"groups": grouped(found), "count": len(found), "late": sum(t.late for t in found), "unread": unread},
    )
