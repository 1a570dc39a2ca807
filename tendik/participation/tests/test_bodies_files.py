"""Excel export read back, the quota PDF, and the composition import: cell-precise errors, nothing saved on error."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tendik.participation.models import BodyEvent, CompositionCount
from tendik.participation.tests import bodies_helpers

pytestmark = pytest.mark.django_db
world = bodies_helpers.world  # the shared fixture
HEADERS = ["Номер органа", "Дата", "Что произошло", "Места", "Женщины", "Мужчины", "Руководитель", "Заместитель"]


def _xlsx(rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("composition.xlsx", out.getvalue())


def _upload(client, f):
    return client.post(reverse("participation:bodies_import"), {"file": f})


def test_export_reads_back(login, world):
    response = login(world.focal).get(reverse("participation:bodies_export") + "?on=2023-01-01")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    bodies = list(book.worksheets[0].iter_rows(values_only=True))
    by_id = {r[0]: r for r in bodies[1:]}
    assert world.naryn_kenesh.pk not in by_id  # Naryn is outside a Batken focal point's scope
    row = by_id[world.kenesh.pk]
    assert row[4:8] == (15, 3, 12, 0) and row[9] in ("да", "yes")
    facts = list(book.worksheets[1].iter_rows(values_only=True))
    assert any(r[0] == world.kenesh.pk and r[3] == 3 for r in facts[1:])


def test_quota_pdf(login, world):
    response = login(world.focal).get(reverse("participation:quota_pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF") and len(response.content) > 2000


def test_import_checks_then_writes_all(login, world):
    c = login(world.officer)
    good = _xlsx([[world.kenesh.pk, dt.date(2023, 3, 1), "Выборы", 15, 5, 10, "Женщина", "Мужчина"],
                  [world.kenesh.pk, "01.09.2023", "departure", None, 4, 10]])  # fmt: skip
    response = _upload(c, good)
    assert response.status_code == 200 and "2" in response.content.decode()
    assert not CompositionCount.objects.filter(as_of=dt.date(2023, 3, 1)).exists()  # only checked so far
    response = c.post(reverse("participation:bodies_import"), {"confirm": "1"})
    assert response.status_code == 302
    counts = {c.as_of: c for c in world.kenesh.counts.all()}
    assert counts[dt.date(2023, 3, 1)].women == 5 and counts[dt.date(2023, 3, 1)].head_sex == "female"
    assert counts[dt.date(2023, 9, 1)].women == 4
    assert BodyEvent.objects.filter(body=world.kenesh, kind="departure", on=dt.date(2023, 9, 1)).exists()


def test_import_errors_name_the_cell_and_nothing_is_saved(login, world):
    c = login(world.officer)
    before = (CompositionCount.objects.count(), BodyEvent.objects.count())
    bad = _xlsx(
        [
            [world.kenesh.pk, dt.date(2023, 3, 1), "Выборы", None, 5, 10],  # fine on its own
            [world.naryn_kenesh.pk, dt.date(2023, 3, 1), "Выборы", None, 5, 10],  # out of scope: B? no, A
            [world.kenesh.pk, "31.02.2023", "Выборы", None, 5, 10],  # not a date: column B
            [world.kenesh.pk, dt.date(2023, 4, 1), "Выборы", None, 10, 10],  # 20 > 15 seats: column F
            [world.lead.pk, dt.date(2023, 4, 1), "Выборы", None, 1, 1],  # recorded by members: column A
            [world.kenesh.pk, dt.date(2023, 5, 1), "нечто", None, -1, 10],  # kind C, women E
        ]
    )
    response = _upload(c, bad)
    html = response.content.decode()
    assert response.status_code == 400
    for cell in ("row 3, column A", "row 4, column B", "row 5, column F", "row 6, column A", "row 7, column C",
                 "row 7, column E"):  # fmt: skip
        assert cell.replace("row", "строка").replace("column", "столбец") in html or cell in html, cell
    assert (CompositionCount.objects.count(), BodyEvent.objects.count()) == before
    # confirming without a checked file imports nothing
    assert c.post(reverse("participation:bodies_import"), {"confirm": "1"}).status_code == 302
    assert (CompositionCount.objects.count(), BodyEvent.objects.count()) == before


def test_import_refused_to_readers(login, world, client):
    before = CompositionCount.objects.count()
    f = _xlsx([[world.kenesh.pk, dt.date(2023, 3, 1), "Выборы", None, 5, 10]])
    assert login(world.viewer).post(reverse("participation:bodies_import"), {"file": f}).status_code == 403
    assert client.get(reverse("participation:bodies_import")).status_code == 302
    assert CompositionCount.objects.count() == before
