"""Accounts API: who am I (roles, scopes, permissions) and, for administrators, the users they manage."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tendik.accounts.models import RoleAssignment, User
from tendik.accounts.permissions import has_perm, perms_summary, requires_two_factor
from tendik.accounts.roles import Perm, Role
from tendik.accounts.selectors import user_assignments, user_list


class ScopeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["country", "unit", "committee"])
    unit_code = serializers.CharField(allow_null=True)
    unit_name = serializers.CharField(allow_null=True)
    committee_id = serializers.IntegerField(allow_null=True)
    committee_name = serializers.CharField(allow_null=True)


class RoleAssignmentSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    scope = serializers.SerializerMethodField()

    class Meta:
        model = RoleAssignment
        fields = ["id", "role", "role_label", "scope", "is_active"]
        read_only_fields = fields

    @extend_schema_field(ScopeSerializer)
    def get_scope(self, obj: RoleAssignment) -> dict[str, Any]:
        unit = obj.unit
        return {
            "kind": "committee" if obj.committee_id else "unit" if unit is not None else "country",
            "unit_code": unit.code if unit is not None else None,
            "unit_name": unit.name if unit is not None else None,
            "committee_id": obj.committee_id,
            "committee_name": str(obj.committee) if obj.committee_id else None,
        }


class UserSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "position",
            "organisation",
            "email",
            "phone",
            "language",
            "is_active",
            "last_login",
            "roles",
        ]
        read_only_fields = fields

    @extend_schema_field(RoleAssignmentSerializer(many=True))
    def get_roles(self, obj: User) -> list[Any]:
        return list(RoleAssignmentSerializer(getattr(obj, "active_roles", []), many=True).data)


class MeSerializer(serializers.Serializer):
    user = UserSerializer()
    permissions = serializers.ListField(child=serializers.CharField())
    two_factor_required = serializers.BooleanField()


class MeView(APIView):
    """The signed-in user, their active roles with scopes, and the named permissions those roles give."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = cast(User, request.user)  # IsAuthenticated
        user.active_roles = list(user_assignments(user=user).filter(is_active=True))  # type: ignore[attr-defined]
        data = {
            "user": UserSerializer(user).data,
            "permissions": sorted(p.value for p in perms_summary(user)),
            "two_factor_required": requires_two_factor(user),
        }
        return Response(data)


class ManagesUsers(permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return has_perm(request.user, Perm.MANAGE_USERS)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Search in username, full name, organisation and e-mail."),
            OpenApiParameter("role", str, enum=list(Role.values), description="Users holding this role."),
            OpenApiParameter("is_active", str, enum=["1", "0"], description="Active (1) or deactivated (0)."),
        ],
    ),
)
class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """Users the caller may manage (their scope decides); read-only — changes go through the users page."""

    serializer_class = UserSerializer
    permission_classes = [permissions.IsAuthenticated, ManagesUsers]

    def get_queryset(self) -> QuerySet[User]:
        params = self.request.query_params
        return user_list(
            actor=self.request.user,
            query=params.get("q", "").strip(),
            role=params.get("role", ""),
            active=params.get("is_active", ""),
        )
