"""Local plans and their measures: read within the territory, write by the municipality's officers."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound

from tendik.core.concurrency.api import STALE_RESPONSES, VersionedSerializerMixin
from tendik.core.params import id_param
from tendik.geography.models import AdministrativeUnit
from tendik.plans.api.common import CanViewPlans, enum_field
from tendik.plans.models import (
    Frequency,
    Indicator,
    LocalMeasure,
    LocalPlan,
    LocalPlanStatus,
    Measure,
)
from tendik.plans.selectors import local as sel
from tendik.plans.services import local_plans as svc
from tendik.plans.services.local_plans import EDITABLE_MEASURE_FIELDS


class LocalPlanSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    municipality: Any = serializers.SlugRelatedField(slug_field="code", queryset=AdministrativeUnit.objects.all())
    measure_count = serializers.IntegerField(read_only=True)
    planned = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    spent = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    status = enum_field(LocalPlanStatus, required=False)
    reporting_frequency = enum_field(Frequency, required=False)

    class Meta:
        model = LocalPlan
        fields = [
            "id",
            "municipality",
            "start_year",
            "end_year",
            "title",
            "programme",
            "status",
            "adopted_on",
            "reporting_frequency",
            "measure_count",
            "planned",
            "spent",
            "version",
        ]
        read_only_fields = ["id", "measure_count", "planned", "spent"]
        validators: list[Any] = []

    def create(self, validated_data: dict[str, Any]) -> LocalPlan:
        validated_data.pop("version", None)
        validated_data.pop("status", None)
        validated_data.pop("adopted_on", None)
        user = self.context["request"].user
        plan = svc.local_plan_create(actor=user, **validated_data)
        return sel.local_plan_get(user=user, pk=plan.pk)  # with its sums

    def update(self, instance: LocalPlan, validated_data: dict[str, Any]) -> LocalPlan:
        for fixed in ("municipality", "start_year", "end_year"):
            validated_data.pop(fixed, None)
        user = self.context["request"].user
        svc.local_plan_update(
            actor=user, local_plan=instance, version=self.version_of(validated_data), **validated_data
        )
        return sel.local_plan_get(user=user, pk=instance.pk)


@extend_schema_view(
    partial_update=extend_schema(responses={200: LocalPlanSerializer, **STALE_RESPONSES}),
    list=extend_schema(
        parameters=[
            OpenApiParameter("unit", str, description="SOATE code: only plans within this territory"),
        ]
    ),
)
class LocalPlanViewSet(viewsets.ModelViewSet):
    """Municipal plans in the caller's territory, with measure count and money planned and spent."""

    permission_classes = [CanViewPlans]
    serializer_class = LocalPlanSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        within = None
        code = self.request.query_params.get("unit")
        if code:
            within = AdministrativeUnit.objects.filter(code=code).first()
            if within is None:
                raise NotFound
        return sel.local_plans_for(user=self.request.user, within=within)


class LocalMeasureSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    local_plan: Any = serializers.PrimaryKeyRelatedField(queryset=LocalPlan.objects.all())
    national_measure: Any = serializers.PrimaryKeyRelatedField(
        queryset=Measure.objects.all(), required=False, allow_null=True
    )
    indicators: Any = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=Indicator.objects.filter(reported_locally=True)
    )

    class Meta:
        model = LocalMeasure
        fields = [
            "id",
            "local_plan",
            "national_measure",
            "number",
            *EDITABLE_MEASURE_FIELDS,
            "indicators",
            "current_status",
            "current_progress",
            "version",
        ]
        read_only_fields = ["id", "current_status", "current_progress"]
        extra_kwargs = {"text": {"required": False, "allow_blank": True}, "number": {"required": False}}
        validators: list[Any] = []

    def validate_local_plan(self, plan: LocalPlan) -> LocalPlan:
        # 404-like answer for plans outside the caller's territory: do not reveal that they exist.
        return sel.local_plan_get(user=self.context["request"].user, pk=plan.pk)

    def create(self, validated_data: dict[str, Any]) -> LocalMeasure:
        validated_data.pop("version", None)
        indicators = validated_data.pop("indicators", None)
        return svc.local_measure_add(actor=self.context["request"].user, indicators=indicators, **validated_data)

    def update(self, instance: LocalMeasure, validated_data: dict[str, Any]) -> LocalMeasure:
        validated_data.pop("local_plan", None)
        validated_data.pop("national_measure", None)
        indicators = validated_data.pop("indicators", None)
        return svc.local_measure_update(
            actor=self.context["request"].user,
            measure=instance,
            indicators=indicators,
            version=self.version_of(validated_data),
            **validated_data,
        )


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("local_plan", int)]),
    partial_update=extend_schema(responses={200: LocalMeasureSerializer, **STALE_RESPONSES}),
)
class LocalMeasureViewSet(viewsets.ModelViewSet):
    """Measures of local plans: national ones adopted in the municipality's words, and its own."""

    permission_classes = [CanViewPlans]
    serializer_class = LocalMeasureSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        from tendik.accounts.permissions import unit_q
        from tendik.accounts.roles import Perm

        qs = LocalMeasure.objects.filter(unit_q(self.request.user, Perm.PLANS_VIEW, "local_plan__municipality"))
        if plan := id_param(self.request.query_params.get("local_plan")):
            qs = qs.filter(local_plan_id=plan)
        return qs.select_related("local_plan__municipality").prefetch_related("indicators")

    def perform_destroy(self, instance: LocalMeasure) -> None:
        svc.local_measure_remove(actor=self.request.user, measure=instance)
