import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tendik.consultations.models import ConsultationSeries, Meeting, Problem, Recommendation
from tendik.consultations.services.seed import load_series, oblast_lookup, regions_lookup

DATA = Path(__file__).resolve().parents[1] / "data" / "may2025_series.json"


def test_shipped_series_file_follows_the_schema():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert data["code"] and data["title"]["ru"] and data["start_date"] == "2025-05-12"
    assert [m["place_ru"] for m in data["meetings"]] == ["г. Баткен", "г. Ош", "г. Каракол", "г. Нарын"]
    themes = {
        "economic",
        "education_culture",
        "violence_protection",
        "political_participation",
        "budgets_audit",
        "climate_environment",
    }
    assert {r["theme"] for r in data["recommendations"]} <= themes
    assert {r["scope"] for r in data["recommendations"]} == {"general", "regional"}
    assert all(r["text"]["ru"] and r["text"]["ky"] and r["text"]["en"] for r in data["recommendations"])


def _small(territory):
    return {
        "code": "test-series",
        "title": {"ru": "Серия", "ky": "Серия", "en": "Series"},
        "start_date": "2025-05-12",
        "end_date": "2025-05-23",
        "aims": {"ru": "Цель 1\nЦель 2"},
        "tasks": [{"ru": "Задача", "ky": "Милдет"}],
        "organisers": [{"ru": "МТСОМ", "en": "MLSSM"}],
        "results": "Итоги",
        "vawp_survey": {"ru": "Опрос"},
        "meetings": [
            {
                "code": "kz",
                "title": {"ru": "Встреча"},
                "date": None,
                "end_date": None,
                "place_ru": "Казыбекский айылный аймак",
                "oblasts_covered": ["Нарынская"],
                "participants": {
                    "total": 20,
                    "women": 18,
                    "men": 2,
                    "by_role": {"deputy": 8},
                    "by_oblast": {"Нарынская": 20},
                },
                "agenda": {"ru": "Обсуждение"},
            }
        ],
        "problems": [
            {"region": "Нарынская", "theme": "violence_protection", "text": {"ru": "Насилие"}},
            {"region": "Баткенская и Нарынская", "theme": "economic", "text": {"ru": "Безработица"}},
        ],
        "recommendations": [
            {
                "scope": "general",
                "region": None,
                "theme": "economic",
                "plan": "both",
                "level": "national",
                "text": {"ru": "Бизнес женщин", "ky": "Аялдардын бизнеси"},
                "measure_refs": ["1.1", "II.N.1", "9.9"],
            },
            {
                "scope": "regional",
                "region": "Нарынская",
                "theme": "political_participation",
                "plan": "wps1325",
                "level": "local",
                "text": {"ru": "Обучение женщин"},
                "measure_refs": ["II.L.2", "X.N.1"],
            },
        ],
    }


def test_loader_links_measures_warns_on_unknown_refs_and_is_idempotent(territory, catalogue, monkeypatch):
    from tendik.consultations.services import seed

    monkeypatch.setitem(seed.CITY_CODES, "казыбекский айылный аймак", territory["kazybek"].code)
    data = _small(territory)
    series, report = load_series(data)
    assert report.created == {"series": 1, "meetings": 1, "problems": 2, "recommendations": 2}
    assert any("9.9" in w for w in report.warnings) and any("X.N.1" in w for w in report.warnings)
    general = Recommendation.objects.get(code="test-series-001")
    assert set(general.measures.values_list("number", flat=True)) == {"1.1", "II.N.1"}
    assert set(general.plans.values_list("code", flat=True)) == {"gender-2025-2027", "wps1325-2025-2027"}
    regional = Recommendation.objects.get(code="test-series-002")
    assert regional.meeting.code == "kz" and regional.regions.get() == territory["naryn"]
    assert Problem.objects.get(text_ru="Безработица").regions.count() == 2
    meeting = Meeting.objects.get(code="kz")
    assert meeting.counts.get(dimension="total").count == 20
    assert series.tasks == [{"ru": "Задача", "ky": "Милдет", "en": ""}]
    again, report2 = load_series(data)
    assert again == series and report2.created == {"series": 0, "meetings": 0, "problems": 0, "recommendations": 0}
    assert Recommendation.objects.count() == 2


def test_oblast_names_in_any_spelling(territory):
    assert oblast_lookup("Нарынская") == territory["naryn"]
    assert oblast_lookup("Баткенская область") == territory["batken"]
    assert regions_lookup("Баткенская и Нарынская") == [territory["batken"], territory["naryn"]]


def test_demo_command_needs_territories(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("load_consultations_demo")
    assert not ConsultationSeries.objects.exists()
