"""Official answers: answering (a new version, checked against the state's rules and allowed moves) and publishing
(a separate step, in bulk), each with a timeline entry; publishing informs the participants."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tendik.consultations.models import (
    AnswerState,
    AnswerTransition,
    EventKind,
    Organisation,
    Recommendation,
    RecommendationAnswer,
)
from tendik.consultations.services.recommendations import event_record
from tendik.core.concurrency import StaleVersion, difference, guard

# code, ru, ky, en, is_initial, requires_text, requires_measure, is_final, tone
DEFAULT_STATES = [
    ("not_answered", "Без ответа", "Жооп берилген жок", "Not answered", True, False, False, False, ""),
    ("under_review", "На рассмотрении", "Каралууда", "Under review", False, False, False, False, "warn"),
    ("accepted", "Принята", "Кабыл алынды", "Accepted", False, False, True, True, "ok"),
    (
        "partially_accepted",
        "Принята частично",
        "Жарым-жартылай кабыл алынды",
        "Partially accepted",
        False,
        True,
        False,
        True,
        "ok",
    ),
    ("rejected", "Отклонена", "Четке кагылды", "Rejected", False, True, False, True, "bad"),
    (
        "already_in_plan",
        "Уже учтена в плане",
        "Планда мурунтан эле бар",
        "Already in the plan",
        False,
        False,
        True,
        True,
        "ok",
    ),
]
# Moves allowed by default: anything from "not answered"; a decision from "under review"; a decision can only be
# reopened (back to "under review"). Nothing ever goes back to "not answered".
DEFAULT_TRANSITIONS = [
    *[("not_answered", s[0]) for s in DEFAULT_STATES[1:]],
    *[("under_review", s[0]) for s in DEFAULT_STATES[2:]],
    *[(s[0], "under_review") for s in DEFAULT_STATES[2:]],
]


class InvalidTransition(ValidationError):
    """The answer cannot move from its current state to the requested one."""


@transaction.atomic
def answer_states_ensure() -> None:
    """Create the default answer states and moves if they are missing (never changes existing ones)."""
    by_code = {}
    for order, (code, ru, ky, en, initial, req_text, req_measure, final, tone) in enumerate(DEFAULT_STATES):
        by_code[code], _created = AnswerState.objects.get_or_create(
            code=code,
            defaults={
                "name_ru": ru,
                "name_ky": ky,
                "name_en": en,
                "is_initial": initial,
                "requires_text": req_text,
                "requires_measure": req_measure,
                "is_final": final,
                "tone": tone,
                "order": order,
            },
        )
    for a, b in DEFAULT_TRANSITIONS:
        AnswerTransition.objects.get_or_create(from_state=by_code[a], to_state=by_code[b])


def initial_state() -> AnswerState:
    state = AnswerState.objects.filter(is_initial=True).order_by("order").first()
    if state is None:
        answer_states_ensure()
        state = AnswerState.objects.get(code="not_answered")
    return state


def current_state(recommendation: Recommendation) -> AnswerState:
    if recommendation.current_answer is not None:
        return recommendation.current_answer.state
    return initial_state()


def allowed_states(recommendation: Recommendation) -> list[AnswerState]:
    """The states the answer may move to now (its own state included, to revise the text)."""
    state = current_state(recommendation)
    targets = list(
        AnswerState.objects.filter(pk__in=AnswerTransition.objects.filter(from_state=state).values("to_state"))
    )
    if not state.is_initial:
        targets.append(state)
    return sorted(targets, key=lambda s: (s.order, s.code))


@transaction.atomic
def recommendation_answer(
    *,
    recommendation: Recommendation,
    actor: Any,
    state: AnswerState,
    text_ru: str = "",
    text_ky: str = "",
    text_en: str = "",
    answering_body: Organisation | None = None,
    implementing_measure: Any = None,
    version: int | None = None,
) -> RecommendationAnswer:
    """Prepare a new version of the official answer (not yet public).

    `version`: the recommendation's version the answerer started from; if someone answered or edited it since,
    StaleVersion with the difference from the current answer, and nothing is saved.

    Raises InvalidTransition for a move the transition table does not allow, and ValidationError when the state
    requires a text (rejected, partially accepted) or an implementing measure (accepted, already in the plan).
    """
    submitted = {
        "state": state,
        "text_ru": text_ru,
        "text_ky": text_ky,
        "text_en": text_en,
        "answering_body": answering_body,
        "implementing_measure": implementing_measure,
    }
    try:
        rec = guard(recommendation, version=version)
    except StaleVersion as exc:
        current = Recommendation.objects.get(pk=recommendation.pk).current_answer
        exc.diff = difference(instance=current, data=submitted) if current is not None else []
        raise
    if rec.merged_into_id:
        raise ValidationError(_("This recommendation was merged; answer the one it was merged into."))
    before = current_state(rec)
    if state.pk != before.pk or state.is_initial:
        if not AnswerTransition.objects.filter(from_state=before, to_state=state).exists():
            raise InvalidTransition(
                _("The answer cannot go from “%(a)s” to “%(b)s”.") % {"a": before.name, "b": state.name},
                code="invalid_transition",
            )
    texts = {"text_ru": text_ru.strip(), "text_ky": text_ky.strip(), "text_en": text_en.strip()}
    errors = {}
    if state.requires_text and not any(texts.values()):
        errors["text_ru"] = _("An answer text is required for “%(state)s”.") % {"state": state.name}
    if state.requires_measure and implementing_measure is None:
        errors["implementing_measure"] = _("Name the measure that implements the recommendation.")
    if errors:
        raise ValidationError(errors)
    answer = RecommendationAnswer.objects.create(
        recommendation=rec,
        state=state,
        answering_body=answering_body,
        implementing_measure=implementing_measure,
        answered_by=actor if getattr(actor, "is_authenticated", False) else None,
        **texts,
    )
    rec.current_answer = answer
    rec.save(update_fields=["current_answer", "version"])
    if implementing_measure is not None:
        rec.measures.add(implementing_measure)
        rec.plans.add(implementing_measure.plan_id)
    recommendation.current_answer = answer
    event_record(
        recommendation=rec,
        kind=EventKind.ANSWERED,
        actor=actor,
        data={"state": state.code, "from": before.code, "answer": answer.pk},
    )
    _tell(rec, actor, published=False)
    return answer


def _tell(rec: Recommendation, actor: Any, *, published: bool) -> None:
    """The person who recorded the recommendation hears that it was answered, then that the answer is public."""
    from django.urls import reverse

    from tendik.accounts.services import notify_people
    from tendik.core.i18n import pick

    if rec.created_by_id is None:
        return

    def title() -> str:
        words = pick(rec, "text")
        words = words if len(words) <= 80 else words[:79].rstrip() + "…"
        if published:
            return _("The answer to the recommendation “%(text)s” is published") % {"text": words}
        return _("The recommendation “%(text)s” was answered; the answer awaits publication") % {"text": words}

    notify_people(
        users=[rec.created_by],
        title=title,
        url=reverse("consultations:recommendation", args=[rec.code]),
        kind="consultations.answer",
        exclude=actor,
    )


@transaction.atomic
def answers_publish(
    *, recommendations: Iterable[Recommendation], actor: Any, inform: bool = True
) -> list[Recommendation]:
    """Publish the prepared answers of these recommendations together; those without a new answer are skipped.

    The participants who asked to be informed hear of it after the commit (one message each).
    """
    ids = [r.pk for r in recommendations]
    recs = list(
        Recommendation.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related("current_answer")
    )
    now = timezone.now()
    published = []
    for rec in recs:
        answer = rec.current_answer
        if answer is None or not rec.has_unpublished_answer or rec.merged_into_id:
            continue
        answer.published_at, answer.published_by = now, actor if getattr(actor, "is_authenticated", False) else None
        answer.save(update_fields=["published_at", "published_by"])
        rec.published_answer = answer
        rec.save(update_fields=["published_answer"])
        event_record(
            recommendation=rec,
            kind=EventKind.PUBLISHED,
            actor=actor,
            is_public=True,
            data={"state": answer.state.code, "answer": answer.pk},
        )
        published.append(rec)
        _tell(rec, actor, published=True)
    if published and inform:
        from tendik.consultations.services.informing import inform_answers_published

        pks = [r.pk for r in published]
        transaction.on_commit(lambda: inform_answers_published(recommendation_ids=pks))
    return published
