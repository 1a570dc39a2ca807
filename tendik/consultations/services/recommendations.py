"""Recording, editing, linking and merging recommendations; their event timeline."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tendik.consultations.models import (
    ConsultationSeries,
    EventKind,
    Level,
    Meeting,
    Recommendation,
    RecommendationEvent,
    RecommendationScope,
)
from tendik.consultations.similarity import stems_for_storage
from tendik.core.concurrency import guard


def event_record(
    *,
    recommendation: Recommendation,
    kind: str,
    actor: Any = None,
    data: dict[str, Any] | None = None,
    is_public: bool = False,
) -> RecommendationEvent:
    """Append one entry to the recommendation's timeline."""
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return RecommendationEvent.objects.create(
        recommendation=recommendation, kind=kind, actor=actor, data=data or {}, is_public=is_public
    )


def next_code(series: ConsultationSeries) -> str:
    n = Recommendation.objects.filter(series=series).count() + 1
    while True:
        code = f"{series.code}-r{n:03d}"[:60]
        if not Recommendation.objects.filter(code=code).exists():
            return code
        n += 1


def _validate(
    *,
    series: ConsultationSeries,
    meeting: Meeting | None,
    scope: str,
    regions: list[Any],
    level: str,
    text_ru: str,
    text_ky: str,
    text_en: str,
    theme: str,
) -> None:
    errors: dict[str, str] = {}
    if not (text_ru.strip() or text_ky.strip() or text_en.strip()):
        errors["text_ru"] = _("Write the recommendation in at least one language.")
    if meeting is not None and meeting.series_id != series.pk:
        errors["meeting"] = _("The meeting belongs to another series.")
    if scope == RecommendationScope.REGIONAL and not regions and meeting is None:
        errors["regions"] = _("A regional recommendation needs a region or a meeting.")
    if scope not in RecommendationScope.values:
        errors["scope"] = _("Unknown scope.")
    if level not in Level.values:
        errors["level"] = _("Unknown level.")
    if errors:
        raise ValidationError(errors)


def _links(
    *, rec: Recommendation, plans: Iterable[Any] | None, goals: Iterable[Any] | None, measures: Iterable[Any] | None
) -> bool:
    """Set the plan links; goals and plans of linked measures are implied. True if anything changed."""
    changed = False
    measures_l = list(measures) if measures is not None else None
    goals_l = list(goals) if goals is not None else None
    plans_l = list(plans) if plans is not None else None
    if measures_l is not None or goals_l is not None:
        implied = {*(m.plan_id for m in measures_l or []), *(g.plan_id for g in goals_l or [])}
        base = [p.pk for p in plans_l] if plans_l is not None else list(rec.plans.values_list("pk", flat=True))
        plans_l = sorted({*base, *implied})
    for name, values in (("plans", plans_l), ("goals", goals_l), ("measures", measures_l)):
        if values is None:
            continue
        manager = getattr(rec, name)
        before = set(manager.values_list("pk", flat=True))
        after = {getattr(v, "pk", v) for v in values}
        if before != after:
            manager.set(values)
            changed = True
    return changed


