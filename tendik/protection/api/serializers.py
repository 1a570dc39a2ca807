"""Serializers: they validate and shape data; writes go to services. Identity fields appear only where allowed."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from tendik.core.concurrency.api import VersionedSerializerMixin
from tendik.geography.models import AdministrativeUnit
from tendik.protection import selectors
from tendik.protection.models import (
    Appeal,
    AtRiskFamily,
    Case,
    Committee,
    CommitteeMeeting,
    CommitteeMember,
    EventAttendance,
    FamilyVisit,
    Incident,
    MeetingDecision,
    PreventionEvent,
    ProtectionOrder,
    Referral,
    RiskAssessment,
    ServiceDelivery,
    ServiceProvider,
)
from tendik.protection.models.cases import ClosureReason, Consent, ConsentKind, DisclosureItem, PlaceType
from tendik.protection.models.choices import GbvimsType, ViolenceForm
from tendik.protection.services.cases import RISK_QUESTIONS


class InlineChoiceField(serializers.ChoiceField):
    """A choice field whose enum the schema shows inline: shared enum components named after the field ("sex",
    "status") would clash with other apps' different choice sets."""


class InlineChoiceExtension(OpenApiSerializerFieldExtension):
    target_class = InlineChoiceField

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        keys = list(self.target.choices)
        numeric = bool(keys) and all(isinstance(k, int) for k in keys)
        values: list[Any] = keys if numeric else [str(k) for k in keys]
        if getattr(self.target, "allow_blank", False) and "" not in values:
            values.append("")
        schema: dict[str, Any] = {"allOf": [{"type": "integer" if numeric else "string", "enum": values}]}
        if getattr(self.target, "allow_null", False):
            schema["nullable"] = True
        return schema


class ModelSerializer(serializers.ModelSerializer):
    serializer_choice_field = InlineChoiceField


class ScopedPK(serializers.PrimaryKeyRelatedField):
    """A foreign key limited to the rows the requesting user may see (selector by name)."""

    def __init__(self, selector: str, **kwargs: Any) -> None:
        self.selector = selector
        models: dict[str, Any] = {
            "appeals_for": Appeal,
            "committees_for": Committee,
            "committees_working": Committee,
            "members_for": CommitteeMember,
            "cases_for": Case,
        }
        kwargs.setdefault("queryset", models[selector].objects.none())
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        user = self.context["request"].user
        return getattr(selectors, self.selector)(user)


class CommitteeSerializer(VersionedSerializerMixin, ModelSerializer):
    municipality = serializers.SlugRelatedField(slug_field="code", queryset=AdministrativeUnit.objects.all())
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)

    class Meta:
        model = Committee
        fields = [
            "id",
            "name",
            "municipality",
            "municipality_name",
            "decision_date",
            "decision_number",
            "status",
            "version",
        ]


class MemberSerializer(VersionedSerializerMixin, ModelSerializer):
    committee = ScopedPK("committees_for")

    class Meta:
        model = CommitteeMember
        fields = [
            "id",
            "committee",
            "full_name",
            "sector",
            "organisation",
            "position",
            "role",
            "sex",
            "contact",
            "joined_on",
            "left_on",
            "version",
        ]


class AppealSerializer(VersionedSerializerMixin, ModelSerializer):
    committee = ScopedPK("committees_working")
    assigned_to = ScopedPK("members_for", required=False, allow_null=True)

    class Meta:
        model = Appeal
        fields = [
            "id",
            "code",
            "committee",
            "channel",
            "received_on",
            "subject",
            "is_anonymous",
            "appellant_name",
            "appellant_contact",
            "details",
            "assigned_to",
            "deadline",
            "outcome",
            "case",
            "family",
            "version",
        ]
        read_only_fields = ["code", "case", "family"]
        extra_kwargs = {
            "subject": {"required": True, "allow_blank": False},
            "appellant_name": {"write_only": True},
            "appellant_contact": {"write_only": True},
            "details": {"write_only": True},
        }


class VisitSerializer(ModelSerializer):
    class Meta:
        model = FamilyVisit
        fields = ["id", "kind", "planned_on", "done_on", "member", "notes"]
        read_only_fields = ["member"]


class VisitCreateSerializer(serializers.Serializer):
    kind = InlineChoiceField(choices=["visit", "talk"], default="visit")
    done_on = serializers.DateField(required=False, allow_null=True)
    planned_on = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    next_review_on = serializers.DateField(required=False, allow_null=True)


class FamilySerializer(VersionedSerializerMixin, ModelSerializer):
    committee = ScopedPK("committees_working")
    responsible = ScopedPK("members_for", required=False, allow_null=True)
    risk_factors = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = AtRiskFamily
        fields = [
            "id",
            "code",
            "committee",
            "household",
            "address",
            "settlement",
            "risk_factors",
            "responsible",
            "status",
            "added_on",
            "removed_on",
            "removed_reason",
            "next_review_on",
            "notes",
            "version",
        ]
        read_only_fields = ["code", "status", "removed_on", "removed_reason"]
        extra_kwargs = {
            "household": {"write_only": True},
            "address": {"write_only": True},
            "notes": {"write_only": True},
        }


