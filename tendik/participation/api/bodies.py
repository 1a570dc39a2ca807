"""/api/v1/participation/: body types, bodies, composition facts and the quota summary.

Reads need PARTICIPATION_VIEW (rows outside the user's territory are not found); writes need BODIES_EDIT in the
body's territory (403 otherwise) and go through tendik.participation.services.bodies; body types are written only
with a national BODY_TYPES_MANAGE grant. Members' personal details appear only to people who may edit the body.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tendik.accounts.permissions import has_perm, is_national, scope_paths
from tendik.accounts.roles import Perm
from tendik.core.concurrency.api import STALE_RESPONSES, VersionedSerializerMixin
from tendik.core.params import id_param
from tendik.geography.models import AdministrativeUnit
from tendik.participation.models import Body, BodyEvent, BodyMember, BodySeats, BodyType, CompositionCount
from tendik.participation.selectors import bodies as sel
from tendik.participation.services import bodies as services
from tendik.protection.api.serializers import ModelSerializer

ON = OpenApiParameter("on", OpenApiTypes.DATE, description="Composition on this date (default: today).")
UNIT = OpenApiParameter("unit", OpenApiTypes.STR, description="SOATE code of a territory in your scope.")


class CanView(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return has_perm(request.user, Perm.PARTICIPATION_VIEW)


def _on(request: Request) -> dt.date:
    raw = request.query_params.get("on", "")
    try:
        return dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError as exc:
        raise ValidationError({"on": "YYYY-MM-DD"}) from exc


def _service(fn: Any, **kwargs: Any) -> Any:
    """Call a service, turning its refusals into API errors."""
    try:
        return fn(**kwargs)
    except DjangoPermissionDenied as exc:
        raise PermissionDenied from exc
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc


# Serializers --------------------------------------------------------------------------------------------------


class BodyTypeSerializer(VersionedSerializerMixin, ModelSerializer):
    class Meta:
        model = BodyType
        fields = ["id", *["code", *services.BODY_TYPE_FIELDS], "version"]


class BodySerializer(VersionedSerializerMixin, ModelSerializer):
    body_type = serializers.SlugRelatedField(slug_field="code", queryset=BodyType.objects.all())
    unit = serializers.SlugRelatedField(slug_field="code", queryset=AdministrativeUnit.objects.all())
    seats = serializers.IntegerField(min_value=1, required=False, write_only=True)

    class Meta:
        model = Body
        fields = [
            "id",
            "body_type",
            "unit",
            "name_ru",
            "name_ky",
            "name_en",
            "recording",
            "established_on",
            "dissolved_on",
            "predecessor",
            "notes",
            "seats",
            "version",
        ]
        read_only_fields = ["dissolved_on", "predecessor"]


class BodyCompositionSerializer(serializers.Serializer):
    on = serializers.DateField()
    seats = serializers.IntegerField()
    women = serializers.IntegerField()
    men = serializers.IntegerField()
    vacancies = serializers.IntegerField()
    head_sex = serializers.CharField()
    deputy_sex = serializers.CharField()
    women_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    share_applies = serializers.BooleanField()
    breaks_share = serializers.BooleanField()
    breaks_head_deputy = serializers.BooleanField()


class BodySeatsSerializer(ModelSerializer):
    body = serializers.PrimaryKeyRelatedField(queryset=Body.objects.none())

    class Meta:
        model = BodySeats
        fields = ["id", "body", "valid_from", "seats"]
        validators: list[Any] = []


class BodyCountSerializer(ModelSerializer):
    body = serializers.PrimaryKeyRelatedField(queryset=Body.objects.none())
    kind = serializers.ChoiceField(
        choices=[(k.value, k.label) for k in services.COUNT_KINDS], write_only=True, required=False
    )
    seats = serializers.IntegerField(min_value=1, required=False, write_only=True)
    note = serializers.CharField(required=False, allow_blank=True, write_only=True)

    class Meta:
        model = CompositionCount
        fields = ["id", "body", "as_of", "women", "men", "head_sex", "deputy_sex", "kind", "seats", "note"]
        validators: list[Any] = []


class BodyMemberSerializer(ModelSerializer):
    body = serializers.PrimaryKeyRelatedField(queryset=Body.objects.none())
    kind = serializers.ChoiceField(choices=["election", "appointment"], write_only=True, required=False)

    class Meta:
        model = BodyMember
        fields = [
            "id",
            "body",
            "position",
            "sex",
            "term_start",
            "term_end",
            "consent_on",
            "full_name",
            "age_group",
            "disability",
            "kind",
        ]

    def to_representation(self, instance: BodyMember) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not sel.may_edit(self.context["request"].user, instance.body):
            for name in services.PERSONAL_FIELDS:
                data.pop(name, None)
        return data


class BodyMemberLeaveSerializer(serializers.Serializer):
    on = serializers.DateField()
    vacancy = serializers.BooleanField(required=False, default=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class BodyEventSerializer(ModelSerializer):
    class Meta:
        model = BodyEvent
        fields = ["id", "body", "kind", "on", "member", "note"]


def _scoped_bodies(serializer: Any) -> None:
    """Limit the `body` field to bodies the requesting user may see (others: "does not exist")."""
    request = serializer.context.get("request")
    if request is not None and not isinstance(serializer, serializers.ListSerializer) and "body" in serializer.fields:
        field: Any = serializer.fields["body"]
        field.queryset = sel.bodies_for(request.user)


# Viewsets -----------------------------------------------------------------------------------------------------


class BodyTypeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Body types and their rule thresholds; written only with a national grant to manage them."""

    serializer_class = BodyTypeSerializer
    permission_classes = [IsAuthenticated, CanView]
    queryset = BodyType.objects.all()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _may_manage(self) -> None:
        if not is_national(self.request.user, Perm.BODY_TYPES_MANAGE):
            raise PermissionDenied

    def perform_create(self, serializer: Any) -> None:
        self._may_manage()
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = _service(
            services.body_type_create, actor=self.request.user, code=data.pop("code"), **data
        )

    def perform_update(self, serializer: Any) -> None:
        self._may_manage()
        data = {k: v for k, v in serializer.validated_data.items() if k != "code"}
        version = serializer.version_of(data)
        body_type = BodyType.objects.get(pk=serializer.instance.pk)
        serializer.instance = _service(
            services.body_type_update, body_type=body_type, actor=self.request.user, version=version, **data
        )

    @extend_schema(responses={200: BodyTypeSerializer, **STALE_RESPONSES})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change a body type; send the `version` you read (a stale one: 409 with the difference)."""
        return super().partial_update(request, *args, **kwargs)


class BodyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Bodies in your territory; `composition` gives the composition and rule flags on a date."""

    serializer_class = BodySerializer
    permission_classes = [IsAuthenticated, CanView]
    queryset = Body.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        qs = sel.bodies_for(self.request.user).order_by("unit__path", "pk")
        unit = self.request.query_params.get("unit")
        if unit:
            qs = qs.filter(unit__code=unit)
        return qs

    def perform_create(self, serializer: Any) -> None:
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        serializer.instance = _service(services.body_create, actor=self.request.user, **data)

    def perform_update(self, serializer: Any) -> None:
        body = serializer.instance
        if not sel.may_edit(self.request.user, body):
            raise PermissionDenied
        data = {k: v for k, v in serializer.validated_data.items() if k not in ("unit", "seats")}
        version = serializer.version_of(data)
        fresh = Body.objects.select_related("unit").get(pk=body.pk)
        serializer.instance = _service(
            services.body_update, body=fresh, actor=self.request.user, version=version, **data
        )

    @extend_schema(responses={200: BodySerializer, **STALE_RESPONSES})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change a body; send the `version` you read (a stale one: 409 with the difference)."""
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(parameters=[ON], responses=BodyCompositionSerializer)
    @action(detail=True, methods=["get"])
    def composition(self, request: Request, pk: Any = None) -> Response:
        """The composition on `on` (seats, women, men, vacancies, head and deputy) and the rule flags."""
        c = sel.composition_on(self.get_object(), _on(request))
        data = {**c.__dict__, "women_share": c.women_share}
        return Response(BodyCompositionSerializer(data).data)


class _FactViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, CanView]
    http_method_names = ["get", "post", "head", "options"]
    model: Any = None

    def get_queryset(self) -> Any:
        qs = self.model.objects.filter(body__in=sel.bodies_for(self.request.user).values("pk")).select_related(
            "body__unit"
        )
        if body := id_param(self.request.query_params.get("body")):
            qs = qs.filter(body_id=body)
        return qs.order_by("body_id", "pk")

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        serializer = super().get_serializer(*args, **kwargs)
        _scoped_bodies(serializer)
        return serializer

    def _editable(self, body: Body) -> Body:
        if not sel.may_edit(self.request.user, body):
            raise PermissionDenied
        return body


BODY = OpenApiParameter("body", OpenApiTypes.INT, description="Only facts of this body.")


@extend_schema(parameters=[BODY])
class BodySeatsViewSet(_FactViewSet):
    """Numbers of seats from a date on."""

    serializer_class = BodySeatsSerializer
    queryset = BodySeats.objects.none()
    model = BodySeats

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        body = self._editable(data.pop("body"))
        serializer.instance = _service(services.seats_set, body=body, actor=self.request.user, **data)


@extend_schema(parameters=[BODY])
class BodyCountViewSet(_FactViewSet):
    """Dated counts of women and men (bodies recorded by counts): elections, departures, vacancies."""

    serializer_class = BodyCountSerializer
    queryset = CompositionCount.objects.none()
    model = CompositionCount

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        body = self._editable(data.pop("body"))
        serializer.instance = _service(services.count_record, body=body, actor=self.request.user, **data)


@extend_schema(parameters=[BODY])
class BodyMemberViewSet(_FactViewSet):
    """Members of bodies recorded by members; personal details only with consent and only to their editors."""

    serializer_class = BodyMemberSerializer
    queryset = BodyMember.objects.none()
    model = BodyMember

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        body = self._editable(data.pop("body"))
        serializer.instance = _service(services.member_add, body=body, actor=self.request.user, **data)

    @extend_schema(request=BodyMemberLeaveSerializer, responses=BodyMemberSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, pk: Any = None) -> Response:
        """The member leaves on `on`; with `vacancy` the empty seat is recorded as an event."""
        member = self.get_object()
        self._editable(member.body)
        data = BodyMemberLeaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = _service(services.member_leave, member=member, actor=request.user, **data.validated_data)
        return Response(BodyMemberSerializer(member, context={"request": request}).data, status=status.HTTP_200_OK)


@extend_schema(parameters=[BODY])
class BodyEventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The timeline of bodies: elections, appointments, departures, vacancies, changes of seats (read only)."""

    serializer_class = BodyEventSerializer
    permission_classes = [IsAuthenticated, CanView]
    queryset = BodyEvent.objects.none()

    def get_queryset(self) -> Any:
        qs = BodyEvent.objects.filter(body__in=sel.bodies_for(self.request.user).values("pk"))
        if body := id_param(self.request.query_params.get("body")):
            qs = qs.filter(body_id=body)
        return qs.order_by("body_id", "-on", "-pk")


