"""Fixed figures of the protection demo, taken from the seed document on the 14 local committees.

The report for the country, 2021-01-01 … 2025-12-31, shows: 14 committees, 274 members; 616 people trained
(439 north, 177 south; 136 on 2-day and 480 on 1-day trainings); 24 preventive meetings with 1,080 people;
12 committee meetings on family-violence facts; 80 at-risk families; 12 women referred to crisis centres and
shelters; 2 women with cash aid (13,000 som); 1 woman given a house. Survivors' names are invented.
"""

from __future__ import annotations

import datetime as dt

# (SOATE code, name_ru used if the code is not found, region, members)
COMMITTEES: list[tuple[str, str, str, int]] = [
    ("41702205813000", "Караколский айылный аймак", "north", 20),
    ("41702205805000", "Ак-Булунский айылный аймак", "north", 20),
    ("41704245845000", "Учкунский айылный аймак", "north", 20),
    ("41704210806000", "Ак-Талский айылный аймак", "north", 20),
    ("41707215815000", "Бакайырский айылный аймак", "north", 20),
    ("41707215818000", "Кара-Бууринский айылный аймак", "north", 20),
    ("41708203807000", "Аламудунский айылный аймак", "north", 20),
    ("41708203814000", "Васильевский айылный аймак", "north", 20),
    ("41705258860000", "Халмионский айылный аймак", "south", 19),
    ("41705214824000", "Кара-Булакский айылный аймак", "south", 19),
    ("41706207823000", "Кабылан-Колский айылный аймак", "south", 19),
    ("41706207814000", "Гульчинский айылный аймак", "south", 19),
    ("41703204804000", "Ак-Коргонский айылный аймак", "south", 19),
    ("41703204808000", "Ала-Букинский айылный аймак", "south", 19),
]
DEMO_COMMITTEE = "41705258860000"  # Халмион, Batken oblast: the demo chair and case worker work here

SECTORS_20 = [
    "police",
    "police",
    "health",
    "health",
    "education",
    "education",
    "social",
    "social",
    "local_government",
    "local_government",
    "kenesh_deputy",
    "kenesh_deputy",
    "aksakal_court",
    "aksakal_court",
    "womens_council",
    "youth_council",
    "activist",
    "lawyer",
    "ngo",
    "crisis_centre",
]

WOMEN = [
    "Айгүл",
    "Бермет",
    "Гүлнара",
    "Жылдыз",
    "Назира",
    "Чолпон",
    "Айжан",
    "Мээрим",
    "Нургүл",
    "Динара",
    "Асель",
    "Салтанат",
    "Элмира",
]
MEN = ["Азамат", "Бакыт", "Нурлан", "Эрлан", "Улан", "Талант", "Марат", "Кубат", "Самат", "Эрмек", "Айбек"]
SURNAMES = [
    "Асанов",
    "Токтосунов",
    "Жумабаев",
    "Садыков",
    "Осмонов",
    "Бекмуратов",
    "Абдыкадыров",
    "Мамытов",
    "Исаков",
    "Орозбаев",
    "Сыдыков",
    "Кадыров",
    "Турдубаев",
]

NORTH_OBLASTS = ["41708000000000", "41707000000000", "41702000000000", "41704000000000"]
SOUTH_OBLASTS = ["41706000000000", "41705000000000", "41703000000000"]

# Trainings for officials: (title, held_on, days, place (committee code), region, participants)
TRAININGS: list[tuple[str, dt.date, int, str, str, int]] = [
    ("Two-day training for committee members (north)", dt.date(2022, 3, 15), 2, "41708203807000", "north", 86),
    ("Two-day training for committee members (south)", dt.date(2022, 4, 12), 2, "41706207814000", "south", 50),
    ("One-day seminar, Chui and Talas", dt.date(2022, 5, 17), 1, "41708203814000", "north", 90),
    ("One-day seminar, Issyk-Kul", dt.date(2022, 6, 7), 1, "41702205813000", "north", 88),
    ("One-day seminar, Naryn", dt.date(2022, 6, 21), 1, "41704245845000", "north", 90),
    ("Political and information meeting (north)", dt.date(2022, 9, 20), 1, "41707215815000", "north", 85),
    ("One-day seminar, Osh and Batken", dt.date(2022, 5, 24), 1, "41705258860000", "south", 64),
    ("One-day seminar, Jalal-Abad", dt.date(2022, 10, 4), 1, "41703204808000", "south", 63),
]
PREVENTIVE_MEETINGS = 24  # kinds rotate: population, parents, pupils of grades 8-11
PREVENTIVE_PEOPLE_EACH = 45  # 24 × 45 = 1,080 people
VIOLENCE_MEETINGS = 12
FAMILIES = 80
SHELTER_REFERRALS = 12  # women with consent to statistics, referred to crisis centres and shelters
CASH_AID = [8000, 5000]  # two women, 13,000 som
HOUSING = 1
EXTRA_CASES_WITHOUT_STATISTICS_CONSENT = 2  # left out of the report, as the report says