class FamilyDetailSerializer(FamilySerializer):
    """For committee members working with the family: the household and address are shown."""

    visits = VisitSerializer(many=True, read_only=True)

    class Meta(FamilySerializer.Meta):
        fields = [*FamilySerializer.Meta.fields, "visits"]
        extra_kwargs: dict[str, Any] = {}


class IncidentSerializer(ModelSerializer):
    forms = serializers.ListField(child=InlineChoiceField(choices=ViolenceForm.choices))
    gbvims_type = InlineChoiceField(choices=GbvimsType.choices, required=False, allow_blank=True)
    place_type = InlineChoiceField(choices=PlaceType.choices, default=PlaceType.HOME)

    class Meta:
        model = Incident
        fields = ["id", "occurred_on", "place_type", "forms", "gbvims_type"]


class RiskSerializer(ModelSerializer):
    class Meta:
        model = RiskAssessment
        fields = ["id", "assessed_on", "answers", "score", "level"]
        read_only_fields = ["score", "level"]
        extra_kwargs = {"answers": {"required": True}}

    def validate_answers(self, value: Any) -> dict[str, bool]:
        if not isinstance(value, dict) or set(value) - set(RISK_QUESTIONS):
            raise serializers.ValidationError(f"Keys allowed: {', '.join(RISK_QUESTIONS)}")
        return {k: bool(v) for k, v in value.items()}


class ConsentSerializer(ModelSerializer):
    kind = InlineChoiceField(choices=ConsentKind.choices)
    items = serializers.ListField(child=InlineChoiceField(choices=DisclosureItem.choices), required=False)
    provider = serializers.PrimaryKeyRelatedField(
        queryset=ServiceProvider.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Consent
        fields = ["id", "kind", "provider", "items", "given_on", "withdrawn_on"]
        read_only_fields = ["withdrawn_on"]


class CaseSerializer(ModelSerializer):
    """Codes and non-identifying fields: what every committee member may see."""

    committee = ScopedPK("committees_working")

    class Meta:
        model = Case
        fields = [
            "id",
            "code",
            "committee",
            "stage",
            "opened_on",
            "closed_on",
            "closure_reason",
            "version",
            "survivor_sex",
            "survivor_age_group",
            "survivor_disability",
            "relationship",
        ]
        read_only_fields = ["code", "stage", "closed_on", "closure_reason", "version"]


class IdentitySerializer(serializers.Serializer):
    survivor_name = serializers.CharField(required=False, allow_blank=True)
    survivor_birth_date = serializers.DateField(required=False, allow_null=True)
    survivor_address = serializers.CharField(required=False, allow_blank=True)
    survivor_phone = serializers.CharField(required=False, allow_blank=True)
    survivor_document = serializers.CharField(required=False, allow_blank=True)
    safety_plan = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class CaseWriteSerializer(CaseSerializer):
    """Opening or editing a case: identity fields are accepted from users who may see them."""

    survivor_name = serializers.CharField(required=False, allow_blank=True, write_only=True)
    survivor_birth_date = serializers.DateField(required=False, allow_null=True, write_only=True)
    survivor_address = serializers.CharField(required=False, allow_blank=True, write_only=True)
    survivor_phone = serializers.CharField(required=False, allow_blank=True, write_only=True)
    survivor_document = serializers.CharField(required=False, allow_blank=True, write_only=True)
    safety_plan = serializers.CharField(required=False, allow_blank=True, write_only=True)
    notes = serializers.CharField(required=False, allow_blank=True, write_only=True)
    version = serializers.IntegerField(required=False, help_text="Required when editing: the version you started from.")
    appeal = ScopedPK(
        "appeals_for", required=False, allow_null=True, write_only=True, help_text="When opening a case from an appeal."
    )

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "survivor_name",
            "survivor_birth_date",
            "survivor_address",
            "survivor_phone",
            "survivor_document",
            "safety_plan",
            "notes",
            "appeal",
        ]
        read_only_fields = ["code", "stage", "closed_on", "closure_reason"]


class PerpetratorIdentitySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    address = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    document = serializers.CharField(required=False, allow_blank=True)
    sex = InlineChoiceField(choices=["female", "male", ""], required=False)
    relationship = serializers.CharField(required=False, allow_blank=True)


class CaseIdentityBlock(serializers.Serializer):
    survivor = IdentitySerializer()
    safety_plan = serializers.CharField()
    notes = serializers.CharField()
    perpetrators = PerpetratorIdentitySerializer(many=True)


