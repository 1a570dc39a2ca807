"""REST API under /api/v1/consultations/: meetings, participants (personal fields only for permitted roles),
recommendations and answers. Thin: scoping comes from the selectors, rules from the services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm
from tendik.audit.services import access_log
from tendik.consultations import permissions as cperm
from tendik.consultations import selectors
from tendik.consultations.models import (
    AgeGroup,
    AnswerState,
    ConsultationSeries,
    Language,
    Level,
    Meeting,
    Organisation,
    Participant,
    ParticipantRole,
    Recommendation,
    RecommendationAnswer,
    RecommendationScope,
    Sex,
    Theme,
)
from tendik.consultations.services import answers as answer_services
from tendik.consultations.services import participants as participant_services
from tendik.consultations.services import recommendations as rec_services
from tendik.core.concurrency.api import STALE_RESPONSES, VersionedSerializerMixin, guarded_updates
from tendik.geography.models import AdministrativeUnit
from tendik.plans.models import Measure


class ConsultationsPermission(IsAuthenticated):
    """Signed in, and holding the consultations permission somewhere (scope is applied by the selectors)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and has_perm(request.user, Perm.CONSULTATIONS_VIEW)


def enum_field(choices: Any, **kwargs: Any) -> serializers.ChoiceField:
    """A choice field documented with its enum inline (no shared component whose name could clash)."""

    # Wrapped in allOf so that the enum stays inline: a shared component named after the field ("sex", "level")
    # would clash with other apps' different choice sets.
    values = [str(v) for v, _label in choices]

    @extend_schema_field({"allOf": [{"type": "string", "enum": values}], "description": "One of: " + ", ".join(values)})
    class InlineChoice(serializers.ChoiceField):
        pass

    return InlineChoice(choices=choices, **kwargs)


def _unit(code: str) -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.filter(code=code).first()
    if unit is None:
        raise serializers.ValidationError(f"unknown unit {code}")
    return unit


class ConsultationAttendanceSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    women = serializers.IntegerField()
    men = serializers.IntegerField()
    by_role = serializers.DictField(child=serializers.IntegerField())
    by_oblast = serializers.DictField(child=serializers.IntegerField(), help_text="SOATE code → people")
    basis = serializers.CharField(help_text="counts (aggregate figures), list (named participants) or none")


class ConsultationMeetingSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    series = serializers.SlugRelatedField(slug_field="code", queryset=ConsultationSeries.objects.all())
    place = serializers.SlugRelatedField(slug_field="code", queryset=AdministrativeUnit.objects.all())
    oblasts_covered = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=AdministrativeUnit.objects.all(), required=False
    )
    attendance = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "code",
            "series",
            "title_ru",
            "title_ky",
            "title_en",
            "start_date",
            "end_date",
            "place",
            "oblasts_covered",
            "venue_ru",
            "agenda_ru",
            "agenda_ky",
            "agenda_en",
            "attendance",
            "version",
        ]

    @extend_schema(responses=ConsultationAttendanceSerializer)
    def get_attendance(self, obj: Meeting) -> dict[str, Any]:
        a = self.context.get("attendance", {}).get(obj.pk) or selectors.attendance_by_meeting([obj.pk])[obj.pk]
        return {
            "total": a.total,
            "women": a.women,
            "men": a.men,
            "by_role": a.by_role,
            "by_oblast": {u.code: n for u, n in a.by_oblast},
            "basis": a.source,
        }


