"""The API side of the optimistic-concurrency guard (see `tendik.core.concurrency`).

``class EntrySerializer(VersionedSerializerMixin, serializers.ModelSerializer)`` adds a `version` field: read on
output, required on update (PUT/PATCH): ``update()`` passes ``version=self.version_of(validated_data)`` to the
service, whose guard refuses a missing one (400, after the permission check) and a stale one (StaleVersion). A
view lets StaleVersion propagate (`tendik.core.api.exception_handler` answers 409) or answers
``stale_response(exc)``.
Document a viewset's guarded updates with ``@guarded_updates(TheSerializer)`` on the class (PUT and PATCH: 200 with
the record, 409 with the difference), or merge ``STALE_RESPONSES`` into an action's own ``extend_schema``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from tendik.core.concurrency import MISSING_VERSION, StaleVersion

STALE_BODY = inline_serializer(
    "StaleVersion",
    {
        "error": inline_serializer(
            "StaleVersionError",
            {
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "fields": serializers.DictField(),
            },
        ),
        "current_version": serializers.IntegerField(),
        "diff": serializers.ListField(
            child=inline_serializer(
                "StaleVersionDifference",
                {
                    "field": serializers.CharField(),
                    "label": serializers.CharField(),
                    "yours": serializers.JSONField(allow_null=True),
                    "theirs": serializers.JSONField(allow_null=True),
                    "hidden": serializers.BooleanField(),
                },
            )
        ),
    },
)
STALE_RESPONSE = OpenApiResponse(
    STALE_BODY,
    description="Someone saved the record after the version you sent: nothing was saved; `diff` shows the difference.",
)
STALE_RESPONSES: dict[int, Any] = {409: STALE_RESPONSE}


def guarded_updates(serializer: Any) -> Any:
    """Class decorator for a viewset whose updates go through the guard: PUT and PATCH answer 200 with `serializer`
    or 409 with the difference (STALE_RESPONSES) in the OpenAPI schema."""
    schema = extend_schema(responses={200: serializer, **STALE_RESPONSES})
    return extend_schema_view(update=schema, partial_update=schema)


def stale_body(exc: StaleVersion) -> dict[str, Any]:
    return {
        "error": {
            "code": "stale_version",
            "message": _("Someone saved this after you opened it."),
            "fields": {"version": [_("Someone saved this after you opened it.")]},
        },
        "current_version": exc.current_version,
        "diff": exc.diff,
    }


def stale_response(exc: StaleVersion) -> Response:
    return Response(stale_body(exc), status=status.HTTP_409_CONFLICT)


class VersionedSerializerMixin(serializers.Serializer):
    """`version`: the version the client started from; required when changing a record, echoed on output."""

    version = serializers.IntegerField(
        min_value=0,
        required=False,
        help_text="The version you started from (required when changing a record); a stale one is refused with 409.",
    )

    def version_of(self, validated_data: dict[str, Any]) -> int | None:
        """Pop the version for the service: on update a missing one is MISSING_VERSION (the guard answers 400)."""
        version = validated_data.pop("version", None)
        if self.instance is None:
            return None
        return MISSING_VERSION if version is None else version