class CaseDetailSerializer(CaseSerializer):
    identity = serializers.SerializerMethodField(
        help_text="Present only for the owner, the chair and members the case is shared with; every read is logged."
    )
    incidents = IncidentSerializer(many=True, read_only=True)
    risk_assessments = RiskSerializer(many=True, read_only=True)
    consents = ConsentSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "identity", "incidents", "risk_assessments", "consents"]

    def get_identity(self, case: Case) -> CaseIdentityBlock | None:  # type: ignore[valid-type]
        return self.context.get("identity")


class TransitionSerializer(serializers.Serializer):
    to = serializers.CharField()
    reason = InlineChoiceField(choices=ClosureReason.choices, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class ShareSerializer(serializers.Serializer):
    user = serializers.IntegerField()


class OrderSerializer(ModelSerializer):
    case = ScopedPK("cases_for")
    restrictions = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        model = ProtectionOrder
        fields = [
            "id",
            "case",
            "police_unit",
            "number",
            "issued_on",
            "valid_from",
            "valid_until",
            "restrictions",
            "restrictions_note",
            "rule",
            "version",
        ]
        read_only_fields = ["rule"]
        extra_kwargs = {"police_unit": {"required": True, "allow_blank": False}}


VERSION_HELP = "The version you started from; if someone changed the record since, 409 with the difference."


class ExtensionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=0, help_text=VERSION_HELP)
    extended_on = serializers.DateField()
    new_until = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ViolationSerializer(serializers.Serializer):
    occurred_on = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True, default="")
    action_taken = serializers.CharField(required=False, allow_blank=True, default="")


class ProviderSerializer(ModelSerializer):
    unit = serializers.SlugRelatedField(
        slug_field="code", queryset=AdministrativeUnit.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = ServiceProvider
        fields = ["id", "name", "kind", "unit", "contact", "is_active"]
        read_only_fields = ["is_active"]


class ReferralSerializer(ModelSerializer):
    case = ScopedPK("cases_for")
    provider = serializers.PrimaryKeyRelatedField(queryset=ServiceProvider.objects.filter(is_active=True))
    items = serializers.ListField(child=InlineChoiceField(choices=DisclosureItem.choices), required=False, default=list)

    class Meta:
        model = Referral
        fields = [
            "id",
            "case",
            "provider",
            "sent_on",
            "status",
            "items",
            "consent",
            "purpose",
            "feedback",
            "closed_on",
            "version",
        ]
        read_only_fields = ["status", "consent", "feedback", "closed_on"]


class FamilyRemoveSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=0, help_text=VERSION_HELP)
    reason = serializers.CharField(max_length=255)
    on = serializers.DateField(required=False, allow_null=True, default=None)


class ReferralTransitionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=0, help_text=VERSION_HELP)
    to = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    feedback = serializers.CharField(required=False, allow_blank=True, default="")


class ServiceSerializer(ModelSerializer):
    case = ScopedPK("cases_for")

    class Meta:
        model = ServiceDelivery
        fields = ["id", "case", "referral", "provider", "kind", "started_on", "ended_on", "amount_som", "note"]


class DecisionSerializer(ModelSerializer):
    class Meta:
        model = MeetingDecision
        fields = ["id", "text", "responsible", "deadline", "status", "follow_up", "done_on"]
        read_only_fields = ["status", "follow_up", "done_on"]
        extra_kwargs = {"text": {"required": True, "allow_blank": False}}


class MeetingSerializer(ModelSerializer):
    committee = ScopedPK("committees_working")
    members_present = ScopedPK("members_for", many=True, required=False)
    cases = serializers.SlugRelatedField(slug_field="code", many=True, required=False, queryset=Case.objects.none())
    families = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=AtRiskFamily.objects.none()
    )
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = CommitteeMeeting
        fields = [
            "id",
            "committee",
            "number",
            "held_on",
            "agenda",
            "on_violence_facts",
            "members_present",
            "cases",
            "families",
            "decisions",
            "version",
        ]
        extra_kwargs = {"agenda": {"required": True, "allow_blank": False}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            cast(Any, self.fields["cases"]).child_relation.queryset = selectors.cases_for(request.user)
            cast(Any, self.fields["families"]).child_relation.queryset = selectors.families_for(request.user)


class AttendanceSerializer(ModelSerializer):
    oblast = serializers.SlugRelatedField(
        slug_field="code", queryset=AdministrativeUnit.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = EventAttendance
        fields = ["sex", "age_group", "category", "oblast", "count"]


class EventSerializer(ModelSerializer):
    committee = ScopedPK("committees_working", required=False, allow_null=True)
    unit = serializers.SlugRelatedField(slug_field="code", queryset=AdministrativeUnit.objects.all())
    attendance = AttendanceSerializer(many=True, required=False)

    class Meta:
        model = PreventionEvent
        fields = ["id", "committee", "unit", "kind", "held_on", "title", "training_days", "organiser", "attendance"]
