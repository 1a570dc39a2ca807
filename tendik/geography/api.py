"""Public, read-only API of territorial units: /api/v1/geography/units/ (no sign-in needed)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from tendik.geography import selectors
from tendik.geography.models import AdministrativeUnit, NameKind, UnitBoundary, UnitLevel, UnitName


class UnitFilterSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=UnitLevel.choices, required=False, help_text=_("Only units of this level."))
    parent = serializers.RegexField(  # type: ignore[assignment]
        r"^417\d{11}$", required=False, help_text=_("Only units directly under the unit with this SOATE code.")
    )
    q = serializers.CharField(
        required=False, max_length=100, help_text=_("Part of a name in Russian, Kyrgyz or English (former names too).")
    )
    include_closed = serializers.BooleanField(
        required=False, default=False, help_text=_("Also list units that no longer exist (1 or true).")
    )

    def validate_parent(self, value: str) -> str:
        if not AdministrativeUnit.objects.filter(code=value).exists():
            raise serializers.ValidationError(_("No unit has the code %(code)s.") % {"code": value})
        return value


def _inline_enum(choices: Any, description: str) -> Any:
    """A choice field documented inline: a shared enum component named after the field ("level", "kind") would
    collide with other apps' fields of the same name."""
    # Wrapped in allOf: the enum post-processing leaves it inline.
    schema = {"allOf": [{"type": "string", "enum": [str(v) for v, _label in choices]}], "description": description}

    @extend_schema_field(schema)
    class InlineChoiceField(serializers.CharField):
        pass

    return InlineChoiceField


UnitLevelField = _inline_enum(UnitLevel.choices, "oblast, city, rayon, town, ayil_aimak or other")
NameKindField = _inline_enum(NameKind.choices, "former (a name used until valid_to) or variant (another spelling)")


class UnitSerializer(serializers.ModelSerializer):
    level = UnitLevelField(read_only=True)
    parent = serializers.CharField(  # type: ignore[assignment]
        source="parent.code", read_only=True, allow_null=True, default=None
    )
    kind = serializers.CharField(source="kind_ru", read_only=True)

    class Meta:
        model = AdministrativeUnit
        fields = ["code", "level", "kind", "parent", "name_ru", "name_ky", "name_en", "valid_from", "valid_to"]
        read_only_fields = fields


class UnitNameSerializer(serializers.ModelSerializer):
    kind = NameKindField(read_only=True)

    class Meta:
        model = UnitName
        fields = ["name", "language", "kind", "valid_to"]
        read_only_fields = fields


class UnitDetailSerializer(UnitSerializer):
    ancestors = serializers.SerializerMethodField()
    children = serializers.SerializerMethodField()
    former_names = UnitNameSerializer(many=True, read_only=True)
    has_boundary = serializers.SerializerMethodField()

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "ancestors", "children", "former_names", "has_boundary"]
        read_only_fields = fields

    def get_ancestors(self, unit: AdministrativeUnit) -> list[str]:
        """Codes of the units above, top first."""
        return unit.ancestor_codes()[:-1]

    def get_children(self, unit: AdministrativeUnit) -> list[str]:
        """Codes of the units directly under it (current ones unless include_closed)."""
        include_closed = self.context.get("include_closed", False)
        return [c.code for c in selectors.unit_children(unit=unit, include_closed=include_closed)]

    def get_has_boundary(self, unit: AdministrativeUnit) -> bool:
        return UnitBoundary.objects.filter(unit=unit).exists()


BOUNDARY_SCHEMA = inline_serializer(
    "UnitBoundaryFeature",
    fields={
        "type": serializers.CharField(default="Feature"),
        "id": serializers.CharField(),
        "properties": serializers.DictField(),
        "geometry": serializers.DictField(),
    },
)


@extend_schema_view(
    list=extend_schema(parameters=[UnitFilterSerializer], summary=_("Territorial units")),
    retrieve=extend_schema(summary=_("One territorial unit with its children")),
)
class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Oblasts, rayons, cities, towns and ayil aimaks of Kyrgyzstan by SOATE code. Public."""

    permission_classes = [AllowAny]
    serializer_class = UnitSerializer
    lookup_field = "code"
    lookup_value_regex = r"417\d{11}"
    filter_backends: list[Any] = []
    queryset = AdministrativeUnit.objects.none()  # for the schema; get_queryset asks the selectors

    def _filters(self) -> dict[str, Any]:
        params = UnitFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return params.validated_data

    def get_queryset(self) -> Any:
        if self.action == "list":
            f = self._filters()
            return selectors.units_list(
                user=self.request.user,
                level=f.get("level"),
                parent=f.get("parent"),
                query=f.get("q"),
                include_closed=f["include_closed"],
            )
        return AdministrativeUnit.objects.select_related("parent")

    def get_serializer_class(self) -> Any:
        return UnitDetailSerializer if self.action == "retrieve" else UnitSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["include_closed"] = self.request.query_params.get("include_closed") in ("1", "true", "True")
        return context

    def get_object(self) -> AdministrativeUnit:
        try:
            return selectors.unit_get(user=self.request.user, code=self.kwargs["code"])
        except AdministrativeUnit.DoesNotExist as exc:
            raise NotFound(_("No territorial unit has this code.")) from exc

    @extend_schema(responses={200: BOUNDARY_SCHEMA}, summary=_("The unit's boundary as a GeoJSON Feature"))
    @action(detail=True, methods=["get"])
    def boundary(self, request: Request, code: str | None = None) -> Response:
        unit = self.get_object()
        boundary = UnitBoundary.objects.filter(unit=unit).only("geometry", "source").first()
        if boundary is None:
            raise NotFound(_("No boundary is stored for this unit."))
        return Response(
            {
                "type": "Feature",
                "id": unit.code,
                "properties": {
                    "code": unit.code,
                    "level": unit.level,
                    "name_ru": unit.name_ru,
                    "name_ky": unit.name_ky,
                    "name_en": unit.name_en,
                    "source": boundary.source,
                    "licence": "CC BY-IGO (OCHA / Ministry of Emergency Situations of the Kyrgyz Republic)",
                },
                "geometry": boundary.geometry,
            }
        )
