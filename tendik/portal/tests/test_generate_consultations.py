"""The consultations generator: seeded, audited row by row, refuses a second run, and the public list reads it."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from tendik.audit.models import AuditEntry
from tendik.consultations.models import Recommendation, RecommendationAnswer
from tendik.portal.generate import SIZES
from tendik.portal.generate.consultations import generate_consultations

pytestmark = pytest.mark.django_db


def _rows() -> list[tuple]:
    return list(
        Recommendation.objects.order_by("code").values_list(
            "code", "text_ru", "scope", "theme", "meeting__code", "current_answer__state__code"
        )
    )


def test_generated_recommendations_are_seeded_audited_and_listed(client):
    call_command("load_territories", verbosity=0)
    counts = generate_consultations(size=SIZES["demo"], seed=7, log=lambda _m: None)
    assert counts["recommendations"] == Recommendation.objects.count() == 120
    assert 0 < counts["answers"] == RecommendationAnswer.objects.count() < 120
    assert Recommendation.objects.filter(published_answer__isnull=False).exists()
    assert Recommendation.objects.filter(regions__isnull=False).exists()
    for model in (Recommendation, RecommendationAnswer):
        entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), action="create")
        assert entries.count() == model.objects.count()
    first = _rows()
    with pytest.raises(RuntimeError):
        generate_consultations(size=SIZES["demo"], seed=7, log=lambda _m: None)
    assert client.get("/consultations/public/?page=4").status_code == 200

    # The same seed gives the same rows on a fresh database.
    RecommendationAnswer.objects.all().delete()
    Recommendation.objects.all().delete()
    from tendik.consultations.models import ConsultationSeries, Meeting

    Meeting.objects.all().delete()
    ConsultationSeries.objects.all().delete()
    generate_consultations(size=SIZES["demo"], seed=7, log=lambda _m: None)
    assert [r[1:] for r in _rows()] == [r[1:] for r in first]
