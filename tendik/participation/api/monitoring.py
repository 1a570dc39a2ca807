"""/api/v1/participation/monitoring/: scales, groups, visits and scorecards.

Querysets come from the monitoring selectors (scope: out of territory is a 404); writes go to the services, which
check VISITS_WRITE for the municipality and refuse changes to submitted visits.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm
from tendik.core.concurrency.api import VersionedSerializerMixin, guarded_updates
from tendik.core.params import id_param
from tendik.geography.models import AdministrativeUnit
from tendik.participation.models import (
    DialogueGroup,
    GroupMember,
    MonitoringVisit,
    RatingLevel,
    RatingScale,
    Scorecard,
    VisitLanguage,
)
from tendik.participation.selectors import monitoring as sel
from tendik.participation.services import monitoring as svc


class ReadsParticipation(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        if not has_perm(request.user, Perm.PARTICIPATION_VIEW):
            return False
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return has_perm(request.user, Perm.VISITS_WRITE)


# --- serializers ------------------------------------------------------------------------------------------------


class MonitoringLevelSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text=_("In the language of the request."))  # type: ignore[assignment]
    tone = serializers.CharField(read_only=True, help_text="good, fair or poor")

    class Meta:
        model = RatingLevel
        fields = ["id", "score", "label", "label_ru", "label_ky", "label_en", "tone"]


class MonitoringScaleSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    levels = MonitoringLevelSerializer(many=True, read_only=True)

    class Meta:
        model = RatingScale
        fields = ["id", "name", "name_ru", "name_ky", "name_en", "is_current", "levels"]


class MonitoringGroupSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    territory: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("SOATE code")
    )
    member_count = serializers.IntegerField(read_only=True)
    visit_count = serializers.IntegerField(read_only=True, help_text=_("Submitted visits."))

    class Meta:
        model = DialogueGroup
        fields = ["id", "name", "name_ru", "name_ky", "name_en", "territory", "founded_on", "is_active"]
        fields += ["member_count", "visit_count", "version"]


class MonitoringCardSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    visit: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(read_only=True)
    local_measure: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(read_only=True)
    measure_number = serializers.CharField(source="local_measure.number", read_only=True)
    national_measure: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        source="local_measure.national_measure", read_only=True, allow_null=True
    )
    level: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        queryset=RatingLevel.objects.all(), allow_null=True, required=False
    )
    level_label = serializers.SerializerMethodField()
    recommendation: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    photo_count = serializers.SerializerMethodField()

    class Meta:
        model = Scorecard
        fields = ["id", "visit", "local_measure", "measure_number", "national_measure", "level", "level_label"]
        fields += ["findings", "recommendations", "recommendation", "photo_count", "version"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_level_label(self, obj: Scorecard) -> str:
        return obj.level.label if obj.level else ""

    @extend_schema_field(OpenApiTypes.INT)
    def get_photo_count(self, obj: Scorecard) -> int:
        return len(obj.photos.all())

    def update(self, instance: Scorecard, validated_data: dict[str, Any]) -> Scorecard:
        return svc.scorecard_update(
            actor=self.context["request"].user,
            card=instance,
            version=self.version_of(validated_data),
            level=validated_data.get("level", instance.level),
            findings=validated_data.get("findings", instance.findings),
            recommendations=validated_data.get("recommendations", instance.recommendations),
        )


class MonitoringVisitSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    group: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        queryset=DialogueGroup.objects.all()
    )
    municipality: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", queryset=AdministrativeUnit.objects.all(), help_text=_("SOATE code")
    )
    language = serializers.CharField(default=VisitLanguage.RU, help_text="ru, ky or en")
    status = serializers.CharField(read_only=True, help_text="draft or submitted")
    scale: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(read_only=True)
    measures = serializers.ListField(
        child=serializers.IntegerField(),
        write_only=True,
        required=False,
        help_text=_("Local-plan measures checked (ids); each gets a scorecard."),
    )
    monitors = serializers.ListField(
        child=serializers.IntegerField(), write_only=True, required=False, help_text=_("Group members who went (ids).")
    )
    cards = MonitoringCardSerializer(many=True, read_only=True)

    class Meta:
        model = MonitoringVisit
        fields = ["id", "group", "municipality", "visited_on", "language", "summary", "status", "scale"]
        fields += ["submitted_at", "measures", "monitors", "cards", "version"]
        read_only_fields = ["submitted_at"]

    def validate_language(self, value: str) -> str:
        if value not in VisitLanguage.values:
            raise serializers.ValidationError(_("Use ru, ky or en."))
        return value

    def _set_measures(self, visit: MonitoringVisit, data: dict[str, Any]) -> None:
        if "measures" not in data and "monitors" not in data:
            return
        user = self.context["request"].user
        measures = sel.local_measures_of(visit.municipality)
        ids = data.get("measures")
        chosen = (
            list(measures.filter(pk__in=ids))
            if ids is not None
            else [c.local_measure for c in visit.cards.select_related("local_measure")]
        )
        if ids is not None and len(chosen) != len(set(ids)):
            raise serializers.ValidationError({"measures": [_("A measure is not in this municipality's local plan.")]})
        mids = data.get("monitors")
        monitors = list(GroupMember.objects.filter(pk__in=mids)) if mids is not None else list(visit.monitors.all())
        if mids is not None and len(monitors) != len(set(mids)):
            raise serializers.ValidationError({"monitors": [_("A monitor is not a member of this group.")]})
        svc.visit_set_measures(actor=user, visit=visit, measures=chosen, monitors=monitors)

    def create(self, validated_data: dict[str, Any]) -> MonitoringVisit:
        validated_data.pop("version", None)
        visit = svc.visit_create(
            actor=self.context["request"].user,
            group=validated_data["group"],
            municipality=validated_data["municipality"],
            visited_on=validated_data["visited_on"],
            summary=validated_data.get("summary", ""),
            language=validated_data.get("language", VisitLanguage.RU),
        )
        self._set_measures(visit, validated_data)
        return visit

    def update(self, instance: MonitoringVisit, validated_data: dict[str, Any]) -> MonitoringVisit:
        if validated_data.get("municipality", instance.municipality) != instance.municipality:
            raise serializers.ValidationError({"municipality": [_("Start a new visit for another municipality.")]})
        instance = svc.visit_update(
            actor=self.context["request"].user,
            visit=instance,
            version=self.version_of(validated_data),
            group=validated_data.get("group", instance.group),
            visited_on=validated_data.get("visited_on", instance.visited_on),
            summary=validated_data.get("summary", instance.summary),
            language=validated_data.get("language", instance.language),
        )
        self._set_measures(instance, validated_data)
        return instance


# --- viewsets ---------------------------------------------------------------------------------------------------


class ScaleViewSet(viewsets.ReadOnlyModelViewSet):
    """The ministry's rating scales (the current one is used for new visits)."""

    serializer_class = MonitoringScaleSerializer
    permission_classes = [IsAuthenticated, ReadsParticipation]

    def get_queryset(self) -> Any:
        return sel.scales().order_by("pk")


