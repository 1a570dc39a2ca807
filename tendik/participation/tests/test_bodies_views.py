"""Bodies pages: the authorisation matrix (anonymous, wrong role, out of scope, in scope; nothing changes on
denial), personal details only to editors, the forms write through the services."""

import datetime as dt

import pytest
from django.urls import reverse

from tendik.participation.models import Body, BodyEvent, BodyMember, BodySeats, BodyType, CompositionCount
from tendik.participation.tests import bodies_helpers
from tendik.participation.tests.bodies_helpers import NAME

pytestmark = pytest.mark.django_db
world = bodies_helpers.world  # the shared fixture


def _state():
    return (
        Body.objects.count(),
        CompositionCount.objects.count(),
        BodySeats.objects.count(),
        BodyMember.objects.count(),
        BodyEvent.objects.count(),
        list(BodyType.objects.order_by("pk").values_list("max_share", "min_seats", "head_deputy_rule")),
        list(Body.objects.order_by("pk").values_list("name_ru", "dissolved_on")),
        list(BodyMember.objects.order_by("pk").values_list("term_end", flat=True)),
    )


def _read_urls(w):
    return [
        reverse("participation:quota"),
        reverse("participation:bodies"),
        reverse("participation:body", args=[w.kenesh.pk]),
        reverse("participation:bodies_export"),
        reverse("participation:quota_pdf"),
    ]


def _write_posts(w):
    """(url, data) of every write, aimed at Halmion's bodies."""
    on = "2023-05-01"
    return [
        (
            reverse("participation:body_count", args=[w.kenesh.pk]),
            {"kind": "count", "as_of": on, "women": 5, "men": 10},
        ),
        (reverse("participation:body_seats", args=[w.kenesh.pk]), {"valid_from": on, "seats": 17}),
        (
            reverse("participation:body_edit", args=[w.kenesh.pk]),
            {"body_type": w.kenesh.body_type_id, "name_ru": "Новое имя", "recording": "counts"},
        ),
        (reverse("participation:body_member_add", args=[w.committee.pk]), {"kind": "election", "position": "member",
                                                                     "sex": "female", "term_start": on}),
        (reverse("participation:body_member_leave", args=[w.member.pk]), {"on": on, "vacancy": "on"}),
        (reverse("participation:body_dissolve", args=[w.kenesh.pk]), {"on": on}),
        (
            reverse("participation:body_create"),
            {"body_type": w.kenesh.body_type_id, "unit": w.territory["halmion"].pk, "name_ru": "Комиссия",
             "recording": "counts", "seats": 5},
        ),
    ]  # fmt: skip


def test_anonymous_is_sent_to_sign_in(client, world):
    urls = (
        _read_urls(world)
        + [u for u, _ in _write_posts(world)]
        + [
            reverse("participation:body_types"),
            reverse("participation:bodies_import"),
        ]
    )
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    before = _state()
    for url, data in _write_posts(world):
        assert client.post(url, data).status_code == 302
    assert _state() == before


def test_user_without_a_role_is_refused(login, world):
    c = login(world.plain)
    for url in _read_urls(world):
        assert c.get(url).status_code == 403, url
    before = _state()
    for url, data in _write_posts(world):
        assert c.post(url, data).status_code in (403, 404), url
    assert _state() == before


@pytest.mark.parametrize("who", ["officer", "viewer", "focal", "coordinator"])
def test_readers_in_scope_see_the_pages(login, world, who):
    c = login(getattr(world, who))
    for url in _read_urls(world):
        assert c.get(url).status_code == 200, url


def test_out_of_scope_body_is_not_found_and_lists_leave_it_out(login, world):
    c = login(world.officer_naryn)
    assert c.get(reverse("participation:body", args=[world.kenesh.pk])).status_code == 404
    html = c.get(reverse("participation:bodies")).content.decode()
    assert world.naryn_kenesh.name in html and world.kenesh.name not in html
    assert c.get(reverse("participation:quota") + "?unit=" + world.territory["batken"].code).status_code == 404
    before = _state()
    for url, data in _write_posts(world):
        # Halmion's bodies are not found; a new body at Halmion is refused by the form (not one of her territories)
        assert c.post(url, data).status_code in (400, 404), url
    assert _state() == before


def test_viewer_may_read_but_not_write(login, world):
    c = login(world.viewer)
    before = _state()
    for url, data in _write_posts(world):
        assert c.get(url).status_code == 403, url
        assert c.post(url, data).status_code == 403, url
    assert _state() == before


