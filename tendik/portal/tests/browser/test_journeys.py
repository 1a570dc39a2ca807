"""Each role's main journey at 360 px, in Russian and once in Kyrgyz: from the task home (where sign-in lands) to
the place where the work is done. Every page: no sideways scroll, zero axe violations, no code of the system in
visible text (СОАТЕ codes, slugs, enum values, permission codes, ISO dates). Screenshots go to $TENDIK_ARTIFACTS."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journeys(page_check: Any, public_world: Any, make_user: Any) -> Any:
    from tendik.plans.services.periods import period_get
    from tendik.plans.services.reports import report_open, report_return, report_submit
    from tendik.protection.models import Committee

    w = public_world
    t = w.t
    # The officer's second report: submitted, then returned by the rayon with a comment.
    lp = w.report.local_plan
    second = report_open(actor=w.officer, local_plan=lp, period=period_get(code="2025-H2"))
    report_submit(actor=w.officer, report=second)
    focal = make_user("focal_point", unit=t["kadamjay"], username="focal_j")
    report_return(actor=focal, report=second, comment="Добавьте число участниц")
    committee = Committee.objects.filter(municipality=t["halmion"]).first()
    Committee.objects.filter(pk=committee.pk).update(name="МК Халмион")  # the test helper names it by its code
    chair = make_user("committee_chair", committee=committee, username="chair_j")
    viewer = make_user("viewer", username="viewer_j")
    return {"w": w, "second": second, "focal": focal, "chair": chair, "committee": committee, "viewer": viewer}


def _journey(page_check: Any, steps: list[tuple[str, str]], *, user: Any, lang: str) -> None:
    for name, url in steps:
        page_check(url, name=f"journey-{lang}-{name}", user=user, lang=lang, words=True)


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_municipal_officer_corrects_a_returned_report(page_check: Any, journeys: Any, lang: str) -> None:
    w, second = journeys["w"], journeys["second"]
    steps = [
        ("officer-tasks", reverse("tasks")),
        ("officer-report", reverse("plans:report", args=[second.pk])),
        ("officer-entry", reverse("plans:entry", args=[second.pk, second.entries.first().pk])),
    ]
    _journey(page_check, steps, user=w.officer, lang=lang)


def test_focal_point_and_coordinator(page_check: Any, journeys: Any) -> None:
    w = journeys["w"]
    _journey(
        page_check,
        [("focal-tasks", reverse("tasks")), ("focal-reports", reverse("plans:reports"))],
        user=journeys["focal"],
        lang="ru",
    )
    _journey(
        page_check,
        [
            ("coordinator-tasks", reverse("tasks")),
            ("coordinator-recommendations", reverse("consultations:recommendations")),
        ],
        user=w.coordinator,
        lang="ru",
    )


def test_committee_chair_and_viewer_and_anonymous(page_check: Any, journeys: Any) -> None:
    committee = journeys["committee"]
    _journey(
        page_check,
        [("chair-tasks", reverse("tasks")), ("chair-committee", reverse("protection:committee", args=[committee.pk]))],
        user=journeys["chair"],
        lang="ru",
    )
    _journey(page_check, [("viewer-tasks", reverse("tasks"))], user=journeys["viewer"], lang="ru")


def test_anonymous_public_journey(page_check: Any, public_world: Any) -> None:
    for name, url in [("anon-home", reverse("home")), ("anon-portal", reverse("portal:country"))]:
        page_check(url, name=f"journey-ru-{name}", words=True)
