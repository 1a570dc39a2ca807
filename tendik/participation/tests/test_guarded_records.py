"""No silent overwrite: bodies, body types, dialogue groups and their members refuse a stale save (web and API)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework.test import APIClient

from tendik.core.concurrency.testing import form_data
from tendik.participation.models import Body, BodyType, DialogueGroup, GroupMember
from tendik.participation.services import bodies as body_services
from tendik.participation.services import monitoring as mon_services
from tendik.participation.services import reserve as reserve_services
from tendik.participation.tests import bodies_helpers, monitoring_helpers

world = bodies_helpers.world  # the shared fixtures
mon = monitoring_helpers.mon
_english = monitoring_helpers._english
API = "/api/v1/participation/"


def _api(user: Any) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


# ---- bodies ----


def test_body_form_refuses_a_stale_save_and_a_fresh_one_passes(world, login):
    c = login(world.coordinator)
    url = reverse("participation:body_edit", args=[world.kenesh.pk])
    data = form_data(c.get(url))
    assert data["version"] == 1
    body_services.body_update(body=world.kenesh, actor=None, name_ru="Их название")
    r = c.post(url, {**data, "name_ru": "Моё название"})
    assert r.status_code == 409
    assert "Их название" in r.content.decode() and "Моё название" in r.content.decode()
    body = Body.objects.get(pk=world.kenesh.pk)
    assert (body.name_ru, body.version) == ("Их название", 2)
    r = c.post(url, {**form_data(r), "name_ru": "Моё название"})
    assert r.status_code == 302
    body.refresh_from_db()
    assert (body.name_ru, body.version) == ("Моё название", 3)


def test_body_api_patch_stale_is_409_missing_is_400_fresh_passes(world):
    c = _api(world.coordinator)
    url = f"{API}bodies/{world.kenesh.pk}/"
    assert c.get(url).json()["version"] == 1
    body_services.body_update(body=world.kenesh, actor=None, name_ru="Их название")
    r = c.patch(url, {"name_ru": "Моё название", "version": 1}, format="json")
    assert r.status_code == 409
    assert {d["field"]: d["theirs"] for d in r.json()["diff"]} == {"name_ru": "Их название"}
    assert c.patch(url, {"name_ru": "Моё название"}, format="json").status_code == 400
    assert Body.objects.get(pk=world.kenesh.pk).name_ru == "Их название"
    r = c.patch(url, {"name_ru": "Моё название", "version": 2}, format="json")
    assert r.status_code == 200 and r.json()["version"] == 3
    assert Body.objects.get(pk=world.kenesh.pk).name_ru == "Моё название"


def test_body_api_patch_out_of_scope_changes_nothing(world):
    r = _api(world.officer_naryn).patch(
        f"{API}bodies/{world.kenesh.pk}/", {"name_ru": "X", "version": 1}, format="json"
    )
    assert r.status_code in (403, 404)
    body = Body.objects.get(pk=world.kenesh.pk)
    assert (body.name_ru, body.version) == (world.kenesh.name_ru, 1)


def test_body_type_stale_save_is_refused_on_the_web_and_the_api(world, login):
    kind = BodyType.objects.get(pk=world.kenesh.body_type_id)
    c = login(world.coordinator)
    url = reverse("participation:body_type_edit", args=[kind.pk])
    data = form_data(c.get(url))
    before = kind.version
    body_services.body_type_update(body_type=kind, actor=None, max_share=65)
    r = c.post(url, {**data, "max_share": 55})
    assert r.status_code == 409
    kind.refresh_from_db()
    assert (kind.max_share, kind.version) == (65, before + 1)
    api = _api(world.coordinator)
    r = api.patch(f"{API}body-types/{kind.pk}/", {"max_share": 55, "version": before}, format="json")
    assert r.status_code == 409
    kind.refresh_from_db()
    assert kind.max_share == 65
    r = api.patch(f"{API}body-types/{kind.pk}/", {"max_share": 55, "version": before + 1}, format="json")
    assert r.status_code == 200
    kind.refresh_from_db()
    assert (kind.max_share, kind.version) == (55, before + 2)


# ---- dialogue groups and members ----


def test_group_form_refuses_a_stale_save_and_a_fresh_one_passes(mon, login):
    group = mon["g_batken"]
    c = login(mon["coordinator"])
    url = reverse("participation:group_edit", args=[group.pk])
    data = form_data(c.get(url))
    assert data["version"] == 1
    mon_services.group_save(
        actor=mon["coordinator"], group=group, name_ru="Их группа", territory=group.territory, is_active=True
    )
    r = c.post(url, {**data, "name_ru": "Моя группа"})
    assert r.status_code == 409 and "Их группа" in r.content.decode()
    group.refresh_from_db()
    assert (group.name_ru, group.version) == ("Их группа", 2)
    r = c.post(url, {**form_data(r), "name_ru": "Моя группа"})
    assert r.status_code == 302
    group.refresh_from_db()
    assert (group.name_ru, group.version) == ("Моя группа", 3)
    assert _api(mon["coordinator"]).get(f"{API}monitoring/groups/{group.pk}/").json()["version"] == 3


def test_member_form_refuses_a_stale_save_and_a_fresh_one_passes(mon, login):
    group, member = mon["g_batken"], mon["member"]
    c = login(mon["coordinator"])
    url = reverse("participation:member_edit", args=[group.pk, member.pk])
    data = form_data(c.get(url))
    mon_services.member_save(
        actor=mon["coordinator"],
        group=group,
        member=member,
        full_name=member.full_name,
        user=member.user,
        occupation="Их занятие",
    )
    r = c.post(url, {**data, "occupation": "Моё занятие"})
    assert r.status_code == 409 and "Их занятие" in r.content.decode()
    member.refresh_from_db()
    assert (member.occupation, member.version) == ("Их занятие", 2)
    r = c.post(url, {**form_data(r), "occupation": "Моё занятие"})
    assert r.status_code == 302
    assert GroupMember.objects.get(pk=member.pk).occupation == "Моё занятие"
    assert DialogueGroup.objects.get(pk=group.pk).version == 1


# ---- reference lists ----


def test_scale_form_refuses_a_stale_save(mon, login):
    scale = mon["scale"]
    c = login(mon["coordinator"])
    url = reverse("participation:scale_edit", args=[scale.pk])
    data = form_data(c.get(url))
    levels = [
        {f: getattr(lv, f) for f in ("score", "label_ru", "label_ky", "label_en", "tone")} for lv in scale.levels.all()
    ]
    mon_services.scale_save(actor=mon["coordinator"], scale=scale, name_ru="Их шкала", levels=levels)
    r = c.post(url, {**data, "name_ru": "Моя шкала"})
    assert r.status_code == 409 and "Их шкала" in r.content.decode()
    scale.refresh_from_db()
    assert (scale.name_ru, scale.version) == ("Их шкала", 2)
    r = c.post(url, {**form_data(r), "name_ru": "Моя шкала"})
    assert r.status_code == 302
    scale.refresh_from_db()
    assert (scale.name_ru, scale.version) == ("Моя шкала", 3)


def test_expertise_area_form_refuses_a_stale_save(mon, login):
    area = reserve_services.area_save(actor=mon["coordinator"], code="law", name_ru="Право")
    c = login(mon["coordinator"])
    url = reverse("participation:reserve_area_edit", args=[area.pk])
    data = form_data(c.get(url))
    reserve_services.area_save(actor=mon["coordinator"], area=area, code="law", name_ru="Их право")
    r = c.post(url, {**data, "name_ru": "Моё право"})
    assert r.status_code == 409 and "Их право" in r.content.decode()
    area.refresh_from_db()
    assert (area.name_ru, area.version) == ("Их право", 2)
    r = c.post(url, {**form_data(r), "name_ru": "Моё право"})
    assert r.status_code == 302
    area.refresh_from_db()
    assert (area.name_ru, area.version) == ("Моё право", 3)
