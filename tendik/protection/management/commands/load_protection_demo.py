"""Demo data for the protection module: the 14 committees of the seed document and their work (idempotent)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tendik.accounts.services import demo_user_ensure
from tendik.core.crypto import identity_hash
from tendik.geography.models import AdministrativeUnit
from tendik.protection import demo_data as D
from tendik.protection.models import (
    AtRiskFamily,
    Case,
    Committee,
    CommitteeMeeting,
    CommitteeMember,
    PreventionEvent,
    ProtectionOrderRule,
    ServiceProvider,
)
from tendik.protection.models.committees import COMMITTEE_NAME
from tendik.protection.services import appeals as appeal_services
from tendik.protection.services import cases as case_services
from tendik.protection.services import committees as committee_services
from tendik.protection.services import events as event_services
from tendik.protection.services import families as family_services
from tendik.protection.services import meetings as meeting_services
from tendik.protection.services import orders as order_services
from tendik.protection.services import referrals as referral_services


def unit_by_code(code: str, name_ru: str = "") -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.filter(code=code).first()
    if unit is None and name_ru:
        unit = AdministrativeUnit.objects.filter(name_ru=name_ru).first()
    if unit is None:
        raise CommandError(f"Territory {code} {name_ru} not found: run `manage.py load_territories` first.")
    return unit


def _person(i: int, female: bool) -> str:
    names = D.WOMEN if female else D.MEN
    first = names[i % len(names)]
    surname = D.SURNAMES[(i // len(names) + i) % len(D.SURNAMES)] + ("а" if female else "")
    return f"{surname} {first}"


class Command(BaseCommand):
    help = "Load demo committees, members, cases, referrals, meetings and events reproducing the seed figures."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        committees = self._committees()
        members = {c.pk: self._members(c, n, i) for i, (c, n) in enumerate(committees)}
        demo = next(c for c, _n in committees if c.municipality.code == D.DEMO_COMMITTEE)
        chair, worker = self._users(demo, members[demo.pk])
        self._rules()
        providers = self._providers(demo)
        self._families([c for c, _n in committees], members)
        cases = self._cases([c for c, _n in committees], demo, worker, providers)
        self._appeals([c for c, _n in committees], members)
        self._meetings([c for c, _n in committees], members, cases)
        self._events({c.municipality.code: c for c, _n in committees})
        self.stdout.write(
            f"Protection demo: {Committee.objects.count()} committees, "
            f"{CommitteeMember.objects.count()} members, {Case.objects.count()} cases."
        )

    def _committees(self) -> list[tuple[Committee, int]]:
        result = []
        for i, (code, name_ru, _region, size) in enumerate(D.COMMITTEES):
            unit = unit_by_code(code, name_ru)
            name = COMMITTEE_NAME.render(unit, "ru")  # read in Kyrgyz and English in the reader's language
            committee = Committee.objects.filter(municipality=unit, name=name).first()
            if committee is None:
                committee = committee_services.committee_create(
                    actor=None,
                    municipality=unit,
                    name=name,
                    decision_date=dt.date(2021, 3 + i % 6, 10 + i),
                    decision_number=f"{12 + i}/{i % 3 + 1}",
                )
            result.append((committee, size))
        return result

    def _members(self, committee: Committee, size: int, ci: int) -> list[CommitteeMember]:
        existing = {m.full_name: m for m in committee.members.all()}
        out = []
        roles = ["chair", "deputy", "secretary"]
        for k in range(size):
            female = (k + ci) % 5 != 0 and k % 3 != 1 or k == 0
            name = _person(ci * 31 + k, female)
            if name in existing:
                out.append(existing[name])
                continue
            sector = D.SECTORS_20[k]
            member = committee_services.member_add(
                committee=committee,
                actor=None,
                full_name=name,
                sector=sector,
                sex="female" if female else "male",
                role=roles[k] if k < 3 else "member",
                organisation=_organisation(sector, committee),
                joined_on=committee.decision_date,
            )
            existing[name] = member
            out.append(member)
        return out

    def _users(self, committee: Committee, members: list[CommitteeMember]) -> tuple[Any, Any]:
        chair = demo_user_ensure(
            username="chair_halmion",
            full_name="Демо Председатель Комитета",
            role="committee_chair",
            committee=committee,
            position="Председатель МК",
        )
        worker = demo_user_ensure(
            username="worker_halmion",
            full_name="Демо Специалист Комитета",
            role="case_worker",
            committee=committee,
            position="Член МК (социальный работник)",
        )
        for member, user in ((members[0], chair), (members[7], worker)):
            if member.user_id is None:
                committee_services.member_update(member=member, actor=None, user=user)
        return chair, worker

    def _rules(self) -> None:
        if not ProtectionOrderRule.objects.exists():
            ProtectionOrderRule.objects.create(
                name="Сроки охранного ордера",
                effective_from=dt.date(2017, 4, 27),
                law_reference="Закон КР № 63 от 27.04.2017 «Об охране и защите от семейного насилия»",
                max_initial_days=15,
                max_extension_days=15,
                max_total_days=30,
                alert_days_before=3,
            )

    def _providers(self, demo: Committee) -> dict[str, ServiceProvider]:
        oblast = demo.municipality.parent.parent if demo.municipality.parent else None
        rows = [
            ("crisis_centre", "Кризисный центр «Ак-Жол» (демо)"),
            ("shelter", "Убежище для женщин (демо)"),
            ("legal_aid", "Центр ГГЮП (демо)"),
            ("psychologist", "Психолог районной больницы (демо)"),
            ("health", "Центр семейной медицины (демо)"),
            ("social_protection", "Управление соцразвития (демо)"),
            ("correction", "Коррекционная программа при пробации (демо)"),
        ]
        out = {}
        for kind, name in rows:
            provider = ServiceProvider.objects.filter(name=name).first()
            if provider is None:
                provider = referral_services.provider_create(actor=None, name=name, kind=kind, unit=oblast)
            out[kind] = provider
        return out

    def _families(self, committees: list[Committee], members: dict[int, list[CommitteeMember]]) -> None:
        factors = [
            "labour_migration",
            "alcohol_drugs",
            "previous_violence",
            "unemployment",
            "disability",
            "early_marriage",
            "children_without_care",
        ]
        n = 0
        for ci, committee in enumerate(committees):
            target = 6 if ci < D.FAMILIES - 5 * len(committees) else 5
            have = AtRiskFamily.objects.filter(committee=committee).count()
            for k in range(have, target):
                n = ci * 10 + k
                added = dt.date(2021, 6 + k, 1 + ci)
                family = family_services.family_add(
                    committee=committee,
                    actor=None,
                    household=f"Семья {_person(n + 5, False)} (демо)",
                    address=f"ул. Вымышленная, {n + 1}",
                    risk_factors=[factors[n % 7], factors[(n + 3) % 7]],
                    responsible=members[committee.pk][3 + k % 5],
                    added_on=added,
                    next_review_on=dt.date(2026, 1 + k, 15),
                )
                for v in range(3):
                    family_services.family_visit_record(
                        family=family,
                        actor=None,
                        kind="visit" if v % 2 == 0 else "talk",
                        done_on=added + dt.timedelta(days=30 * (v + 1)),
                        member=family.responsible,
                        notes="Профилактическая беседа проведена.",
                    )

    def _cases(
        self, committees: list[Committee], demo: Committee, worker: Any, providers: dict[str, ServiceProvider]
    ) -> list[Case]:
        total = D.SHELTER_REFERRALS + D.EXTRA_CASES_WITHOUT_STATISTICS_CONSENT
        cases = []
        for k in range(total):
            committee = demo if k < 3 else committees[k % len(committees)]
            name = f"{D.SURNAMES[k % len(D.SURNAMES)]}а {D.WOMEN[k % len(D.WOMEN)]} (вымышленное лицо)"
            born = dt.date(1985 + k % 15, 1 + k % 12, 1 + k)
            existing = Case.objects.filter(committee=committee, survivor_hash=identity_hash(name, born)).first()
            if existing is not None:
                cases.append(existing)
                continue
            opened = dt.date(2021, 9, 1) + dt.timedelta(days=37 * k)
            case = case_services.case_open(
                committee=committee,
                actor=None,
                owner=worker if committee == demo else None,
                opened_on=opened,
                survivor_name=name,
                survivor_birth_date=born,
                survivor_address=f"с. Демо, ул. Условная, {k + 1}",
                survivor_phone=f"+996 000 000 {k + 1:03d}",
                survivor_document=f"ID-DEMO-{k + 1:05d}",
                survivor_sex="female",
                survivor_age_group=["18_25", "26_40", "41_60"][k % 3],
                survivor_disability=k % 7 == 3,
                relationship=["spouse", "former_spouse", "parent_in_law"][k % 3],
            )
            self._case_work(case, k, providers, counted=k < D.SHELTER_REFERRALS)
            cases.append(case)
        return cases

    def _case_work(self, case: Case, k: int, providers: dict[str, ServiceProvider], counted: bool) -> None:
        case_services.perpetrator_add(
            case=case,
            actor=None,
            name=f"Условный Нарушитель {k + 1} (демо)",
            sex="male",
            relationship=case.relationship,
        )
        forms = [
            ["physical", "psychological"],
            ["psychological", "economic"],
            ["physical"],
            ["stalking", "psychological"],
        ]
        case_services.incident_add(
            case=case, actor=None, occurred_on=case.opened_on - dt.timedelta(days=1), forms=forms[k % 4]
        )
        case_services.risk_assess(
            case=case,
            actor=None,
            answers={"escalation": True, "threat_to_kill": k % 4 == 0, "controlling": True},
            assessed_on=case.opened_on,
        )
        case_services.consent_record(case=case, actor=None, kind="services", given_on=case.opened_on)
        if counted:
            case_services.consent_record(case=case, actor=None, kind="statistics", given_on=case.opened_on)
        provider = providers["shelter" if k % 3 == 0 else "crisis_centre"]
        case_services.consent_record(
            case=case,
            actor=None,
            kind="disclosure",
            provider=provider,
            items=["identity", "contacts", "incidents"],
            given_on=case.opened_on,
        )
        for to in ("assessment", "plan", "services"):
            case_services.case_transition(case=case, actor=None, to=to)
        referral = referral_services.referral_send(
            case=case,
            actor=None,
            provider=provider,
            items=["identity", "contacts"],
            purpose="Убежище и консультация",
            sent_on=case.opened_on + dt.timedelta(days=2),
        )
        for to in ("accepted", "service_provided", "closed"):
            referral_services.referral_transition(
                referral=referral, actor=None, to=to, feedback="Услуга оказана." if to == "closed" else ""
            )
        referral_services.service_record(
            case=case,
            actor=None,
            kind="shelter" if k % 3 == 0 else "psychological",
            provider=provider,
            referral=referral,
            started_on=case.opened_on + dt.timedelta(days=3),
        )
        if k < len(D.CASH_AID):
            referral_services.service_record(
                case=case,
                actor=None,
                kind="cash_aid",
                provider=providers["social_protection"],
                amount_som=Decimal(D.CASH_AID[k]),
                started_on=case.opened_on + dt.timedelta(days=20),
            )
        if k == len(D.CASH_AID):
            referral_services.service_record(
                case=case,
                actor=None,
                kind="housing",
                provider=providers["social_protection"],
                started_on=case.opened_on + dt.timedelta(days=60),
                note="Выделен дом",
            )
        if k in (4, 5):
            referral_services.service_record(
                case=case, actor=None, kind="documents", started_on=case.opened_on + dt.timedelta(days=10)
            )
        if k in (1, 6):
            order = order_services.order_issue(
                case=case,
                actor=None,
                police_unit="Районный ОВД (демо)",
                number=f"ОО-{k + 1:03d}",
                issued_on=case.opened_on,
                valid_from=case.opened_on,
                valid_until=case.opened_on + dt.timedelta(days=14),
                restrictions=["no_violence", "no_contact"],
            )
            if k == 1:
                order_services.order_extend(
                    order=order,
                    actor=None,
                    extended_on=order.valid_until,
                    new_until=order.valid_until + dt.timedelta(days=14),
                )
                order_services.order_violation_record(
                    order=order,
                    actor=None,
                    occurred_on=case.opened_on + dt.timedelta(days=5),
                    description="Попытка контакта",
                    action_taken="Сообщено в ОВД",
                )
            correction = referral_services.service_record(
                case=case,
                actor=None,
                kind="correction",
                provider=providers["correction"],
                started_on=case.opened_on + dt.timedelta(days=15),
            )
            for s in range(4):
                referral_services.correction_session_record(
                    service=correction,
                    actor=None,
                    attended=s != 2,
                    held_on=case.opened_on + dt.timedelta(days=15 + 7 * s),
                )
        case_services.case_transition(case=case, actor=None, to="follow_up")
        if k % 2 == 0:
            case_services.case_transition(
                case=case, actor=None, to="closed", reason="resolved", on=case.opened_on + dt.timedelta(days=90)
            )

    def _appeals(self, committees: list[Committee], members: dict[int, list[CommitteeMember]]) -> None:
        channels = ["walk_in", "phone", "whatsapp", "police", "school", "health", "door_to_door"]
        outcomes = ["consulted", "referred", "not_confirmed"]
        for ci, committee in enumerate(committees):
            for k in range(committee.appeals.count(), 3):
                appeal = appeal_services.appeal_register(
                    committee=committee,
                    actor=None,
                    channel=channels[(ci + k) % 7],
                    is_anonymous=k == 2,
                    subject="Конфликт в семье" if k != 1 else "Угроза раннего брака",
                    received_on=dt.date(2022, 1 + k * 3, 5 + ci),
                    appellant_name="" if k == 2 else "Заявитель (демо)",
                    assigned_to=members[committee.pk][k + 3],
                    deadline=dt.date(2022, 2 + k * 3, 5 + ci),
                )
                appeal_services.appeal_update(appeal=appeal, actor=None, outcome=outcomes[k])

    def _meetings(
        self, committees: list[Committee], members: dict[int, list[CommitteeMember]], cases: list[Case]
    ) -> None:
        for k in range(D.VIOLENCE_MEETINGS):
            committee = committees[k % len(committees)] if k else cases[0].committee
            number = f"{k + 1}"
            if CommitteeMeeting.objects.filter(committee=committee, number=number).exists():
                continue
            own_cases = [c for c in cases if c.committee_id == committee.pk][:2]
            families = list(committee.families.all()[:2])
            meeting = meeting_services.meeting_record(
                committee=committee,
                actor=None,
                held_on=dt.date(2022, 1 + k % 12, 20),
                number=number,
                agenda="Рассмотрение фактов семейного насилия; работа с семьями группы риска.",
                on_violence_facts=True,
                members_present=members[committee.pk][:12],
                cases=own_cases,
                families=families,
            )
            meeting_services.decision_add(
                meeting=meeting,
                actor=None,
                responsible=members[committee.pk][3],
                text="Провести профилактическую беседу с семьёй (по коду) и доложить.",
                deadline=meeting.held_on + dt.timedelta(days=14),
            )

    def _events(self, by_code: dict[str, Committee]) -> None:
        kinds = ["preventive_meeting", "parents_meeting", "pupils_meeting"]
        codes = list(by_code)
        for k in range(D.PREVENTIVE_MEETINGS):
            committee = by_code[codes[k % len(codes)]]
            title = f"Профилактическая встреча № {k + 1}"
            held_on = dt.date(2022, 1 + k % 12, 10 + k // 12)
            if PreventionEvent.objects.filter(title=title, held_on=held_on).exists():
                continue
            oblast = committee.municipality.parent.parent  # type: ignore[union-attr]
            age = "12_17" if kinds[k % 3] == "pupils_meeting" else "26_40"
            category = {"pupils_meeting": "pupils", "parents_meeting": "parents"}.get(kinds[k % 3], "residents")
            event_services.event_record(
                actor=None,
                unit=committee.municipality,
                committee=committee,
                kind=kinds[k % 3],
                held_on=held_on,
                title=title,
                organiser="",  # the committee itself, named in the reader's language
                attendance=[
                    {"sex": "female", "age_group": age, "category": category, "oblast": oblast, "count": 27},
                    {"sex": "male", "age_group": age, "category": category, "oblast": oblast, "count": 18},
                ],
            )
        for title, held_on, days, place, region, people in D.TRAININGS:
            if PreventionEvent.objects.filter(title=title, held_on=held_on).exists():
                continue
            oblasts = [unit_by_code(c) for c in (D.NORTH_OBLASTS if region == "north" else D.SOUTH_OBLASTS)]
            event_services.event_record(
                actor=None,
                unit=by_code[place].municipality,
                kind="training",
                held_on=held_on,
                title=title,
                training_days=days,
                organiser="Проект «ДаткАйым»",
                attendance=_split(people, oblasts),
            )


def _split(people: int, oblasts: list[AdministrativeUnit]) -> list[dict[str, Any]]:
    """Spread participants over oblasts, sexes and categories so that the cells add up exactly."""
    rows = []
    per_oblast = [people // len(oblasts) + (1 if i < people % len(oblasts) else 0) for i in range(len(oblasts))]
    for oblast, n in zip(oblasts, per_oblast, strict=True):
        women = round(n * 0.65)
        state = round(women * 0.6)
        rows += [
            {"sex": "female", "category": "state_employee", "age_group": "26_40", "oblast": oblast, "count": state},
            {"sex": "female", "category": "activist", "age_group": "41_60", "oblast": oblast, "count": women - state},
            {"sex": "male", "category": "state_employee", "age_group": "41_60", "oblast": oblast, "count": n - women},
        ]
    return [r for r in rows if r["count"]]


def _organisation(sector: str, committee: Committee) -> str:
    place = committee.municipality.name_ru.replace(" айылный аймак", "")
    return {
        "police": "Районный ОВД",
        "health": f"ФАП {place}",
        "education": f"Средняя школа, {place}",
        "social": "Управление социального развития",
        "local_government": f"Айыл окмоту {place}",
        "kenesh_deputy": f"Айылный кенеш {place}",
        "aksakal_court": "Суд аксакалов",
        "womens_council": "Совет женщин",
        "youth_council": "Молодёжный совет",
        "ngo": "Общественное объединение",
        "crisis_centre": "Кризисный центр",
    }.get(sector, "")
