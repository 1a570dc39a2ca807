"""Demo bodies in the five oblasts of the May 2025 consultations (idempotent: a second run changes nothing).

Real ayil aimaks and towns from tendik.geography (run load_territories first); ayil keneshes of 11–21 seats and
city keneshes of 21–31, elected in December 2016 (about 15% women), April 2021 (about 32%) and November 2024
(about 40%, near the national 39.8%); a few mid-term departures and by-elections; ayil okmotu and city-hall
leadership recorded by members (head and deputy); a few youth bodies. Some bodies break each rule on purpose.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tendik.audit.context import acting_as
from tendik.geography.models import AdministrativeUnit, UnitLevel
from tendik.geography.naming import place_name, unit_name
from tendik.participation.models import Body, BodyType, Recording
from tendik.participation.services import bodies as services

OBLASTS = {
    "41705000000000": "Batken",
    "41706000000000": "Osh",
    "41703000000000": "Jalal-Abad",
    "41702000000000": "Issyk-Kul",
    "41704000000000": "Naryn",
}
AIMAKS_PER_OBLAST = 6
ELECTIONS = [  # (date, typical women's share)
    (dt.date(2016, 12, 4), 0.15),
    (dt.date(2021, 4, 11), 0.32),
    (dt.date(2024, 11, 17), 0.40),
]
ESTABLISHED = dt.date(2008, 1, 1)


def _n(key: str, mod: int) -> int:
    """A stable pseudo-random number from a key (the same on every run and machine)."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % mod


