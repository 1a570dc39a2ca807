"""Protection part of the generator: committees, cases over ten years with incidents, consents, referrals, services,
protection orders and their history.

Every municipality of the data set gets a committee; cases are spread over the committees and the ten years up to
`LAST_YEAR`. Committees, service providers, cases, incidents, consents, referrals, services and orders are written
with `audited_bulk_create` (one audit entry per row, in the same transaction). Survivors' identities and the other
encrypted fields are set on the model instances and encrypted by their fields on the way to the database
(`tendik.core.crypto`), exactly as a service's `save()` does; the identity hash comes from `identity_hash`. Case stage
and referral events, which carry no trail of their own anywhere, go through `insert_rows`. The report's sums per
committee and month (`tendik.protection.rollups`) are added in the same transaction as each chunk.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import reset_queries, transaction

from tendik.audit.services import audited_bulk_create
from tendik.core.bulk import insert_rows
from tendik.core.crypto import identity_hash
from tendik.portal.generate.plans import LAST_YEAR, Size, municipalities
from tendik.protection import rollups
from tendik.protection.models import (
    AgeGroup,
    Case,
    CaseStage,
    CaseStageEvent,
    ClosureReason,
    Committee,
    Consent,
    ConsentKind,
    Incident,
    ProtectionOrder,
    ProviderKind,
    Referral,
    ReferralEvent,
    ReferralStatus,
    Relationship,
    ServiceDelivery,
    ServiceKind,
    ServiceProvider,
    ViolenceForm,
)
from tendik.protection.services.cases import gbvims_classify

MARK = "(сгенерировано)"  # in generated committees' and providers' names: refuses a second run
YEARS = 10
DEMO_COMMITTEES = 40  # the demo size spreads its few hundred cases over this many committees

FIRST_NAMES = ["Айгүл", "Бермет", "Жылдыз", "Нургүл", "Асель", "Гүлзат", "Чолпон", "Динара", "Айжан", "Мээрим"]
LAST_NAMES = ["Асанова", "Токтогулова", "Жумабаева", "Исакова", "Мамытова", "Садыкова", "Омурова", "Бекова"]
AGES = [(AgeGroup.AGE_12_17, 5), (AgeGroup.AGE_18_25, 25), (AgeGroup.AGE_26_40, 45), (AgeGroup.AGE_41_60, 20),
        (AgeGroup.AGE_61, 5)]  # fmt: skip
RELATIONSHIPS = [Relationship.SPOUSE] * 6 + [Relationship.FORMER_SPOUSE, Relationship.PARENT_IN_LAW,
                                             Relationship.PARENT, Relationship.SIBLING, ""]  # fmt: skip
FORMS = [ViolenceForm.PHYSICAL, ViolenceForm.PSYCHOLOGICAL, ViolenceForm.ECONOMIC, ViolenceForm.SEXUAL,
         ViolenceForm.NEGLECT, ViolenceForm.STALKING]  # fmt: skip
FORM_WEIGHTS = [40, 35, 12, 5, 5, 3]
PROVIDERS = [
    (ProviderKind.CRISIS_CENTRE, "Кризисный центр"),
    (ProviderKind.SHELTER, "Убежище"),
    (ProviderKind.LEGAL_AID, "Центр бесплатной юридической помощи"),
    (ProviderKind.PSYCHOLOGIST, "Психологическая служба"),
    (ProviderKind.HEALTH, "Центр семейной медицины"),
    (ProviderKind.SOCIAL_PROTECTION, "Управление социального развития"),
]
SERVICE_FOR = {
    ProviderKind.CRISIS_CENTRE: ServiceKind.PSYCHOLOGICAL,
    ProviderKind.SHELTER: ServiceKind.SHELTER,
    ProviderKind.LEGAL_AID: ServiceKind.LEGAL_AID,
    ProviderKind.PSYCHOLOGIST: ServiceKind.PSYCHOLOGICAL,
    ProviderKind.HEALTH: ServiceKind.MEDICAL,
    ProviderKind.SOCIAL_PROTECTION: ServiceKind.CASH_AID,
}
REFERRAL_PATHS: list[list[str]] = [
    [ReferralStatus.ACCEPTED, ReferralStatus.SERVICE_PROVIDED, ReferralStatus.CLOSED],
    [ReferralStatus.ACCEPTED, ReferralStatus.SERVICE_PROVIDED],
    [ReferralStatus.ACCEPTED],
    [ReferralStatus.DECLINED, ReferralStatus.CLOSED],
    [],
]


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def generate_protection(
    *, size: Size, seed: int = 2025, limit: int | None = None, log: Callable[[str], Any] = print
) -> dict[str, int]:
    """Write the protection part of the data set (`size.cases` cases over ten years; committees in the first
    `limit` municipalities if given); returns row counts. Refuses to run twice on the same database."""
    if Committee.objects.filter(name__endswith=MARK).exists():
        raise RuntimeError("generated protection cases are already in this database")
    rng = random.Random(seed + 11)  # noqa: S311  (reproducible test data, not secrets)
    units = municipalities()
    wanted = limit or (DEMO_COMMITTEES if size.cases < 1_000 else len(units))
    units = units[:: max(1, len(units) // wanted)][:wanted]
    counts = {"committees": 0, "cases": 0, "incidents": 0, "consents": 0, "referrals": 0, "services": 0, "orders": 0}
    with transaction.atomic():
        committees = audited_bulk_create(
            Committee,
            [
                Committee(
                    municipality=u,
                    name=f"МК {u.name_ru} {MARK}",
                    decision_date=dt.date(LAST_YEAR - YEARS, 3, 1),
                    decision_number=f"{i + 1}-р",
                )
                for i, u in enumerate(units)
            ],
        )
        providers = audited_bulk_create(
            ServiceProvider, [ServiceProvider(name=f"{name} {MARK}", kind=kind) for kind, name in PROVIDERS]
        )
    counts["committees"] = len(committees)
    first = dt.date(LAST_YEAR - YEARS + 1, 1, 1)
    days = (dt.date(LAST_YEAR, 12, 31) - first).days
    chunk = 2_000
    numbers: dict[tuple[int, int], int] = {}
    for start in range(0, size.cases, chunk):
        n = min(chunk, size.cases - start)
        with transaction.atomic():
            _chunk(n, committees, providers, first, days, rng, numbers, counts)
        reset_queries()  # with DEBUG on, Django keeps the last 9,000 queries, bulk inserts of ~30 KB each
        log(f"  {counts['cases']:,}/{size.cases:,} cases")
    return counts


def _chunk(
    n: int,
    committees: list[Committee],
    providers: list[ServiceProvider],
    first: dt.date,
    days: int,
    rng: random.Random,
    numbers: dict[tuple[int, int], int],
    counts: dict[str, int],
) -> None:
    ages = [a for a, _w in AGES]
    age_weights = [w for _a, w in AGES]
    cases: list[Case] = []
    for _i in range(n):
        committee = rng.choice(committees)
        opened = first + dt.timedelta(days=rng.randrange(days + 1))
        key = (committee.pk, opened.year)
        numbers[key] = numbers.get(key, 0) + 1
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        birth = dt.date(rng.randrange(1960, 2007), rng.randrange(1, 13), rng.randrange(1, 29))
        closed = rng.random() < 0.6 and opened < dt.date(LAST_YEAR, 10, 1)
        case = Case(
            committee=committee,
            code=f"C{committee.pk:03d}-{opened.year % 100:02d}-{numbers[key]:03d}",
            opened_on=opened,
            stage=CaseStage.CLOSED if closed else CaseStage.OPENED,
            closed_on=opened + dt.timedelta(days=rng.randrange(30, 90)) if closed else None,
            closure_reason=ClosureReason.values[0] if closed else "",
            survivor_name=name,  # encrypted by the field on the way to the database
            survivor_birth_date=birth,
            survivor_phone=f"+996 55{rng.randrange(10)} {rng.randrange(100, 999)} {rng.randrange(100, 999)}",
            survivor_hash=identity_hash(name, birth),
            survivor_sex="female" if rng.random() < 0.9 else "male",
            survivor_age_group=rng.choices(ages, age_weights)[0],
            survivor_disability=rng.random() < 0.06,
            relationship=rng.choice(RELATIONSHIPS),
        )
        cases.append(case)
    cases = audited_bulk_create(Case, cases)
    stage_events = [
        CaseStageEvent(case_id=c.pk, from_stage="", to_stage=CaseStage.OPENED, at=_aware(c.opened_on)) for c in cases
    ]
    stage_events += [
        CaseStageEvent(
            case_id=c.pk,
            from_stage=CaseStage.OPENED,
            to_stage=CaseStage.CLOSED,
            at=_aware(c.closed_on),
            reason=c.closure_reason,
        )
        for c in cases
        if c.closed_on is not None
    ]
    insert_rows(CaseStageEvent, stage_events)

    incidents: list[Incident] = []
    consents: list[Consent] = []
    for c in cases:
        for _k in range(rng.choices([1, 2, 3], [70, 22, 8])[0]):
            forms = sorted(set(rng.choices(FORMS, FORM_WEIGHTS, k=rng.randrange(1, 3))), key=FORMS.index)
            incidents.append(
                Incident(
                    case=c,
                    occurred_on=c.opened_on - dt.timedelta(days=rng.randrange(0, 20)),
                    forms=[str(f) for f in forms],
                    gbvims_type=gbvims_classify(forms=[str(f) for f in forms]),
                )
            )
        consents.append(Consent(case=c, kind=ConsentKind.SERVICES, given_on=c.opened_on))
        if rng.random() < 0.85:  # most survivors agree to be counted; a few withdraw later
            withdrawn = c.opened_on + dt.timedelta(days=40) if rng.random() < 0.03 else None
            consents.append(Consent(case=c, kind=ConsentKind.STATISTICS, given_on=c.opened_on, withdrawn_on=withdrawn))
    audited_bulk_create(Incident, incidents)

    # Referrals need a consent to disclose to their provider: written first, then the referrals that rely on them.
    referred: list[tuple[Case, ServiceProvider, Consent]] = []
    for c in cases:
        if rng.random() < 0.45:
            provider = rng.choice(providers)
            consent = Consent(
                case=c, kind=ConsentKind.DISCLOSURE, provider=provider, items=["identity", "incidents"],
                given_on=c.opened_on,
            )  # fmt: skip
            consents.append(consent)
            referred.append((c, provider, consent))
    audited_bulk_create(Consent, consents)
    referrals: list[Referral] = []
    paths: list[list[str]] = []
    for c, provider, consent in referred:
        path = rng.choice(REFERRAL_PATHS)
        sent = c.opened_on + dt.timedelta(days=rng.randrange(0, 10))
        referrals.append(
            Referral(
                case=c,
                provider=provider,
                consent=consent,
                items=["identity", "incidents"],
                sent_on=sent,
                status=path[-1] if path else ReferralStatus.SENT,
                purpose="Консультация и сопровождение",  # encrypted by the field
                closed_on=sent + dt.timedelta(days=30) if path and path[-1] == ReferralStatus.CLOSED else None,
            )
        )
        paths.append(path)
    referrals = audited_bulk_create(Referral, referrals)
    events: list[ReferralEvent] = []
    for r, path in zip(referrals, paths, strict=True):
        previous = ""
        for i, status in enumerate([ReferralStatus.SENT, *path]):
            events.append(
                ReferralEvent(
                    referral_id=r.pk,
                    from_status=previous,
                    to_status=status,
                    at=_aware(r.sent_on + dt.timedelta(days=3 * i)),
                )
            )
            previous = status
    insert_rows(ReferralEvent, events)

    services: list[ServiceDelivery] = []
    for r, path in zip(referrals, paths, strict=True):
        if ReferralStatus.SERVICE_PROVIDED in path:
            kind = SERVICE_FOR[ProviderKind(r.provider.kind)]
            services.append(
                ServiceDelivery(
                    case=r.case,
                    referral=r,
                    provider=r.provider,
                    kind=kind,
                    started_on=r.sent_on + dt.timedelta(days=rng.randrange(1, 15)),
                    amount_som=Decimal(rng.randrange(2, 21) * 500) if kind == ServiceKind.CASH_AID else None,
                )
            )
    for c in cases:
        if rng.random() < 0.25:  # the committee's own help, without a referral
            services.append(
                ServiceDelivery(
                    case=c,
                    kind=rng.choice([ServiceKind.PSYCHOLOGICAL, ServiceKind.DOCUMENTS, ServiceKind.EMPLOYMENT]),
                    started_on=c.opened_on + dt.timedelta(days=rng.randrange(0, 30)),
                )
            )
    audited_bulk_create(ServiceDelivery, services)

    orders: list[ProtectionOrder] = []
    for c in cases:
        if rng.random() < 0.15:
            issued = c.opened_on + dt.timedelta(days=rng.randrange(0, 3))
            orders.append(
                ProtectionOrder(
                    case=c,
                    police_unit="ОВД района",  # encrypted by the field
                    number=f"{c.code}-ОП",
                    issued_on=issued,
                    valid_from=issued,
                    valid_until=issued + dt.timedelta(days=14),
                    restrictions=["no_contact", "no_violence"],
                )
            )
    audited_bulk_create(ProtectionOrder, orders)

    # The committee report's sums, in the same transaction (tendik.protection.rollups), as every service does.
    rollups.cases_added(Case.objects.filter(pk__gte=cases[0].pk, pk__lte=cases[-1].pk))
    counts["cases"] += len(cases)
    counts["incidents"] += len(incidents)
    counts["consents"] += len(consents)
    counts["referrals"] += len(referrals)
    counts["services"] += len(services)
    counts["orders"] += len(orders)
