"""Each role's main journey at 360 px, in Russian and then in Kyrgyz: the person types her password (and, where the
role needs it, the code of her authenticator app), lands on the task home and follows its links to the place where
the work is done. Every page: status 200, no sideways scroll, zero axe violations, no code of the system in visible
text (СОАТЕ codes, slugs, enum values, permission codes, ISO dates). Screenshots go to $TENDIK_ARTIFACTS.

One world serves every journey (a transactional browser test rebuilds its data, so the roles share one test): each
role's failures are collected and reported together, named by role and language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@dataclass
class Journey:
    """A role's main journey. `steps`: (name, url, followed) — `followed`: the url is a link on the page before — or
    (name, action, None): `action(page)` sends a form on the page on screen; the page it leads to is checked."""

    role: str
    user: Any
    steps: list[tuple[str, Any, bool | None]]
    totp: bool = False
    notes: list[str] = field(default_factory=list)


def _world(w: Any, make_user: Any) -> dict[str, Any]:
    """The portal's world plus what the other roles need: a returned report, a committee with an appeal, a
    dialogue group with a draft visit, a VAWP report, an administrator."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tendik.audit.context import acting_as
    from tendik.participation.models import DialogueGroup, GroupMember, RatingLevel, RatingScale
    from tendik.participation.services import monitoring as visits
    from tendik.participation.services.vawp import report_submit as vawp_submit
    from tendik.plans.services.periods import period_get
    from tendik.plans.services.reports import report_open, report_return, report_submit
    from tendik.protection.models import Case, Committee
    from tendik.protection.tests.helpers import make_case

    t = w.t
    lp = w.report.local_plan
    second = report_open(actor=w.officer, local_plan=lp, period=period_get(code="2025-H2"))
    report_submit(actor=w.officer, report=second)
    focal = make_user("focal_point", unit=t["kadamjay"], username="focal_j")
    report_return(actor=focal, report=second, comment="Добавьте число участниц")
    to_review = report_open(actor=w.officer, local_plan=lp, period=period_get(code="2026-H1"))
    report_submit(actor=w.officer, report=to_review)
    committee = Committee.objects.filter(municipality=t["halmion"]).first()
    Committee.objects.filter(pk=committee.pk).update(name="МК Халмион")  # the test helper names it by its code
    case = Case.objects.filter(committee=committee).order_by("pk").first()
    no_consent = make_case(committee, name="Вымышленная Бермет", statistics=False)
    chair = make_user("committee_chair", committee=committee, username="chair_j")
    worker = make_user("case_worker", committee=committee, username="worker_j")
    viewer = make_user("viewer", username="viewer_j")
    admin = make_user("admin", username="admin_j")
    monitor = make_user("dialogue_monitor", unit=t["batken"], username="monitor_j")
    support = make_user("vawp_support", unit=t["batken"], username="support_j")
    with acting_as(None, source="test"):
        scale = RatingScale.objects.create(name_ru="Шкала", name_ky="Шкала", name_en="Scale", is_current=True)
        for score, ru, ky, en, tone in [
            (3, "Выполняется", "Аткарылууда", "On track", "good"),
            (1, "Нет", "Жок", "No", "poor"),
        ]:
            RatingLevel.objects.create(scale=scale, score=score, label_ru=ru, label_ky=ky, label_en=en, tone=tone)
        group = DialogueGroup.objects.create(
            name_ru="Диалоговая группа Баткена", name_ky="Баткендин диалог тобу", territory=t["batken"]
        )
        member = GroupMember.objects.create(group=group, full_name="Айгерим Токтосунова", user=monitor)
    visit = visits.visit_create(actor=monitor, group=group, municipality=t["halmion"], visited_on=dt.date(2025, 9, 1))
    visits.visit_set_measures(actor=monitor, visit=visit, measures=list(lp.measures.all()[:2]), monitors=[member])
    vawp_report, _secret = vawp_submit(
        reporter_role="deputy",
        unit=t["kadamjay"],
        kinds=["psychological"],
        support=["legal"],
        description="На сессии мне выключили микрофон",
        name="Вымышленная Депутатка",
        phone="+996 555 010 203",
    )
    # The roles that may see identities sign in with an authenticator app: each has one, set up before.
    wrong_code = make_user("committee_chair", committee=committee, username="chair_wrong")
    for user in (chair, worker, admin, support, wrong_code):
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return {
        "second": second,
        "to_review": to_review,
        "no_consent": no_consent,
        "focal": focal,
        "committee": committee,
        "case": case,
        "chair": chair,
        "worker": worker,
        "viewer": viewer,
        "admin": admin,
        "monitor": monitor,
        "visit": visit,
        "support": support,
        "vawp": vawp_report,
        "wrong_code": wrong_code,
    }


