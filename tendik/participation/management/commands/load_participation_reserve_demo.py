"""Demo cadre reserve and trained cohort (idempotent: a second run changes nothing).

Needs `load_territories`. People are clearly fictional; places are real. Run after `load_demo_users` (it reuses the
"coordinator" account as the acting user, creating it if missing).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tendik.accounts.roles import Role
from tendik.accounts.services import demo_user_ensure
from tendik.audit.context import acting_as
from tendik.core.crypto import identity_hash
from tendik.geography.models import AdministrativeUnit
from tendik.participation import demo_reserve as D
from tendik.participation.models.reserve import ConsentItem, ExpertiseArea, ReservePerson, Shortlist
from tendik.participation.models.trainings import (
    Certificate,
    TrainingParticipant,
    TrainingProgramme,
    TrainingSession,
)
from tendik.participation.services import reserve as reserve_services
from tendik.participation.services import trainings as training_services

PEOPLE_PER_PLACE = 3


class Command(BaseCommand):
    help = "Load a demo cadre reserve (women and youth leaders in five oblasts) and a trained political-school cohort."

    def handle(self, *args: Any, **options: Any) -> None:
        if not AdministrativeUnit.objects.filter(code="41705000000000").exists():
            raise CommandError("Territories are not loaded: run `manage.py load_territories` first.")
        actor = demo_user_ensure(
            username="coordinator",
            full_name="Айгуль Сыдыкова",
            role=Role.NATIONAL_COORDINATOR,
            position="Главный специалист отдела гендерной политики",
            organisation="Министерство труда, социального обеспечения и миграции КР",
        )
        with acting_as(actor, source="command"), transaction.atomic():
            areas = self._areas(actor)
            people = self._people(actor, areas)
            sessions = self._sessions(actor)
            self._cohort(actor, people, sessions)
            self._shortlist(actor, people)
        self.stdout.write(
            f"Reserve demo: {ReservePerson.objects.count()} people, {TrainingSession.objects.count()} sessions, "
            f"{Certificate.objects.count()} certificates."
        )

    def _areas(self, actor: Any) -> list[ExpertiseArea]:
        out = []
        for order, (code, ru, ky, en) in enumerate(D.AREAS):
            area = ExpertiseArea.objects.filter(code=code).first()
            if area is None:
                area = reserve_services.area_save(
                    actor=actor, code=code, name_ru=ru, name_ky=ky, name_en=en, order=order * 10
                )
            out.append(area)
        return out

    def _people(self, actor: Any, areas: list[ExpertiseArea]) -> dict[str, list[ReservePerson]]:
        people: dict[str, list[ReservePerson]] = {}
        i = 0
        for oblast, codes in D.PLACES.items():
            for code in codes:
                unit = AdministrativeUnit.objects.filter(code=code).first()
                if unit is None:
                    self.stderr.write(self.style.WARNING(f"{code} is not loaded; skipped."))
                    continue
                for _k in range(PEOPLE_PER_PLACE):
                    person = self._person(actor, unit, i, areas)
                    people.setdefault(oblast, []).append(person)
                    i += 1
        return people

    def _person(self, actor: Any, unit: AdministrativeUnit, i: int, areas: list[ExpertiseArea]) -> ReservePerson:
        male = i % 11 == 10  # a few young men among the youth leaders
        first = D.MEN[i % len(D.MEN)] if male else D.WOMEN[i % len(D.WOMEN)]
        surname = D.SURNAMES[(i * 5) % len(D.SURNAMES)] + ("" if male else "а")
        youth = male or i % 3 == 0
        birth_year = 1998 + i % 7 if youth else 1968 + (i * 7) % 27
        full_name = f"{first} {surname}"
        existing = ReservePerson.objects.filter(identity_hash=identity_hash(full_name, str(birth_year))).first()
        if existing is not None:
            return existing
        contacts = i % 4 != 3  # some consented to the profile but not to contacts
        scope = [ConsentItem.PROFILE, ConsentItem.SHORTLISTS] + ([ConsentItem.CONTACTS] if contacts else [])
        person = reserve_services.person_create(
            actor=actor,
            territory=unit,
            sex="male" if male else "female",
            birth_year=birth_year,
            is_youth_leader=youth,
            languages=["ky", "ru"]
            + (["uz"] if unit.code.startswith(("41706", "41705")) and i % 2 else [])
            + (["en"] if i % 5 == 0 else []),
            consent_on=dt.date(2025, 5, 12) + dt.timedelta(days=i % 12),
            consent_scope=scope,
            full_name=full_name,
            phone=f"+996 (555) {100 + i:03d}-{(i * 37) % 100:02d}-{(i * 53) % 100:02d}" if contacts else "",
            email=f"demo.reserve{i:02d}@example.org" if contacts else "",
            education=D.EDUCATION[i % len(D.EDUCATION)],
            experience=D.EXPERIENCE[i % len(D.EXPERIENCE)],
            projects=D.PROJECTS[i % len(D.PROJECTS)],
            registered_on=dt.date(2025, 5, 12) + dt.timedelta(days=i % 12),
        )
        person.areas.set([areas[i % len(areas)], areas[(i * 3 + 1) % len(areas)]])
        return person

    def _sessions(self, actor: Any) -> dict[str, TrainingSession]:
        programmes = {}
        for data in D.PROGRAMMES:
            programme = TrainingProgramme.objects.filter(code=data["code"]).first()
            programmes[data["code"]] = programme or training_services.programme_save(actor=actor, **data)
        school = programmes["polschool-2025"]
        sessions = {}
        for oblast, code, venue, start, end in D.SESSIONS:
            unit = AdministrativeUnit.objects.filter(code=code).first()
            if unit is None:
                continue
            session = TrainingSession.objects.filter(programme=school, territory=unit, starts_on=start).first()
            if session is None:
                session = training_services.session_save(
                    actor=actor,
                    programme=school,
                    title="Модуль 1",
                    starts_on=start,
                    ends_on=end,
                    territory=unit,
                    venue=venue,
                )
                # Participants from the villages, counted rather than named.
                for sex, age_group, attended, completed in (("female", "25_35", 9, 8), ("female", "36_45", 6, 6),
                                                             ("male", "18_24", 2, 2)):  # fmt: skip
                    training_services.headcount_save(
                        actor=actor,
                        session=session,
                        sex=sex,
                        age_group=age_group,
                        territory=unit,
                        attended=attended,
                        completed=completed,
                    )
            sessions[oblast] = session
        return sessions

    def _cohort(self, actor: Any, people: dict[str, list[ReservePerson]], sessions: dict[str, TrainingSession]) -> None:
        n = 0
        for oblast, members in people.items():
            session = sessions.get(D.SESSION_FOR[oblast])
            if session is None:
                continue
            for person in members[:5]:
                participant = TrainingParticipant.objects.filter(session=session, person=person).first()
                if participant is None:
                    participant = training_services.participant_add(
                        actor=actor, session=session, person=person, language="ky" if n % 2 == 0 else "ru"
                    )
                    if n % 6 != 5:  # most completed the module
                        training_services.participant_complete(actor=actor, participant=participant)
                        training_services.certificate_issue(actor=actor, participant=participant)
                n += 1

    def _shortlist(self, actor: Any, people: dict[str, list[ReservePerson]]) -> None:
        kadamjay = AdministrativeUnit.objects.filter(code="41705258000000").first()
        if kadamjay is None or Shortlist.objects.filter(title__startswith="Заместитель главы Халмион").exists():
            return
        shortlist = reserve_services.shortlist_create(
            actor=actor,
            title="Заместитель главы Халмионского айыл окмоту",
            post="Заместитель главы айыл окмоту",
            body_name="Халмионский айыл окмоту",
            territory=kadamjay,
            deadline=dt.date(2025, 10, 15),
        )
        for person in people.get("batken", [])[:3]:
            if person.territory.path.startswith(kadamjay.path) or person.territory.code.startswith("41705"):
                reserve_services.shortlist_add(
                    shortlist=shortlist, person=person, actor=actor, note="Прошла политическую школу в Баткене"
                )
