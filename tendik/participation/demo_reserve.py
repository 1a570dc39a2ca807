"""Demo data of the cadre reserve and trainings: clearly fictional people in real places of the five oblasts of the
May 2025 consultations (Batken, Osh, Jalal-Abad, Issyk-Kul, Naryn), and a political school held in Batken, Osh,
Karakol and Naryn."""

from __future__ import annotations

import datetime as dt
from typing import Any

# (code, ru, ky, en)
AREAS = [
    ("law", "Право", "Укук", "Law"),
    ("it", "Информационные технологии", "Маалыматтык технологиялар", "Information technology"),
    ("media", "СМИ и коммуникации", "ЖМК жана коммуникация", "Media and communications"),
    ("family_economy", "Семейная экономика", "Үй-бүлөлүк экономика", "Family economy"),
    ("psychology", "Психологическая поддержка", "Психологиялык колдоо", "Psychological support"),
    ("budget", "Местный бюджет и финансы", "Жергиликтүү бюджет жана каржы", "Local budget and finance"),
    ("education", "Образование", "Билим берүү", "Education"),
    ("health", "Здравоохранение", "Саламаттык сактоо", "Health"),
    ("agriculture", "Сельское хозяйство", "Айыл чарба", "Agriculture"),
    ("peacebuilding", "Миростроительство и предупреждение конфликтов", "Тынчтык куруу жана чыр-чатакты алдын алуу",
     "Peacebuilding and conflict prevention"),
]  # fmt: skip

# Municipalities and towns (SOATE code, name in the classifier) where the demo people live.
PLACES = {
    "batken": ["41705258860000", "41705214852000", "41705236842000", "41705410000010"],
    "osh": ["41706207830000", "41706226816000", "41721000000000"],
    "jalal-abad": ["41703207808000", "41703215876000", "41703410000010"],
    "issyk-kul": ["41702205840000", "41702220815000", "41702410000010"],
    "naryn": ["41704220812000", "41704230809000", "41704400000010"],
}

# Fictional names: common first names and surnames, combined so that no real person is meant.
WOMEN = ["Айгерим", "Гүлзат", "Нуриза", "Мээрим", "Жылдыз", "Асель", "Бермет", "Чолпон", "Динара", "Сезим",
         "Айпери", "Гүлнара", "Назира", "Толгонай", "Элмира", "Каныкей", "Зарина", "Өмүркан"]  # fmt: skip
MEN = ["Азамат", "Бакыт", "Нурбек", "Эрлан", "Тилек"]
SURNAMES = ["Абдыкадыров", "Токтосунов", "Жумабаев", "Осмонов", "Сыдыков", "Мамытов", "Асанов", "Бекмуратов",
            "Эркинбаев", "Орозов", "Турдубаев", "Жээнбеков", "Кадыров", "Сатыбалдиев"]  # fmt: skip

EDUCATION = [
    "Высшее: Кыргызский национальный университет, юриспруденция",
    "Высшее: Ошский государственный университет, экономика",
    "Высшее: Баткенский государственный университет, педагогика",
    "Высшее: Иссык-Кульский государственный университет, журналистика",
    "Средне-специальное: медицинский колледж",
    "Высшее: Нарынский государственный университет, информатика",
]
EXPERIENCE = [
    "Депутатка айылного кенеша, председатель комиссии по социальным вопросам",
    "Специалист айыл окмоту по социальным вопросам, 6 лет",
    "Руководительница женского совета, организатор курсов по семейному бюджету",
    "Учительница, член школьного совета",
    "Активистка молодёжного комитета, волонтёр кризисного центра",
    "Бухгалтер муниципального предприятия, 8 лет",
]
PROJECTS = [
    "Проект по водоснабжению села (2023), волонтёр избирательной комиссии",
    "Курсы цифровой грамотности для женщин (2024)",
    "Молодёжный парламент района, школа лидерства",
    "Инициативная группа по ремонту детского сада",
]

PROGRAMMES: list[dict[str, Any]] = [
    {
        "code": "polschool-2025",
        "kind": "political_school",
        "title_ru": "Политическая школа для женщин-лидеров",
        "title_ky": "Аял лидерлер үчүн саясий мектеп",
        "title_en": "Political school for women leaders",
        "organiser": "МТСОМ КР и региональные женские диалоговые группы",
        "hours": 48,
        "description": "Три модуля: местное самоуправление и бюджет, публичные выступления и избирательная кампания, "
        "безопасность женщин в политике.",
    },
    {
        "code": "gender-budget-online",
        "kind": "online_course",
        "title_ru": "Гендерное бюджетирование для ОМСУ",
        "title_ky": "ЖӨБ үчүн гендердик бюджеттөө",
        "title_en": "Gender budgeting for local self-government",
        "organiser": "МТСОМ КР",
        "hours": 12,
        "description": "",
    },
    {
        "code": "youth-leaders-seminar",
        "kind": "seminar",
        "title_ru": "Семинар молодых лидеров: участие в принятии решений",
        "title_ky": "Жаш лидерлердин семинары: чечим кабыл алууга катышуу",
        "title_en": "Youth leaders' seminar: taking part in decisions",
        "organiser": "Молодёжные комитеты областей",
        "hours": 16,
        "description": "",
    },
]

# Political school sessions: (oblast key, place code, venue, start, end).
SESSIONS = [
    ("batken", "41705410000010", "Баткенский государственный университет", dt.date(2025, 6, 16), dt.date(2025, 6, 18)),
    ("osh", "41721000000000", "Ошский государственный университет", dt.date(2025, 7, 7), dt.date(2025, 7, 9)),
    ("issyk-kul", "41702410000010", "Дом культуры г. Каракол", dt.date(2025, 8, 4), dt.date(2025, 8, 6)),
    ("naryn", "41704400000010", "Нарынский государственный университет", dt.date(2025, 9, 1), dt.date(2025, 9, 3)),
]  # fmt: skip
# Jalal-Abad people come to the Osh session.
SESSION_FOR = {"batken": "batken", "osh": "osh", "jalal-abad": "osh", "issyk-kul": "issyk-kul", "naryn": "naryn"}
