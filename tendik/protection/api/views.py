"""Viewsets under /api/v1/protection/. Querysets come from selectors (scope); writes go to services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tendik.accounts.models import User
from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm
from tendik.core.concurrency.api import STALE_RESPONSE, stale_response
from tendik.core.params import id_param
from tendik.protection import permissions as p
from tendik.protection import selectors
from tendik.protection.api import serializers as s
from tendik.protection.models import Case
from tendik.protection.selectors.report import report_for
from tendik.protection.services import appeals as appeal_services
from tendik.protection.services import cases as case_services
from tendik.protection.services import committees as committee_services
from tendik.protection.services import events as event_services
from tendik.protection.services import families as family_services
from tendik.protection.services import meetings as meeting_services
from tendik.protection.services import orders as order_services
from tendik.protection.services import referrals as referral_services
from tendik.protection.services.errors import StaleVersion


class CommitteeWork(BasePermission):
    """Committee members (PROTECTION_VIEW) only."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return has_perm(request.user, Perm.PROTECTION_VIEW)


class CommitteeWorkOrManage(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return has_perm(request.user, Perm.PROTECTION_VIEW) or has_perm(request.user, Perm.PROTECTION_MANAGE_COMMITTEES)


class Scoped(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, CommitteeWork]
    selector = ""

    def get_queryset(self) -> Any:
        return getattr(selectors, self.selector)(self.request.user)


class Editable(mixins.UpdateModelMixin, Scoped):
    http_method_names = ["get", "post", "patch", "head", "options"]


def _data(serializer: Any, *drop: str) -> dict[str, Any]:
    return {k: v for k, v in serializer.validated_data.items() if k not in drop and k != "version"}


def _version(serializer: Any) -> int | None:
    return serializer.version_of(dict(serializer.validated_data))


class CommitteeViewSet(Editable):
    queryset = selectors.Committee.objects.none()
    serializer_class = s.CommitteeSerializer
    selector = "committees_for"
    permission_classes = [IsAuthenticated, CommitteeWorkOrManage]

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = committee_services.committee_create(actor=self.request.user, **_data(serializer))

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = committee_services.committee_update(
            committee=serializer.instance,
            actor=self.request.user,
            version=_version(serializer),
            **_data(serializer, "municipality"),
        )


class MemberViewSet(Editable):
    queryset = selectors.CommitteeMember.objects.none()
    serializer_class = s.MemberSerializer
    selector = "members_for"
    permission_classes = [IsAuthenticated, CommitteeWorkOrManage]

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = committee_services.member_add(actor=self.request.user, **_data(serializer))

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = committee_services.member_update(
            member=serializer.instance,
            actor=self.request.user,
            version=_version(serializer),
            **_data(serializer, "committee"),
        )


class AppealViewSet(Editable):
    queryset = selectors.Appeal.objects.none()
    serializer_class = s.AppealSerializer
    selector = "appeals_for"

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = appeal_services.appeal_register(actor=self.request.user, **_data(serializer, "outcome"))

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = appeal_services.appeal_update(
            appeal=serializer.instance,
            actor=self.request.user,
            version=_version(serializer),
            **_data(serializer, "committee"),
        )


class FamilyViewSet(Editable):
    queryset = selectors.AtRiskFamily.objects.none()
    selector = "families_for"

    def get_serializer_class(self) -> Any:
        return s.FamilyDetailSerializer if self.action == "retrieve" else s.FamilySerializer

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = family_services.family_add(actor=self.request.user, **_data(serializer))

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = family_services.family_update(
            family=serializer.instance,
            actor=self.request.user,
            version=_version(serializer),
            **_data(serializer, "committee", "added_on"),
        )

    @extend_schema(request=s.VisitCreateSerializer, responses={201: s.VisitSerializer})
    @action(detail=True, methods=["post"])
    def visits(self, request: Request, pk: Any = None) -> Response:
        """Record a visit or preventive talk (the phone's one-screen form)."""
        family = self.get_object()
        data = s.VisitCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        visit = family_services.family_visit_record(family=family, actor=request.user, **data.validated_data)
        return Response(s.VisitSerializer(visit).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.FamilyRemoveSerializer, responses=s.FamilySerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request: Request, pk: Any = None) -> Response:
        family = self.get_object()
        data = s.FamilyRemoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        family = family_services.family_remove(family=family, actor=request.user, **data.validated_data)
        return Response(s.FamilySerializer(family, context={"request": request}).data)


STALE = STALE_RESPONSE


class CaseViewSet(Editable):
    """Cases by code. Identities appear in the detail only for permitted users, and each such read is logged."""

    queryset = Case.objects.none()
    selector = "cases_for"

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return s.CaseDetailSerializer
        if self.action in {"create", "update", "partial_update"}:
            return s.CaseWriteSerializer
        return s.CaseSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        identity = selectors.case_identity(user=request.user, case=case)
        serializer = s.CaseDetailSerializer(case, context={"request": request, "identity": identity})
        return Response(serializer.data)

    def perform_create(self, serializer: Any) -> None:
        data = _data(serializer, "version")
        serializer.instance = case_services.case_open(actor=self.request.user, **data)

    @extend_schema(responses={200: s.CaseSerializer, 409: STALE})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        serializer = s.CaseWriteSerializer(case, data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = _data(serializer, "version", "committee", "appeal")
        if "version" not in serializer.validated_data:
            raise ValidationError({"version": [_("Send the version you started from.")]})
        try:
            case = case_services.case_update(
                case=case, actor=request.user, version=serializer.validated_data["version"], data=data
            )
        except StaleVersion as exc:
            return _stale(exc)
        return Response(s.CaseSerializer(case, context={"request": request}).data)

    @extend_schema(exclude=True)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=s.TransitionSerializer, responses={200: s.CaseSerializer, 409: STALE})
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: Any = None) -> Response:
        """Move the case to another stage (opened → assessment → plan → services → follow_up → closed / reopened)."""
        data = s.TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            case = case_services.case_transition(case=self.get_object(), actor=request.user, **data.validated_data)
        except StaleVersion as exc:
            return _stale(exc)
        return Response(s.CaseSerializer(case, context={"request": request}).data)

    @extend_schema(request=s.ShareSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def share(self, request: Request, pk: Any = None) -> Response:
        data = s.ShareSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = User.objects.filter(pk=data.validated_data["user"]).first()
        if user is None:
            raise ValidationError({"user": [_("Unknown user.")]})
        case = self.get_object()
        if not p.can_share(request.user, case):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied
        case_services.case_share(case=case, actor=request.user, user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.IncidentSerializer, responses={201: s.IncidentSerializer})
    @action(detail=True, methods=["post"])
    def incidents(self, request: Request, pk: Any = None) -> Response:
        data = s.IncidentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        incident = case_services.incident_add(case=self.get_object(), actor=request.user, **data.validated_data)
        return Response(s.IncidentSerializer(incident).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.RiskSerializer, responses={201: s.RiskSerializer})
    @action(detail=True, methods=["post"], url_path="risk-assessments")
    def risk_assessments(self, request: Request, pk: Any = None) -> Response:
        data = s.RiskSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = case_services.risk_assess(case=self.get_object(), actor=request.user, **data.validated_data)
        return Response(s.RiskSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ConsentSerializer, responses={201: s.ConsentSerializer})
    @action(detail=True, methods=["post"])
    def consents(self, request: Request, pk: Any = None) -> Response:
        data = s.ConsentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = case_services.consent_record(case=self.get_object(), actor=request.user, **data.validated_data)
        return Response(s.ConsentSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PerpetratorIdentitySerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def perpetrators(self, request: Request, pk: Any = None) -> Response:
        data = s.PerpetratorIdentitySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        perp = case_services.perpetrator_add(case=self.get_object(), actor=request.user, **data.validated_data)
        return Response({"id": perp.pk}, status=status.HTTP_201_CREATED)


def _stale(exc: StaleVersion) -> Response:
    return stale_response(exc)


extend_schema_field(s.CaseIdentityBlock(allow_null=True))(s.CaseDetailSerializer.get_identity)


class OrderViewSet(Scoped):
    queryset = selectors.ProtectionOrder.objects.none()
    serializer_class = s.OrderSerializer
    selector = "orders_for"

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = order_services.order_issue(actor=self.request.user, **serializer.validated_data)

    @extend_schema(request=s.ExtensionSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, pk: Any = None) -> Response:
        data = s.ExtensionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = self.get_object()
        order_services.order_extend(order=order, actor=request.user, **data.validated_data)
        order.refresh_from_db()
        return Response(s.OrderSerializer(order, context={"request": request}).data)

    @extend_schema(request=s.ViolationSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def violations(self, request: Request, pk: Any = None) -> Response:
        data = s.ViolationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = order_services.order_violation_record(order=self.get_object(), actor=request.user, **data.validated_data)
        return Response({"id": row.pk}, status=status.HTTP_201_CREATED)


class ProviderViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    queryset = selectors.ServiceProvider.objects.none()
    serializer_class = s.ProviderSerializer
    permission_classes = [IsAuthenticated, CommitteeWorkOrManage]

    def get_queryset(self) -> Any:
        return selectors.providers_for(self.request.user)

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = referral_services.provider_create(actor=self.request.user, **serializer.validated_data)


class ReferralViewSet(Scoped):
    queryset = selectors.Referral.objects.none()
    serializer_class = s.ReferralSerializer
    selector = "referrals_for"

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = referral_services.referral_send(actor=self.request.user, **serializer.validated_data)

    @extend_schema(request=s.ReferralTransitionSerializer, responses=s.ReferralSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: Any = None) -> Response:
        data = s.ReferralTransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        referral = referral_services.referral_transition(
            referral=self.get_object(), actor=request.user, **data.validated_data
        )
        return Response(s.ReferralSerializer(referral, context={"request": request}).data)


class ServiceViewSet(Scoped):
    queryset = selectors.ServiceDelivery.objects.none()
    serializer_class = s.ServiceSerializer
    selector = "services_for"

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = referral_services.service_record(actor=self.request.user, **serializer.validated_data)


class MeetingViewSet(Scoped):
    queryset = selectors.CommitteeMeeting.objects.none()
    serializer_class = s.MeetingSerializer
    selector = "meetings_for"

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("members_present", "cases", "families", "decisions")

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = meeting_services.meeting_record(actor=self.request.user, **serializer.validated_data)

    @extend_schema(request=s.DecisionSerializer, responses={201: s.DecisionSerializer})
    @action(detail=True, methods=["post"])
    def decisions(self, request: Request, pk: Any = None) -> Response:
        data = s.DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = meeting_services.decision_add(meeting=self.get_object(), actor=request.user, **data.validated_data)
        return Response(s.DecisionSerializer(row).data, status=status.HTTP_201_CREATED)


class EventViewSet(Scoped):
    queryset = selectors.PreventionEvent.objects.none()
    serializer_class = s.EventSerializer
    selector = "events_for"
    permission_classes = [IsAuthenticated, CommitteeWorkOrManage]

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("attendance__oblast")

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        attendance = data.pop("attendance", [])
        serializer.instance = event_services.event_record(actor=self.request.user, attendance=attendance, **data)


class ReportView(APIView):
    """The committee report as JSON: `?from=YYYY-MM-DD&to=YYYY-MM-DD&unit=<SOATE code>` (or `&committee=<id>`)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True),
            OpenApiParameter("unit", OpenApiTypes.STR, description="SOATE code; the country when omitted"),
            OpenApiParameter("committee", OpenApiTypes.INT),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        from tendik.protection.views.report import ScopeError, resolve_scope

        if not has_perm(request.user, Perm.PROTECTION_REPORT):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied
        errors = {}
        dates = {}
        for key in ("from", "to"):
            try:
                dates[key] = dt.date.fromisoformat(request.query_params.get(key, ""))
            except ValueError:
                errors[key] = [_("Use the date format YYYY-MM-DD.")]
        if not errors and dates["from"] > dates["to"]:
            errors["to"] = [_("The period ends before it starts.")]
        if errors:
            raise ValidationError(errors)
        committee = request.query_params.get("committee")
        try:
            scope = resolve_scope(
                request.user,
                unit_code=request.query_params.get("unit"),
                committee_id=id_param(committee),
            )
        except ScopeError as exc:
            raise NotFound(str(exc)) from exc
        return Response(report_for(user=request.user, scope=scope, date_from=dates["from"], date_to=dates["to"]))
