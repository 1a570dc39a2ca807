"""/api/v1/participation/vawp/: submission and receipt checks (open to anyone, throttled per address), follow-up
(support staff in scope; identities logged), suppressed statistics."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm
from tendik.audit.middleware import client_ip
from tendik.core import ratelimit
from tendik.core.uploads import clean_upload
from tendik.geography.models import AdministrativeUnit
from tendik.participation.models.vawp import (
    MarkFacet,
    PerpetratorType,
    ReportedTo,
    ReporterRole,
    ReportState,
    SupportWanted,
    VawpReport,
    ViolenceKind,
)
from tendik.participation.selectors import vawp as selectors
from tendik.participation.services import vawp as services
from tendik.participation.views.vawp import CHECK_LIMIT, CHECK_WINDOW, SUBMIT_LIMIT, SUBMIT_WINDOW

SubmitThrottle = ratelimit.throttle("vawp.submit", limit=SUBMIT_LIMIT, window=SUBMIT_WINDOW, ident=client_ip)
CheckThrottle = ratelimit.throttle("vawp.check", limit=CHECK_LIMIT, window=CHECK_WINDOW, ident=client_ip)


def _choices(enum: Any, *, required: bool = False) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=enum.choices), required=required, allow_empty=not required
    )


class VawpSubmitSerializer(serializers.Serializer):
    reporter_role = serializers.ChoiceField(choices=ReporterRole.choices)
    unit = serializers.SlugRelatedField(
        slug_field="code", queryset=AdministrativeUnit.objects.all(), help_text="SOATE code of the oblast or rayon"
    )
    kinds = _choices(ViolenceKind, required=True)
    perpetrators = _choices(PerpetratorType)
    reported_to = _choices(ReportedTo)
    support = _choices(SupportWanted)
    occurred_on = serializers.DateField(required=False, allow_null=True)
    ongoing = serializers.BooleanField(required=False, default=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    anonymous = serializers.BooleanField(required=False, default=False)
    name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    contact_note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    evidence = serializers.ListField(child=serializers.FileField(), required=False, max_length=services.MAX_EVIDENCE)

    def validate_evidence(self, files: list[Any]) -> list[Any]:
        return [clean_upload(f) for f in files]


class VawpReceiptSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    secret = serializers.CharField(max_length=40)


class VawpReceiptIssuedSerializer(serializers.Serializer):
    code = serializers.CharField()
    secret = serializers.CharField(help_text="Shown once; keep it with the code to check or withdraw the report.")
    state = serializers.CharField()


class VawpStatusSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = VawpReport
        fields = ["code", "state", "state_label", "state_changed_at", "submitted_at"]


class VawpReportSerializer(serializers.ModelSerializer):
    """A report without identity (lists)."""

    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    oblast_name = serializers.CharField(source="oblast.name")
    kinds = serializers.SerializerMethodField()
    perpetrators = serializers.SerializerMethodField()
    reported_to = serializers.SerializerMethodField()
    support = serializers.SerializerMethodField()

    class Meta:
        model = VawpReport
        fields = [
            "code",
            "submitted_at",
            "reporter_role",
            "unit",
            "unit_name",
            "oblast_name",
            "occurred_on",
            "ongoing",
            "kinds",
            "perpetrators",
            "reported_to",
            "support",
            "anonymous",
            "state",
            "state_changed_at",
        ]

    def get_kinds(self, obj: VawpReport) -> list[str]:
        return obj.values_of(MarkFacet.KIND)

    def get_perpetrators(self, obj: VawpReport) -> list[str]:
        return obj.values_of(MarkFacet.PERPETRATOR)

    def get_reported_to(self, obj: VawpReport) -> list[str]:
        return obj.values_of(MarkFacet.REPORTED_TO)

    def get_support(self, obj: VawpReport) -> list[str]:
        return obj.values_of(MarkFacet.SUPPORT)


class VawpIdentitySerializer(serializers.Serializer):
    anonymous = serializers.BooleanField()
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    contact_note = serializers.CharField()
    description = serializers.CharField()


class VawpEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.username", default=None, allow_null=True)
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    note = serializers.CharField()


class VawpReportDetailSerializer(VawpReportSerializer):
    identity = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()
    allowed_moves = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField()

    class Meta(VawpReportSerializer.Meta):
        fields = [*VawpReportSerializer.Meta.fields, "identity", "history", "allowed_moves", "evidence"]

    def _user(self) -> Any:
        return self.context["request"].user

    @extend_schema_field(VawpIdentitySerializer)
    def get_identity(self, obj: VawpReport) -> dict[str, Any]:
        return VawpIdentitySerializer(selectors.report_identity(user=self._user(), report=obj)).data  # logged

    @extend_schema_field(VawpEventSerializer(many=True))
    def get_history(self, obj: VawpReport) -> Any:
        return VawpEventSerializer(selectors.report_history(user=self._user(), report=obj), many=True).data

    def get_allowed_moves(self, obj: VawpReport) -> list[str]:
        return services.allowed_moves(obj)

    def get_evidence(self, obj: VawpReport) -> list[int]:
        return [e.pk for e in selectors.evidence_list(report=obj)]


class VawpMoveSerializer(serializers.Serializer):
    to_state = serializers.ChoiceField(choices=ReportState.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class VawpNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000)


# --- views -----------------------------------------------------------------------------------------------------------


class SubmitView(APIView):
    """Submit a report. Open to anyone (signed in or not); a few per address and hour."""

    permission_classes = [AllowAny]
    throttle_classes = [SubmitThrottle]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=VawpSubmitSerializer, responses={201: VawpReceiptIssuedSerializer}, tags=["participation"])
    def post(self, request: Request) -> Response:
        data: Any = request.data
        if hasattr(data, "getlist"):  # multipart: lists arrive as repeated keys
            data = {k: (data.getlist(k) if k in _LIST_FIELDS else data.get(k)) for k in data}
            data["evidence"] = request.FILES.getlist("evidence")
        ser = VawpSubmitSerializer(data=data)
        ser.is_valid(raise_exception=True)
        report, secret = services.report_submit(**ser.validated_data, actor=request.user)
        return Response({"code": report.code, "secret": secret, "state": report.state}, status=201)


_LIST_FIELDS = {"kinds", "perpetrators", "reported_to", "support"}


class StatusView(APIView):
    """The state of a report, for its reporter: code and secret in, no identity out."""

    permission_classes = [AllowAny]
    throttle_classes = [CheckThrottle]

    @extend_schema(request=VawpReceiptSerializer, responses={200: VawpStatusSerializer}, tags=["participation"])
    def post(self, request: Request) -> Response:
        ser = VawpReceiptSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        report = services.report_by_receipt(**ser.validated_data)
        if report is None:
            raise Http404
        return Response(VawpStatusSerializer(report).data)


class WithdrawView(APIView):
    """The reporter withdraws her report: identity, description, notes and pictures are erased."""

    permission_classes = [AllowAny]
    throttle_classes = [CheckThrottle]

    @extend_schema(request=VawpReceiptSerializer, responses={200: VawpStatusSerializer}, tags=["participation"])
    def post(self, request: Request) -> Response:
        ser = VawpReceiptSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        report = services.report_withdraw(**ser.validated_data)
        return Response(VawpStatusSerializer(report).data)


def _check_follow_up(request: Request) -> None:
    if not has_perm(request.user, Perm.VAWP_FOLLOW_UP):
        raise PermissionDenied


def _report(request: Request, code: str) -> VawpReport:
    """The report if it is in the user's follow-up scope; 404 otherwise (existence is not revealed)."""
    _check_follow_up(request)
    try:
        return selectors.report_for_follow_up(user=request.user, code=code)
    except VawpReport.DoesNotExist:
        raise Http404 from None


