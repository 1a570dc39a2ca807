"""Forms of the protection module: they validate input; views pass cleaned data to services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tendik.accounts.models import User
from tendik.core.concurrency import VersionedFormMixin
from tendik.geography.forms import TerritoryField
from tendik.geography.models import AdministrativeUnit
from tendik.protection.models import (
    AgeGroup,
    Appeal,
    AtRiskFamily,
    Case,
    Category,
    Committee,
    CommitteeMember,
    GbvimsType,
    Perpetrator,
    RiskFactor,
    ServiceProvider,
    Sex,
    ViolenceForm,
)
from tendik.protection.models.cases import ClosureReason, ConsentKind, DisclosureItem, PlaceType
from tendik.protection.models.events import EventKind
from tendik.protection.models.orders import Restriction
from tendik.protection.models.referrals import ReferralStatus, ServiceKind
from tendik.protection.services.cases import RISK_QUESTIONS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _dates(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget = DateInput()


class TendikForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates(self)


class TendikModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates(self)


class CommitteeForm(VersionedFormMixin, TendikModelForm):
    class Meta:
        model = Committee
        fields = ["municipality", "name", "decision_date", "decision_number", "status"]

    def __init__(self, *args: Any, municipalities: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["municipality"].disabled = True


class MemberForm(VersionedFormMixin, TendikModelForm):
    class Meta:
        model = CommitteeMember
        fields = ["full_name", "sector", "organisation", "position", "role", "sex", "contact", "joined_on", "left_on"]


def _members(committee: Committee) -> Any:
    return committee.members.filter(left_on__isnull=True)


class AppealForm(VersionedFormMixin, TendikModelForm):
    class Meta:
        model = Appeal
        fields = [
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
        ]
        widgets = {"details": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = _members(committee)  # type: ignore[attr-defined]


class FamilyForm(VersionedFormMixin, TendikModelForm):
    risk_factors = forms.MultipleChoiceField(
        label=_("Risk factors"), choices=RiskFactor.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = AtRiskFamily
        fields = [
            "household",
            "address",
            "settlement",
            "risk_factors",
            "responsible",
            "added_on",
            "next_review_on",
            "notes",
        ]
        widgets = {"household": forms.TextInput, "address": forms.TextInput, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = _members(committee)  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["added_on"]


class VisitForm(TendikForm):
    """The one-screen form for recording a visit on a phone."""

    kind = forms.ChoiceField(
        label=_("What"),
        choices=[("visit", _("Home visit")), ("talk", _("Preventive talk"))],
        widget=forms.RadioSelect,
        initial="visit",
    )
    done_on = forms.DateField(label=_("Date"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    next_review_on = forms.DateField(label=_("Next review"), required=False)


class FamilyRemoveForm(VersionedFormMixin, TendikForm):
    reason = forms.CharField(label=_("Reason for removal"), max_length=255)
    on = forms.DateField(label=_("Removed on"))


IDENTITY_WIDGETS = {
    "survivor_name": forms.TextInput(attrs={"autocomplete": "off"}),
    "survivor_address": forms.TextInput(attrs={"autocomplete": "off"}),
    "survivor_phone": forms.TextInput(attrs={"autocomplete": "off", "type": "tel"}),
    "survivor_document": forms.TextInput(attrs={"autocomplete": "off"}),
    "safety_plan": forms.Textarea(attrs={"rows": 4}),
    "notes": forms.Textarea(attrs={"rows": 4}),
}


class CaseForm(VersionedFormMixin, TendikModelForm):
    class Meta:
        model = Case
        fields = [
            "opened_on",
            "survivor_name",
            "survivor_birth_date",
            "survivor_address",
            "survivor_phone",
            "survivor_document",
            "survivor_sex",
            "survivor_age_group",
            "survivor_disability",
            "relationship",
            "safety_plan",
            "notes",
        ]
        widgets = IDENTITY_WIDGETS

    def __init__(self, *args: Any, with_identity: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_identity:
            for name in (
                "survivor_name",
                "survivor_birth_date",
                "survivor_address",
                "survivor_phone",
                "survivor_document",
                "safety_plan",
                "notes",
            ):
                del self.fields[name]


class FindSurvivorForm(TendikForm):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), widget=forms.TextInput(attrs={"autocomplete": "off"}))
    birth_date = forms.DateField(label=_("Date of birth"), required=False)


class StageForm(TendikForm):
    to = forms.ChoiceField(label=_("Move to"))
    reason = forms.ChoiceField(
        label=_("Reason for closing"), choices=[("", "—"), *ClosureReason.choices], required=False
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, targets: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = targets  # type: ignore[attr-defined]


class ShareForm(TendikForm):
    user = forms.ModelChoiceField(label=_("Share with"), queryset=User.objects.none())

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]


class PerpetratorForm(TendikModelForm):
    class Meta:
        model = Perpetrator
        fields = ["name", "birth_date", "address", "phone", "document", "sex", "relationship"]
        widgets = {
            "name": forms.TextInput,
            "address": forms.TextInput,
            "phone": forms.TextInput,
            "document": forms.TextInput,
        }


class IncidentForm(TendikForm):
    occurred_on = forms.DateField(label=_("Date"))
    place_type = forms.ChoiceField(label=_("Place"), choices=PlaceType.choices)
    forms_ = forms.MultipleChoiceField(
        label=_("Forms of violence"), choices=ViolenceForm.choices, widget=forms.CheckboxSelectMultiple
    )
    gbvims_type = forms.ChoiceField(
        label=_("GBVIMS type"), choices=[("", _("First applicable (automatic)")), *GbvimsType.choices], required=False
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RiskForm(TendikForm):
    assessed_on = forms.DateField(label=_("Date"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, (label, _weight) in RISK_QUESTIONS.items():
            self.fields[key] = forms.BooleanField(label=label, required=False)


class ConsentForm(TendikForm):
    kind = forms.ChoiceField(label=_("Consent to"), choices=ConsentKind.choices)
    provider = forms.ModelChoiceField(
        label=_("Organisation"), queryset=ServiceProvider.objects.filter(is_active=True), required=False
    )
    items = forms.MultipleChoiceField(
        label=_("What may be disclosed"),
        choices=DisclosureItem.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    given_on = forms.DateField(label=_("Given on"))


class ReferralForm(TendikForm):
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=ServiceProvider.objects.filter(is_active=True))
    items = forms.MultipleChoiceField(
        label=_("What is disclosed"),
        choices=DisclosureItem.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    purpose = forms.CharField(label=_("Service requested"), max_length=255, required=False)
    sent_on = forms.DateField(label=_("Sent"))


class ReferralStatusForm(VersionedFormMixin, TendikForm):
    to = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices)
    feedback = forms.CharField(label=_("Provider's feedback"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ServiceForm(TendikForm):
    kind = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=ServiceProvider.objects.filter(is_active=True), required=False
    )
    started_on = forms.DateField(label=_("Started"))
    ended_on = forms.DateField(label=_("Ended"), required=False)
    amount_som = forms.DecimalField(
        label=_("Amount, som"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("For cash aid only."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class OrderForm(TendikForm):
    police_unit = forms.CharField(label=_("Issuing police unit"), max_length=255)
    number = forms.CharField(label=_("Order number"), max_length=50)
    issued_on = forms.DateField(label=_("Issued"))
    valid_from = forms.DateField(label=_("Valid from"))
    valid_until = forms.DateField(label=_("Valid until"))
    restrictions = forms.MultipleChoiceField(
        label=_("Restrictions"), choices=Restriction.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    restrictions_note = forms.CharField(label=_("Other restrictions"), max_length=500, required=False)


class ExtensionForm(VersionedFormMixin, TendikForm):
    extended_on = forms.DateField(label=_("Extended on"))
    new_until = forms.DateField(label=_("Now valid until"))
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class ViolationForm(TendikForm):
    occurred_on = forms.DateField(label=_("Date"))
    description = forms.CharField(label=_("What happened"), max_length=500, required=False)
    action_taken = forms.CharField(label=_("Action taken"), max_length=500, required=False)


class MeetingForm(TendikForm):
    held_on = forms.DateField(label=_("Date"))
    number = forms.CharField(label=_("Number"), max_length=20, required=False)
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Refer to cases and families by code only."),
    )
    on_violence_facts = forms.BooleanField(label=_("On facts of family violence"), required=False)
    members_present = forms.ModelMultipleChoiceField(
        label=_("Members present"),
        queryset=CommitteeMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cases = forms.ModelMultipleChoiceField(
        label=_("Cases discussed (codes)"),
        queryset=Case.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    families = forms.ModelMultipleChoiceField(
        label=_("Families discussed (codes)"),
        queryset=AtRiskFamily.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members_present"].queryset = _members(committee)  # type: ignore[attr-defined]
        self.fields["cases"].queryset = committee.cases.exclude(stage="closed")  # type: ignore[attr-defined]
        self.fields["families"].queryset = committee.families.filter(status="active")  # type: ignore[attr-defined]


class DecisionForm(VersionedFormMixin, TendikForm):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.ModelChoiceField(
        label=_("Responsible member"), queryset=CommitteeMember.objects.none(), required=False
    )
    deadline = forms.DateField(label=_("Deadline"), required=False)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = _members(committee)  # type: ignore[attr-defined]


class EventForm(TendikForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    held_on = forms.DateField(label=_("Date"))
    training_days = forms.TypedChoiceField(
        label=_("Training length"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—"), (1, _("1-day")), (2, _("2-day"))],
    )
    organiser = forms.CharField(label=_("Organiser"), max_length=255, required=False)


class AttendanceRowForm(TendikForm):
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    age_group = forms.ChoiceField(label=_("Age group"), choices=[("", "—"), *AgeGroup.choices], required=False)
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *Category.choices], required=False)
    oblast = forms.ModelChoiceField(
        label=_("Participants' oblast"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    count = forms.IntegerField(label=_("People"), min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["oblast"].queryset = AdministrativeUnit.objects.filter(depth=0)  # type: ignore[attr-defined]


AttendanceFormSet = forms.formset_factory(AttendanceRowForm, extra=4)


class ReportForm(TendikForm):
    date_from = forms.DateField(label=_("From"))
    date_to = forms.DateField(label=_("To"))
    unit = TerritoryField(label=_("Territory"), required=False)
    committee = forms.IntegerField(label=_("Committee"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].offer(units, blank=_("My committee or territory"))  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The period ends before it starts."))
        return data
