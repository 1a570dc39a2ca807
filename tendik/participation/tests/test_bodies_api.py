"""/api/v1/participation/ bodies endpoints: the authorisation matrix, writes through services, nothing changed on
denial, personal details only to editors, the quota summary."""

import pytest
from rest_framework.test import APIClient

from tendik.participation.models import Body, BodyMember, BodySeats, BodyType, CompositionCount
from tendik.participation.tests import bodies_helpers
from tendik.participation.tests.bodies_helpers import NAME

pytestmark = pytest.mark.django_db
world = bodies_helpers.world  # the shared fixture
API = "/api/v1/participation/"


def _client(user=None):
    c = APIClient()
    if user is not None:
        c.force_authenticate(user)
    return c


def _state():
    return (
        Body.objects.count(),
        CompositionCount.objects.count(),
        BodySeats.objects.count(),
        BodyMember.objects.count(),
        list(BodyType.objects.order_by("pk").values_list("max_share", flat=True)),
        list(Body.objects.order_by("pk").values_list("name_ru", flat=True)),
    )


def _writes(w):
    return [
        ("post", "body-counts/", {"body": w.kenesh.pk, "as_of": "2023-05-01", "women": 5, "men": 10, "kind": "count"}),
        ("post", "body-seats/", {"body": w.kenesh.pk, "valid_from": "2023-05-01", "seats": 17}),
        ("post", "body-members/", {"body": w.committee.pk, "sex": "male", "term_start": "2023-05-01"}),
        ("post", f"body-members/{w.member.pk}/leave/", {"on": "2023-05-01"}),
        ("patch", f"bodies/{w.kenesh.pk}/", {"name_ru": "Новое имя", "version": 1}),
        ("post", "bodies/", {"body_type": "commission", "unit": w.territory["halmion"].code, "name_ru": "Комиссия",
                             "seats": 5}),
        ("patch", f"body-types/{w.kenesh.body_type_id}/", {"max_share": 60, "version": 1}),
    ]  # fmt: skip


def _reads(w):
    return [
        "body-types/",
        "bodies/",
        f"bodies/{w.kenesh.pk}/",
        f"bodies/{w.kenesh.pk}/composition/?on=2022-01-01",
        "body-counts/",
        "body-seats/",
        "body-members/",
        "body-events/",
        "quota/",
    ]


def test_anonymous_refused(world):
    c = _client()
    for url in _reads(world):
        assert c.get(API + url).status_code in (401, 403), url
    before = _state()
    for method, url, data in _writes(world):
        assert getattr(c, method)(API + url, data, format="json").status_code in (401, 403), url
    assert _state() == before


def test_no_role_refused(world):
    c = _client(world.plain)
    for url in _reads(world):
        assert c.get(API + url).status_code == 403, url
    before = _state()
    for method, url, data in _writes(world):
        assert getattr(c, method)(API + url, data, format="json").status_code == 403, url
    assert _state() == before


def test_viewer_reads_but_cannot_write(world):
    c = _client(world.viewer)
    for url in _reads(world):
        assert c.get(API + url).status_code == 200, url
    before = _state()
    for method, url, data in _writes(world):
        assert getattr(c, method)(API + url, data, format="json").status_code in (400, 403), url
    assert _state() == before


def test_out_of_scope_sees_nothing_and_changes_nothing(world):
    c = _client(world.officer_naryn)
    ids = [b["id"] for b in c.get(API + "bodies/").json()["results"]]
    assert ids == [world.naryn_kenesh.pk]
    assert c.get(API + f"bodies/{world.kenesh.pk}/").status_code == 404
    assert c.get(API + "quota/?unit=" + world.territory["batken"].code).status_code == 404
    before = _state()
    for method, url, data in _writes(world):
        assert getattr(c, method)(API + url, data, format="json").status_code in (400, 403, 404), url
    assert _state() == before


def test_officer_in_scope_writes(world):
    c = _client(world.officer)
    for method, url, data in _writes(world)[:-1]:
        response = getattr(c, method)(API + url, data, format="json")
        assert response.status_code in (200, 201), (url, response.content)
    world.kenesh.refresh_from_db()
    assert world.kenesh.name_ru == "Новое имя"
    assert Body.objects.filter(name_ru="Комиссия", seat_facts__seats=5).exists()
    composition = c.get(API + f"bodies/{world.kenesh.pk}/composition/?on=2023-05-01").json()
    assert composition["women"] == 5 and composition["seats"] == 17 and not composition["breaks_share"]
    # body types: only with a national grant
    assert (
        c.patch(API + f"body-types/{world.kenesh.body_type_id}/", {"max_share": 60}, format="json").status_code == 403
    )


def test_coordinator_manages_types(world):
    c = _client(world.coordinator)
    response = c.patch(API + f"body-types/{world.kenesh.body_type_id}/", {"max_share": 60, "version": 1}, format="json")
    assert response.status_code == 200
    assert BodyType.objects.get(pk=world.kenesh.body_type_id).max_share == 60
    assert (
        _client(world.coordinator_rayon)
        .patch(API + f"body-types/{world.kenesh.body_type_id}/", {"max_share": 80, "version": 2}, format="json")
        .status_code
        == 403
    )
    assert BodyType.objects.get(pk=world.kenesh.body_type_id).max_share == 60


def test_personal_details_only_to_editors(world):
    rows = _client(world.officer).get(API + f"body-members/?body={world.committee.pk}").json()["results"]
    assert rows[0]["full_name"] == NAME
    rows = _client(world.viewer).get(API + f"body-members/?body={world.committee.pk}").json()["results"]
    assert "full_name" not in rows[0] and rows[0]["sex"] == "female"


def test_service_errors_become_400(world):
    c = _client(world.officer)
    before = _state()
    response = c.post(API + "body-counts/", {"body": world.kenesh.pk, "as_of": "2023-05-01", "women": 10, "men": 10},
                      format="json")  # fmt: skip
    assert response.status_code == 400 and "men" in response.json()["error"]["fields"]
    assert _state() == before


def test_quota_summary(world):
    data = _client(world.focal).get(API + "quota/?on=2023-01-01").json()
    assert data["unit"] is None  # no unit asked: the whole of her scope
    assert data["breaking_share"] == 1 and data["breaking_head_deputy"] == 1 and world.kenesh.pk in data["breaches"]