def _fill_scorecards(page: Any) -> None:
    """The monitor rates each measure checked and writes what she found, then saves the scorecard."""
    cards = page.locator("fieldset.scorecard")
    for k in range(cards.count()):
        card = cards.nth(k)
        if card.locator("select").count():
            card.locator("select").first.select_option(index=1)
        else:
            card.locator("input[type=radio]").first.check()
        card.locator("textarea").first.fill("Тренинг прошёл для 12 женщин")
    with page.expect_navigation(wait_until="load"):
        page.click("button[name=then][value=save]")
    assert page.locator(".errorlist").count() == 0, "the scorecard was refused"


def _journeys(w: Any, x: dict[str, Any]) -> list[Journey]:
    tasks = reverse("tasks")
    second, committee = x["second"], x["committee"]
    return [
        Journey(
            "municipal officer: correct a returned report",
            w.officer,
            [
                ("officer-tasks", tasks, False),
                ("officer-report", reverse("plans:report", args=[second.pk]), True),
                ("officer-entry", reverse("plans:entry", args=[second.pk, second.entries.first().pk]), True),
            ],
        ),
        Journey(
            "focal point: review a submitted report",
            x["focal"],
            [
                ("focal-tasks", tasks, False),
                ("focal-report", reverse("plans:report", args=[x["to_review"].pk]), True),
            ],
        ),
        Journey(
            "national coordinator: answer a recommendation",
            w.coordinator,
            [
                ("coordinator-tasks", tasks, False),
                ("coordinator-recommendation", reverse("consultations:recommendation", args=["rec-n"]), True),
            ],
        ),
        Journey(
            "committee chair: ask for a missing consent",
            x["chair"],
            [
                ("chair-tasks", tasks, False),
                (
                    "chair-consent",
                    reverse("protection:consent_add", args=[x["no_consent"].pk]) + "?kind=statistics",
                    True,
                ),
            ],
            totp=True,
        ),
        Journey(
            "case worker: a case of the committee",
            x["worker"],
            [
                ("worker-tasks", tasks, False),
                ("worker-protection", reverse("protection:index"), True),
                ("worker-committee", reverse("protection:committee", args=[committee.pk]), True),
                ("worker-case", reverse("protection:case", args=[x["case"].pk]), True),
            ],
            totp=True,
        ),
        Journey(
            "dialogue-group monitor: finish a draft visit",
            x["monitor"],
            [
                ("monitor-tasks", tasks, False),
                ("monitor-visit", reverse("participation:visit", args=[x["visit"].pk]), True),
                ("monitor-scorecard-saved", _fill_scorecards, None),
            ],
        ),
        Journey(
            "VAWP support: follow up a report",
            x["support"],
            [
                ("support-tasks", tasks, False),
                ("support-report", reverse("participation:vawp_detail", args=[x["vawp"].code]), True),
                ("support-reports", reverse("participation:vawp_list"), True),
            ],
            totp=True,
        ),
        Journey(
            "administrator: manage users",
            x["admin"],
            [
                ("admin-tasks", tasks, False),
                ("admin-users", reverse("accounts:users"), True),
                ("admin-user", reverse("accounts:user_detail", args=[x["chair"].pk]), True),
            ],
            totp=True,
        ),
        Journey(
            "viewer: the overview",
            x["viewer"],
            [("viewer-tasks", tasks, False), ("viewer-home", reverse("home"), True)],
        ),
    ]


def test_each_role_main_journey(page_check: Any, sign_in: Any, public_world: Any, make_user: Any) -> None:
    extra = _world(public_world, make_user)
    failures: list[str] = []
    for lang in ("ru", "ky"):  # the anonymous visitor first, before anyone signs in
        for name, url in [
            ("anon-home", reverse("home")),
            ("anon-portal", reverse("portal:country")),
            ("anon-login", reverse("accounts:login")),
        ]:
            try:
                page_check(url, name=f"journey-{lang}-{name}", lang=lang, words=True)
            except AssertionError as exc:
                failures.append(f"anonymous visitor [{lang}]: {exc}")
    for journey in _journeys(public_world, extra):
        for lang in ("ru", "ky"):
            try:
                if lang == "ru":
                    landed = sign_in(journey.user, totp=journey.totp)
                    assert landed.endswith(reverse("tasks")), f"sign-in lands on {landed}, not the task home"
                else:
                    page_check.switch_language(lang)
                for name, url, followed in journey.steps:
                    if followed is None:
                        url(page_check.page)
                        page_check.here(f"journey-{lang}-{name}", words=True)
                    else:
                        page_check(url, name=f"journey-{lang}-{name}", lang=lang, words=True, followed=followed)
            except AssertionError as exc:
                failures.append(f"{journey.role} [{lang}]: {exc}")
    # The typed second factor is real: a wrong code keeps the person on the code form, with a message.
    landed = sign_in(extra["wrong_code"], totp=True, wrong_code=True)
    if reverse("accounts:two_factor") not in landed or page_check.page.locator(".errorlist").count() == 0:
        failures.append(f"a wrong second-factor code was not refused: landed on {landed}")
    assert not failures, "\n\n".join(failures)