@transaction.atomic
def recommendation_create(
    *,
    series: ConsultationSeries,
    actor: Any,
    text_ru: str = "",
    text_ky: str = "",
    text_en: str = "",
    meeting: Meeting | None = None,
    scope: str = RecommendationScope.REGIONAL,
    regions: Iterable[Any] = (),
    theme: str = "",
    level: str = Level.NATIONAL,
    plans: Iterable[Any] = (),
    goals: Iterable[Any] = (),
    measures: Iterable[Any] = (),
    code: str = "",
    order: int = 0,
) -> Recommendation:
    """Record a recommendation with its links to the plans; it starts without an answer."""
    regions = list(regions)
    _validate(
        series=series,
        meeting=meeting,
        scope=scope,
        regions=regions,
        level=level,
        text_ru=text_ru,
        text_ky=text_ky,
        text_en=text_en,
        theme=theme,
    )
    rec = Recommendation(
        series=series,
        code=code or next_code(series),
        meeting=meeting,
        scope=scope,
        theme=theme,
        level=level,
        text_ru=text_ru.strip(),
        text_ky=text_ky.strip(),
        text_en=text_en.strip(),
        order=order,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    rec.stems = stems_for_storage(text_ru=rec.text_ru, text_ky=rec.text_ky)
    rec.full_clean(exclude=["regions", "plans", "goals", "measures", "followers"])
    rec.save()
    rec.regions.set(regions)
    _links(rec=rec, plans=plans, goals=goals, measures=measures)
    event_record(recommendation=rec, kind=EventKind.CREATED, actor=actor, is_public=True)
    return rec


@transaction.atomic
def recommendation_update(
    *,
    recommendation: Recommendation,
    actor: Any,
    text_ru: str,
    text_ky: str = "",
    text_en: str = "",
    meeting: Meeting | None = None,
    scope: str = RecommendationScope.REGIONAL,
    regions: Iterable[Any] = (),
    theme: str = "",
    level: str = Level.NATIONAL,
    plans: Iterable[Any] | None = None,
    goals: Iterable[Any] | None = None,
    measures: Iterable[Any] | None = None,
    version: int | None = None,
) -> Recommendation:
    """Edit a recommendation; the timeline records what changed.

    `version`: the one the editor started from; a stale one raises StaleVersion with the difference.
    """
    submitted = {
        "text_ru": text_ru,
        "text_ky": text_ky,
        "text_en": text_en,
        "meeting": meeting,
        "scope": scope,
        "theme": theme,
        "level": level,
        "regions": list(regions),
    }
    rec = guard(recommendation, version=version, data=submitted)
    if rec.merged_into_id:
        raise ValidationError(_("This recommendation was merged into another one and can no longer be edited."))
    regions = list(regions)
    _validate(
        series=rec.series,
        meeting=meeting,
        scope=scope,
        regions=regions,
        level=level,
        text_ru=text_ru,
        text_ky=text_ky,
        text_en=text_en,
        theme=theme,
    )
    fields = {
        "text_ru": text_ru.strip(),
        "text_ky": text_ky.strip(),
        "text_en": text_en.strip(),
        "meeting": meeting,
        "scope": scope,
        "theme": theme,
        "level": level,
    }
    changed = [k for k, v in fields.items() if getattr(rec, k) != v]
    for k, v in fields.items():
        setattr(rec, k, v)
    regions_changed = {r.pk for r in rec.regions.all()} != {r.pk for r in regions}
    if changed or regions_changed:
        rec.stems = stems_for_storage(text_ru=rec.text_ru, text_ky=rec.text_ky)
        rec.save(update_fields=[*changed, "stems", "version"])
    if regions_changed:
        rec.regions.set(regions)
        changed.append("regions")
    if changed:
        event_record(recommendation=rec, kind=EventKind.UPDATED, actor=actor, data={"fields": changed})
    recommendation_link(recommendation=rec, actor=actor, plans=plans, goals=goals, measures=measures)
    return rec


@transaction.atomic
def recommendation_link(
    *,
    recommendation: Recommendation,
    actor: Any,
    plans: Iterable[Any] | None = None,
    goals: Iterable[Any] | None = None,
    measures: Iterable[Any] | None = None,
) -> bool:
    """Link the recommendation to plans, goals and measures (visible from the measure's side too)."""
    changed = _links(rec=recommendation, plans=plans, goals=goals, measures=measures)
    if changed:
        event_record(
            recommendation=recommendation,
            kind=EventKind.LINKED,
            actor=actor,
            is_public=True,
            data={"measures": sorted(recommendation.measures.values_list("number", flat=True))},
        )
    return changed


@transaction.atomic
def recommendation_merge(*, target: Recommendation, duplicates: Iterable[Recommendation], actor: Any) -> Recommendation:
    """Merge duplicates into `target`: it gains their regions, plan links and followers; each duplicate stays on
    record, points to `target`, and its timeline is shown with the target's."""
    dups = [d for d in duplicates if d.pk != target.pk]
    if target.merged_into_id:
        raise ValidationError(_("The recommendation to keep was itself merged into another one."))
    for dup in dups:
        if dup.merged_into_id:
            raise ValidationError(_("%(code)s is already merged.") % {"code": dup.code})
        if dup.series_id != target.series_id:
            raise ValidationError(_("Only recommendations of the same series can be merged."))
    for dup in dups:
        target.regions.add(*dup.regions.all())
        target.plans.add(*dup.plans.all())
        target.goals.add(*dup.goals.all())
        target.measures.add(*dup.measures.all())
        target.followers.add(*dup.followers.all())
        # Earlier duplicates of the duplicate now point at the target too.
        for older in list(dup.duplicates.all()):
            older.merged_into = target
            older.save(update_fields=["merged_into"])
        dup.merged_into = target
        dup.save(update_fields=["merged_into"])
        event_record(
            recommendation=dup, kind=EventKind.MERGED_INTO, actor=actor, is_public=True, data={"target": target.code}
        )
        event_record(
            recommendation=target, kind=EventKind.MERGED_FROM, actor=actor, is_public=True, data={"duplicate": dup.code}
        )
    return target
