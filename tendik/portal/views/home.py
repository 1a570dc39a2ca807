"""The site's front page: what Tendik holds, in public, non-identifying figures.

It lives in the portal app (above the domain apps) because it reads every module; each figure is one COUNT query.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tendik.consultations.models import Recommendation
from tendik.plans.models import LocalPlan, Measure, Plan
from tendik.protection.models import Committee, CommitteeStatus


def home(request: HttpRequest) -> HttpResponse:
    figures = {
        "plans": Plan.objects.filter(is_current=True).count(),
        "measures": Measure.objects.filter(plan__is_current=True).count(),
        "local_plans": LocalPlan.objects.values("municipality").distinct().count(),
        "recommendations": Recommendation.objects.count(),
        "answered": Recommendation.objects.filter(~Q(published_answer=None)).count(),
        "committees": Committee.objects.filter(status=CommitteeStatus.ACTIVE).count(),
    }
    return render(request, "portal/home.html", {"figures": figures})
