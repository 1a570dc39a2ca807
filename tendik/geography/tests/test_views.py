"""Public pages (no sign-in), the picker partial, and the import pages' authorisation matrix."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tendik.geography.models import AdministrativeUnit, ImportStatus, TerritoryImport
from tendik.geography.services import boundary_set, unit_close, unit_rename
from tendik.geography.services.imports import territory_import_preview

pytestmark = pytest.mark.django_db
SQUARE = {"type": "Polygon", "coordinates": [[[70, 40], [71, 40], [71, 41], [70, 41], [70, 40]]]}


def client_for(user: Any, login: Any) -> Client:
    return Client() if user is None else login(user)


def test_index_shows_the_hierarchy_and_the_map_to_anyone(territory: dict[str, Any]) -> None:
    boundary_set(unit=territory["batken"], geometry=SQUARE)
    html = Client().get(reverse("geography:index")).content.decode()
    assert reverse("geography:unit", args=["41705000000000"]) in html
    assert reverse("geography:children", args=["41705258000000"]) in html  # rayons open their municipalities
    assert "<svg" in html and "<path" in html and " style=" not in html and "<script>" not in html


def test_index_search_and_its_htmx_partial(territory: dict[str, Any]) -> None:
    page = Client().get(reverse("geography:index"), {"q": "лейлек"})
    assert "Ляйлякский район" in page.content.decode()
    assert "Халмион" not in page.content.decode()
    partial = Client().get(
        reverse("geography:index"), {"q": "kadamjay"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="unit-results"
    )
    html = partial.content.decode()
    assert "Кадамжайский район" in html and "<html" not in html


def test_unit_page_shows_names_chain_children_validity_and_former_names(territory: dict[str, Any]) -> None:
    unit_rename(unit=territory["kadamjay"], on=dt.date(2024, 1, 1), name_ru="Кадамжай району")
    unit_close(unit=territory["halmion"], on=dt.date(2024, 6, 1))
    html = Client().get(reverse("geography:unit", args=["41705258000000"])).content.decode()
    for text in (
        "Кадамжай району",
        "Кадамжай",
        "Kadamjay",
        "41705258000000",
        "Баткенская область",
        "Айдаркен",
        "Кадамжайский район",
    ):
        assert text in html, text
    assert "Халмион" not in html  # closed: only on request
    assert (
        "Халмион" in Client().get(reverse("geography:unit", args=["41705258000000"]), {"closed": "1"}).content.decode()
    )
    assert "Change history" not in html and "История изменений" not in html  # not for the public
    closed = Client().get(reverse("geography:unit", args=["41705258860000"]))
    assert closed.status_code == 200  # a closed unit keeps its page


def test_unit_page_history_for_administrators(territory: dict[str, Any], login: Any, make_user: Any) -> None:
    unit_rename(unit=territory["kadamjay"], on=dt.date(2024, 1, 1), name_en="Kadamjai")
    html = login(make_user("admin")).get(reverse("geography:unit", args=["41705258000000"])).content.decode()
    assert 'id="history-heading"' in html and "Kadamjai" in html


def test_unknown_unit_is_404(territory: dict[str, Any]) -> None:
    assert Client().get(reverse("geography:unit", args=["41799000000000"])).status_code == 404
    assert Client().get("/territories/unit/123/").status_code == 404


def test_children_partial(territory: dict[str, Any]) -> None:
    html = Client().get(reverse("geography:children", args=["41705258000000"])).content.decode()
    assert html.startswith("<ul>") and "Айдаркен" in html and "Халмион" in html


def test_map_page_draws_oblasts_and_rayons(territory: dict[str, Any]) -> None:
    boundary_set(unit=territory["batken"], geometry=SQUARE)
    boundary_set(unit=territory["kadamjay"], geometry=SQUARE)
    oblasts = Client().get(reverse("geography:map")).content.decode()
    rayons = Client().get(reverse("geography:map"), {"level": "rayon"}).content.decode()
    link = 'href="{}"'
    assert link.format(reverse("geography:unit", args=["41705000000000"])) in oblasts.split("</svg>")[0]
    assert link.format(reverse("geography:unit", args=["41705258000000"])) in rayons.split("</svg>")[0]
    assert re.search(r'viewBox="[-\d. ]+"', oblasts)


def test_picker_links_to_the_current_page_with_the_unit(territory: dict[str, Any]) -> None:
    url = reverse("geography:picker")
    html = Client().get(url, {"territory_q": "кадам", "next": "/plans/?year=2025&unit=1"}).content.decode()
    assert html.lstrip().startswith("<ul")
    assert 'href="/plans/?year=2025&amp;unit=41705258000000"' in html
    via_header = Client().get(url, {"q": "Naryn"}, HTTP_HX_CURRENT_URL="http://testserver/protection/?x=1")
    assert 'href="/protection/?x=1&amp;unit=41704000000000"' in via_header.content.decode()
    foreign = Client().get(url, {"q": "Naryn", "next": "https://evil.example/"}).content.decode()
    assert "evil" not in foreign and 'href="/territories/?unit=41704000000000"' in foreign
    assert Client().get(url, {"q": ""}).content == b""
    assert "<li" in Client().get(url, {"q": "nothing-like-this"}).content.decode()


# Import pages: anonymous → sign-in; viewer, focal point, an admin with only an oblast → 403; national admin → OK.
MATRIX = [("anonymous", 302), ("viewer", 403), ("focal_point", 403), ("oblast_admin", 403), ("admin", 200)]


def _csv(rows: str) -> io.BytesIO:
    f = io.BytesIO(("soate,level,parent_soate,name_ru\n" + rows).encode())
    f.name = "soate.csv"
    return f


FULL = (
    "41705000000000,oblast,,Баткенская область\n41705258000000,rayon,41705000000000,Кадамжайский район\n"
    "41705236000000,rayon,41705000000000,Ляйлякский район\n41705258600010,town,41705258000000,Айдаркен\n"
    "41705258860000,ayil_aimak,41705258000000,Халмионский айылный аймак\n"
    "41705236825000,ayil_aimak,41705236000000,Кулундинский айылный аймак\n41704000000000,oblast,,Нарынская область\n"
    "41704220000000,rayon,41704000000000,Ат-Башинский район\n"
)  # Kazybek is absent: it would be closed


@pytest.mark.parametrize(("who", "status"), MATRIX)
def test_import_upload_page(users: dict[str, Any], login: Any, who: str, status: int) -> None:
    response = client_for(users[who], login).get(reverse("geography:import_upload"))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("who", "status"), MATRIX)
def test_import_upload_post(users: dict[str, Any], login: Any, who: str, status: int) -> None:
    response = client_for(users[who], login).post(
        reverse("geography:import_upload"), {"file": _csv(FULL), "effective_on": "2025-01-01", "close_absent": "on"}
    )
    expected = 302 if who in ("anonymous", "admin") else status
    assert response.status_code == expected
    if who == "admin":
        imp = TerritoryImport.objects.get()
        assert response["Location"] == reverse("geography:import_detail", args=[imp.pk])
        assert imp.summary["close"] == 1 and imp.created_by == users["admin"]
    else:
        assert not TerritoryImport.objects.exists()


@pytest.mark.parametrize(("who", "status"), MATRIX)
def test_import_preview_page(users: dict[str, Any], login: Any, who: str, status: int) -> None:
    imp = territory_import_preview(
        actor=users["admin"], file=_csv(FULL), file_name="soate.csv", effective_on=dt.date(2025, 1, 1)
    )
    response = client_for(users[who], login).get(reverse("geography:import_detail", args=[imp.pk]))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Казыбекский айылный аймак" in html and reverse("geography:import_apply", args=[imp.pk]) in html


@pytest.mark.parametrize(("who", "status"), [*MATRIX[:-1], ("admin", 302)])
def test_import_apply(users: dict[str, Any], login: Any, who: str, status: int) -> None:
    imp = territory_import_preview(
        actor=users["admin"], file=_csv(FULL), file_name="soate.csv", effective_on=dt.date(2025, 1, 1)
    )
    response = client_for(users[who], login).post(reverse("geography:import_apply", args=[imp.pk]))
    assert response.status_code == status
    imp.refresh_from_db()
    kazybek = AdministrativeUnit.objects.get(code="41704220830000")
    if who == "admin":
        assert imp.status == ImportStatus.APPLIED and kazybek.valid_to == dt.date(2025, 1, 1)
    else:
        assert imp.status == ImportStatus.PREVIEW and kazybek.valid_to is None  # nothing changed


@pytest.mark.parametrize(("who", "status"), [*MATRIX[:-1], ("admin", 302)])
def test_import_cancel(users: dict[str, Any], login: Any, who: str, status: int) -> None:
    imp = territory_import_preview(
        actor=users["admin"], file=_csv(FULL), file_name="soate.csv", effective_on=dt.date(2025, 1, 1)
    )
    response = client_for(users[who], login).post(reverse("geography:import_cancel", args=[imp.pk]))
    assert response.status_code == status
    imp.refresh_from_db()
    assert imp.status == (ImportStatus.CANCELLED if who == "admin" else ImportStatus.PREVIEW)


def test_import_with_a_bad_row_shows_where_and_saves_nothing(users: dict[str, Any], login: Any) -> None:
    bad = FULL + "41705258861000,ayil_aimak,41799000000000,Новый айылный аймак\n"
    admin = login(users["admin"])
    response = admin.post(
        reverse("geography:import_upload"),
        {"file": _csv(bad), "effective_on": "2025-01-01", "close_absent": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Row 10, column C (parent_soate): code 41799000000000 does not exist" in response.content.decode()
    russian = admin.post(reverse("geography:import_upload"), {"file": _csv(bad), "effective_on": "2025-01-01"})
    assert "Строка 10, столбец C (parent_soate): кода 41799000000000 не существует" in russian.content.decode()
    assert not TerritoryImport.objects.exists()
    assert not AdministrativeUnit.objects.filter(code="41705258861000").exists()


def test_import_pages_do_not_accept_other_methods(users: dict[str, Any], login: Any) -> None:
    admin = login(users["admin"])
    imp = territory_import_preview(
        actor=users["admin"], file=_csv(FULL), file_name="soate.csv", effective_on=dt.date(2025, 1, 1)
    )
    assert admin.get(reverse("geography:import_apply", args=[imp.pk])).status_code == 405
    assert admin.get(reverse("geography:import_detail", args=[imp.pk + 99])).status_code == 404


def _index_queries(client: Client, django_assert_max_num_queries: Any, bound: int) -> None:
    with django_assert_max_num_queries(bound):
        assert client.get(reverse("geography:index")).status_code == 200
    with django_assert_max_num_queries(bound):
        assert client.get(reverse("geography:index"), {"q": "район"}).status_code == 200


def test_index_query_count_does_not_grow_with_the_territory(
    grow: Any, django_assert_max_num_queries: Any, login: Any, make_user: Any
) -> None:
    for oblast in grow(3):
        boundary_set(unit=oblast, geometry=SQUARE)
    anonymous, admin = Client(), login(make_user("admin"))
    _index_queries(anonymous, django_assert_max_num_queries, 7)
    _index_queries(admin, django_assert_max_num_queries, 14)
    for oblast in grow(6):
        boundary_set(unit=oblast, geometry=SQUARE)
    _index_queries(anonymous, django_assert_max_num_queries, 7)
    _index_queries(admin, django_assert_max_num_queries, 14)


def test_unit_page_query_count_does_not_grow_with_its_children(
    grow: Any, django_assert_max_num_queries: Any, login: Any, make_user: Any
) -> None:
    from tendik.geography.services import unit_create

    oblast = grow(1)[0]
    rayon = oblast.children.first()
    url = reverse("geography:unit", args=[rayon.code])
    admin = login(make_user("admin"))
    for n in (3, 9):
        for i in range(n):
            unit_create(
                code=f"{rayon.code[:8]}9{n:01d}{i:01d}000", level="ayil_aimak", parent=rayon, name_ru=f"Новый {n}-{i}"
            )
        # 16 for the page, one for the panel participation adds through geography.extensions (monitoring findings).
        with django_assert_max_num_queries(17):
            assert admin.get(url).status_code == 200


def test_the_import_preview_names_levels_in_words(users: dict[str, Any], login: Any) -> None:
    rows = FULL + "41705258870000,ayil_aimak,41705258000000,Новый айылный аймак\n"
    imp = territory_import_preview(
        actor=users["admin"], file=_csv(rows), file_name="soate.csv", effective_on=dt.date(2025, 1, 1)
    )
    html = login(users["admin"]).get(reverse("geography:import_detail", args=[imp.pk])).content.decode()
    assert "Новый айылный аймак" in html
    assert "<td>ayil_aimak</td>" not in html