@extend_schema(
    tags=["participation"],
    parameters=[
        OpenApiParameter("state", str, description="'open' (default), 'all', or one state", required=False),
    ],
)
class FollowUpListView(generics.ListAPIView):
    """Reports in the support worker's territory, without identities."""

    serializer_class = VawpReportSerializer
    permission_classes = [IsAuthenticated]
    queryset = VawpReport.objects.none()  # for the schema; get_queryset scopes

    def get_queryset(self) -> Any:
        _check_follow_up(self.request)
        state = self.request.query_params.get("state", "open")
        if state == "open":
            return selectors.reports_to_follow_up(user=self.request.user)
        qs = selectors.reports_for(self.request.user)
        return qs.filter(state=state) if state in ReportState.values else qs


class FollowUpDetailView(APIView):
    permission_classes = [IsAuthenticated]

    """One report with the reporter's identity and the history; every call is in the access log."""

    @extend_schema(responses={200: VawpReportDetailSerializer}, tags=["participation"])
    def get(self, request: Request, code: str) -> Response:
        report = _report(request, code)
        return Response(VawpReportDetailSerializer(report, context={"request": request}).data)


class MoveView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=VawpMoveSerializer, responses={200: VawpReportSerializer}, tags=["participation"])
    def post(self, request: Request, code: str) -> Response:
        report = _report(request, code)
        ser = VawpMoveSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            report = services.report_move(report=report, actor=request.user, **ser.validated_data)
        except DjangoPermissionDenied:
            raise PermissionDenied from None
        return Response(VawpReportSerializer(selectors.report_for_follow_up(user=request.user, code=report.code)).data)


