"""Telling participants what became of their recommendations: an e-mail in her language (when she consented and
asked to be informed) and an in-app notice for a participant linked to a Tendik account.

Who is told about a recommendation: the participants of its meeting (and of the meetings of duplicates merged into
it; for a general recommendation without a meeting, of all the series' meetings) and its explicit followers — only
those who agreed to be contacted and asked for updates.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tendik.accounts.services import notify
from tendik.consultations.models import EventKind, Participant, Recommendation
from tendik.consultations.services.recommendations import event_record

log = logging.getLogger(__name__)


def recipients(recommendations: Iterable[Recommendation]) -> dict[int, tuple[Participant, list[Recommendation]]]:
    """participant id → (participant, the recommendations she should hear about). A fixed number of queries."""
    recs = list(recommendations)
    meetings_of: dict[int, set[int]] = {}
    series_ids = {r.series_id for r in recs}
    from tendik.consultations.models import Meeting

    series_meetings: dict[int, set[int]] = defaultdict(set)
    for mid, sid in Meeting.objects.filter(series_id__in=series_ids).values_list("pk", "series_id"):
        series_meetings[sid].add(mid)
    dup_meetings: dict[int, set[int]] = defaultdict(set)
    for target, mid in Recommendation.objects.filter(merged_into__in=recs, meeting__isnull=False).values_list(
        "merged_into_id", "meeting_id"
    ):
        dup_meetings[target].add(mid)
    for r in recs:
        ids = {r.meeting_id} if r.meeting_id else set()
        ids |= dup_meetings[r.pk]
        if not ids and r.scope == "general":
            ids = set(series_meetings[r.series_id])
        meetings_of[r.pk] = ids
    all_meetings = set().union(*meetings_of.values()) if meetings_of else set()
    followers: dict[int, set[int]] = defaultdict(set)
    for rid, pid in Recommendation.followers.through.objects.filter(recommendation__in=recs).values_list(
        "recommendation_id", "participant_id"
    ):
        followers[rid].add(pid)
    all_followers = set().union(*followers.values()) if followers else set()
    people = (
        Participant.objects.filter(consent_contact=True, wants_updates=True)
        .filter(Q(meeting_id__in=all_meetings) | Q(pk__in=all_followers))
        .select_related("user", "municipality")
    )
    result: dict[int, tuple[Participant, list[Recommendation]]] = {}
    for p in people:
        mine = [r for r in recs if p.meeting_id in meetings_of[r.pk] or p.pk in followers[r.pk]]
        if mine:
            result[p.pk] = (p, mine)
    return result


def _send(messages: list[EmailMessage]) -> int:
    if not messages:
        return 0
    try:
        with get_connection() as connection:
            return connection.send_messages(messages) or 0
    except Exception:  # noqa: BLE001 — a mail server failure must not undo the published answers
        log.exception("consultations: could not send %s e-mails", len(messages))
        return 0


def _deliver(
    *,
    kind: str,
    template: str,
    context_for: Any,
    recs: list[Recommendation],
    people: dict[int, tuple[Participant, list[Recommendation]]],
    event_data: dict[str, Any],
) -> dict[str, int]:
    messages, notices = [], 0
    told: dict[int, int] = defaultdict(int)
    for participant, mine in people.values():
        with translation.override(participant.language or "ru"):
            ctx = {"site_url": settings.TENDIK_SITE_URL, **context_for(participant, mine)}
            subject = render_to_string(f"consultations/email/{template}_subject.txt", ctx).strip()
            body = render_to_string(f"consultations/email/{template}.txt", ctx)
            if participant.email:
                messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [participant.email]))
            if participant.user is not None:
                url = reverse("consultations:public_detail", args=[mine[0].code])
                notify(user=participant.user, title=subject, body=body[:2000], url=url, kind=f"consultations.{kind}")
                notices += 1
        for r in mine:
            told[r.pk] += 1
    sent = _send(messages)
    with transaction.atomic():
        for r in recs:
            if told[r.pk]:
                event_record(recommendation=r, kind=EventKind.NOTIFIED, data={**event_data, "participants": told[r.pk]})
    return {"emails": sent, "notices": notices}


def inform_answers_published(*, recommendation_ids: list[int]) -> dict[str, int]:
    """After answers are published: one message per participant listing her recommendations' answers."""
    recs = list(
        Recommendation.objects.filter(pk__in=recommendation_ids).select_related(
            "published_answer__state", "published_answer__answering_body", "published_answer__implementing_measure"
        )
    )
    people = recipients(recs)

    def context_for(participant: Participant, mine: list[Recommendation]) -> dict[str, Any]:
        return {"participant": participant, "items": [{"rec": r, "answer": r.published_answer} for r in mine]}

    return _deliver(
        kind="answer",
        template="answers_published",
        context_for=context_for,
        recs=recs,
        people=people,
        event_data={"reason": "published"},
    )


def _municipality_of(local_measure: Any, report: Any) -> Any:
    for obj, chain in (
        (report, ("municipality",)),
        (local_measure, ("municipality",)),
        (local_measure, ("local_plan", "municipality")),
        (report, ("local_plan", "municipality")),
    ):
        cur = obj
        for attr in chain:
            cur = getattr(cur, attr, None)
            if cur is None:
                break
        if cur is not None and hasattr(cur, "path"):
            return cur
    return None


def inform_measure_progress(
    *, measure: Any, local_measure: Any = None, report: Any = None, status: Any = None
) -> dict[str, int]:
    """A municipality's approved progress on a measure changed: tell the participants whose published, positive
    answers name this measure as the implementing one (those of the municipality's oblast, or of unknown
    municipality, when the municipality is known)."""
    if measure is None:
        return {"emails": 0, "notices": 0}
    recs = list(
        Recommendation.objects.active()
        .filter(published_answer__implementing_measure=measure)
        .select_related("published_answer__state")
    )
    if not recs:
        return {"emails": 0, "notices": 0}
    municipality = _municipality_of(local_measure, report)

    def status_label() -> str:
        # The plans module reports a LocalMeasure's `current_status` code: show its label in her language.
        for field in ("current_status", "status"):
            display = getattr(local_measure, f"get_{field}_display", None)
            if callable(display) and str(getattr(local_measure, field, "")) == str(status or ""):
                return str(display())
        return str(status or "")

    with transaction.atomic():
        for r in recs:
            event_record(
                recommendation=r,
                kind=EventKind.MEASURE_PROGRESS,
                is_public=True,
                data={
                    "measure": measure.number,
                    "status": str(status or ""),
                    "municipality": getattr(municipality, "code", ""),
                },
            )
    people = recipients(recs)
    if municipality is not None:
        oblast_path = "/".join(municipality.path.split("/")[:1]) + "/"
        people = {
            pk: (p, mine)
            for pk, (p, mine) in people.items()
            if p.municipality is None or p.municipality.path.startswith(oblast_path)
        }

    def context_for(participant: Participant, mine: list[Recommendation]) -> dict[str, Any]:
        return {
            "participant": participant,
            "items": mine,
            "measure": measure,
            "municipality": municipality,
            "status": status_label(),
        }

    return _deliver(
        kind="progress",
        template="measure_progress",
        context_for=context_for,
        recs=recs,
        people=people,
        event_data={"reason": "measure_progress", "measure": measure.number},
    )
