"""Reads of the consultations module. Each takes the acting user and returns only what she may see
(scope rules in consultations.permissions); the public selectors return published, non-personal data only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet

from tendik.accounts.roles import Perm
from tendik.consultations import permissions as cperm
from tendik.consultations.models import (
    AnswerState,
    AttendanceCount,
    ConsultationSeries,
    CountDimension,
    Meeting,
    Participant,
    ParticipantRole,
    Problem,
    Recommendation,
    RecommendationEvent,
    Sex,
)
from tendik.consultations.similarity import Match, prefilter, rank
from tendik.geography.models import AdministrativeUnit


def series_list(user: Any) -> QuerySet[ConsultationSeries]:
    visible = ConsultationSeries.objects.filter(cperm.series_q(user)).values("pk")
    return (
        ConsultationSeries.objects.filter(pk__in=visible)
        .annotate(meeting_count=Count("meetings", distinct=True))
        .prefetch_related("organisers", "plans")
    )


def meetings(user: Any, perm: Perm = Perm.CONSULTATIONS_VIEW) -> QuerySet[Meeting]:
    visible = Meeting.objects.filter(cperm.meeting_q(user, perm)).values("pk")
    return Meeting.objects.filter(pk__in=visible).select_related("series", "place")


def participants(user: Any, meeting: Meeting) -> list[Participant]:
    """The meeting's named participants; `show_personal` on each says whether her name and contacts may be shown."""
    rows = list(meeting.participants.select_related("municipality").order_by("id"))
    allowed = set(meeting.participants.filter(cperm.personal_q(user)).values_list("pk", flat=True))
    for p in rows:
        setattr(p, "show_personal", p.pk in allowed)  # noqa: B010 — an annotation for the template
    return rows


@dataclass
class Attendance:
    total: int = 0
    women: int = 0
    men: int = 0
    by_role: dict[str, int] = field(default_factory=dict)
    by_oblast: list[tuple[Any, int]] = field(default_factory=list)
    source: str = "none"  # "list", "counts" or "none"

    @property
    def women_share(self) -> int:
        return round(100 * self.women / self.total) if self.total else 0

    @property
    def role_rows(self) -> list[tuple[str, int]]:
        labels = dict(ParticipantRole.choices)
        return [(str(labels.get(k, k)), n) for k, n in self.by_role.items()]


def _oblast_of(unit: AdministrativeUnit | None, oblasts: dict[str, AdministrativeUnit]) -> AdministrativeUnit | None:
    if unit is None:
        return None
    top = unit.path.split("/")[0]
    return oblasts.get(top)


def attendance_by_meeting(meeting_ids: list[int]) -> dict[int, Attendance]:
    """Attendance per meeting: from the aggregate counts where they were entered, else from the named list.
    Four queries whatever the number of meetings."""
    result = {mid: Attendance() for mid in meeting_ids}
    counts = AttendanceCount.objects.filter(meeting_id__in=meeting_ids).select_related("oblast")
    by_meeting: dict[int, list[AttendanceCount]] = defaultdict(list)
    for c in counts:
        by_meeting[c.meeting_id].append(c)
    for mid, rows in by_meeting.items():
        a = result[mid]
        a.source = "counts"
        for c in rows:
            if c.dimension == CountDimension.TOTAL:
                a.total = c.count
            elif c.dimension == CountDimension.SEX:
                if c.key == Sex.FEMALE:
                    a.women = c.count
                elif c.key == Sex.MALE:
                    a.men = c.count
            elif c.dimension == CountDimension.ROLE:
                a.by_role[c.key] = c.count
            elif c.dimension == CountDimension.OBLAST and c.oblast is not None:
                a.by_oblast.append((c.oblast, c.count))
        if not a.total:
            a.total = a.women + a.men
    listed = [mid for mid in meeting_ids if mid not in by_meeting]
    if listed:
        people: list[tuple[int, str, str, str | None]] = list(
            Participant.objects.filter(meeting_id__in=listed).values_list(
                "meeting_id", "sex", "role", "municipality__path"
            )
        )
        top_codes: set[str] = set()
        for _mid, _sex, _role, path in people:
            if path:
                top_codes.add(path.split("/")[0])
        oblasts = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=top_codes)}
        per_oblast: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for mid, sex, role, path in people:
            a = result[mid]
            a.source = "list"
            a.total += 1
            a.women += sex == Sex.FEMALE
            a.men += sex == Sex.MALE
            a.by_role[role] = a.by_role.get(role, 0) + 1
            if path:
                per_oblast[mid][path.split("/")[0]] += 1
        for mid, codes in per_oblast.items():
            result[mid].by_oblast = [(oblasts[c], n) for c, n in codes.items() if c in oblasts]
    for a in result.values():
        a.by_oblast.sort(key=lambda pair: pair[0].name_ru)
    return result


