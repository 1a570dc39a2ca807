"""Illustrative additions for the demo series: attendance figures, fictional participants, answers. Idempotent."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tendik.consultations.models import AnswerState, ConsultationSeries, Recommendation
from tendik.consultations.services.answers import answers_publish, recommendation_answer
from tendik.consultations.services.meetings import organisation_ensure
from tendik.consultations.services.participants import attendance_counts_set, participant_save
from tendik.consultations.services.seed import oblast_lookup

# Illustrative, not from the seed (it gives no per-meeting figures): total, women, men, roles, oblasts.
ATTENDANCE = {
    "batken": (32, 30, 2, {"deputy": 14, "activist": 12, "government": 4, "other": 2}, {"Баткенская": 32}),
    "osh": (
        41,
        39,
        2,
        {"deputy": 17, "activist": 15, "government": 6, "other": 3},
        {"Ошская": 24, "Джалал-Абадская": 17},
    ),
    "karakol": (28, 27, 1, {"deputy": 12, "activist": 11, "government": 4, "other": 1}, {"Иссык-Кульская": 28}),
    "naryn": (30, 29, 1, {"deputy": 13, "activist": 12, "government": 4, "other": 1}, {"Нарынская": 30}),
}
# Fictional people (example.org addresses) who asked to be informed.
PEOPLE = [
    ("naryn", "Айгүл Демо", "deputy", "ky", "aigul.demo@example.org"),
    ("naryn", "Нургуль Демо", "activist", "ru", "nurgul.demo@example.org"),
    ("batken", "Demo Participant", "government", "en", "participant.demo@example.org"),
]
MLSSM = {
    "ru": "Министерство труда, социального обеспечения и миграции Кыргызской Республики",
    "ky": "Кыргыз Республикасынын Эмгек, социалдык камсыздоо жана миграция министрлиги",
    "en": "Ministry of Labour, Social Security and Migration of the Kyrgyz Republic",
}
TEXTS = {
    "accepted": (
        "Рекомендация учтена: её реализует мера {n} плана.",
        "Сунуш эске алынды: аны пландын {n}-чарасы ишке ашырат.",
        "Accepted: measure {n} of the plan implements it.",
    ),
    "partially_accepted": (
        "Учтена частично: предложения включены в меры плана, вопросы вне полномочий министерства переданы "
        "профильным органам.",
        "Жарым-жартылай эске алынды: сунуштар пландын чараларына киргизилди, министрликтин ыйгарым укуктарынан "
        "тышкаркы маселелер тиешелүү органдарга жөнөтүлдү.",
        "Partly accepted: the proposals are included in the plan's measures; matters outside the ministry's remit "
        "were passed to the bodies concerned.",
    ),
    "under_review": (
        "Рекомендация рассматривается рабочей группой по плану.",
        "Сунуш план боюнча жумушчу топто каралууда.",
        "The plan's working group is considering the recommendation.",
    ),
    "rejected": (
        "Не может быть учтена: вопрос регулируется законодательством и не входит в план.",
        "Эске алынбайт: маселе мыйзам менен жөнгө салынат жана планга кирбейт.",
        "Cannot be taken up: the matter is governed by law and is outside the plan.",
    ),
    "already_in_plan": (
        "Уже предусмотрено мерой {n} плана.",
        "Пландын {n}-чарасында мурунтан эле каралган.",
        "Already provided for by measure {n} of the plan.",
    ),
}
PATTERN = ["accepted", None, "partially_accepted", "under_review", None, "rejected", "already_in_plan", None]
UNPUBLISHED = {"rejected"}


@transaction.atomic
def demo_extras(*, series: ConsultationSeries, coordinator: Any) -> dict[str, int]:
    created = {"attendance": 0, "participants": 0, "answers": 0, "published": 0}
    meetings = {m.code: m for m in series.meetings.all()}
    for code, (total, women, men, roles, oblasts) in ATTENDANCE.items():
        meeting = meetings.get(code)
        if meeting is None or meeting.counts.exists():
            continue
        by_oblast = {u: n for u, n in ((oblast_lookup(k), v) for k, v in oblasts.items()) if u is not None}
        attendance_counts_set(
            meeting=meeting, total=total, by_sex={"female": women, "male": men}, by_role=roles, by_oblast=by_oblast
        )
        created["attendance"] += 1
    for code, name, role, lang, email in PEOPLE:
        meeting = meetings.get(code)
        if meeting is None or meeting.participants.filter(email=email).exists():
            continue
        participant_save(
            meeting=meeting,
            full_name=name,
            sex="female",
            role=role,
            municipality=meeting.place,
            email=email,
            consent_contact=True,
            wants_updates=True,
            language=lang,
        )
        created["participants"] += 1
    body = organisation_ensure(name_ru=MLSSM["ru"], name_ky=MLSSM["ky"], name_en=MLSSM["en"])
    states = {s.code: s for s in AnswerState.objects.all()}
    to_publish = []
    recs = Recommendation.objects.active().filter(series=series).order_by("order", "id").prefetch_related("measures")
    for i, rec in enumerate(recs):
        picked = PATTERN[i % len(PATTERN)]
        if picked is None or rec.current_answer_id is not None or picked not in states:
            continue
        state_code = picked
        measure = min(rec.measures.all(), key=lambda m: (m.plan_id, m.order, m.pk), default=None)
        if states[state_code].requires_measure and measure is None:
            state_code = "under_review"
        ru, ky, en = (t.format(n=measure.number if measure else "") for t in TEXTS[state_code])
        recommendation_answer(
            recommendation=rec,
            actor=coordinator,
            state=states[state_code],
            text_ru=ru,
            text_ky=ky,
            text_en=en,
            answering_body=body,
            implementing_measure=measure if states[state_code].requires_measure else None,
        )
        created["answers"] += 1
        if state_code not in UNPUBLISHED:
            to_publish.append(rec)
    if to_publish:
        created["published"] = len(answers_publish(recommendations=to_publish, actor=coordinator, inform=False))
    return created
