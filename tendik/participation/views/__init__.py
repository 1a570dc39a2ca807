"""Participation: the module's landing page (sub-domain views live in their own modules)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tendik.accounts.permissions import Perm, require


@login_required
def index(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.PARTICIPATION_VIEW)
    return render(request, "participation/index.html", {})
