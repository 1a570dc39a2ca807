"""Demo of dialogue-group monitoring: the ministry's scale, the Batken and Osh women's dialogue groups with members,
visits to municipalities whose local plans are in the plans demo, findings on their measures, one of them passed to
consultations as a recommendation. People and findings are fictional; places and plans are the demo's real ones.

Idempotent: everything is looked up by its natural key first; a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction

from tendik.accounts.roles import Role

SCALE = {
    "name_ru": "Шкала оценки выполнения мер местного плана (МТСОМ)",
    "name_ky": "Жергиликтүү пландын чараларын аткарууну баалоо шкаласы (ЭСКМ)",
    "name_en": "Rating of local-plan measures (MLSSM)",
}
LEVELS = [
    (4, "Выполнено", "Аткарылды", "Done", "good"),
    (3, "Выполняется по плану", "Пландагыдай аткарылууда", "On track", "good"),
    (2, "Выполняется с задержкой", "Кечигүү менен аткарылууда", "Behind schedule", "fair"),
    (1, "Не начато", "Башталган эмес", "Not started", "poor"),
]

# Group: (key, names ru/ky/en, oblast code, formed on, monitor account (username, full name), other members)
GROUPS = [
    (
        "batken",
        (
            "Женская диалоговая группа Баткенской области",
            "Баткен облусунун аялдар диалог тобу",
            "Women's dialogue group of Batken oblast",
        ),
        "41705000000000",
        dt.date(2025, 6, 10),
        ("monitor_batken", "Гулзат Эрматова", "Депутат Халмионского айылного кенеша"),
        [
            ("Дилфуза Мамадалиева", "Активистка, Кызыл-Кия"),
            ("Замира Абдуллаева", "Депутат Бешкентского айылного кенеша"),
            ("Нуржамал Тойчуева", "Учительница, член совета женщин"),
        ],
    ),
    (
        "osh",
        (
            "Женская диалоговая группа Ошской области",
            "Ош облусунун аялдар диалог тобу",
            "Women's dialogue group of Osh oblast",
        ),
        "41706000000000",
        dt.date(2025, 6, 17),
        ("monitor_osh", "Нургуль Жээнбекова", "Координатор диалоговой группы"),
        [
            ("Бурулай Ташполотова", "Депутат Гульчинского айылного кенеша"),
            ("Махабат Осмонова", "Руководитель молодёжного комитета, Кара-Суу"),
        ],
    ),
]

# Visit: (group key, municipality code, date, submit?, summary, [(measure number, score, findings, recommendations)])
VISITS = [
    (
        "batken",
        "41705258860000",
        dt.date(2025, 10, 14),
        True,
        "Встреча с главой айыл окмоту и специалистом по социальным вопросам, посещение дома культуры.",
        [
            (
                "1",
                3,
                "Мини-гранты получили 9 женщин из 20 запланированных; обучение по бизнес-планированию проведено.",
                "Объявить второй конкурс мини-грантов до конца года и включить в него женщин из отдалённых сёл.",
            ),
            (
                "3",
                2,
                "Список семей группы риска ведётся, но не обновлялся с весны; посещения семей не документируются.",
                "Обновлять список ежеквартально и вести журнал посещений семей вместе с комитетом.",
            ),
            (
                "5",
                1,
                "Ремонт помещения для кружков девочек не начат: средства местного бюджета не выделены.",
                "Предусмотреть средства на ремонт в бюджете 2026 года и обсудить на сессии айылного кенеша.",
            ),
        ],
    ),
    (
        "batken",
        "41705236804000",
        dt.date(2025, 10, 16),
        True,
        "Интервью со специалистами айыл окмоту и двумя депутатками кенеша.",
        [
            ("2", 3, "Проведено 4 схода в сёлах, участвовали около 180 человек, из них 110 женщин.", ""),
            (
                "4",
                2,
                "Школа лидерства запущена, но занятия проходят в рабочее время, и часть участниц не может прийти.",
                "Перенести занятия на вечер или выходные и организовать присмотр за детьми.",
            ),
        ],
    ),
    (
        "osh",
        "41706207814000",
        dt.date(2025, 11, 5),
        True,
        "Посещение айыл окмоту и встреча с советом женщин.",
        [
            ("1", 4, "Все 20 мини-грантов выданы; 6 женщин открыли собственное дело.", ""),
            (
                "2",
                2,
                "Сходы проводятся без участия милиции и социальных работников, о которых говорится в плане.",
                "Приглашать участкового инспектора и социального работника на каждый сход.",
            ),
        ],
    ),
    (
        "osh",
        "41706226600010",
        dt.date(2025, 11, 20),
        False,
        "Черновик: записи встречи в мэрии ещё дополняются.",
        [("3", 3, "Список семей группы риска обновлён в октябре.", "")],
    ),
]

# The finding that becomes a recommendation: (municipality code, measure number, focal point who passes it on).
RECOMMENDED = ("41705258860000", "5", "focal_batken")


def demo_load(*, log: Callable[[str], Any] | None = None) -> str:
    from tendik.accounts.services import demo_user_ensure
    from tendik.geography.models import AdministrativeUnit
    from tendik.participation.models import DialogueGroup, GroupMember, MonitoringVisit, RatingLevel, RatingScale
    from tendik.participation.services import monitoring as svc
    from tendik.plans.models import LocalMeasure

    say = log or (lambda _m: None)
    counts = {"groups": 0, "members": 0, "visits": 0, "recommendations": 0}
    with transaction.atomic():
        scale = RatingScale.objects.filter(name_ru=SCALE["name_ru"]).first()
        if scale is None:
            scale = RatingScale.objects.create(
                **SCALE, is_current=not RatingScale.objects.filter(is_current=True).exists()
            )
            for score, ru, ky, en, tone in LEVELS:
                RatingLevel.objects.create(scale=scale, score=score, label_ru=ru, label_ky=ky, label_en=en, tone=tone)
        groups: dict[str, Any] = {}
        monitors: dict[str, Any] = {}
        for key, (ru, ky, en), code, founded, (username, full_name, occupation), others in GROUPS:
            oblast = AdministrativeUnit.objects.filter(code=code).first()
            if oblast is None:
                say(f"monitoring demo: territory {code} is not loaded; group {key} skipped")
                continue
            group, created = DialogueGroup.objects.get_or_create(
                name_ru=ru, defaults={"name_ky": ky, "name_en": en, "territory": oblast, "founded_on": founded}
            )
            counts["groups"] += int(created)
            user = demo_user_ensure(
                username=username,
                full_name=full_name,
                role=Role.DIALOGUE_MONITOR,
                unit=oblast,
                position=occupation,
                organisation=ru,
            )
            monitors[key] = user
            lead, created = GroupMember.objects.get_or_create(
                group=group,
                full_name=full_name,
                defaults={"user": user, "role": "coordinator", "occupation": occupation, "joined_on": founded},
            )
            counts["members"] += int(created)
            team = [lead]
            for name, occ in others:
                member, created = GroupMember.objects.get_or_create(
                    group=group, full_name=name, defaults={"occupation": occ, "joined_on": founded}
                )
                counts["members"] += int(created)
                team.append(member)
            groups[key] = (group, team)
        levels = {lv.score: lv for lv in scale.levels.all()}
        for key, code, day, submit, summary, rows in VISITS:
            if key not in groups:
                continue
            group, team = groups[key]
            place = AdministrativeUnit.objects.filter(code=code).first()
            if (
                place is None
                or MonitoringVisit.objects.filter(group=group, municipality=place, visited_on=day).exists()
            ):
                continue
            measures = {m.number: m for m in LocalMeasure.objects.filter(local_plan__municipality=place)}
            if not measures:
                say(f"monitoring demo: {code} has no local plan (run load_plans_demo); visit skipped")
                continue
            actor = monitors[key]
            visit = svc.visit_create(actor=actor, group=group, municipality=place, visited_on=day, summary=summary)
            if visit.scale_id != scale.pk:  # another scale is current: the demo rates on its own
                visit.scale = scale
                visit.save(update_fields=["scale"])
            chosen = [measures[n] for n, *_rest in rows if n in measures]
            svc.visit_set_measures(actor=actor, visit=visit, measures=chosen, monitors=team[:2])
            cards = {c.local_measure.number: c for c in visit.cards.select_related("local_measure")}
            for number, score, findings, recommendations in rows:
                if number in cards:
                    svc.scorecard_update(
                        actor=actor,
                        card=cards[number],
                        level=levels[score],
                        findings=findings,
                        recommendations=recommendations,
                    )
            if submit:
                svc.visit_submit(actor=actor, visit=visit)
            counts["visits"] += 1
        counts["recommendations"] = _recommend(say)
    return ", ".join(f"{v} {k}" for k, v in counts.items())


def _recommend(say: Callable[[str], Any]) -> int:
    from tendik.accounts.models import User
    from tendik.consultations.models import ConsultationSeries
    from tendik.participation.models import Scorecard, VisitStatus
    from tendik.participation.services import monitoring as svc

    code, number, username = RECOMMENDED
    card = (
        Scorecard.objects.filter(
            visit__municipality__code=code, local_measure__number=number, visit__status=VisitStatus.SUBMITTED
        )
        .select_related("visit__municipality", "local_measure__national_measure")
        .first()
    )
    if card is None or card.recommendation_id is not None:
        return 0
    actor = User.objects.filter(username=username).first()
    series = ConsultationSeries.objects.order_by("-start_date").first()
    if actor is None or series is None:
        say("monitoring demo: no consultation series or focal point yet; the finding stays a finding")
        return 0
    svc.finding_recommend(actor=actor, card=card, series=series)
    return 1