def test_officer_in_scope_writes_through_every_form(login, world):
    c = login(world.officer)
    for url, data in _write_posts(world):
        response = c.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:2000])
    world.kenesh.refresh_from_db()
    assert world.kenesh.name_ru == "Новое имя" and world.kenesh.dissolved_on == dt.date(2023, 5, 1)
    assert world.kenesh.counts.filter(as_of=dt.date(2023, 5, 1), women=5).exists()
    assert world.kenesh.seat_facts.filter(seats=17).exists()
    assert world.committee.members.count() == 2
    world.member.refresh_from_db()
    assert world.member.term_end == dt.date(2023, 5, 1)
    assert Body.objects.filter(name_ru="Комиссия", unit=world.territory["halmion"]).exists()


def test_form_errors_are_shown_and_nothing_saved(login, world):
    c = login(world.officer)
    before = _state()
    url = reverse("participation:body_count", args=[world.kenesh.pk])
    response = c.post(url, {"kind": "count", "as_of": "2023-05-01", "women": 10, "men": 10})
    assert response.status_code == 400 and "(20)" in response.content.decode()
    assert _state() == before


def test_names_only_for_editors(login, world):
    url = reverse("participation:body", args=[world.committee.pk])
    assert NAME in login(world.officer).get(url).content.decode()
    assert NAME not in login(world.viewer).get(url).content.decode()
    assert NAME in login(world.coordinator).get(url).content.decode()  # keeps records of the whole country


def test_body_types_page_only_for_national_managers(login, world):
    kenesh_type = world.kenesh.body_type
    url = reverse("participation:body_type_edit", args=[kenesh_type.pk])
    data = {"code": "ayil_kenesh", "name_ru": "Айылный кенеш", "max_share": 60, "min_seats": 3, "order": 1,
            "is_active": "on", "indicator_code": "local_kenesh_deputies"}  # fmt: skip
    before = _state()
    for who in ("focal", "viewer", "officer", "coordinator_rayon"):
        c = login(getattr(world, who))
        assert c.get(reverse("participation:body_types")).status_code == 403
        assert c.post(url, data).status_code == 403
    assert _state() == before
    c = login(world.coordinator)
    assert c.get(reverse("participation:body_types")).status_code == 200
    assert c.post(url, data).status_code == 302
    kenesh_type.refresh_from_db()
    assert kenesh_type.max_share == 60 and not kenesh_type.head_deputy_rule
    response = c.post(
        reverse("participation:body_type_create"), {**data, "code": "women_council", "name_ru": "Совет женщин"}
    )
    assert response.status_code == 302 and BodyType.objects.filter(code="women_council").exists()


def test_dashboard_lists_breaches_first(login, world):
    html = login(world.focal).get(reverse("participation:quota")).content.decode()
    assert world.kenesh.name in html and world.lead.name in html
    assert 'class="chart' in html  # the shared chart component draws the trend


def test_reform_successor_from_the_dissolve_form(login, world, territory):
    c = login(world.officer)
    response = c.post(
        reverse("participation:body_dissolve", args=[world.kenesh.pk]),
        {"on": "2024-01-01", "successor_unit": territory["halmion"].pk},
    )
    successor = Body.objects.get(predecessor=world.kenesh)
    assert response["Location"] == reverse("participation:body", args=[successor.pk])
    assert world.kenesh.name in c.get(response["Location"]).content.decode()


def test_dashboard_map_by_oblast_and_drill_down(login, world):
    c = login(world.coordinator)
    html = c.get(reverse("participation:quota") + "?on=2023-01-01").content.decode()
    assert 'class="choropleth"' in html
    assert f"?unit={world.territory['batken'].code}" in html and f"?unit={world.territory['naryn'].code}" in html
    html = c.get(reverse("participation:quota") + f"?unit={world.territory['batken'].code}&on=2023-01-01").content
    assert world.territory["kadamjay"].code in html.decode()  # the rayons of Batken
    assert world.naryn_kenesh.name not in html.decode()


def test_the_share_is_a_figure_of_the_territories_map(world):
    from tendik.geography.figures import figure_get

    figure = figure_get(world.focal, "participation.women_share_bodies")
    values = figure.values(world.focal, [world.territory["batken"], world.territory["naryn"]])
    # Batken: the kenesh (3 of 15), the leadership (0 of 2), the youth committee (1 of 1): 4 of 18
    assert values == {world.territory["batken"].code: pytest.approx(22.2)}
    assert figure_get(world.plain, "participation.women_share_bodies") is None
