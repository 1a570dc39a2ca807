"""API of trainings under /api/v1/participation/trainings/ and the public certificate check.

Programmes and sessions (with their figures) are open to PARTICIPATION_VIEW holders, sessions within their territory;
participants show the reserve code only to RESERVE_VIEW holders; writes need TRAININGS_MANAGE (through services).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tendik.accounts.permissions import has_perm, unit_q
from tendik.accounts.roles import Perm
from tendik.core.concurrency.api import VersionedSerializerMixin, guarded_updates
from tendik.participation.api.reserve import UnitCodeField, raise_api
from tendik.participation.models.trainings import (
    CertificateLanguage,
    ProgrammeKind,
    TrainingHeadcount,
    TrainingParticipant,
    TrainingProgramme,
    TrainingSession,
)
from tendik.participation.selectors import reserve as reserve_sel
from tendik.participation.selectors import trainings as sel
from tendik.participation.services import trainings as services

# Choice fields inline in the schema (shared enum names such as "sex" would clash with other apps' sets).
from tendik.protection.api.serializers import InlineChoiceField
from tendik.protection.api.serializers import ModelSerializer as InlineModelSerializer


class ParticipationViewers(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return has_perm(request.user, Perm.PARTICIPATION_VIEW)


class TrainingProgrammeSerializer(VersionedSerializerMixin, InlineModelSerializer):
    territory = UnitCodeField(required=False, allow_null=True)
    kind = InlineChoiceField(choices=ProgrammeKind.choices)
    title = serializers.CharField(read_only=True)

    class Meta:
        model = TrainingProgramme
        fields = [
            "id",
            "code",
            "kind",
            "title",
            "title_ru",
            "title_ky",
            "title_en",
            "organiser",
            "description",
            "hours",
            "territory",
            "is_active",
            "version",
        ]


class TrainingSessionSerializer(VersionedSerializerMixin, InlineModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=TrainingProgramme.objects.all())
    territory = UnitCodeField()
    participants = serializers.SerializerMethodField()
    completed = serializers.SerializerMethodField()

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "programme",
            "title",
            "starts_on",
            "ends_on",
            "territory",
            "venue",
            "is_online",
            "participants",
            "completed",
            "version",
        ]

    @extend_schema_field(serializers.IntegerField())
    def get_participants(self, obj: Any) -> int:
        return int(getattr(obj, "n_named", 0) or 0) + int(getattr(obj, "n_counted", 0) or 0)

    @extend_schema_field(serializers.IntegerField())
    def get_completed(self, obj: Any) -> int:
        return int(getattr(obj, "n_named_done", 0) or 0) + int(getattr(obj, "n_counted_done", 0) or 0)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        end = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if start and end and end < start:
            raise serializers.ValidationError({"ends_on": "The end cannot be before the start."})
        return attrs


class TrainingParticipantSerializer(InlineModelSerializer):
    session = serializers.PrimaryKeyRelatedField(queryset=TrainingSession.objects.all())
    person = serializers.CharField(write_only=True, help_text="Code of the person in the reserve")
    person_code = serializers.SerializerMethodField()
    territory: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    language = InlineChoiceField(choices=CertificateLanguage.choices, default="ru")
    certificate = serializers.SerializerMethodField()

    class Meta:
        model = TrainingParticipant
        fields = [
            "id",
            "session",
            "person",
            "person_code",
            "sex",
            "age_group",
            "territory",
            "language",
            "completed",
            "completed_on",
            "certificate",
        ]
        read_only_fields = ["sex", "age_group", "completed", "completed_on"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_person_code(self, obj: Any) -> str | None:
        """The reserve code, only for RESERVE_VIEW holders in the person's territory."""
        request = self.context.get("request")
        if obj.person_id and request and has_perm(request.user, Perm.RESERVE_VIEW, unit=obj.territory):
            return obj.person.code
        return None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_certificate(self, obj: Any) -> str | None:
        cert = getattr(obj, "certificate", None)
        return cert.code if cert is not None and cert.is_valid else None


class TrainingHeadcountSerializer(InlineModelSerializer):
    session = serializers.PrimaryKeyRelatedField(queryset=TrainingSession.objects.all())
    territory = UnitCodeField()

    class Meta:
        model = TrainingHeadcount
        fields = ["id", "session", "sex", "age_group", "territory", "attended", "completed"]
        validators: list[Any] = []  # the service updates the row of the same sex, age group and territory


class TrainingCompleteSerializer(serializers.Serializer):
    completed = serializers.BooleanField(default=True)


class CertificateCheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    valid = serializers.BooleanField()
    holder_initials = serializers.CharField()
    programme = serializers.CharField()
    kind = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    issued_on = serializers.DateField()


def _session_in_scope(request: Request, session: TrainingSession) -> TrainingSession:
    if not sel.sessions_for(request.user).filter(pk=session.pk).exists():
        raise Http404
    return session


