"""Builders for the reserve and trainings tests (real objects through the services)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from tendik.participation.models.reserve import ConsentItem, ExpertiseArea, ReservePerson
from tendik.participation.models.trainings import TrainingProgramme, TrainingSession
from tendik.participation.services import reserve as reserve_services
from tendik.participation.services import trainings as training_services

_N = itertools.count(1000)


def next_n() -> int:
    """A fresh number for a unique demo name."""
    return next(_N)


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


class World:
    """Users in every position of the authorisation matrix, and records in Batken and Naryn."""

    def __init__(self, make_user: Any, territory: dict[str, Any]) -> None:
        from tendik.participation.services import trainings as ts

        t = territory
        self.t = t
        self.coordinator = make_user("national_coordinator", username="coordinator")
        self.focal = make_user("focal_point", unit=t["batken"], username="focal_batken")
        self.focal_naryn = make_user("focal_point", unit=t["naryn"], username="focal_naryn")
        self.viewer = make_user("viewer", username="viewer")
        self.municipal = make_user("municipal_officer", unit=t["halmion"], username="officer_halmion")
        self.plain = make_user(None, username="plain")
        self.area = area("law", "Право")
        self.person = person(self.coordinator, t["halmion"], name="Айгүл Токтосунова")
        self.person.areas.set([self.area])
        self.naryn_person = person(self.coordinator, t["kazybek"], name="Бермет Сыдыкова", is_youth_leader=True)
        self.shortlist = reserve_services.shortlist_create(
            actor=self.coordinator, title="Заместитель главы", post="Заместитель главы", territory=t["kadamjay"]
        )
        self.naryn_shortlist = reserve_services.shortlist_create(
            actor=self.coordinator, title="Нарын", post="Специалист", territory=t["atbashy"]
        )
        self.programme = programme(self.coordinator)
        self.session = session(self.coordinator, self.programme, t["aydarken"])
        self.naryn_session = session(self.coordinator, self.programme, t["kazybek"])
        self.participant = ts.participant_add(actor=self.coordinator, session=self.session, person=self.person)
        ts.participant_complete(actor=self.coordinator, participant=self.participant)
        self.certificate = ts.certificate_issue(actor=self.coordinator, participant=self.participant, language="ky")
        self.naryn_participant = ts.participant_add(
            actor=self.coordinator, session=self.naryn_session, person=self.naryn_person
        )
