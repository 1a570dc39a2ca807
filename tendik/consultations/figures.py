"""Recommendation figures for charts and the thematic map: counts by answer state and theme, counted in the
database from the recommendations a reader may see (signed-in staff: current answers; everyone else: the published
ones, as on the public pages)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm
from tendik.consultations import selectors
from tendik.consultations.models import AnswerState, Recommendation, Theme
from tendik.core import charts
from tendik.geography.figures import MapFigure, Number, group_by_units
from tendik.geography.models import AdministrativeUnit

NO_THEME = ""


@dataclass
class StateTheme:
    """Recommendations counted by answer state (rows of `states`) and theme (`themes`): `counts[state][theme]`."""

    states: list[AnswerState]
    themes: list[tuple[str, str]]  # (code, label); "" is "no theme"
    counts: dict[int, dict[str, int]]

    def by_state(self) -> list[tuple[AnswerState, int]]:
        return [(s, sum(self.counts.get(s.pk, {}).values())) for s in self.states]

    @property
    def total(self) -> int:
        return sum(n for _s, n in self.by_state())


def state_theme_counts(qs: QuerySet[Recommendation], *, public: bool = False) -> StateTheme:
    """Counts of `qs` by state and theme: two queries. Without an answer a recommendation is in the initial state."""
    answer = "published_answer" if public else "current_answer"
    states = list(AnswerState.objects.order_by("order", "pk"))
    initial = next((s for s in states if s.is_initial), states[0] if states else None)
    counts: dict[int, dict[str, int]] = {}
    rows = qs.order_by().values("theme", f"{answer}__state_id").annotate(n=Count("pk", distinct=True))
    for row in rows:
        state_id = row[f"{answer}__state_id"] or (initial.pk if initial else 0)
        per_theme = counts.setdefault(state_id, {})
        per_theme[row["theme"] or NO_THEME] = per_theme.get(row["theme"] or NO_THEME, 0) + row["n"]
    used = {t for per in counts.values() for t in per}
    themes = [(c, str(label)) for c, label in Theme.choices if c in used]
    if NO_THEME in used:
        themes.append((NO_THEME, _("No theme")))
    return StateTheme(states=states, themes=themes, counts=counts)


def status_chart(data: StateTheme) -> charts.Chart:
    shown = [(s, n) for s, n in data.by_state() if n]
    return charts.bar_chart(
        title=_("Recommendations by status"),
        labels=[s.name for s, _n in shown],
        values=[n for _s, n in shown],
        value_label=_("Recommendations"),
        category_label=_("Status"),
    )


def theme_chart(data: StateTheme) -> charts.Chart:
    states = [s for s, n in data.by_state() if n]
    return charts.grouped_bar_chart(
        title=_("Recommendations by theme and status"),
        labels=[label for _c, label in data.themes],
        series=[charts.Series(s.name, [data.counts.get(s.pk, {}).get(c, 0) for c, _l in data.themes]) for s in states],
        stacked=True,
        category_label=_("Theme"),
    )


# Map ---------------------------------------------------------------------------------------------------------------


def _visible(user: Any) -> tuple[QuerySet[Recommendation], bool]:
    if has_perm(user, Perm.CONSULTATIONS_VIEW):
        return selectors.recommendations(user), False
    return selectors.public_recommendations(), True


def _made(user: Any, units: Sequence[AdministrativeUnit]) -> dict[str, Number]:
    qs, _public = _visible(user)
    grouped = group_by_units(
        Recommendation.objects.filter(pk__in=qs.values("pk")),
        path_field="regions__path",
        units=units,
        n=Count("pk", distinct=True),
    )
    return {code: row["n"] for code, row in grouped.items()}


def _answered(user: Any, units: Sequence[AdministrativeUnit]) -> dict[str, Number]:
    qs, public = _visible(user)
    answer = "published_answer" if public else "current_answer"
    answered = Q(**{f"{answer}__isnull": False}) & ~Q(**{f"{answer}__state__is_initial": True})
    grouped = group_by_units(
        Recommendation.objects.filter(pk__in=qs.values("pk")),
        path_field="regions__path",
        units=units,
        n=Count("pk", distinct=True),
        answered=Count("pk", filter=answered, distinct=True),
    )
    return {code: 100 * row["answered"] / row["n"] for code, row in grouped.items() if row["n"]}


def map_figures(user: Any) -> list[MapFigure]:
    group = _("Consultations")
    return [
        MapFigure(
            key="consultations.recommendations",
            label=_("Recommendations from the region"),
            value_label=_("Recommendations"),
            values=_made,
            note=_("Recommendations of the consultations addressed to the region (merged duplicates counted once)."),
            group=group,
        ),
        MapFigure(
            key="consultations.answered",
            label=_("Recommendations answered"),
            value_label=_("Answered, %"),
            values=_answered,
            percent=True,
            note=_("Share of the region's recommendations with an official answer beyond “not answered”."),
            group=group,
        ),
    ]


def attendance_charts(attendance: selectors.Attendance) -> list[charts.Chart]:
    """The attendance of a meeting or a series by role and by oblast, as bar charts (with their tables)."""
    out = []
    role_rows = attendance.role_rows
    if role_rows:
        out.append(
            charts.bar_chart(
                title=_("By role"),
                labels=[str(label) for label, _n in role_rows],
                values=[n for _label, n in role_rows],
                value_label=_("People"),
                category_label=_("Role"),
            )
        )
    if attendance.by_oblast:
        out.append(
            charts.bar_chart(
                title=_("By oblast"),
                labels=[unit.name for unit, _n in attendance.by_oblast],
                values=[n for _unit, n in attendance.by_oblast],
                value_label=_("People"),
                category_label=_("Oblast"),
            )
        )
    return out
