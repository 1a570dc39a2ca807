"""Shared API pieces: pagination and one shape for every error.

Errors look like {"error": {"code": "...", "message": "...", "fields": {"field": ["message", ...]}}}.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, pagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {str(k): _flatten(v) for k, v in detail.items()}
    if isinstance(detail, list):
        if all(not isinstance(i, dict | list) for i in detail):
            return [str(i) for i in detail]
        return [_flatten(i) for i in detail]
    return [str(detail)]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    from tendik.core.concurrency import StaleVersion

    if isinstance(exc, StaleVersion):
        from tendik.core.concurrency.api import stale_response

        set_rollback()
        return stale_response(exc)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(response.data)
        if not isinstance(fields, dict):
            fields = {"non_field_errors": fields}
        first = next(iter(fields.items()), ("", [""]))
        message = f"{first[0]}: {first[1][0] if isinstance(first[1], list) and first[1] else first[1]}"
        response.data = {"error": {"code": "invalid", "message": message, "fields": fields}}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        response.data = {"error": {"code": str(getattr(detail, "code", code)), "message": str(detail), "fields": {}}}
    return response


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error has this shape.",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {}},
            },
            "required": ["code", "message", "fields"],
        }
    },
    "required": ["error"],
}
_ERROR_REF = {"$ref": "#/components/schemas/Error"}
_ERROR_TEXT = {
    "400": "The request is not valid: `fields` says what is wrong with each field.",
    "401": "Not signed in (send `Authorization: Token …`).",
    "403": "Signed in, but this account may not do this here.",
    "404": "Not found, or outside what this account may see (existence is not revealed); or a page past the last.",
    "405": "This method is not allowed on this record (for example, it is locked).",
}


def _request_has_version(operation: dict[str, Any], schemas: dict[str, Any]) -> bool:
    for media in (operation.get("requestBody") or {}).get("content", {}).values():
        schema = media.get("schema", {})
        ref = schema.get("$ref", "")
        if ref:
            schema = schemas.get(ref.rsplit("/", 1)[-1], {})
        if "version" in schema.get("properties", {}):
            return True
    return False


def document_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: document the errors every operation can answer.

    401/403 (every operation needs a signed-in user with the right permission), 404 where the path names a record,
    400 where a body or query parameters are read, 409 where the body carries a `version` (the concurrency guard).
    """
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_SCHEMA)
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            codes = ["401", "403"]
            params = {p.get("name") for p in operation.get("parameters", []) if p.get("in") == "query"}
            if "{" in path or "page" in params:  # a record by id, or a page past the last one
                codes.append("404")
            has_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
            if method in {"post", "put", "patch"} or has_query:
                codes.append("400")
            if (method in {"post", "put", "patch"} or has_query) and "404" not in codes:  # a record named in it
                codes.append("404")
            for code in codes:
                responses.setdefault(
                    code, {"description": _ERROR_TEXT[code], "content": {"application/json": {"schema": _ERROR_REF}}}
                )
            if method in {"put", "patch", "post"} and _request_has_version(operation, schemas):
                responses.setdefault(
                    "409",
                    {
                        "description": "Someone saved the record after the version you sent; nothing was saved.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StaleVersion"}}},
                    },
                )
    return result
