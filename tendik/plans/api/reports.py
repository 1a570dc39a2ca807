"""Progress reports, their entries (with figures by breakdown) and the approval steps; data values."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tendik.accounts.permissions import has_perm, unit_q
from tendik.accounts.roles import Perm
from tendik.core.concurrency import StaleVersion
from tendik.core.concurrency.api import STALE_RESPONSES, VersionedSerializerMixin, stale_response
from tendik.core.params import id_param
from tendik.plans.api.common import CanViewPlans, enum_field
from tendik.plans.models import (
    BUDGET_SOURCES,
    DataValue,
    MeasureStatus,
    ProgressReport,
    ReportAction,
    ReportEntry,
    ReportStatus,
)
from tendik.plans.selectors import local as local_sel
from tendik.plans.selectors import reports as sel
from tendik.plans.services import reports as svc
from tendik.plans.services.periods import period_get


class EntryValueSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="Indicator code")
    combo = serializers.CharField(allow_blank=True, default="", help_text="Breakdown, e.g. sex=female; empty: total")
    value = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)


class ReportEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.username", default=None, allow_null=True)
    action = enum_field(ReportAction)
    from_status = serializers.CharField()
    to_status = enum_field(ReportStatus)
    comment = serializers.CharField()


class EntrySerializer(serializers.ModelSerializer):
    values = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField()
    status = enum_field(MeasureStatus, read_only=True)

    class Meta:
        model = ReportEntry
        fields = [
            "id",
            "report",
            "local_measure",
            "status",
            "progress",
            "narrative",
            *[f"spent_{s}" for s in BUDGET_SOURCES],
            "values",
            "evidence",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(EntryValueSerializer(many=True))
    def get_values(self, entry: ReportEntry) -> Any:
        values = self.context.get("values", {}).get((entry.report_id, entry.local_measure_id))
        if values is None:
            values = list(entry.local_measure.values.filter(report_id=entry.report_id).select_related("indicator"))
        return EntryValueSerializer(
            [{"indicator": v.indicator.code, "combo": v.combo, "value": v.value} for v in values], many=True
        ).data

    def get_evidence(self, entry: ReportEntry) -> list[str]:
        return [e.name for e in entry.evidence.all()]


def _values_by_entry(report_ids: Any) -> dict[tuple[int, int], list[DataValue]]:
    """Figures of the given reports by (report, local measure), in one query."""
    values: dict[tuple[int, int], list[DataValue]] = {}
    for v in DataValue.objects.filter(report_id__in=list(report_ids)).select_related("indicator"):
        values.setdefault((v.report_id or 0, v.local_measure_id or 0), []).append(v)
    return values


class EntryUpdateSerializer(VersionedSerializerMixin, serializers.Serializer):
    status = enum_field(MeasureStatus, required=False)
    progress = serializers.IntegerField(required=False)
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    spent_local = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    spent_republican = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    spent_donor = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    spent_other = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    values = EntryValueSerializer(many=True, required=False)


class ReportSerializer(serializers.ModelSerializer):
    municipality: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    period: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    waiting_for = serializers.SerializerMethodField()
    status = enum_field(ReportStatus, read_only=True)

    class Meta:
        model = ProgressReport
        fields = ["id", "local_plan", "municipality", "period", "status", "submitted_at", "accepted_at", "waiting_for"]
        read_only_fields = fields

    def get_waiting_for(self, report: ProgressReport) -> str | None:
        """rayon, oblast, ministry, or null (draft, returned, accepted)."""
        return getattr(report, "step", None)


class ReportDetailSerializer(ReportSerializer):
    entries = serializers.SerializerMethodField()
    history = ReportEventSerializer(source="events", many=True, read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "entries", "history"]
        read_only_fields = fields

    @extend_schema_field(EntrySerializer(many=True))
    def get_entries(self, report: ProgressReport) -> Any:
        entries = sel.report_entries(report=report)
        values = _values_by_entry([report.pk])
        return EntrySerializer(entries, many=True, context={**self.context, "values": values}).data


class ReportCreateSerializer(serializers.Serializer):
    local_plan = serializers.IntegerField()
    period = serializers.CharField(help_text="2025-H1, 2025-Q3 or 2025")


class ReportCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


WARNINGS = inline_serializer(
    "EntryWarnings",
    fields={
        "entry": EntrySerializer(),
        "warnings": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
    },
)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("local_plan", int),
            OpenApiParameter("period", str, description="Period code"),
            OpenApiParameter("status", str),
            OpenApiParameter("waiting", bool, description="Only reports waiting for me"),
        ]
    )
)
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Progress reports in the caller's territory. Municipal officers open and submit them; focal points approve or
    return them at the rayon and oblast steps; the ministry accepts them."""

    permission_classes = [CanViewPlans]

    def get_queryset(self) -> Any:
        qs = sel.reports_for(user=self.request.user).order_by("-period__start", "municipality__path")
        params = self.request.query_params
        if plan := id_param(params.get("local_plan")):
            qs = qs.filter(local_plan_id=plan)
        if params.get("period"):
            qs = qs.filter(period__code=params["period"])
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        if self.action == "retrieve":
            qs = qs.prefetch_related("events__actor")
        return qs

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return ReportCreateSerializer
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        qs = self.filter_queryset(self.get_queryset())
        if request.query_params.get("waiting") in ("1", "true"):
            ids = [r.pk for r in sel.review_queue(user=request.user)]
            qs = qs.filter(pk__in=ids)
        page = self.paginate_queryset(qs)
        items = sel.with_steps(user=request.user, reports=list(page if page is not None else qs))
        data = ReportSerializer(items, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        sel.with_steps(user=request.user, reports=[report])
        return Response(ReportDetailSerializer(report, context=self.get_serializer_context()).data)

    @extend_schema(request=ReportCreateSerializer, responses={201: ReportSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = local_sel.local_plan_get(user=request.user, pk=data.validated_data["local_plan"])
        report = svc.report_open(
            actor=request.user, local_plan=plan, period=period_get(code=data.validated_data["period"])
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)

    def _step(self, request: Request, func: Any, **extra: Any) -> Response:
        report = self.get_object()
        body = ReportCommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        func(actor=request.user, report=report, comment=body.validated_data["comment"], **extra)
        report.refresh_from_db()
        sel.with_steps(user=request.user, reports=[report])
        return Response(ReportSerializer(report).data)

    @extend_schema(request=ReportCommentSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, svc.report_submit)

    @extend_schema(request=ReportCommentSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, svc.report_approve)

    @extend_schema(request=ReportCommentSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, svc.report_return)

    @extend_schema(request=ReportCommentSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, svc.report_accept)


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("report", int)]))
class EntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """What a municipality reports per measure. PATCH changes the given fields; figures are replaced per
    (indicator, breakdown) given, a null value removes one. Errors come by field; warnings are returned."""

    permission_classes = [CanViewPlans]
    serializer_class = EntrySerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        qs = ReportEntry.objects.filter(unit_q(self.request.user, Perm.PLANS_VIEW, "report__municipality"))
        if report := id_param(self.request.query_params.get("report")):
            qs = qs.filter(report_id=report)
        return qs.select_related("local_measure", "report").prefetch_related("evidence").order_by("report_id", "id")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        entries = list(page or [])
        context = {**self.get_serializer_context(), "values": _values_by_entry({e.report_id for e in entries})}
        return self.get_paginated_response(EntrySerializer(entries, many=True, context=context).data)

    @extend_schema(request=EntryUpdateSerializer, responses={200: WARNINGS, **STALE_RESPONSES})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = self.get_object()
        if not has_perm(request.user, Perm.REPORT_SUBMIT, unit=entry.report.municipality):
            raise PermissionDenied
        if not entry.report.is_editable:
            raise PermissionDenied(_("The report is locked: it has been submitted or approved."))
        body = EntryUpdateSerializer(entry, data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        data = svc.entry_data(entry)
        for name in ("status", "progress", "narrative"):
            if name in d:
                setattr(data, name, d[name])
        for s in BUDGET_SOURCES:
            if f"spent_{s}" in d:
                data.spent[s] = d[f"spent_{s}"]
        for v in d.get("values", []):
            data.values[(v["indicator"], v["combo"])] = v["value"]
        try:
            warnings = svc.entry_save(actor=request.user, entry=entry, data=data, version=body.version_of(dict(d)))
        except StaleVersion as exc:
            return stale_response(exc)
        entry.refresh_from_db()
        return Response({"entry": EntrySerializer(entry).data, "warnings": warnings})

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)


