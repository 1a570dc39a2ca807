"""Issue 10, words and languages: committee names in the reader's language, the report's territory asked by name,
one set of download buttons, closing reasons and amounts in words."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.urls import reverse
from django.utils import translation

from tendik.protection.models.committees import COMMITTEE_NAME
from tendik.protection.services.committees import committee_create

PERIOD = "?date_from=2025-01-01&date_to=2025-12-31"


def test_a_committee_named_after_its_municipality_reads_in_every_language(world):
    halmion = world.territory["halmion"]
    halmion.name_ky, halmion.name_en = "Халмион айыл аймагы", "Khalmion ayil aimak"
    halmion.save()
    usual = committee_create(actor=None, municipality=halmion, name=COMMITTEE_NAME.render(halmion, "ru"))
    assert usual.name == "Местный комитет по охране и защите от семейного насилия (Халмионский)"
    with translation.override("ky"):
        assert str(usual) == "Үй-бүлөлүк зомбулуктан коргоо жана сактоо боюнча жергиликтүү комитет (Халмион)"
    with translation.override("en"):
        assert usual.display_name == "Local committee for protection from family violence (Khalmion)"
    with translation.override("ru"):
        assert usual.display_name == usual.name
    # a committee's own wording is shown as typed, in every language
    with translation.override("en"):
        assert world.a.display_name == world.a.name


def test_the_committee_page_names_the_committee_in_english(login, world):
    halmion = world.territory["halmion"]
    halmion.name_en = "Khalmion ayil aimak"
    halmion.save()
    world.a.name = COMMITTEE_NAME.render(halmion, "ru")
    world.a.save()
    client = login(world.chair)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("protection:committee", args=[world.a.pk]), HTTP_ACCEPT_LANGUAGE="en").content
    assert "Local committee for protection from family violence (Khalmion)" in html.decode()
    assert "Местный комитет" not in html.decode()


def test_the_report_asks_for_a_territory_by_name_grouped_by_oblast_and_rayon(login, world):
    html = login(world.focal).get(reverse("protection:report") + PERIOD).content.decode()
    select = re.search(r'<select name="unit"[^>]*>(.*?)</select>', html, re.S)
    assert select, "the territory is a list to pick from, not a code to type"
    options = select.group(1)
    assert '<optgroup label="Баткенская область">' in options
    assert '<optgroup label="Кадамжайский район">' in options
    assert ">Халмионский айылный аймак</option>" in options
    assert "Нарынская область" not in options  # out of the focal point's scope
    visible = re.sub(r'value="[^"]*"', "", options)
    assert not re.search(r"417\d{11}", visible), "no SOATE code is shown"


def test_a_territory_picked_by_name_gives_its_report_and_out_of_scope_stays_refused(login, world):
    url = reverse("protection:report") + PERIOD
    assert login(world.focal).get(url + "&unit=41705258860000").status_code == 200
    assert login(world.focal).get(url + "&unit=41704000000000").status_code == 403


def _download_controls(html: str) -> list[str]:
    return re.findall(r"(format=(?:xlsx|pdf)|value=\"(?:xlsx|pdf)\")", html)


def test_one_set_of_download_buttons(login, world):
    url = reverse("protection:report") + PERIOD
    committee = login(world.chair).get(url + f"&committee={world.a.pk}").content.decode()
    assert _download_controls(committee) == ["format=xlsx", "format=pdf"]  # a committee's file comes at once
    oblast = login(world.focal).get(url + "&unit=41705000000000").content.decode()
    assert _download_controls(oblast) == ['value="xlsx"', 'value="pdf"']  # a large one is prepared as a job
    assert "format=xlsx" not in oblast


def test_the_stage_history_and_services_speak_words(login, world):
    from tendik.protection.services import cases as case_services

    case = world.case
    case_services.case_transition(case=case, actor=world.owner, to="closed", reason="resolved")
    html = login(world.owner).get(reverse("protection:case", args=[case.pk])).content.decode()
    assert "(resolved)" not in html
    assert "Потребности удовлетворены" in html


def test_a_service_amount_is_grouped_with_its_unit(login, world):
    from tendik.protection.models.referrals import ServiceDelivery

    ServiceDelivery.objects.create(
        case=world.case, kind="cash_aid", started_on=dt.date(2025, 3, 1), amount_som=Decimal("8000")
    )
    html = login(world.owner).get(reverse("protection:case", args=[world.case.pk])).content.decode()
    assert "8\u00a0000 сом" in html and "8000,00" not in html


def test_the_report_period_is_written_in_words_not_iso(login, world):
    html = login(world.chair).get(reverse("protection:report") + PERIOD + f"&committee={world.a.pk}").content.decode()
    assert "1 января 2025 г. — 31 декабря 2025 г." in html
    heading = re.search(r"<h2>(.*?)</h2>", html, re.S).group(1)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", heading)
