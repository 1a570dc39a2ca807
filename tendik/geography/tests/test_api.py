"""The public territory API: list with filters, detail with children, GeoJSON boundary, errors in the house shape."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tendik.geography.services import boundary_set, unit_close, unit_rename

pytestmark = pytest.mark.django_db
LIST = "/api/v1/geography/units/"
SQUARE = {"type": "Polygon", "coordinates": [[[70, 40], [71, 40], [71, 41], [70, 41], [70, 40]]]}


def get(url: str, **params: Any) -> Any:
    return APIClient().get(url, params, HTTP_ACCEPT_LANGUAGE="en")


def codes(response: Any) -> list[str]:
    return [u["code"] for u in response.json()["results"]]


def test_anyone_may_list_units_without_signing_in(territory: dict[str, Any]) -> None:
    response = get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 9
    batken = next(u for u in body["results"] if u["code"] == "41705000000000")
    assert batken == {
        "code": "41705000000000",
        "level": "oblast",
        "kind": "",
        "parent": None,
        "name_ru": "Баткенская область",
        "name_ky": "Баткен облусу",
        "name_en": "Batken Region",
        "valid_from": None,
        "valid_to": None,
    }
    kadamjay = next(u for u in body["results"] if u["code"] == "41705258000000")
    assert kadamjay["parent"] == "41705000000000"


def test_signed_in_users_see_the_same(territory: dict[str, Any], login: Any, make_user: Any) -> None:
    assert codes(login(make_user("viewer")).get(LIST)) == codes(get(LIST))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"level": "oblast"}, ["41704000000000", "41705000000000"]),
        ({"level": "rayon", "parent": "41705000000000"}, ["41705236000000", "41705258000000"]),
        ({"parent": "41705258000000"}, ["41705258600010", "41705258860000"]),
        ({"level": "town"}, ["41705258600010"]),
        ({"q": "Лейлек"}, ["41705236000000"]),
        ({"q": "at-bashy"}, ["41704220000000"]),
        ({"q": "халмион", "level": "ayil_aimak"}, ["41705258860000"]),
    ],
)
def test_filters(territory: dict[str, Any], params: dict[str, str], expected: list[str]) -> None:
    assert sorted(codes(get(LIST, **params))) == expected


def test_closed_units_only_on_request_and_found_by_former_name(territory: dict[str, Any]) -> None:
    unit_close(unit=territory["halmion"], on=dt.date(2024, 6, 1))
    assert "41705258860000" not in codes(get(LIST, level="ayil_aimak"))
    closed = get(LIST, level="ayil_aimak", include_closed="1").json()["results"]
    assert {"code": "41705258860000", "valid_to": "2024-06-01"}.items() <= next(
        u for u in closed if u["code"] == "41705258860000"
    ).items()
    unit_rename(unit=territory["kazybek"], on=dt.date(2024, 1, 1), name_ru="Казыбек")
    assert codes(get(LIST, q="Казыбекский")) == ["41704220830000"]


def test_bad_filters_answer_in_the_error_shape(territory: dict[str, Any]) -> None:
    response = get(LIST, level="village")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and "level" in error["fields"]
    unknown = get(LIST, parent="41799000000000").json()["error"]
    assert unknown["fields"]["parent"] == ["No unit has the code 41799000000000."]


def test_pagination(territory: dict[str, Any]) -> None:
    body = get(LIST, page_size=4).json()
    assert body["count"] == 9 and len(body["results"]) == 4 and body["next"]


def test_detail_with_children_ancestors_and_former_names(territory: dict[str, Any]) -> None:
    unit_rename(unit=territory["kadamjay"], on=dt.date(2024, 1, 1), name_en="Kadamjai")
    unit_close(unit=territory["halmion"], on=dt.date(2024, 6, 1))
    body = get(f"{LIST}41705258000000/").json()
    assert body["code"] == "41705258000000" and body["name_en"] == "Kadamjai"
    assert body["ancestors"] == ["41705000000000"]
    assert body["children"] == ["41705258600010"]
    assert body["former_names"] == [{"name": "Kadamjay", "language": "en", "kind": "former", "valid_to": "2024-01-01"}]
    assert body["has_boundary"] is False
    with_closed = get(f"{LIST}41705258000000/", include_closed="1").json()
    assert sorted(with_closed["children"]) == ["41705258600010", "41705258860000"]


def test_detail_of_an_unknown_code_is_404_in_the_error_shape(territory: dict[str, Any]) -> None:
    response = get(f"{LIST}41799000000000/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert get(f"{LIST}12345/").status_code == 404


def test_boundary_is_a_geojson_feature(territory: dict[str, Any]) -> None:
    boundary_set(unit=territory["batken"], geometry=SQUARE, source="test")
    feature = get(f"{LIST}41705000000000/boundary/").json()
    assert feature["type"] == "Feature" and feature["id"] == "41705000000000"
    assert feature["geometry"] == SQUARE
    assert feature["properties"]["name_en"] == "Batken Region" and "CC BY-IGO" in feature["properties"]["licence"]
    missing = get(f"{LIST}41705258000000/boundary/")
    assert missing.status_code == 404 and missing.json()["error"]["message"] == "No boundary is stored for this unit."


def test_the_api_is_read_only(territory: dict[str, Any], login: Any, make_user: Any) -> None:
    admin = login(make_user("admin"))
    assert admin.post(LIST, {"code": "41705258861000"}).status_code == 405
    assert admin.delete(f"{LIST}41705000000000/").status_code == 405
    assert Client().post(LIST, {}).status_code in (403, 405)


def test_list_query_count_does_not_grow(grow: Any, django_assert_max_num_queries: Any) -> None:
    grow(3)
    with django_assert_max_num_queries(4):
        assert len(get(LIST, page_size=100).json()["results"]) == 3 * 7
    grow(6)
    with django_assert_max_num_queries(4):
        assert len(get(LIST, page_size=100).json()["results"]) == 9 * 7
    with django_assert_max_num_queries(5):
        assert get(LIST, q="район", parent="41731000000000").json()["count"] == 2


def test_schema_generates_with_the_geography_paths() -> None:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    assert "/api/v1/geography/units/" in paths
    assert "/api/v1/geography/units/{code}/boundary/" in paths
    params = {p["name"] for p in paths["/api/v1/geography/units/"]["get"]["parameters"]}
    assert {"level", "parent", "q", "include_closed", "page"} <= params