class DataValueSerializer(serializers.ModelSerializer):
    indicator: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    period: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = DataValue
        fields = ["id", "indicator", "unit", "period", "combo", "value", "source", "report", "local_measure"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("indicator", str),
            OpenApiParameter("period", str),
            OpenApiParameter("unit", str, description="SOATE code: figures of this territory and under it"),
        ]
    )
)
class DataValueViewSet(viewsets.ReadOnlyModelViewSet):
    """Stored figures per breakdown: published statistics (everyone who may see plans) and municipalities'
    reported figures (within the caller's territory). Totals and ratios are not stored: see the dashboard."""

    permission_classes = [CanViewPlans]
    serializer_class = DataValueSerializer

    def get_queryset(self) -> Any:
        user = self.request.user
        qs = DataValue.objects.filter(Q(report__isnull=True) | unit_q(user, Perm.PLANS_VIEW, "unit"))
        params = self.request.query_params
        if params.get("indicator"):
            qs = qs.filter(indicator__code=params["indicator"])
        if params.get("period"):
            qs = qs.filter(period__code=params["period"])
        if params.get("unit"):
            qs = qs.filter(unit__path__startswith=_unit_path(params["unit"]))
        return qs.select_related("indicator", "unit", "period").order_by(
            "indicator_id", "period__start", "unit_id", "combo", "id"
        )


def _unit_path(code: str) -> str:
    from tendik.geography.models import AdministrativeUnit

    unit = AdministrativeUnit.objects.filter(code=code).first()
    return unit.path if unit else "-"
