"""Reserve and trainings in Excel: who gets personal data, logged exports, import all-or-nothing with cell errors."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tendik.audit.models import AccessLogEntry
from tendik.participation.models.reserve import ReservePerson
from tendik.participation.services.reserve_excel import COLUMNS
from tendik.participation.tests import reserve_factories as f


@pytest.fixture
def world(make_user, territory):
    return f.World(make_user, territory)


def _rows(content: bytes) -> list[list]:
    wb = openpyxl.load_workbook(io.BytesIO(content))
    return [[c for c in row] for row in wb.worksheets[0].iter_rows(values_only=True)]


def _xlsx(rows: list[list]) -> SimpleUploadedFile:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("reserve.xlsx", out.getvalue())


def _errors(response) -> list[str]:
    import re
    from html import unescape

    section = response.content.decode().split('id="errors-title"')[-1].split("</section>")[0]
    return [unescape(e) for e in re.findall(r"<li>(.*?)</li>", section)]


def test_export_matrix(world, login):
    url = reverse("participation:reserve_export")
    assert Client().get(url).status_code == 302
    assert login(world.plain).get(url).status_code == 403
    anonymous = _rows(login(world.viewer).get(url).content)
    flat = repr(anonymous)
    assert "Токтосунова" not in flat and world.person.code not in flat and "555" not in flat
    assert sum(r[-1] for r in anonymous[1:]) == 2
    assert not AccessLogEntry.objects.exists()
    rows = _rows(login(world.focal).get(url).content)
    assert len(rows) == 2 and rows[1][0] == world.person.code and "Айгүл Токтосунова" in rows[1]
    assert AccessLogEntry.objects.get(purpose="reserve.export").object_id == str(world.person.pk)
    filtered = _rows(login(world.coordinator).get(url, {"youth_leader": "yes"}).content)
    assert [r[0] for r in filtered[1:]] == [world.naryn_person.code]


def test_trainings_export_hides_codes_without_reserve_view(world, login):
    url = reverse("participation:trainings_export")
    assert Client().get(url).status_code == 302
    viewer = openpyxl.load_workbook(io.BytesIO(login(world.viewer).get(url).content))
    assert viewer.sheetnames[0] and world.person.code not in repr(list(viewer.worksheets[1].values))
    focal = openpyxl.load_workbook(io.BytesIO(login(world.focal).get(url).content))
    assert world.person.code in repr(list(focal.worksheets[1].values))
    assert world.naryn_person.code not in repr(list(focal.worksheets[1].values))


KEYS = ["territory", "sex", "birth_year", "is_youth_leader", "languages", "areas", "consent_on", "consent_scope",
        "full_name", "phone"]  # fmt: skip
with translation.override("ru"):  # the headers of the Russian export go back in
    HEADER = [str(next(c.label for c in COLUMNS if c.key == key)) for key in KEYS]


def test_import_all_or_nothing_with_cell_errors(world, login, settings):
    client = login(world.focal)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("participation:reserve_import")
    good = [world.t["kulundu"].code, "Женский", 1999, "да", "кыргызский; русский", "law", "12.05.2025",
            "profile; contacts; shortlists", "Нургүл Асанова", "+996 700 000 111"]  # fmt: skip
    bad_scope = [world.t["kazybek"].code, "female", 1990, "нет", "", "", "12.05.2025", "profile", "Жибек Ч.", ""]
    no_consent = [world.t["halmion"].code, "female", 1985, "no", "", "", "", "", "Без согласия", ""]
    response = client.post(url, {"file": _xlsx([["Code"], []])})
    assert response.status_code == 400
    response = client.post(url, {"file": _xlsx([HEADER, good, bad_scope, no_consent])})
    assert response.status_code == 400
    errors = _errors(response)
    where = [e.split(":")[0] for e in errors]
    assert where == [
        f"Sheet “Sheet”, row 3, column A ({HEADER[0]})",  # Naryn is not in her scope
        f"Sheet “Sheet”, row 4, column C ({HEADER[2]})",  # no consent: no year of birth
        f"Sheet “Sheet”, row 4, column I ({HEADER[8]})",  # no consent: no name
    ], errors
    assert ReservePerson.objects.count() == 2
    response = client.post(url, {"file": _xlsx([HEADER, good]), "check_only": "on"})
    assert response.status_code == 200, _errors(response) and ReservePerson.objects.count() == 2
    response = client.post(url, {"file": _xlsx([HEADER, good])})
    assert response.status_code == 200
    new = ReservePerson.objects.get(territory=world.t["kulundu"])
    assert new.full_name == "Нургүл Асанова" and new.is_youth_leader and new.language_codes == ["ky", "ru"]
    assert [a.code for a in new.areas.all()] == ["law"] and new.age_group
    response = client.post(url, {"file": _xlsx([HEADER, good])})  # the same person again
    assert response.status_code == 400 and ReservePerson.objects.count() == 3


def test_import_refused_to_roles_without_reserve_edit(world, login):
    url = reverse("participation:reserve_import")
    assert Client().get(url).status_code == 302
    for user in (world.viewer, world.municipal, world.plain):
        assert login(user).post(url, {"file": _xlsx([HEADER])}).status_code == 403
    assert ReservePerson.objects.count() == 2