class NoteView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=VawpNoteSerializer, responses={201: VawpEventSerializer}, tags=["participation"])
    def post(self, request: Request, code: str) -> Response:
        report = _report(request, code)
        ser = VawpNoteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        event = services.report_note_add(report=report, actor=request.user, note=ser.validated_data["note"])
        return Response(VawpEventSerializer(event).data, status=201)


class VawpFigureSerializer(serializers.Serializer):
    value = serializers.IntegerField(allow_null=True)
    display = serializers.CharField()
    suppressed = serializers.BooleanField()
    reason = serializers.CharField()


class VawpStatRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field, not Field.label
    count = VawpFigureSerializer()
    share = serializers.CharField()


class VawpKindRowSerializer(VawpStatRowSerializer):
    survey_baseline = serializers.CharField()


class VawpStatisticsSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    total = VawpFigureSerializer()
    by_kind = VawpKindRowSerializer(many=True)
    by_role = VawpStatRowSerializer(many=True)
    by_oblast = VawpStatRowSerializer(many=True)
    survey_physical_known_of = serializers.CharField()


class StatisticsView(APIView):
    """Shares of reports by kind, role and oblast in the user's scope; figures under 5 suppressed."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["participation"],
        parameters=[OpenApiParameter("year", int, required=False, description="A whole calendar year")],
        responses={200: VawpStatisticsSerializer},
    )
    def get(self, request: Request) -> Response:
        if not has_perm(request.user, Perm.VAWP_STATS):
            raise PermissionDenied
        raw = request.query_params.get("year", "")
        year = int(raw) if raw.isdigit() else None
        if raw and (year is None or not 2000 <= year <= 2100):
            raise ValidationError({"year": [_("A calendar year between 2000 and 2100, such as 2025.")]})
        return Response(selectors.vawp_statistics(user=request.user, year=year).as_json())


urlpatterns = [
    path("vawp/reports/submit/", SubmitView.as_view(), name="vawp-submit"),
    path("vawp/status/", StatusView.as_view(), name="vawp-status"),
    path("vawp/status/withdraw/", WithdrawView.as_view(), name="vawp-withdraw"),
    path("vawp/follow-up/", FollowUpListView.as_view(), name="vawp-follow-up"),
    path("vawp/follow-up/<str:code>/", FollowUpDetailView.as_view(), name="vawp-follow-up-detail"),
    path("vawp/follow-up/<str:code>/move/", MoveView.as_view(), name="vawp-move"),
    path("vawp/follow-up/<str:code>/notes/", NoteView.as_view(), name="vawp-note"),
    path("vawp/statistics/", StatisticsView.as_view(), name="vawp-statistics"),
]