def attendance_of_series(meetings_: list[Meeting]) -> tuple[dict[int, Attendance], Attendance]:
    """Per-meeting attendance and the series total (oblast and role breakdowns added up)."""
    per = attendance_by_meeting([m.pk for m in meetings_])
    total = Attendance(source="series")
    oblast_sum: dict[int, list[Any]] = {}
    for a in per.values():
        total.total += a.total
        total.women += a.women
        total.men += a.men
        for k, n in a.by_role.items():
            total.by_role[k] = total.by_role.get(k, 0) + n
        for unit, n in a.by_oblast:
            oblast_sum.setdefault(unit.pk, [unit, 0])[1] += n
    total.by_oblast = sorted(((u, n) for u, n in oblast_sum.values()), key=lambda p: p[0].name_ru)
    return per, total


def _recommendation_base() -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.active()
        .select_related("series", "meeting__place", "published_answer__state", "current_answer__state")
        .prefetch_related(
            Prefetch("regions", queryset=AdministrativeUnit.objects.order_by("name_ru")),
            "plans",
        )
    )


def _filter(qs: QuerySet[Recommendation], filters: dict[str, Any], *, public: bool) -> QuerySet[Recommendation]:
    region = filters.get("region")
    if region:
        unit = (
            region if isinstance(region, AdministrativeUnit) else AdministrativeUnit.objects.filter(pk=region).first()
        )
        if unit is not None:
            ids = Recommendation.objects.filter(
                Q(regions__path__startswith=unit.path) | Q(meeting__place__path__startswith=unit.path)
            ).values("pk")
            qs = qs.filter(pk__in=ids)
    if filters.get("theme"):
        qs = qs.filter(theme=filters["theme"])
    if filters.get("plan"):
        qs = qs.filter(pk__in=Recommendation.objects.filter(plans__code=filters["plan"]).values("pk"))
    if filters.get("level"):
        qs = qs.filter(level=filters["level"])
    if filters.get("series"):
        qs = qs.filter(series__code=filters["series"])
    if filters.get("meeting"):
        qs = qs.filter(meeting__code=filters["meeting"])
    status = filters.get("status")
    if status:
        field_name = "published_answer" if public else "current_answer"
        initial = AnswerState.objects.filter(code=status, is_initial=True).exists()
        if initial:
            qs = qs.filter(Q(**{f"{field_name}__isnull": True}) | Q(**{f"{field_name}__state__code": status}))
        else:
            qs = qs.filter(**{f"{field_name}__state__code": status})
    if not public and filters.get("unpublished"):
        qs = qs.filter(current_answer__isnull=False).exclude(current_answer=F("published_answer"))
    text = (filters.get("q") or "").strip()
    if text:
        qs = qs.filter(
            Q(text_ru__icontains=text) | Q(text_ky__icontains=text) | Q(text_en__icontains=text) | Q(code=text)
        )
    return qs


def recommendations(
    user: Any, filters: dict[str, Any] | None = None, perm: Perm = Perm.CONSULTATIONS_VIEW
) -> QuerySet[Recommendation]:
    visible = Recommendation.objects.filter(cperm.recommendation_q(user, perm)).values("pk")
    return _filter(_recommendation_base().filter(pk__in=visible), filters or {}, public=False)


def recommendations_for_measure(user: Any, measure: Any) -> QuerySet[Recommendation]:
    """Recommendations linked to `measure`, or implemented by it, that the user may see (for the plans pages)."""
    linked = Recommendation.objects.filter(
        Q(measures=measure) | Q(published_answer__implementing_measure=measure)
    ).values("pk")
    return recommendations(user).filter(pk__in=linked)


def public_recommendations(filters: dict[str, Any] | None = None) -> QuerySet[Recommendation]:
    """Every active recommendation with its published status only; no personal data is reachable from here."""
    return _filter(
        Recommendation.objects.active()
        .select_related(
            "series",
            "meeting__place",
            "published_answer__state",
            "published_answer__answering_body",
            "published_answer__implementing_measure",
        )
        .prefetch_related(Prefetch("regions", queryset=AdministrativeUnit.objects.order_by("name_ru")), "plans"),
        filters or {},
        public=True,
    )


def public_recommendations_listed(filters: dict[str, Any] | None = None) -> QuerySet[Recommendation]:
    """`public_recommendations` for a list of many rows: each row's regions and plans come as plain lists
    (`region_list`, `plan_list`) rather than a related manager per row, which Django builds by cloning a queryset
    for every row and relation (a third of the public list's rendering)."""
    return (
        public_recommendations(filters)
        .prefetch_related(None)
        .prefetch_related(
            Prefetch("regions", queryset=AdministrativeUnit.objects.order_by("name_ru"), to_attr="region_list"),
            Prefetch("plans", to_attr="plan_list"),
        )
    )