@guarded_updates(ConsultationMeetingSerializer)
class MeetingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Meetings; PUT/PATCH need the `version` read from the meeting (a stale one: 409 with the difference)."""

    serializer_class = ConsultationMeetingSerializer
    permission_classes = [ConsultationsPermission]
    lookup_field = "code"

    def get_queryset(self) -> Any:
        return (
            selectors.meetings(self.request.user).prefetch_related("oblasts_covered").order_by("series", "order", "id")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = list(page if page is not None else self.get_queryset())
        ctx = {**self.get_serializer_context(), "attendance": selectors.attendance_by_meeting([m.pk for m in rows])}
        data = ConsultationMeetingSerializer(rows, many=True, context=ctx).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def perform_create(self, serializer: Any) -> None:
        from tendik.consultations.services.meetings import meeting_save

        d = dict(serializer.validated_data)
        if not cperm.can_manage_meeting(self.request.user, place=d["place"]):
            raise PermissionDenied
        d.pop("version", None)
        serializer.instance = meeting_save(**d)

    def perform_update(self, serializer: Any) -> None:
        from tendik.consultations.services.meetings import meeting_save

        meeting = serializer.instance
        d = dict(serializer.validated_data)
        version = serializer.version_of(d)
        place = d.get("place", meeting.place)
        if not (
            cperm.can_manage_meeting(self.request.user, meeting)
            and cperm.can_manage_meeting(self.request.user, place=place)
        ):
            raise PermissionDenied
        fields = {f: d.get(f, getattr(meeting, f)) for f in MEETING_FIELDS}
        serializer.instance = meeting_save(
            meeting=meeting, version=version, oblasts_covered=d.get("oblasts_covered"), **fields
        )


MEETING_FIELDS = (
    "series",
    "code",
    "title_ru",
    "title_ky",
    "title_en",
    "start_date",
    "end_date",
    "place",
    "venue_ru",
    "venue_ky",
    "venue_en",
    "agenda_ru",
    "agenda_ky",
    "agenda_en",
    "minutes_ru",
    "minutes_ky",
    "minutes_en",
)


class ConsultationParticipantSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    meeting = serializers.SlugRelatedField(slug_field="code", queryset=Meeting.objects.all())
    municipality = serializers.SlugRelatedField(
        slug_field="code", queryset=AdministrativeUnit.objects.all(), required=False, allow_null=True
    )
    full_name = serializers.CharField(max_length=200, help_text="Only for roles that may see personal data.")
    role = enum_field(ParticipantRole.choices, required=False)
    sex = enum_field(Sex.choices)
    age_group = enum_field(AgeGroup.choices, required=False, allow_blank=True)
    language = enum_field(Language.choices, required=False)
    email = serializers.EmailField(
        required=False, allow_blank=True, help_text="Only for roles that may see personal data."
    )
    phone = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="Only for roles that may see personal data."
    )

    class Meta:
        model = Participant
        fields = [
            "id",
            "meeting",
            "full_name",
            "role",
            "sex",
            "age_group",
            "has_disability",
            "organisation",
            "municipality",
            "email",
            "phone",
            "consent_contact",
            "wants_updates",
            "language",
            "version",
        ]

    def to_representation(self, instance: Participant) -> dict[str, Any]:
        data = dict(super().to_representation(instance))
        allowed = self.context.get("personal_ids")
        visible = (
            instance.pk in allowed
            if allowed is not None
            else cperm.can_view_personal(self.context["request"].user, instance)
        )
        if not visible:
            for name in ("full_name", "email", "phone"):
                data.pop(name, None)
        return data


@guarded_updates(ConsultationParticipantSerializer)
class ParticipantViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Participants; PUT/PATCH (by who may see her personal data) need the `version` (stale: 409)."""

    serializer_class = ConsultationParticipantSerializer
    permission_classes = [ConsultationsPermission]

    def get_queryset(self) -> Any:
        qs = (
            Participant.objects.filter(meeting__in=selectors.meetings(self.request.user))
            .select_related("meeting", "municipality")
            .order_by("meeting", "id")
        )
        if self.request.query_params.get("meeting"):
            qs = qs.filter(meeting__code=self.request.query_params["meeting"])
        return qs

    def get_serializer_context(self) -> dict[str, Any]:
        ctx = dict(super().get_serializer_context())
        if getattr(self, "action", "") == "list":
            ctx["personal_ids"] = set(
                self.get_queryset().filter(cperm.personal_q(self.request.user)).values_list("pk", flat=True)
            )
        return ctx

    @extend_schema(parameters=[OpenApiParameter("meeting", str, description="meeting code")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        participant = self.get_object()
        if cperm.can_view_personal(request.user, participant):
            access_log(instance=participant, purpose="consultations.participant.personal")
        return Response(self.get_serializer(participant).data)

    def perform_create(self, serializer: Any) -> None:
        d = dict(serializer.validated_data)
        meeting = get_object_or_404(selectors.meetings(self.request.user), pk=d["meeting"].pk)
        if not cperm.can_manage_meeting(self.request.user, meeting):
            raise PermissionDenied
        d.pop("version", None)
        serializer.instance = participant_services.participant_save(**d)

    def perform_update(self, serializer: Any) -> None:
        participant = serializer.instance
        d = dict(serializer.validated_data)
        version = serializer.version_of(d)
        meeting = d.get("meeting", participant.meeting)
        user = self.request.user
        if not (
            cperm.can_manage_meeting(user, participant.meeting)
            and cperm.can_manage_meeting(user, meeting)
            and cperm.can_view_personal(user, participant)
        ):
            raise PermissionDenied
        fields = {f: d.get(f, getattr(participant, f)) for f in PARTICIPANT_FIELDS}
        serializer.instance = participant_services.participant_save(
            participant=participant, meeting=meeting, version=version, user=participant.user, **fields
        )


PARTICIPANT_FIELDS = (
    "full_name",
    "sex",
    "role",
    "age_group",
    "has_disability",
    "organisation",
    "municipality",
    "email",
    "phone",
    "consent_contact",
    "wants_updates",
    "language",
)


def _state_name(answer: RecommendationAnswer | None) -> str | None:
    return answer.state.code if answer else None


class ConsultationRecommendationSerializer(serializers.ModelSerializer):
    series = serializers.SlugRelatedField(slug_field="code", queryset=ConsultationSeries.objects.all())
    meeting = serializers.SlugRelatedField(
        slug_field="code", queryset=Meeting.objects.all(), required=False, allow_null=True
    )
    regions = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=AdministrativeUnit.objects.all(), required=False
    )
    plans = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)  # type: ignore[var-annotated]
    measures = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=Measure.objects.all())
    status = serializers.SerializerMethodField(help_text="Published answer state (public status).")
    current_state = serializers.SerializerMethodField(help_text="Latest answer state, published or not.")
    code = serializers.SlugField(required=False, allow_blank=True)
    scope = enum_field(RecommendationScope.choices, required=False)
    theme = enum_field(Theme.choices, required=False, allow_blank=True)
    level = enum_field(Level.choices, required=False)

    class Meta:
        model = Recommendation
        fields = [
            "code",
            "series",
            "meeting",
            "scope",
            "regions",
            "theme",
            "level",
            "text_ru",
            "text_ky",
            "text_en",
            "plans",
            "measures",
            "status",
            "current_state",
            "version",
        ]

    def get_status(self, obj: Recommendation) -> str | None:
        return _state_name(obj.published_answer)

    def get_current_state(self, obj: Recommendation) -> str | None:
        return _state_name(obj.current_answer)


class RecommendationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = ConsultationRecommendationSerializer
    permission_classes = [ConsultationsPermission]
    lookup_field = "code"

    def get_queryset(self) -> Any:
        filters = {
            k: self.request.query_params.get(k) for k in ("theme", "plan", "status", "series", "meeting", "level")
        }
        return (
            selectors.recommendations(self.request.user, {k: v for k, v in filters.items() if v})
            .prefetch_related("measures")
            .order_by("series", "order", "id")
        )

    @extend_schema(
        parameters=[OpenApiParameter(k, str) for k in ("theme", "plan", "status", "series", "meeting", "level")]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer: Any) -> None:
        d = dict(serializer.validated_data)
        meeting, regions = d.get("meeting"), d.get("regions", [])
        if meeting is not None:
            allowed = cperm.can_manage_meeting(self.request.user, meeting)
        else:
            allowed = cperm.can_manage_series(self.request.user) or (
                bool(regions) and all(has_perm(self.request.user, Perm.CONSULTATIONS_MANAGE, unit=u) for u in regions)
            )
        if not allowed:
            raise PermissionDenied
        serializer.instance = rec_services.recommendation_create(actor=self.request.user, **d)


class ConsultationAnswerSerializer(serializers.ModelSerializer):
    recommendation = serializers.SlugRelatedField(slug_field="code", queryset=Recommendation.objects.all())
    state = serializers.SlugRelatedField(slug_field="code", queryset=AnswerState.objects.all())
    answering_body = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    implementing_measure = serializers.PrimaryKeyRelatedField(
        queryset=Measure.objects.all(), required=False, allow_null=True
    )
    version = serializers.IntegerField(
        min_value=0,
        required=False,
        write_only=True,
        help_text="The recommendation's version you started from (see the recommendation); "
        "if someone answered or edited it since, 409 with the difference.",
    )

    class Meta:
        model = RecommendationAnswer
        fields = [
            "version",
            "id",
            "recommendation",
            "state",
            "text_ru",
            "text_ky",
            "text_en",
            "answering_body",
            "implementing_measure",
            "answered_at",
            "published_at",
        ]
        read_only_fields = ["answered_at", "published_at"]


class AnswerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Answers are created (answer) and published separately; both need the answering permission."""

    serializer_class = ConsultationAnswerSerializer
    permission_classes = [ConsultationsPermission]

    def get_queryset(self) -> Any:
        recs = selectors.recommendations(self.request.user).values("pk")
        qs = RecommendationAnswer.objects.filter(recommendation__in=recs).select_related("recommendation", "state")
        if self.request.query_params.get("recommendation"):
            qs = qs.filter(recommendation__code=self.request.query_params["recommendation"])
        return qs.order_by("recommendation", "-answered_at", "-id")

    @extend_schema(parameters=[OpenApiParameter("recommendation", str, description="recommendation code")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer: Any) -> None:
        d = dict(serializer.validated_data)
        rec = get_object_or_404(selectors.recommendations(self.request.user), pk=d.pop("recommendation").pk)
        if not cperm.can_answer_recommendation(self.request.user, rec):
            raise PermissionDenied
        serializer.instance = answer_services.recommendation_answer(recommendation=rec, actor=self.request.user, **d)

    @extend_schema(responses={201: ConsultationAnswerSerializer, **STALE_RESPONSES})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().create(request, *args, **kwargs)

    @extend_schema(
        request=inline_serializer(
            "ConsultationPublishRequest", {"codes": serializers.ListField(child=serializers.SlugField())}
        ),
        responses={
            200: inline_serializer(
                "ConsultationPublishResponse", {"published": serializers.ListField(child=serializers.SlugField())}
            )
        },
    )
    @action(detail=False, methods=["post"])
    def publish(self, request: Request) -> Response:
        """Publish the prepared answers of the given recommendations together."""
        if not has_perm(request.user, Perm.CONSULTATIONS_ANSWER):
            raise PermissionDenied
        payload: Any = request.data
        codes = (payload.get("codes") if hasattr(payload, "get") else None) or []
        if not isinstance(codes, list):
            raise serializers.ValidationError({"codes": ["a list of recommendation codes"]})
        recs = [
            r
            for r in selectors.recommendations(request.user).filter(code__in=codes)
            if cperm.can_answer_recommendation(request.user, r)
        ]
        with transaction.atomic():
            published = answer_services.answers_publish(recommendations=recs, actor=request.user)
        return Response({"published": [r.code for r in published]}, status=status.HTTP_200_OK)