@guarded_updates(TrainingProgrammeSerializer)
class ProgrammeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = TrainingProgramme.objects.none()
    serializer_class = TrainingProgrammeSerializer
    permission_classes = [IsAuthenticated, ParticipationViewers]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return sel.programmes_for(self.request.user).order_by("title_ru")

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("version", None)
        try:
            serializer.instance = services.programme_save(actor=self.request.user, **data)
        except DjangoValidationError as exc:
            raise_api(exc)

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        version = serializer.version_of(data)
        data.setdefault("territory", serializer.instance.territory)
        try:
            serializer.instance = services.programme_save(
                actor=self.request.user, programme=serializer.instance, version=version, **data
            )
        except DjangoValidationError as exc:
            raise_api(exc)


@guarded_updates(TrainingSessionSerializer)
class SessionViewSet(ProgrammeViewSet):
    queryset = TrainingSession.objects.none()  # type: ignore[assignment]
    serializer_class = TrainingSessionSerializer  # type: ignore[assignment]

    def get_queryset(self) -> Any:
        return sel.sessions_list(user=self.request.user)

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("version", None)
        try:
            serializer.instance = services.session_save(actor=self.request.user, **data)
        except DjangoValidationError as exc:
            raise_api(exc)

    def perform_update(self, serializer: Any) -> None:
        session = serializer.instance
        submitted = dict(serializer.validated_data)
        version = serializer.version_of(submitted)
        data = {k: getattr(session, k) for k in services.SESSION_FIELDS} | submitted
        data.pop("programme", None)
        try:
            serializer.instance = services.session_save(
                actor=self.request.user, programme=session.programme, session=session, version=version, **data
            )
        except DjangoValidationError as exc:
            raise_api(exc)


class ParticipantViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    queryset = TrainingParticipant.objects.none()
    serializer_class = TrainingParticipantSerializer
    permission_classes = [IsAuthenticated, ParticipationViewers]

    def get_queryset(self) -> Any:
        return (
            TrainingParticipant.objects.filter(unit_q(self.request.user, Perm.PARTICIPATION_VIEW, "session__territory"))
            .select_related("person", "territory", "certificate")
            .order_by("id")
        )

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        session = _session_in_scope(self.request, data["session"])
        person = reserve_sel.people_for(self.request.user).filter(code=data["person"].strip().upper()).first()
        if person is None:
            raise Http404
        try:
            serializer.instance = services.participant_add(
                actor=self.request.user, session=session, person=person, language=data["language"]
            )
        except DjangoValidationError as exc:
            raise_api(exc)

    @extend_schema(request=TrainingCompleteSerializer, responses={200: TrainingParticipantSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        participant = self.get_object()
        data = TrainingCompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.participant_complete(
                actor=request.user, participant=participant, completed=data.validated_data["completed"]
            )
        except DjangoValidationError as exc:
            raise_api(exc)
        return Response(TrainingParticipantSerializer(self.get_object(), context={"request": request}).data)

    @extend_schema(request=None, responses={200: TrainingParticipantSerializer})
    @action(detail=True, methods=["post"])
    def certificate(self, request: Request, pk: str | None = None) -> Response:
        """Issue the certificate of a participant who completed the programme."""
        participant = self.get_object()
        try:
            services.certificate_issue(actor=request.user, participant=participant)
        except DjangoValidationError as exc:
            raise_api(exc)
        return Response(TrainingParticipantSerializer(self.get_object(), context={"request": request}).data)


class HeadcountViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    queryset = TrainingHeadcount.objects.none()
    serializer_class = TrainingHeadcountSerializer
    permission_classes = [IsAuthenticated, ParticipationViewers]

    def get_queryset(self) -> Any:
        return (
            TrainingHeadcount.objects.filter(unit_q(self.request.user, Perm.PARTICIPATION_VIEW, "session__territory"))
            .select_related("territory")
            .order_by("id")
        )

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data["session"] = _session_in_scope(self.request, data["session"])
        try:
            serializer.instance = services.headcount_save(actor=self.request.user, **data)
        except DjangoValidationError as exc:
            raise_api(exc)


class CertificateVerifyView(APIView):
    """Public: is this certificate code genuine? Initials, programme and dates only."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(responses={200: CertificateCheckSerializer, 404: None})
    def get(self, request: Request, code: str) -> Response:
        cert = sel.certificate_verify(code=code)
        if cert is None:
            raise Http404
        session = cert.participant.session
        return Response(
            CertificateCheckSerializer(
                {
                    "code": cert.code,
                    "valid": cert.is_valid,
                    "holder_initials": cert.holder_initials if cert.is_valid else "",
                    "programme": session.programme.title,
                    "kind": session.programme.get_kind_display(),
                    "starts_on": session.starts_on,
                    "ends_on": session.ends_on,
                    "issued_on": cert.issued_on,
                }
            ).data
        )
