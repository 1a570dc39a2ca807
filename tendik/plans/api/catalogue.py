"""Plans with their areas, goals and measures (nested), measures, SDG targets and indicators."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from tendik.geography.models import normalise_name
from tendik.plans import permissions as plan_perms
from tendik.plans.api.common import CatalogueReadOrCanViewPlans, enum_field, i18n
from tendik.plans.models import (
    CategoryOption,
    DisaggregationCategory,
    Frequency,
    Goal,
    Indicator,
    IndicatorKind,
    IndicatorTarget,
    IndicatorUnit,
    Measure,
    MeasureLevel,
    Plan,
    PlanArea,
    PlanKind,
    PlanStatus,
)
from tendik.plans.services.catalogue import measure_update

MEASURE_TEXTS = i18n("text", "responsible", "deadline", "expected_result", "funding_source")


class MeasureSerializer(serializers.ModelSerializer):
    plan: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sdg_targets: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    related_measures: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    indicators: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    level = enum_field(MeasureLevel, required=False)

    class Meta:
        model = Measure
        fields = [
            "id",
            "plan",
            "goal",
            "number",
            "level",
            *MEASURE_TEXTS,
            "due_year",
            "order",
            "sdg_targets",
            "related_measures",
            "indicators",
        ]
        read_only_fields = ["id", "plan", "goal", "number", "order", "sdg_targets", "related_measures", "indicators"]


class PlanGoalSerializer(serializers.ModelSerializer):
    measures = MeasureSerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "number", *i18n("title"), "measures"]
        read_only_fields = fields


class PlanAreaSerializer(serializers.ModelSerializer):
    goals = PlanGoalSerializer(many=True, read_only=True)

    class Meta:
        model = PlanArea
        fields = ["id", "number", *i18n("title"), "goals"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    measure_count = serializers.IntegerField(read_only=True)
    kind = enum_field(PlanKind, read_only=True)
    status = enum_field(PlanStatus, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "code",
            "kind",
            *i18n("title", "short_title", "notes"),
            "start_year",
            "end_year",
            "is_current",
            "status",
            "source",
            "source_ky",
            "source_en",
            "measure_count",
        ]
        read_only_fields = fields


class PlanDetailSerializer(PlanSerializer):
    areas = PlanAreaSerializer(many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "areas"]
        read_only_fields = fields


def _measures_qs() -> Any:
    return Measure.objects.select_related("plan").prefetch_related("sdg_targets", "related_measures", "indicators")


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """The national plans; a plan's detail nests its areas (sections), goals and measures."""

    permission_classes = [CatalogueReadOrCanViewPlans]
    lookup_field = "code"
    pagination_class = None

    def get_queryset(self) -> Any:
        qs = Plan.objects.annotate(measure_count=Count("measures"))
        if self.action == "retrieve":
            goals = Goal.objects.prefetch_related(Prefetch("measures", queryset=_measures_qs()))
            areas = PlanArea.objects.prefetch_related(Prefetch("goals", queryset=goals))
            qs = qs.prefetch_related(Prefetch("areas", queryset=areas))
        return qs

    def get_serializer_class(self) -> Any:
        return PlanDetailSerializer if self.action == "retrieve" else PlanSerializer


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("plan", str, description="Plan code"),
            OpenApiParameter("level", str, enum=["national", "local"]),
            OpenApiParameter("q", str, description="Text in Russian, Kyrgyz or English, or a number"),
        ]
    )
)
class MeasureViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Measures of all plans; national coordinators may correct their texts."""

    permission_classes = [CatalogueReadOrCanViewPlans]
    serializer_class = MeasureSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        qs = _measures_qs()
        params = self.request.query_params
        if params.get("plan"):
            qs = qs.filter(plan__code=params["plan"])
        if params.get("level"):
            qs = qs.filter(level=params["level"])
        if params.get("q"):
            qs = qs.filter(search_text__contains=normalise_name(params["q"]))
        return qs

    def perform_update(self, serializer: Any) -> None:
        if not plan_perms.may_manage_catalogue(self.request.user):
            raise PermissionDenied
        serializer.instance = measure_update(
            actor=self.request.user, measure=serializer.instance, **serializer.validated_data
        )


class BreakdownOptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CategoryOption
        fields = ["code", *i18n("name")]
        read_only_fields = fields


class BreakdownCategorySerializer(serializers.ModelSerializer):
    options = BreakdownOptionSerializer(many=True, read_only=True)

    class Meta:
        model = DisaggregationCategory
        fields = ["code", *i18n("name"), "options"]
        read_only_fields = fields


class IndicatorTargetSerializer(serializers.ModelSerializer):
    unit: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = IndicatorTarget
        fields = ["year", "value", "unit"]
        read_only_fields = fields


class IndicatorSerializer(serializers.ModelSerializer):
    numerator: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    denominator: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    categories = BreakdownCategorySerializer(many=True, read_only=True)
    targets = IndicatorTargetSerializer(many=True, read_only=True)
    measures: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    unit = enum_field(IndicatorUnit, read_only=True)
    kind = enum_field(IndicatorKind, read_only=True)
    frequency = enum_field(Frequency, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "code",
            *i18n("name", "definition", "data_source", "responsible"),
            "unit",
            "kind",
            "additive",
            "numerator",
            "numerator_filter",
            "denominator",
            "denominator_filter",
            "factor",
            "baseline_value",
            "baseline_year",
            "frequency",
            "reported_locally",
            "categories",
            "targets",
            "measures",
        ]
        read_only_fields = fields


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicators with their breakdowns (categories and options), targets and linked measures."""

    permission_classes = [CatalogueReadOrCanViewPlans]
    serializer_class = IndicatorSerializer
    lookup_field = "code"
    pagination_class = None
    queryset = Indicator.objects.select_related("numerator", "denominator").prefetch_related(
        "categories__options", "targets__unit", "measures"
    )
