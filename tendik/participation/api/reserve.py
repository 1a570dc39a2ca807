"""API of the cadre reserve under /api/v1/participation/reserve/: RESERVE_VIEW holders only, scoped by territory.

Lists carry initials and no contacts; reading one profile returns its personal fields and is access-logged.
Writes go to the services (RESERVE_EDIT in the territory).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm
from tendik.core.concurrency.api import VersionedSerializerMixin, guarded_updates
from tendik.geography.models import AdministrativeUnit
from tendik.participation.models.reserve import (
    AgeGroup,
    ConsentItem,
    ExpertiseArea,
    Language,
    ReservePerson,
    Sex,
    Shortlist,
    ShortlistEntry,
    ShortlistStatus,
)
from tendik.participation.models.trainings import TrainingProgramme
from tendik.participation.selectors import reserve as sel
from tendik.participation.services import reserve as services

# Choice fields inline in the schema (shared enum names such as "sex" would clash with other apps' sets).
from tendik.protection.api.serializers import InlineChoiceField
from tendik.protection.api.serializers import ModelSerializer as InlineModelSerializer


class ReserveViewers(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return has_perm(request.user, Perm.RESERVE_VIEW)


def raise_api(exc: DjangoValidationError) -> None:
    detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    raise ValidationError(detail)


class ReserveAreaSerializer(InlineModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = ExpertiseArea
        fields = ["id", "code", "name", "name_ru", "name_ky", "name_en", "is_active"]


class UnitCodeField(serializers.SlugRelatedField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", AdministrativeUnit.objects.all())
        super().__init__(slug_field="code", **kwargs)


class ReservePersonListSerializer(InlineModelSerializer):
    initials = serializers.CharField(read_only=True)
    territory: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    areas: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    languages = serializers.ListField(source="language_codes", child=serializers.CharField(), read_only=True)
    trainings_completed = serializers.IntegerField(source="n_trainings", read_only=True)

    class Meta:
        model = ReservePerson
        fields = [
            "id",
            "code",
            "initials",
            "territory",
            "sex",
            "age_group",
            "is_youth_leader",
            "areas",
            "languages",
            "trainings_completed",
        ]


class ReservePersonSerializer(VersionedSerializerMixin, InlineModelSerializer):
    """A whole profile: personal fields only within the consent recorded (the service refuses the rest)."""

    territory = UnitCodeField()
    areas = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=ExpertiseArea.objects.all(), required=False
    )
    languages = serializers.ListField(
        source="language_codes", child=InlineChoiceField(choices=Language.choices), required=False
    )
    consent_scope = serializers.ListField(
        source="consent_items", child=InlineChoiceField(choices=ConsentItem.choices), required=False
    )
    birth_year = serializers.IntegerField(required=False, allow_null=True)
    age_group = InlineChoiceField(choices=AgeGroup.choices, required=False, allow_blank=True)
    sex = InlineChoiceField(choices=Sex.choices)

    class Meta:
        model = ReservePerson
        fields = [
            "id",
            "code",
            "territory",
            "sex",
            "birth_year",
            "age_group",
            "is_youth_leader",
            "languages",
            "areas",
            "consent_on",
            "consent_scope",
            "full_name",
            "phone",
            "email",
            "education",
            "experience",
            "projects",
            "notes",
            "registered_on",
            "version",
        ]
        read_only_fields = ["code", "registered_on"]

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        data["birth_year"] = int(instance.birth_year) if instance.birth_year else None
        return data

    def service_data(self) -> dict[str, Any]:
        d = dict(self.validated_data)
        version = self.version_of(d)
        if self.instance is not None:
            d["version"] = version
        d["languages"] = d.pop("language_codes", [])
        d["consent_scope"] = d.pop("consent_items", [])
        return d


def _filters(request: Request) -> sel.ReserveFilters:
    q = request.query_params
    territory = AdministrativeUnit.objects.filter(code=q["territory"]).first() if q.get("territory") else None
    area = ExpertiseArea.objects.filter(code=q["area"]).first() if q.get("area") else None
    programme = TrainingProgramme.objects.filter(code=q["programme"]).first() if q.get("programme") else None
    if (q.get("territory") and territory is None) or (q.get("area") and area is None):
        raise ValidationError({"detail": "unknown territory or area"})
    if q.get("programme") and programme is None:
        raise ValidationError({"detail": "unknown programme"})
    youth = {"true": True, "false": False}.get((q.get("youth_leader") or "").lower())
    return sel.ReserveFilters(
        territory=territory,
        area=area,
        programme=programme,
        youth_leader=youth,
        sex=q.get("sex", ""),
        language=q.get("language", ""),
    )


SEARCH_PARAMETERS = [
    OpenApiParameter("territory", str, description="Territory code (SOATE): this unit and everything under it"),
    OpenApiParameter("area", str, description="Area of expertise code"),
    OpenApiParameter("programme", str, description="Code of a training programme the person completed"),
    OpenApiParameter("youth_leader", bool),
    OpenApiParameter("sex", str, enum=Sex.values),
    OpenApiParameter("language", str, enum=Language.values),
]


class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = ExpertiseArea.objects.all()
    serializer_class = ReserveAreaSerializer
    permission_classes = [IsAuthenticated, ReserveViewers]
    pagination_class = None


class ReserveEraseSerializer(serializers.Serializer):
    erased = serializers.BooleanField()


@guarded_updates(ReservePersonSerializer)
class PersonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = ReservePerson.objects.none()
    permission_classes = [IsAuthenticated, ReserveViewers]
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_serializer_class(self) -> Any:
        return ReservePersonListSerializer if self.action == "list" else ReservePersonSerializer

    def get_queryset(self) -> Any:
        if self.action == "list":
            return sel.people_search(user=self.request.user, filters=_filters(self.request))
        return sel.people_for(self.request.user).select_related("territory").prefetch_related("areas")

    @extend_schema(parameters=SEARCH_PARAMETERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = sel.person_open(user=request.user, pk=int(kwargs["pk"]), purpose="reserve.profile.api")
        return Response(ReservePersonSerializer(person).data)

    def perform_create(self, serializer: Any) -> None:
        try:
            serializer.instance = services.person_create(actor=self.request.user, **serializer.service_data())
        except DjangoValidationError as exc:
            raise_api(exc)

    def perform_update(self, serializer: Any) -> None:
        try:
            serializer.instance = services.person_update(
                person=serializer.instance, actor=self.request.user, **serializer.service_data()
            )
        except DjangoValidationError as exc:
            raise_api(exc)

    @extend_schema(request=None, responses={200: ReserveEraseSerializer})
    @action(detail=True, methods=["post"])
    def erase(self, request: Request, pk: str | None = None) -> Response:
        """Remove the person on request: only anonymous counts remain."""
        person = self.get_object()
        services.reserve_person_erase(person=person, actor=request.user)
        return Response({"erased": True}, status=status.HTTP_200_OK)


class ShortlistEntrySerializer(InlineModelSerializer):
    person: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    initials = serializers.CharField(source="person.initials", read_only=True)

    class Meta:
        model = ShortlistEntry
        fields = ["id", "person", "initials", "note", "added_at"]


class ShortlistSerializer(InlineModelSerializer):
    territory = UnitCodeField()
    entries = ShortlistEntrySerializer(many=True, read_only=True)

    class Meta:
        model = Shortlist
        fields = ["id", "title", "post", "body_name", "territory", "deadline", "status", "entries"]
        read_only_fields = ["status"]


class ShortlistCandidateSerializer(serializers.Serializer):
    person = serializers.CharField(help_text="Code of the person in the reserve")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ShortlistStatusSerializer(serializers.Serializer):
    status = InlineChoiceField(choices=ShortlistStatus.choices)


class ShortlistViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    queryset = Shortlist.objects.none()
    serializer_class = ShortlistSerializer
    permission_classes = [IsAuthenticated, ReserveViewers]

    def get_queryset(self) -> Any:
        return sel.shortlists_for(self.request.user).prefetch_related("entries__person")

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.shortlist_create(actor=self.request.user, **serializer.validated_data)

    @extend_schema(request=ShortlistCandidateSerializer, responses={201: ShortlistEntrySerializer})
    @action(detail=True, methods=["post"])
    def candidates(self, request: Request, pk: str | None = None) -> Response:
        shortlist = self.get_object()
        data = ShortlistCandidateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = sel.people_for(request.user).filter(code=data.validated_data["person"].strip().upper()).first()
        if person is None:
            raise Http404
        try:
            entry = services.shortlist_add(
                shortlist=shortlist, person=person, actor=request.user, note=data.validated_data["note"]
            )
        except DjangoValidationError as exc:
            raise_api(exc)
        return Response(ShortlistEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ShortlistStatusSerializer, responses={200: ShortlistSerializer})
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: str | None = None) -> Response:
        shortlist = self.get_object()
        data = ShortlistStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.shortlist_set_status(shortlist=shortlist, actor=request.user, status=data.validated_data["status"])
        except DjangoValidationError as exc:
            raise_api(exc)
        return Response(ShortlistSerializer(self.get_object()).data)