class Command(BaseCommand):
    help = "Load demo bodies (keneshes, leadership, youth bodies) and their composition history; idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        if not AdministrativeUnit.objects.filter(code__in=OBLASTS).exists():
            raise CommandError("Run load_territories first.")
        with acting_as(None, source="command"), transaction.atomic():
            services.body_types_seed()
            types = {t.code: t for t in BodyType.objects.all()}
            created = 0
            for code in OBLASTS:
                oblast = AdministrativeUnit.objects.get(code=code)
                aimaks = list(
                    AdministrativeUnit.objects.current()
                    .filter(level=UnitLevel.AYIL_AIMAK, path__startswith=oblast.path)
                    .order_by("code")
                )
                step = max(1, len(aimaks) // AIMAKS_PER_OBLAST)
                for i, unit in enumerate(aimaks[::step][:AIMAKS_PER_OBLAST]):
                    created += self._kenesh(types["ayil_kenesh"], unit, index=i)
                    created += self._leadership(types["ayil_okmotu"], unit, index=i)
                    if i % 3 == 0:
                        created += self._youth(types["youth_committee"], unit, index=i)
                towns = (
                    AdministrativeUnit.objects.current()
                    .filter(level__in=[UnitLevel.CITY, UnitLevel.TOWN], path__startswith=oblast.path)
                    .order_by("level", "code")[:2]
                )
                for i, town in enumerate(towns):
                    created += self._kenesh(types["city_kenesh"], town, index=i + 10, city=True)
                    created += self._leadership(types["city_hall"], town, index=i + 10)
                    created += self._school(types["school_parliament"], town, index=i)
        self.stdout.write(f"participation bodies demo: {created} bodies created")

    def _body(self, body_type: BodyType, unit: AdministrativeUnit, name_ru: str, **fields: Any) -> Body | None:
        """The body, or None when it exists already (then its history is left as it is)."""
        if Body.objects.filter(body_type=body_type, unit=unit).exists():
            return None
        return services.body_create(
            actor=None, body_type=body_type, unit=unit, name_ru=name_ru, established_on=ESTABLISHED, **fields
        )

    def _kenesh(self, body_type: BodyType, unit: AdministrativeUnit, *, index: int, city: bool = False) -> int:
        bare = unit.name_ru.replace("г.", "").replace("айылный аймак", "").strip()
        body = self._body(
            body_type,
            unit,
            f"{'Городской' if city else 'Айылный'} кенеш {bare}",
            name_ky=f"{place_name(unit, 'ky')} {'шаардык' if city else 'айылдык'} кеңеши",
            name_en=f"{place_name(unit, 'en')} {'city' if city else 'ayil'} kenesh",
            seats=None,
        )
        if body is None:
            return 0
        seats = (21 + 2 * _n(unit.code, 6)) if city else (11 + 2 * _n(unit.code, 6))
        for k, (on, share) in enumerate(ELECTIONS):
            women = round(seats * share) + _n(f"{unit.code}{k}", 3) - 1
            if k > 0 and index == 2:
                women = int(seats * 0.25)  # a kenesh that stays below 30% women: breaks the share rule
            women = max(0, min(seats, women))
            services.count_record(
                body=body,
                actor=None,
                as_of=on,
                women=women,
                men=seats - women,
                seats=seats,
                kind="election",
                head_sex="female" if _n(f"h{unit.code}{k}", 5) == 0 else "male",
                deputy_sex="female" if _n(f"d{unit.code}{k}", 2) == 0 else "male",
            )
        last_women = women
        if index == 4:
            # a woman deputy resigns mid-term; the seat stays vacant, then a by-election fills it with a man
            services.count_record(
                body=body, actor=None, as_of=dt.date(2025, 3, 1), women=last_women - 1, men=seats - last_women,
                kind="departure", note="Сложила полномочия по семейным обстоятельствам.",
            )  # fmt: skip
            services.count_record(
                body=body, actor=None, as_of=dt.date(2025, 9, 14), women=last_women - 1, men=seats - last_women + 1,
                kind="election", note="Довыборы.",
            )  # fmt: skip
        return 1

    def _leadership(self, body_type: BodyType, unit: AdministrativeUnit, *, index: int) -> int:
        bare = unit.name_ru.replace("г.", "").replace("айылный аймак", "").strip()
        body = self._body(
            body_type,
            unit,
            f"{body_type.name_ru}: {bare}",
            name_ky=f"{body_type.name_ky}: {unit_name(unit, 'ky')}",
            name_en=f"{body_type.name_en}: {unit_name(unit, 'en')}",
            recording=Recording.MEMBERS,
            seats=2,
        )
        if body is None:
            return 0
        start = dt.date(2021, 6, 1)
        # every third leadership has two men at the top: breaks the head/deputy rule
        deputy_sex = "male" if index % 3 == 1 else "female"
        services.member_add(body=body, actor=None, sex="male", position="head", term_start=start)
        deputy = services.member_add(body=body, actor=None, sex=deputy_sex, position="deputy", term_start=start)
        if index % 3 == 2:
            # the deputy left in 2024 and the post is vacant
            services.member_leave(member=deputy, actor=None, on=dt.date(2024, 10, 1))
        elif index % 3 == 0:
            # a new deputy, a woman, appointed after the 2024 elections
            services.member_leave(member=deputy, actor=None, on=dt.date(2025, 1, 15), vacancy=False)
            services.member_add(body=body, actor=None, sex="female", position="deputy", term_start=dt.date(2025, 1, 15))
        return 1

    def _youth(self, body_type: BodyType, unit: AdministrativeUnit, *, index: int) -> int:
        bare = unit.name_ru.replace("айылный аймак", "").strip()
        body = self._body(
            body_type,
            unit,
            f"Молодёжный комитет {bare}",
            name_ky=f"{place_name(unit, 'ky')} жаштар комитети",
            name_en=f"{place_name(unit, 'en')} youth committee",
            seats=9,
        )
        if body is None:
            return 0
        women = 2 if index == 3 else 4 + _n(unit.code, 2)  # one committee with 2 girls of 9: breaks the rule
        services.count_record(
            body=body, actor=None, as_of=dt.date(2024, 3, 1), women=women, men=9 - women, kind="election"
        )
        return 1

    def _school(self, body_type: BodyType, unit: AdministrativeUnit, *, index: int) -> int:
        bare = unit.name_ru.replace("г.", "").strip()
        body = self._body(
            body_type,
            unit,
            f"Школьный парламент СШ № {1 + _n(unit.code, 9)} ({bare})",
            name_ky=f"№ {1 + _n(unit.code, 9)} мектептин парламенти ({place_name(unit, 'ky')})",
            name_en=f"School No. {1 + _n(unit.code, 9)} parliament ({place_name(unit, 'en')})",
            seats=11,
        )
        if body is None:
            return 0
        # school parliaments: girls are often the majority; one with 9 girls of 11 breaks the rule the other way
        women = 9 if index == 1 and unit.code.startswith("41704") else 6
        services.count_record(
            body=body, actor=None, as_of=dt.date(2025, 9, 15), women=women, men=11 - women, kind="election"
        )
        return 1