class GroupViewSet(viewsets.ReadOnlyModelViewSet):
    """Dialogue groups the user may see, with counts (members' names are not in the API)."""

    serializer_class = MonitoringGroupSerializer
    permission_classes = [IsAuthenticated, ReadsParticipation]

    def get_queryset(self) -> Any:
        return sel.groups_for(self.request.user)


@guarded_updates(MonitoringVisitSerializer)
class VisitViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Monitoring visits: drafts for writers in territory, submitted visits for readers in territory."""

    serializer_class = MonitoringVisitSerializer
    permission_classes = [IsAuthenticated, ReadsParticipation]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        from django.db.models import Prefetch

        cards = Scorecard.objects.select_related("local_measure", "level", "recommendation").prefetch_related("photos")
        return sel.visits_for(self.request.user).prefetch_related(Prefetch("cards", queryset=cards))

    def perform_destroy(self, instance: MonitoringVisit) -> None:
        svc.visit_discard(actor=self.request.user, visit=instance)

    @extend_schema(request=None, responses=MonitoringVisitSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Submit a draft: every checked measure must be rated; the municipality's officers and focal points are
        told."""
        visit = self.get_object()
        svc.visit_submit(actor=request.user, visit=visit)
        return Response(self.get_serializer(self.get_queryset().get(pk=visit.pk)).data)


@extend_schema(parameters=[OpenApiParameter("visit", OpenApiTypes.INT, description="Only this visit's scorecards.")])
@guarded_updates(MonitoringCardSerializer)
class ScorecardViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Scorecards of the visits the user may see; writers rate and describe them while the visit is a draft."""

    serializer_class = MonitoringCardSerializer
    permission_classes = [IsAuthenticated, ReadsParticipation]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        qs = (
            Scorecard.objects.filter(visit__in=MonitoringVisit.objects.filter(sel.visits_q(self.request.user)))
            .select_related("local_measure", "level", "recommendation")
            .prefetch_related("photos")
            .order_by("visit_id", "local_measure__order", "pk")
        )
        visit = id_param(self.request.query_params.get("visit"))
        return qs.filter(visit_id=visit) if visit else qs
