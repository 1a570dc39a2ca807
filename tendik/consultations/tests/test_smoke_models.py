import pytest

from tendik.consultations.models import AnswerState, AnswerTransition

pytestmark = pytest.mark.django_db


def test_default_answer_states_seeded():
    codes = set(AnswerState.objects.values_list("code", flat=True))
    assert codes == {"not_answered", "under_review", "accepted", "partially_accepted", "rejected", "already_in_plan"}
    assert AnswerState.objects.get(code="rejected").requires_text
    assert AnswerState.objects.get(code="partially_accepted").requires_text
    assert not AnswerState.objects.get(code="accepted").requires_text
    assert AnswerTransition.objects.count() > 0
