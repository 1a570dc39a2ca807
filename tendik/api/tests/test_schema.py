"""The API is documented: the OpenAPI 3 schema generates without warnings and the docs page serves locally."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client


@pytest.mark.django_db
def test_openapi_schema_generates_without_warnings(tmp_path) -> None:
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out), "--validate", "--fail-on-warn")
    text = out.read_text()
    assert text.startswith("openapi: 3")
    for prefix in ("/api/v1/geography/units/", "/api/v1/plans/", "/api/v1/consultations/", "/api/v1/protection/"):
        assert prefix in text, f"{prefix} is missing from the schema"


@pytest.mark.django_db
def test_schema_and_docs_are_served() -> None:
    client = Client()
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html


@pytest.mark.django_db
def test_api_errors_have_one_shape() -> None:
    response = Client().get("/api/v1/accounts/me/")
    assert response.status_code in (401, 403)
    body = response.json()
    assert set(body["error"]) == {"code", "message", "fields"}
