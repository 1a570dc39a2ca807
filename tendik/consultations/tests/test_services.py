import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tendik.consultations.models import EventKind, MeetingAttachment, Recommendation, RecommendationEvent
from tendik.consultations.services.answers import InvalidTransition, answers_publish, recommendation_answer
from tendik.consultations.services.meetings import attachment_add, meeting_save
from tendik.consultations.services.participants import attendance_counts_set, participant_save
from tendik.consultations.services.recommendations import recommendation_merge
from tendik.consultations.tests.factories import state


def _answer(world, rec, code, **kw):
    return recommendation_answer(recommendation=rec, actor=world["u"]["coordinator"], state=state(code), **kw)


@pytest.mark.parametrize("code", ["rejected", "partially_accepted"])
def test_answer_text_required_to_reject_or_partly_accept(world, code):
    rec = world["rec_b"]
    with pytest.raises(ValidationError) as exc:
        _answer(world, rec, code, text_ru="   ")
    assert "text_ru" in exc.value.message_dict
    rec.refresh_from_db()
    assert rec.current_answer is None
    answer = _answer(world, rec, code, text_ky="Себеби: мыйзам менен жөнгө салынат")
    assert answer.state.code == code


def test_accepting_requires_the_implementing_measure(world):
    rec = world["rec_b"]
    with pytest.raises(ValidationError) as exc:
        _answer(world, rec, "accepted")
    assert "implementing_measure" in exc.value.message_dict
    answer = _answer(world, rec, "accepted", implementing_measure=world["c"]["m34"])
    assert answer.implementing_measure == world["c"]["m34"]
    # the implementing measure is linked to the recommendation, visible from the measure's side
    assert rec.measures.filter(pk=world["c"]["m34"].pk).exists()


def test_accepting_needs_no_text(world):
    _answer(world, world["rec_b"], "accepted", implementing_measure=world["c"]["m11"])


def test_transition_table_refuses_invalid_moves(world):
    rec = world["rec_b"]
    _answer(world, rec, "rejected", text_ru="Нет")
    # a decision cannot jump to another decision, nor back to "not answered"
    with pytest.raises(InvalidTransition):
        _answer(world, rec, "accepted", implementing_measure=world["c"]["m11"])
    with pytest.raises(InvalidTransition):
        _answer(world, rec, "not_answered")
    _answer(world, rec, "under_review")
    _answer(world, rec, "accepted", implementing_measure=world["c"]["m11"])
    assert rec.answers.count() == 3


def test_answering_and_publishing_are_separate_steps(world):
    rec = world["rec_b"]
    _answer(world, rec, "under_review")
    rec.refresh_from_db()
    assert rec.current_answer is not None and rec.published_answer is None
    first = rec.current_answer
    published = answers_publish(recommendations=[rec, world["rec_n"]], actor=world["u"]["coordinator"])
    assert published == [rec]  # rec_n has no answer: skipped
    rec.refresh_from_db()
    first.refresh_from_db()
    assert rec.published_answer == first and first.published_at is not None
    # a new answer is not public until published again
    _answer(world, rec, "rejected", text_ru="Отклонено")
    rec.refresh_from_db()
    assert rec.published_answer == first and rec.current_answer != first
    kinds = list(RecommendationEvent.objects.filter(recommendation=rec).values_list("kind", flat=True))
    assert kinds == [EventKind.CREATED, EventKind.ANSWERED, EventKind.PUBLISHED, EventKind.ANSWERED]


def test_bulk_publish(world):
    for rec in (world["rec_b"], world["rec_n"], world["rec_g"]):
        _answer(world, rec, "under_review")
    published = answers_publish(recommendations=Recommendation.objects.all(), actor=world["u"]["coordinator"])
    assert len(published) == 3
    assert answers_publish(recommendations=Recommendation.objects.all(), actor=world["u"]["coordinator"]) == []


def test_merge_keeps_links_and_history(world):
    target, dup = world["rec_b"], world["rec_n"]
    recommendation_merge(target=target, duplicates=[dup], actor=world["u"]["coordinator"])
    dup.refresh_from_db()
    assert dup.merged_into == target
    assert set(target.regions.values_list("code", flat=True)) == {world["t"]["batken"].code, world["t"]["naryn"].code}
    assert target.measures.filter(pk=world["c"]["n1"].pk).exists()
    assert not Recommendation.objects.active().filter(pk=dup.pk).exists()
    from tendik.consultations.selectors import timeline

    events = list(timeline(target))
    assert {e.recommendation_id for e in events} == {target.pk, dup.pk}
    assert EventKind.MERGED_FROM in {e.kind for e in events}
    with pytest.raises(ValidationError):
        recommendation_merge(target=target, duplicates=[dup], actor=None)


def test_meeting_place_must_be_a_municipality(world):
    with pytest.raises(ValidationError):
        meeting_save(
            series=world["series"],
            code="bad",
            title_ru="x",
            start_date=dt.date(2025, 5, 1),
            place=world["t"]["kadamjay"],
        )


def test_attendance_breakdown_cannot_exceed_total(world):
    with pytest.raises(ValidationError):
        attendance_counts_set(meeting=world["batken_m"], total=10, by_sex={"female": 11})
    attendance_counts_set(
        meeting=world["batken_m"], total=10, by_sex={"female": 9, "male": 1}, by_oblast={world["t"]["batken"]: 10}
    )
    attendance_counts_set(meeting=world["batken_m"], total=12, by_sex={"female": 12})
    assert world["batken_m"].counts.count() == 2


def test_informing_requires_consent(world):
    with pytest.raises(ValidationError):
        participant_save(meeting=world["batken_m"], full_name="А", sex="female", wants_updates=True)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.mark.parametrize(
    ("kind", "name", "content", "ok"),
    [
        ("photo", "a.png", PNG, True),
        ("photo", "a.pdf", b"%PDF-1.4 x", False),  # wrong type for a photo
        ("document", "a.pdf", b"%PDF-1.4 x", True),
        ("document", "a.pdf", PNG, False),  # content does not match the extension
        ("document", "a.exe", b"MZ", False),
        ("photo", "a.png", b"", False),
    ],
)
def test_attachment_type_checks(world, kind, name, content, ok):
    upload = SimpleUploadedFile(name, content)
    if ok:
        a = attachment_add(meeting=world["batken_m"], kind=kind, title="", upload=upload, actor=None)
        assert a.size == len(content)
    else:
        with pytest.raises(ValidationError):
            attachment_add(meeting=world["batken_m"], kind=kind, title="", upload=upload, actor=None)
        assert not MeetingAttachment.objects.exists()


def test_attachment_size_limit(world, monkeypatch):
    from tendik.consultations.services import meetings

    monkeypatch.setitem(meetings.MAX_SIZE, "photo", 20)
    with pytest.raises(ValidationError):
        attachment_add(
            meeting=world["batken_m"], kind="photo", title="", upload=SimpleUploadedFile("a.png", PNG), actor=None
        )