class QuotaSummarySerializer(serializers.Serializer):
    on = serializers.DateField()
    unit = serializers.CharField(allow_null=True)
    bodies = serializers.IntegerField()
    seats = serializers.IntegerField()
    women = serializers.IntegerField()
    men = serializers.IntegerField()
    vacancies = serializers.IntegerField()
    women_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    breaking_share = serializers.IntegerField()
    breaking_head_deputy = serializers.IntegerField()
    breaking_any = serializers.IntegerField()
    breaches = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of bodies breaking a rule.")


SUMMARY_FIELDS = (
    "on",
    "bodies",
    "seats",
    "women",
    "men",
    "vacancies",
    "breaking_share",
    "breaking_head_deputy",
    "breaking_any",
)


class QuotaView(APIView):
    """Women's share and rule breaches of the bodies in a territory on a date."""

    permission_classes = [IsAuthenticated, CanView]

    @extend_schema(parameters=[UNIT, ON], responses=QuotaSummarySerializer)
    def get(self, request: Request) -> Response:
        code = request.query_params.get("unit", "")
        unit = None
        if code:
            unit = AdministrativeUnit.objects.filter(code=code).first()
            paths = scope_paths(request.user, Perm.PARTICIPATION_VIEW)
            if unit is None or (paths is not None and not any(unit.path.startswith(p) for p in paths)):
                raise NotFound
        s = sel.quota_summary(user=request.user, unit=unit, on=_on(request), breaches=100)
        data = {
            **{k: getattr(s, k) for k in SUMMARY_FIELDS},
            "unit": unit.code if unit else None,
            "women_share": s.women_share,
            "breaches": [b.pk for b in s.breaches],
        }
        return Response(QuotaSummarySerializer(data).data)