def timeline(recommendation: Recommendation, *, public: bool = False) -> QuerySet[RecommendationEvent]:
    """The recommendation's events and those of the duplicates merged into it, oldest first."""
    ids = [recommendation.pk, *Recommendation.objects.filter(merged_into=recommendation).values_list("pk", flat=True)]
    qs = RecommendationEvent.objects.filter(recommendation_id__in=ids).select_related("recommendation")
    if public:
        return qs.filter(is_public=True)
    return qs.select_related("actor")


def similar(
    user: Any, text: str, *, exclude: int | None = None, series: ConsultationSeries | None = None, limit: int = 5
) -> list[tuple[Recommendation, float]]:
    """Existing recommendations (visible to the user) most similar to `text`, best first."""
    qs = recommendations(user)
    if series is not None:
        qs = qs.filter(series=series)
    if exclude:
        qs = qs.exclude(pk=exclude)
    # The database picks the candidates sharing a stem; Python ranks only those (similarity.prefilter).
    matches: list[Match] = rank(text, qs.filter(prefilter(text)).values_list("pk", "stems"), limit=limit)
    if not matches:
        return []
    by_pk = {r.pk: r for r in _recommendation_base().filter(pk__in=[m.pk for m in matches])}
    return [(by_pk[m.pk], m.score) for m in matches if m.pk in by_pk]


def problems_by_region(series: ConsultationSeries) -> list[tuple[str, list[Problem]]]:
    """Problems grouped under a label of their regions ("Osh oblast, Jalal-Abad oblast"), in order."""
    groups: dict[str, list[Problem]] = {}
    for p in series.problems.prefetch_related(
        Prefetch("regions", queryset=AdministrativeUnit.objects.order_by("code"))
    ):
        label = ", ".join(r.name for r in p.regions.all())
        groups.setdefault(label, []).append(p)
    return list(groups.items())


def feedback_for_meeting(meeting: Meeting) -> QuerySet[Recommendation]:
    """What a feedback sheet for a meeting lists: its recommendations and the series' general ones."""
    return (
        public_recommendations()
        .filter(Q(meeting=meeting) | Q(series=meeting.series_id, scope="general", meeting__isnull=True))
        .order_by("scope", "order", "id")
    )


def feedback_for_municipality(unit: AdministrativeUnit) -> QuerySet[Recommendation]:
    """Recommendations relevant to a municipality: made at a meeting held there or covering its oblast, addressed
    to a region containing it, or general recommendations of series that covered its oblast."""
    ancestors = cperm._ancestor_paths(unit.path)
    covering = Meeting.objects.filter(Q(place__path__in=ancestors) | Q(oblasts_covered__path__in=ancestors)).values(
        "pk"
    )
    series_ids = Meeting.objects.filter(pk__in=covering).values("series_id")
    ids = Recommendation.objects.filter(
        Q(meeting__in=covering)
        | Q(regions__path__in=ancestors)
        | Q(scope="general", meeting__isnull=True, series__in=series_ids)
    ).values("pk")
    return public_recommendations().filter(pk__in=ids).order_by("series", "scope", "order", "id")


def measure_panel_recommendations(user: Any, measure: Any) -> tuple[list[Recommendation], set[int]]:
    """For the plans' measure page: the active recommendations linked to `measure` (or implemented by it) with
    their published status only, and the ids among them the user may open internally. Three queries in all."""
    linked = Recommendation.objects.filter(
        Q(measures=measure) | Q(published_answer__implementing_measure=measure)
    ).values("pk")
    recs = list(
        Recommendation.objects.active().filter(pk__in=linked).select_related("published_answer__state").order_by("code")
    )
    internal: set[int] = set()
    if recs and getattr(user, "is_authenticated", False):
        internal = set(recommendations_for_measure(user, measure).values_list("pk", flat=True))
    return recs, internal


def recommendations_to_answer(user: Any) -> QuerySet[Recommendation]:
    """Recommendations the user may answer that have no answer yet, oldest first (the task home)."""
    visible = Recommendation.objects.filter(cperm.recommendation_q(user, Perm.CONSULTATIONS_ANSWER)).values("pk")
    return (
        Recommendation.objects.active()
        .filter(pk__in=visible, current_answer__isnull=True, merged_into__isnull=True)
        .order_by("created_at", "pk")
    )


def recommendations_to_publish(user: Any) -> QuerySet[Recommendation]:
    """Recommendations the user may answer whose prepared answer is not public yet, oldest first."""
    visible = Recommendation.objects.filter(cperm.recommendation_q(user, Perm.CONSULTATIONS_ANSWER)).values("pk")
    return (
        Recommendation.objects.active()
        .filter(pk__in=visible, current_answer__isnull=False, merged_into__isnull=True)
        .exclude(current_answer=F("published_answer"))
        .order_by("created_at", "pk")
    )
