import pytest

from tendik.consultations.selectors import similar
from tendik.consultations.similarity import detect_language, kyrgyz_stem, rank, stems, stems_for_storage
from tendik.consultations.tests import factories as f

CANDIDATES = {
    1: (
        "Открыть кризисные центры и убежища для женщин, пострадавших от насилия",
        "Зомбулуктан жапа чеккен аялдар үчүн кризистик борборлорду жана баш калкалоочу жайларды ачуу",
    ),
    2: (
        "Соблюдать гендерные квоты не менее 30% в органах местного самоуправления",
        "Жергиликтүү өз алдынча башкаруу органдарында 30% кем эмес гендердик квотаны сактоо",
    ),
    3: (
        "Развивать семейный бизнес и мини-цеха по переработке сельхозпродукции",
        "Үй-бүлөлүк бизнести жана айыл чарба продукциясын кайра иштетүүчү мини-цехтерди өнүктүрүү",
    ),
}


def _stored():
    return [(pk, stems_for_storage(text_ru=ru, text_ky=ky)) for pk, (ru, ky) in CANDIDATES.items()]


def test_kyrgyz_stemmer_strips_case_possession_and_plural():
    assert kyrgyz_stem("аялдардын") == kyrgyz_stem("аялдарга") == kyrgyz_stem("аял") == "аял"
    assert kyrgyz_stem("борборлорду") == "борбор"
    assert kyrgyz_stem("мектептерде") == "мектеп"
    assert kyrgyz_stem("орун") == "орун"  # too short to strip


def test_language_detection():
    assert detect_language("Аялдардын үнү") == "ky"
    assert detect_language("Голос женщин") == "ru"


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("кризисного центра для пострадавших женщин", 1),  # other word forms of the same Russian words
        ("гендерной квоты в органах самоуправления", 2),
        ("семейного бизнеса", 3),
        ("аялдар үчүн кризистик борбор ачуу", 1),  # Kyrgyz, with ң/ө/ү
        ("кризистик борборлорду ачуу", 1),  # Kyrgyz without any Kyrgyz-only letter
        ("гендердик квоталарды сактоо", 2),
        ("үй-бүлөлүк бизнести колдоо", 3),
    ],
)
def test_ranking_finds_the_same_recommendation_in_russian_and_kyrgyz(query, best):
    found = rank(query, _stored())
    assert found and found[0].pk == best
    assert all(found[0].score >= m.score for m in found)


def test_unrelated_text_finds_nothing():
    assert rank("погода завтра солнечная", _stored()) == []
    assert rank("", _stored()) == []


def test_stop_words_do_not_count():
    assert "для" not in stems("для и в на", "ru")


def test_similar_selector_respects_scope(world):
    fp = world["u"]["fp_batken"]
    ranked = [r.code for r, _s in similar(fp, "кризисные центры в районах")]
    assert ranked[0] == "rec-b"
    naryn = [r.code for r, _s in similar(fp, "гендерные квоты органах власти")]
    assert "rec-n" not in naryn  # Naryn's recommendation is outside a Batken focal point's scope
    f.recommendation(world["series"], text_ru="Кризисные центры открыть в районах", scope="general", code="dup")
    assert {r.code for r, _s in similar(world["u"]["coordinator"], "кризисные центры районах")} >= {"rec-b", "dup"}
