"""Read-only API over the audit trail and the access log: GET only, for holders of the national audit permission."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, permissions, serializers, viewsets

from tendik.audit.access import may_view
from tendik.audit.forms import AuditSearchForm
from tendik.audit.models import AccessLogEntry, AuditEntry
from tendik.audit.selectors import access_entries, audit_entries


class MayViewAudit(permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return may_view(request.user)


@extend_schema_field(OpenApiTypes.STR)
class ContentTypeField(serializers.Field):
    """A record type as "app_label.model"."""

    def to_representation(self, value: Any) -> str:
        return f"{value.app_label}.{value.model}"


class AuditEntrySerializer(serializers.ModelSerializer):
    content_type = ContentTypeField(read_only=True)
    changes = serializers.DictField(
        child=serializers.ListField(child=serializers.JSONField(), min_length=2, max_length=2),
        read_only=True,
        help_text="field: [before, after]",
    )

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "actor",
            "actor_label",
            "ip",
            "source",
            "action",
            "content_type",
            "object_id",
            "object_repr",
            "changes",
        ]
        read_only_fields = fields


class AccessLogEntrySerializer(serializers.ModelSerializer):
    content_type = ContentTypeField(read_only=True)

    class Meta:
        model = AccessLogEntry
        fields = [
            "id",
            "at",
            "actor",
            "actor_label",
            "ip",
            "source",
            "content_type",
            "object_id",
            "object_repr",
            "purpose",
        ]
        read_only_fields = fields


_FILTERS = [
    OpenApiParameter("user", str, description="Username or user id of the actor."),
    OpenApiParameter("content_type", str, description='Record type as "app_label.model", e.g. "accounts.user".'),
    OpenApiParameter("object_id", str, description="Record id."),
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day of the period (local date), inclusive."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day of the period (local date), inclusive."),
]


class _SearchMixin:
    request: Any
    selector: Any
    model: Any

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request to search with
            return self.model.objects.none()
        form = AuditSearchForm(self.request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError({field: [str(e) for e in errors] for field, errors in form.errors.items()})
        return self.selector(**form.filters())


@extend_schema_view(
    list=extend_schema(
        parameters=[*_FILTERS, OpenApiParameter("action", str, enum=["create", "update", "delete"])],
        description="Change records, newest first.",
    ),
)
class AuditEntryViewSet(_SearchMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AuditEntrySerializer
    permission_classes = [permissions.IsAuthenticated, MayViewAudit]
    selector = staticmethod(audit_entries)
    model = AuditEntry


@extend_schema_view(list=extend_schema(parameters=_FILTERS, description="Reads of sensitive records, newest first."))
class AccessLogEntryViewSet(_SearchMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AccessLogEntrySerializer
    permission_classes = [permissions.IsAuthenticated, MayViewAudit]
    selector = staticmethod(access_entries)
    model = AccessLogEntry
