from types import SimpleNamespace

from django.utils import translation

from tendik.core.i18n import localized, pick, pick_json


class Thing(SimpleNamespace):
    title = localized("title")


def test_pick_follows_the_language_and_falls_back_to_russian() -> None:
    thing = Thing(title_ru="Равенство", title_ky="Теңдик", title_en="")
    with translation.override("ky"):
        assert thing.title == "Теңдик"
    with translation.override("en"):
        assert thing.title == "Равенство"
    assert pick(thing, "title", "ru") == "Равенство"
    with translation.override("en"):
        assert pick_json({"ru": "да", "en": "yes"}) == "yes"
        assert pick_json({"ru": "да"}) == "да"
