"""Trainings in Excel: sessions with their figures, and participants (reserve codes only for RESERVE_VIEW holders)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tendik.accounts.permissions import has_perm, unit_q
from tendik.accounts.roles import Perm
from tendik.core.spreadsheets import XlsxWriter
from tendik.participation.models.reserve import AgeGroup, Sex
from tendik.participation.models.trainings import TrainingHeadcount, TrainingParticipant
from tendik.participation.selectors import trainings as sel


def trainings_workbook(*, user: Any) -> bytes:
    book = XlsxWriter()
    sessions = book.sheet(
        _("Sessions"),
        headers=[
            _("Programme"),
            _("Kind"),
            _("Session"),
            _("From"),
            _("To"),
            _("Place"),
            _("Venue"),
            _("Participants"),
            pgettext("training", "Completed"),
        ],
        widths=[40, 18, 16, 12, 12, 24, 30, 12, 12],
    )
    for s in sel.sessions_list(user=user).iterator(chunk_size=500):
        sessions.append(
            [
                s.programme.title,
                s.programme.get_kind_display(),
                s.title,
                s.starts_on,
                s.ends_on,
                s.territory.name,
                s.venue,
                s.n_named + s.n_counted,  # type: ignore[attr-defined]  # annotated by sessions_list
                s.n_named_done + s.n_counted_done,  # type: ignore[attr-defined]
            ]
        )
    sexes, ages = dict(Sex.choices), dict(AgeGroup.choices)
    people = book.sheet(
        _("Participants"),
        headers=[
            _("Programme"),
            _("From"),
            _("Place"),
            _("Code"),
            _("Sex"),
            _("Age group"),
            _("Territory"),
            _("Attended"),
            pgettext("training", "Completed"),
        ],
        widths=[40, 12, 24, 14, 10, 12, 24, 10, 10],
    )
    scope = unit_q(user, Perm.PARTICIPATION_VIEW, "session__territory")
    may_see = has_perm(user, Perm.RESERVE_VIEW)
    named = (
        TrainingParticipant.objects.filter(scope)
        .select_related("session__programme", "session__territory", "territory", "person")
        .order_by("session__starts_on", "id")
    )
    for p in named.iterator(chunk_size=500):
        show = may_see and p.person_id and has_perm(user, Perm.RESERVE_VIEW, unit=p.territory)
        people.append(
            [
                p.session.programme.title,
                p.session.starts_on,
                p.session.territory.name,
                p.person.code if show and p.person else "",
                str(sexes[p.sex]),
                str(ages[p.age_group]),
                p.territory.name,
                1,
                1 if p.completed else 0,
            ]
        )
    counted = (
        TrainingHeadcount.objects.filter(scope & Q(attended__gt=0))
        .select_related("session__programme", "session__territory", "territory")
        .order_by("session__starts_on", "id")
    )
    for h in counted.iterator(chunk_size=500):
        people.append(
            [
                h.session.programme.title,
                h.session.starts_on,
                h.session.territory.name,
                "",
                str(sexes[h.sex]),
                str(ages[h.age_group]),
                h.territory.name,
                h.attended,
                h.completed,
            ]
        )
    return book.to_bytes()
