"""The API schema class (its own module: drf-spectacular imports rest_framework.generics, which imports tendik.core.api
through the pagination setting)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema


class TendikAutoSchema(AutoSchema):
    """drf-spectacular's schema, plus 429 on operations whose view throttles requests (public forms, open data)."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction == "response" and getattr(self.view, "throttle_classes", None):
            responses.setdefault(
                "429",
                {
                    "description": "Too many requests from this address: wait and try again.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
            )
        return responses
