"""Builders for the reserve and trainings tests (real objects through the services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tendik.participation.models.reserve import ConsentItem, ExpertiseArea, ReservePerson
from tendik.participation.models.trainings import TrainingProgramme, TrainingSession
from tendik.participation.services import reserve as reserve_services
from tendik.participation.services import trainings as training_services

FULL_CONSENT = [ConsentItem.PROFILE, ConsentItem.CONTACTS, ConsentItem.SHORTLISTS]


def area(code: str = "law", name: str = "Право") -> ExpertiseArea:
    return ExpertiseArea.objects.get_or_create(code=code, defaults={"name_ru": name, "name_en": code.title()})[0]


def person(actor: Any, territory: Any, *, name: str = "Айгүл Токтосунова", n: int = 0, **extra: Any) -> ReservePerson:
    data: dict[str, Any] = {
        "full_name": f"{name} {n}" if n else name,
        "birth_year": 1990,
        "sex": "female",
        "phone": "+996 555 123 456",
        "email": "aigul@example.org",
        "education": "КНУ, юрист",
        "experience": "Депутатка айылного кенеша",
        "consent_on": dt.date(2025, 5, 12),
        "consent_scope": FULL_CONSENT,
        "languages": ["ky", "ru"],
    }
    data.update(extra)
    return reserve_services.person_create(actor=actor, territory=territory, **data)


def programme(actor: Any, code: str = "polschool") -> TrainingProgramme:
    return training_services.programme_save(
        actor=actor, code=code, kind="political_school", title_ru="Политическая школа", title_ky="Саясий мектеп"
    )


def session(actor: Any, prog: TrainingProgramme, territory: Any) -> TrainingSession:
    return training_services.session_save(
        actor=actor,
        programme=prog,
        starts_on=dt.date(2025, 6, 2),
        ends_on=dt.date(2025, 6, 4),
        territory=territory,
        venue="Дом культуры",
    )
