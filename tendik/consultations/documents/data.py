"""What the documents say, gathered in a fixed number of queries and independent of the output format.
Call inside `translation.override(lang)`: texts are picked in the active language."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from tendik.consultations.models import ConsultationSeries, Meeting, Recommendation, Theme
from tendik.consultations.models.i18n import pick_json
from tendik.consultations.selectors import Attendance, attendance_of_series, problems_by_region
from tendik.geography.models import AdministrativeUnit


@dataclass
class MeasureItem:
    number: str
    text: str
    codes: list[str]


@dataclass
class GoalBlock:
    title: str
    levels: list[tuple[str, list[MeasureItem]]]  # [(level label or "", items)]


@dataclass
class AreaBlock:
    title: str
    goals: list[GoalBlock]


@dataclass
class PlanBlock:
    title: str
    kind: str
    areas: list[AreaBlock]
    unlinked: list[Recommendation] = field(default_factory=list)


@dataclass
class Resolution:
    title: str
    subtitle: str
    plans: list[PlanBlock]
    total: int


def _recs(series: ConsultationSeries, meeting: Meeting | None) -> list[Recommendation]:
    from tendik.plans.models import Measure

    qs = Recommendation.objects.active().filter(series=series)
    if meeting is not None:
        qs = qs.filter(meeting=meeting)
    return list(
        qs.select_related("meeting__place", "published_answer__state")
        .prefetch_related(
            Prefetch("measures", queryset=Measure.objects.select_related("goal__area", "plan")),
            "plans",
            Prefetch("regions", queryset=AdministrativeUnit.objects.order_by("code")),
        )
        .order_by("order", "id")
    )


def resolution(series: ConsultationSeries, *, meeting: Meeting | None = None, plan_code: str = "") -> Resolution:
    """Grouped by plan, then priority area / section, then goal; the 1325 plan's measures by national and local
    level. Each item is a plan measure the participants' recommendations address, with those recommendations' codes."""
    from tendik.plans.models import Plan

    recs = _recs(series, meeting)
    plans = list(
        Plan.objects.filter(Q(pk__in=series.plans.values("pk")) | Q(pk__in=[p.pk for r in recs for p in r.plans.all()]))
        .order_by("kind", "code")
        .distinct()
    )
    if plan_code:
        plans = [p for p in plans if p.code == plan_code]
    blocks = []
    for plan in plans:
        measures: dict[int, tuple[Any, list[str]]] = {}
        unlinked = []
        for r in recs:
            mine = [m for m in r.measures.all() if m.plan_id == plan.pk]
            if not mine and plan.pk in {p.pk for p in r.plans.all()}:
                unlinked.append(r)
            for m in mine:
                measures.setdefault(m.pk, (m, []))[1].append(r.code)
        areas: OrderedDict[int, tuple[Any, OrderedDict[int, tuple[Any, list[tuple[Any, list[str]]]]]]] = OrderedDict()
        for m, codes in sorted(
            measures.values(),
            key=lambda mc: (mc[0].goal.area.order, mc[0].goal.area_id, mc[0].goal.order, mc[0].goal_id, mc[0].order),
        ):
            goal = m.goal
            area_entry = areas.setdefault(goal.area_id, (goal.area, OrderedDict()))
            area_entry[1].setdefault(goal.pk, (goal, []))[1].append((m, codes))
        area_blocks = []
        for area, goals in areas.values():
            goal_blocks = []
            for goal, items in goals.values():
                if plan.kind == "wps1325":
                    levels = []
                    for level, label in (("national", _("National level")), ("local", _("Local level"))):
                        lvl = [MeasureItem(m.number, m.text, c) for m, c in items if m.level == level]
                        if lvl:
                            levels.append((str(label), lvl))
                else:
                    levels = [("", [MeasureItem(m.number, m.text, c) for m, c in items])]
                title = (
                    ""
                    if plan.kind == "wps1325" and goal.title == area.title
                    else f"{_('Goal')} {goal.number}. {goal.title}"
                )
                goal_blocks.append(GoalBlock(title=title, levels=levels))
            area_blocks.append(AreaBlock(title=f"{area.number}. {area.title}", goals=goal_blocks))
        blocks.append(PlanBlock(title=plan.title, kind=plan.kind, areas=area_blocks, unlinked=unlinked))
    where = meeting.title if meeting is not None else series.title
    return Resolution(title=_("Resolution"), subtitle=where, plans=blocks, total=len(recs))


@dataclass
class RegionRecommendations:
    title: str
    themes: list[tuple[str, list[Recommendation]]]


@dataclass
class Report:
    series: ConsultationSeries
    title: str
    intro: str
    aims: list[str]
    tasks: list[str]
    meetings: list[tuple[Meeting, Attendance]]
    organisers: list[str]
    total: Attendance
    chart_rows: list[tuple[str, int, int]]
    problems: list[tuple[str, list[Any]]]
    recommendations: list[RegionRecommendations]
    results: list[str]
    theme_table: list[tuple[str, list[int], int]]
    theme_labels: list[str]


def _theme_groups(recs: list[Recommendation]) -> list[tuple[str, list[Recommendation]]]:
    labels = dict(Theme.choices)
    groups: OrderedDict[str, list[Recommendation]] = OrderedDict((k, []) for k in Theme.values)
    groups[""] = []
    for r in recs:
        groups.setdefault(r.theme, []).append(r)
    return [(str(labels.get(k, _("Other"))), v) for k, v in groups.items() if v]


def report(series: ConsultationSeries) -> Report:
    """The consolidated report of a series: aims and tasks, places, organisers, participation (with chart rows),
    problems by region, recommendations by region and theme, results."""
    meetings = list(
        series.meetings.select_related("place").prefetch_related(
            Prefetch("oblasts_covered", queryset=AdministrativeUnit.objects.order_by("code"))
        )
    )
    per, total = attendance_of_series(meetings)
    recs = _recs(series, None)
    general = [r for r in recs if r.scope == "general"]
    by_region: OrderedDict[str, list[Recommendation]] = OrderedDict()
    for r in recs:
        if r.scope == "general":
            continue
        label = ", ".join(u.name for u in r.regions.all()) or (
            r.meeting.place.name if r.meeting is not None else _("Other")
        )
        by_region.setdefault(label, []).append(r)
    sections = []
    if general:
        sections.append(
            RegionRecommendations(
                title=str(_("General recommendations for all regions")), themes=_theme_groups(general)
            )
        )
    for label, items in by_region.items():
        sections.append(RegionRecommendations(title=label, themes=_theme_groups(items)))
    theme_keys = list(Theme.values)
    theme_table = []
    for section in sections:
        counts = dict.fromkeys(theme_keys, 0)
        for r in [r for _label, rs in section.themes for r in rs]:
            if r.theme in counts:
                counts[r.theme] += 1
        row = [counts[k] for k in theme_keys]
        theme_table.append((section.title, row, sum(len(rs) for _l, rs in section.themes)))
    lines = lambda text: [t.strip() for t in (text or "").split("\n") if t.strip()]  # noqa: E731
    return Report(
        series=series,
        title=series.title,
        intro=pick_json(series.vawp_survey) if isinstance(series.vawp_survey, dict) and series.vawp_survey else "",
        aims=lines(series.aims),
        tasks=series.task_texts,
        meetings=[(m, per[m.pk]) for m in meetings],
        organisers=[o.name for o in series.organisers.all()],
        total=total,
        chart_rows=[(m.place.name, per[m.pk].women, per[m.pk].men) for m in meetings],
        problems=problems_by_region(series),
        recommendations=sections,
        results=lines(series.results),
        theme_table=theme_table,
        theme_labels=[str(label) for label in Theme.labels],
    )
