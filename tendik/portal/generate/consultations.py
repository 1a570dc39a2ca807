"""Consultations part of the generator: series, meetings, recommendations and their official answers.

Sizes (Size.recommendations): demo 120, tenth 1,200, national 12,000. Seeded: the same seed gives the same rows.
Series, meetings, recommendations and answers are written with `audited_bulk_create` (one audit entry per row, same
transaction), the recommendations' current and published answers set with `audited_bulk_update`; the regions
links (many-to-many, no trail of their own anywhere in Tendik) go through `insert_rows`. The recommendations'
timeline events are not generated (the public list does not read them).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from django.db import reset_queries, transaction

from tendik.audit.services import audited_bulk_create, audited_bulk_update
from tendik.consultations.models import (
    AnswerState,
    ConsultationSeries,
    Level,
    Meeting,
    Recommendation,
    RecommendationAnswer,
    RecommendationScope,
    Theme,
)
from tendik.consultations.services.answers import answer_states_ensure
from tendik.consultations.similarity import stems_for_storage
from tendik.core.bulk import insert_rows
from tendik.geography.models import AdministrativeUnit, UnitLevel
from tendik.portal.generate.plans import Size, municipalities

PREFIX = "gen-"
PER_SERIES = 600  # recommendations per consultation series
MEETINGS = 8  # per series
CHUNK = 2000

TEXTS = [
    ("обеспечить доступ женщин к услугам кризисных центров в {place}",
     "{place} аялдардын кризистик борборлордун кызматтарына жеткиликтүүлүгүн камсыз кылуу"),
    ("увеличить финансирование программ экономической поддержки женщин в {place}",
     "{place} аялдарды экономикалык колдоо программаларын каржылоону көбөйтүү"),
    ("провести обучение сотрудников милиции по работе с пострадавшими от насилия в {place}",
     "{place} зомбулуктан жапа чеккендер менен иштөө боюнча милиция кызматкерлерин окутуу"),
    ("включить гендерный анализ в местные бюджеты в {place}",
     "{place} жергиликтүү бюджеттерге гендердик талдоону киргизүү"),
    ("поддержать участие женщин в местных кенешах в {place}",
     "{place} жергиликтүү кеңештерге аялдардын катышуусун колдоо"),
    ("учесть потребности женщин при адаптации к изменению климата в {place}",
     "{place} климаттын өзгөрүшүнө ыңгайлашууда аялдардын муктаждыктарын эске алуу"),
]  # fmt: skip
ANSWERS = [
    "Рекомендация принята, мера включена в план.",
    "Рекомендация рассматривается профильным министерством.",
    "Рекомендация принята частично: финансирование ограничено.",
    "Рекомендация отклонена: вопрос входит в компетенцию органов местного самоуправления.",
]


def generate_consultations(*, size: Size, seed: int = 2025, log: Callable[[str], Any] = print) -> dict[str, int]:
    """Write the consultations part of the data set; returns row counts. Refuses to run twice on one database."""
    if ConsultationSeries.objects.filter(code__startswith=PREFIX).exists():
        raise RuntimeError("generated consultations are already in this database")
    rng = random.Random(seed + 11)  # noqa: S311  (reproducible test data, not secrets)
    answer_states_ensure()
    states = list(AnswerState.objects.filter(is_initial=False).order_by("order", "code"))
    places = municipalities()
    oblasts = list(AdministrativeUnit.objects.current().filter(level=UnitLevel.OBLAST).order_by("path"))
    if not places or not oblasts:
        raise RuntimeError("no territories (run load_territories first)")
    n = size.recommendations
    counts = {"series": 0, "meetings": 0, "recommendations": 0, "answers": 0}
    with transaction.atomic():
        series = audited_bulk_create(
            ConsultationSeries,
            [
                ConsultationSeries(
                    code=f"{PREFIX}s{s + 1:03d}",
                    title_ru=f"Консультации по национальному плану, раунд {s + 1}",
                    title_ky=f"Улуттук план боюнча консультациялар, {s + 1}-айлампа",
                    start_date=dt.date(2016 + s % 10, 1 + s % 12, 10),
                )
                for s in range(max(1, -(-n // PER_SERIES)))
            ],
        )
        meetings = audited_bulk_create(
            Meeting,
            [
                Meeting(
                    series=sr,
                    code=f"{sr.code}-m{m + 1}",
                    title_ru=f"Встреча {m + 1}",
                    start_date=sr.start_date + dt.timedelta(days=7 * m),
                    place=rng.choice(places),
                )
                for sr in series
                for m in range(MEETINGS)
            ],
        )
    counts["series"], counts["meetings"] = len(series), len(meetings)
    by_series: dict[int, list[Meeting]] = {}
    for m in meetings:
        by_series.setdefault(m.series_id, []).append(m)
    for start in range(0, n, CHUNK):
        with transaction.atomic():
            _chunk(range(start, min(n, start + CHUNK)), series, by_series, oblasts, states, rng, counts)
        reset_queries()  # with DEBUG on, Django keeps the last 9,000 queries, bulk inserts of ~30 KB each
        log(f"  {counts['recommendations']:,}/{n:,} recommendations, {counts['answers']:,} answers")
    return counts


def _chunk(
    numbers: range,
    series: list[ConsultationSeries],
    by_series: dict[int, list[Meeting]],
    oblasts: list[AdministrativeUnit],
    states: list[AnswerState],
    rng: random.Random,
    counts: dict[str, int],
) -> None:
    themes, regions, recs = list(Theme.values), {}, []
    for i in numbers:
        sr = series[i // PER_SERIES]
        meeting = rng.choice(by_series[sr.pk]) if rng.random() < 0.7 else None
        regional = meeting is not None and rng.random() < 0.6
        place = meeting.place.name_ru if meeting is not None else "республике"
        ru, ky = rng.choice(TEXTS)
        text_ru, text_ky = ru.format(place=place).capitalize(), ky.format(place=place).capitalize()
        recs.append(
            Recommendation(
                series=sr,
                code=f"{PREFIX}r{i + 1:06d}",
                meeting=meeting,
                scope=RecommendationScope.REGIONAL if regional else RecommendationScope.GENERAL,
                theme=rng.choice(themes),
                level=Level.LOCAL if regional else Level.NATIONAL,
                text_ru=text_ru,
                text_ky=text_ky,
                stems=stems_for_storage(text_ru=text_ru, text_ky=text_ky),
                order=i % PER_SERIES + 1,
            )
        )
        if regional:
            regions[len(recs) - 1] = rng.sample(oblasts, k=min(len(oblasts), 1 + int(rng.random() < 0.3)))
    recs = audited_bulk_create(Recommendation, recs)
    through = Recommendation.regions.through
    insert_rows(
        through,
        [
            through(recommendation_id=recs[j].pk, administrativeunit_id=u.pk)
            for j, units in regions.items()
            for u in units
        ],
    )
    answered = [r for r in recs if rng.random() < 0.75]
    answers = audited_bulk_create(
        RecommendationAnswer,
        [
            RecommendationAnswer(
                recommendation=r,
                state=rng.choice(states),
                text_ru=rng.choice(ANSWERS),
                answered_at=dt.datetime(2025, 1 + r.pk % 12, 1 + r.pk % 28, 10, tzinfo=dt.UTC),
                published_at=(
                    dt.datetime(2025, 1 + r.pk % 12, 1 + r.pk % 28, 12, tzinfo=dt.UTC) if rng.random() < 0.8 else None
                ),
            )
            for r in answered
        ],
    )
    for r, a in zip(answered, answers, strict=True):
        r.current_answer = a
        r.published_answer = a if a.published_at is not None else None
    audited_bulk_update(answered, ["current_answer", "published_answer"])
    counts["recommendations"] += len(recs)
    counts["answers"] += len(answers)
