"""Reserve pages: authorisation matrix, access log, what the list shows, erase, shortlists, languages, queries."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tendik.audit.models import AccessLogEntry
from tendik.participation.models.reserve import ReservePerson, ReserveTally, Shortlist, ShortlistEntry
from tendik.participation.tests import reserve_factories as f


@pytest.fixture
def world(make_user, territory):
    return f.World(make_user, territory)


def _pages(w):
    return [
        reverse("participation:reserve"),
        reverse("participation:reserve_person", args=[w.person.pk]),
        reverse("participation:reserve_person_add"),
        reverse("participation:reserve_person_edit", args=[w.person.pk]),
        reverse("participation:reserve_person_erase", args=[w.person.pk]),
        reverse("participation:reserve_shortlists"),
        reverse("participation:reserve_shortlist_add"),
        reverse("participation:reserve_shortlist", args=[w.shortlist.pk]),
        reverse("participation:reserve_areas"),
    ]


def test_anonymous_is_sent_to_sign_in(world):
    for url in [*_pages(world), reverse("participation:reserve_figures")]:
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize("who", ["viewer", "municipal", "plain"])
def test_roles_without_reserve_view_are_refused(world, login, who):
    client = login(getattr(world, who))
    for url in _pages(world):
        assert client.get(url).status_code == 403, url
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "municipal", "plain", "focal_naryn"])
def test_refused_writes_change_nothing(world, login, who):
    client = login(getattr(world, who))
    before = (ReservePerson.objects.count(), Shortlist.objects.count(), ShortlistEntry.objects.count())
    name_before = ReservePerson.objects.get(pk=world.person.pk).full_name
    assert client.post(reverse("participation:reserve_person_erase", args=[world.person.pk])).status_code in (403, 404)
    edit = client.post(
        reverse("participation:reserve_person_edit", args=[world.person.pk]),
        {"territory": world.t["halmion"].pk, "sex": "female", "age_group": "25_35", "full_name": "X"},
    )
    assert edit.status_code in (403, 404)
    add = client.post(
        reverse("participation:reserve_shortlist", args=[world.shortlist.pk]), {"code": world.person.code}
    )
    assert add.status_code in (403, 404)
    created = client.post(
        reverse("participation:reserve_person_add"),
        {"territory": world.t["halmion"].pk, "sex": "female", "age_group": "18_24"},
    )
    assert created.status_code in (400, 403)  # focal_naryn: Halmion is not a choice for her
    assert (ReservePerson.objects.count(), Shortlist.objects.count(), ShortlistEntry.objects.count()) == before
    assert ReservePerson.objects.get(pk=world.person.pk).full_name == name_before
    assert not ReserveTally.objects.exists()


def test_out_of_scope_profiles_are_not_found(world, login):
    client = login(world.focal_naryn)
    assert client.get(reverse("participation:reserve_person", args=[world.person.pk])).status_code == 404
    assert client.get(reverse("participation:reserve_shortlist", args=[world.shortlist.pk])).status_code == 404
    body = client.get(reverse("participation:reserve")).content.decode()
    assert world.naryn_person.code in body and world.person.code not in body
    assert not AccessLogEntry.objects.filter(object_id=str(world.person.pk)).exists()


def test_in_scope_profile_is_shown_and_logged(world, login):
    client = login(world.focal)
    body = client.get(reverse("participation:reserve")).content.decode()
    assert world.person.code in body and world.naryn_person.code not in body
    # The list shows initials, not names or contacts.
    assert "Токтосунова" not in body and "555" not in body and "А. Т." in body
    response = client.get(reverse("participation:reserve_person", args=[world.person.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Айгүл Токтосунова" in page and "+996 555 123 456" in page
    log = AccessLogEntry.objects.get(object_id=str(world.person.pk))
    assert log.purpose == "reserve.profile" and log.actor == world.focal and "Айгүл" not in log.object_repr


def test_search_filters(world, login):
    client = login(world.coordinator)
    url = reverse("participation:reserve")

    def codes(**params):
        body = client.get(url, params).content.decode()
        return {p.code for p in ReservePerson.objects.all() if p.code in body}

    both = {world.person.code, world.naryn_person.code}
    assert codes() == both
    assert codes(territory=world.t["naryn"].pk) == {world.naryn_person.code}
    assert codes(area=world.area.pk) == {world.person.code}
    assert codes(programme=world.programme.pk) == {world.person.code}  # Naryn's participant has not completed
    assert codes(youth_leader="yes") == {world.naryn_person.code}
    assert codes(language="ky") == both
    assert codes(language="uz") == set()


def test_add_edit_and_erase_in_scope(world, login):
    client = login(world.focal)
    response = client.post(
        reverse("participation:reserve_person_add"),
        {
            "territory": world.t["kulundu"].pk,
            "sex": "female",
            "birth_year": "2001",
            "consent_on": "2025-05-13",
            "consent_scope": ["profile", "shortlists"],
            "full_name": "Мээрим Жумабаева",
            "areas": [world.area.pk],
            "languages": ["ky", "uz"],
            "is_youth_leader": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    new = ReservePerson.objects.get(territory=world.t["kulundu"])
    assert new.full_name == "Мээрим Жумабаева" and new.is_youth_leader and new.language_codes == ["ky", "uz"]
    refused = client.post(
        reverse("participation:reserve_person_add"),
        {"territory": world.t["kulundu"].pk, "sex": "female", "age_group": "18_24", "full_name": "Без согласия"},
    )
    assert refused.status_code == 400 and ReservePerson.objects.count() == 3
    page = client.get(reverse("participation:reserve_person_erase", args=[new.pk]))
    assert page.status_code == 200
    assert client.post(reverse("participation:reserve_person_erase", args=[new.pk])).status_code == 302
    assert not ReservePerson.objects.filter(pk=new.pk).exists() and ReserveTally.objects.get().count == 1


def test_shortlist_pages(world, login):
    client = login(world.focal)
    response = client.post(
        reverse("participation:reserve_shortlist_add"),
        {"title": "Глава отдела", "post": "Заведующая отделом", "territory": world.t["batken"].pk},
    )
    assert response.status_code == 302
    shortlist = Shortlist.objects.get(title="Глава отдела")
    url = reverse("participation:reserve_shortlist", args=[shortlist.pk])
    assert client.post(url, {"code": world.naryn_person.code}).status_code == 400  # not in her scope
    assert client.post(url, {"code": world.person.code.lower(), "note": "Опыт в кенеше"}).status_code == 302
    body = client.get(url).content.decode()
    assert world.person.code in body and "Опыт в кенеше" in body
    client.post(reverse("participation:reserve_shortlist_status", args=[shortlist.pk]), {"status": "filled"})
    shortlist.refresh_from_db()
    assert shortlist.status == "filled"


def test_figures_for_any_participation_role_without_names(world, login):
    response = login(world.viewer).get(reverse("participation:reserve_figures"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Токтосунова" not in body and world.person.code not in body
    assert login(world.plain).get(reverse("participation:reserve_figures")).status_code == 403


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("ru", "Кадровый резерв"), ("ky", "Кадрдык резерв"), ("en", "Cadre reserve and youth leaders")],
)
def test_three_languages(world, login, settings, lang, heading):
    client = login(world.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    assert heading in client.get(reverse("participation:reserve")).content.decode()


def test_search_query_count_does_not_grow(world, login, django_assert_max_num_queries):
    client = login(world.coordinator)
    url = reverse("participation:reserve")

    def grow(n):
        for _i in range(n):
            p = f.person(world.coordinator, world.t["kulundu"], name="Динара Асанова", n=f.next_n())
            p.areas.set([world.area])

    grow(5)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
    grow(15)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
    shortlist_url = reverse("participation:reserve_shortlist", args=[world.shortlist.pk])
    for p in ReservePerson.objects.filter(territory=world.t["kulundu"])[:3]:
        from tendik.participation.services.reserve import shortlist_add

        shortlist_add(shortlist=world.shortlist, person=p, actor=world.coordinator)
    with django_assert_max_num_queries(16):
        assert client.get(shortlist_url).status_code == 200
    for p in ReservePerson.objects.filter(territory=world.t["kulundu"])[3:12]:
        from tendik.participation.services.reserve import shortlist_add

        shortlist_add(shortlist=world.shortlist, person=p, actor=world.coordinator)
    with django_assert_max_num_queries(16):
        assert client.get(shortlist_url).status_code == 200


def test_figures_and_shortlists_query_counts(world, login, django_assert_max_num_queries):
    from tendik.participation.services.reserve import reserve_person_erase, shortlist_create

    client = login(world.coordinator)
    pages = [reverse("participation:reserve_figures"), reverse("participation:reserve_shortlists")]
    places = [world.t["halmion"], world.t["kulundu"], world.t["kazybek"], world.t["aydarken"]]

    def grow(n):
        for i in range(n):
            p = f.person(world.coordinator, places[i % 4], name="Чынара Бекова", n=f.next_n(), is_youth_leader=i % 2)
            if i % 3 == 0:
                reserve_person_erase(person=p, actor=world.coordinator)
            shortlist_create(actor=world.coordinator, title=f"Вакансия {i}", post="Специалист", territory=places[i % 4])

    grow(4)
    for url in pages:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
    grow(12)
    for url in pages:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
    body = client.get(pages[0]).content.decode()
    assert "18" in body  # 2 + 16 people counted, the erased ones included
