"""Web forms: thin, they validate input shapes; the services enforce the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tendik.consultations.models import (
    AgeGroup,
    AnswerState,
    AttachmentKind,
    Language,
    Level,
    Meeting,
    Organisation,
    ParticipantRole,
    RecommendationScope,
    Sex,
    Theme,
)
from tendik.core.concurrency import VersionedFormMixin
from tendik.geography.models import MUNICIPAL_LEVELS, AdministrativeUnit
from tendik.plans.models import Measure, Plan


def _set(form: forms.Form, name: str, **attrs: Any) -> None:
    """Set a field's queryset or choices at request time (the form's classes are built at import)."""
    for attr, value in attrs.items():
        setattr(form.fields[name], attr, value)


def oblasts() -> Any:
    return (
        AdministrativeUnit.objects.current()
        .filter(Q(level="oblast") | Q(level="city", parent__isnull=True))
        .order_by("code")
    )


def municipalities() -> Any:
    return AdministrativeUnit.objects.current().filter(level__in=MUNICIPAL_LEVELS).order_by("path")


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class UnitMultiChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class MeasureMultiChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.plan.short_title} · {obj.number}. {obj.title}"


class MeasureChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.plan.short_title} · {obj.number}. {obj.title}"


def _plans() -> Any:
    return Plan.objects.order_by("kind", "code")


def _measures() -> Any:
    return Measure.objects.select_related("plan").order_by("plan__kind", "plan__code", "order", "id")


class SeriesForm(VersionedFormMixin, forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    title_ru = forms.CharField(label=_("Title (Russian)"), widget=forms.Textarea(attrs={"rows": 2}))
    title_ky = forms.CharField(label=_("Title (Kyrgyz)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    title_en = forms.CharField(label=_("Title (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    aims_ru = forms.CharField(label=_("Aims (Russian)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    results_ru = forms.CharField(label=_("Results (Russian)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organisers"), queryset=Organisation.objects.all(), required=False
    )
    plans = forms.ModelMultipleChoiceField(label=_("Plans discussed"), queryset=_plans(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set(self, "plans", queryset=_plans())


class MeetingForm(VersionedFormMixin, forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    title_ru = forms.CharField(label=_("Title (Russian)"), widget=forms.Textarea(attrs={"rows": 2}))
    title_ky = forms.CharField(label=_("Title (Kyrgyz)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    title_en = forms.CharField(label=_("Title (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    start_date = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    place = UnitChoice(label=_("Place (municipality or city)"), queryset=AdministrativeUnit.objects.none())
    venue_ru = forms.CharField(label=_("Venue"), required=False, max_length=300)
    oblasts_covered = UnitMultiChoice(
        label=_("Oblasts covered"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organisers"), queryset=Organisation.objects.all(), required=False
    )
    plans = forms.ModelMultipleChoiceField(label=_("Plans discussed"), queryset=_plans(), required=False)
    agenda_ru = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    minutes_ru = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, places: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set(self, "place", queryset=places if places is not None else municipalities())
        _set(self, "oblasts_covered", queryset=oblasts())
        _set(self, "plans", queryset=_plans())


class AttendanceForm(VersionedFormMixin, forms.Form):
    """The counts of a meeting without a list; pass ``versioned=meeting`` (the counts are part of the meeting)."""

    total = forms.IntegerField(label=_("Total"), min_value=0, required=False)
    female = forms.IntegerField(label=_("Women"), min_value=0, required=False)
    male = forms.IntegerField(label=_("Men"), min_value=0, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in ParticipantRole.choices:
            self.fields[f"role_{value}"] = forms.IntegerField(label=label, min_value=0, required=False)
        self.oblast_units = list(oblasts())
        for unit in self.oblast_units:
            self.fields[f"oblast_{unit.code}"] = forms.IntegerField(label=unit.name, min_value=0, required=False)

    def role_fields(self) -> list[Any]:
        return [self[f"role_{v}"] for v in ParticipantRole.values]

    def oblast_fields(self) -> list[Any]:
        return [self[f"oblast_{u.code}"] for u in self.oblast_units]


class ParticipantForm(VersionedFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=ParticipantRole.choices)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    age_group = forms.ChoiceField(label=_("Age group"), choices=[("", "—"), *AgeGroup.choices], required=False)
    has_disability = forms.BooleanField(label=_("Person with disability"), required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=300, required=False)
    municipality = UnitChoice(label=_("Municipality"), queryset=AdministrativeUnit.objects.none(), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    consent_contact = forms.BooleanField(label=_("Agrees to be contacted"), required=False)
    wants_updates = forms.BooleanField(label=_("Wants to be informed of answers and progress"), required=False)
    language = forms.ChoiceField(label=_("Language for messages"), choices=Language.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set(self, "municipality", queryset=municipalities())


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("Documents: PDF, DOCX, XLSX, ODT up to 20 MB; photos: JPEG, PNG, WebP up to 10 MB."),
    )


class ProblemForm(forms.Form):
    regions = UnitMultiChoice(label=_("Regions"), queryset=AdministrativeUnit.objects.none())
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", "—"), *Theme.choices], required=False)
    text_ru = forms.CharField(label=_("Text (Russian)"), widget=forms.Textarea(attrs={"rows": 3}))
    text_ky = forms.CharField(label=_("Text (Kyrgyz)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    text_en = forms.CharField(label=_("Text (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set(self, "regions", queryset=oblasts())


class RecommendationForm(VersionedFormMixin, forms.Form):
    text_ru = forms.CharField(label=_("Text (Russian)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    text_ky = forms.CharField(label=_("Text (Kyrgyz)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    text_en = forms.CharField(label=_("Text (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none(), required=False)
    scope = forms.ChoiceField(label=_("Scope"), choices=RecommendationScope.choices)
    regions = UnitMultiChoice(label=_("Regions"), queryset=AdministrativeUnit.objects.none(), required=False)
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", "—"), *Theme.choices], required=False)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    plans = forms.ModelMultipleChoiceField(label=_("Plans"), queryset=Plan.objects.none(), required=False)
    measures = MeasureMultiChoice(label=_("Measures"), queryset=Measure.objects.none(), required=False)

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set(self, "meeting", queryset=meetings)
        _set(self, "regions", queryset=oblasts())
        _set(self, "plans", queryset=_plans())
        _set(self, "measures", queryset=_measures())


class AnswerForm(VersionedFormMixin, forms.Form):
    state = forms.ModelChoiceField(label=_("State"), queryset=AnswerState.objects.none())
    text_ru = forms.CharField(label=_("Answer (Russian)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    text_ky = forms.CharField(label=_("Answer (Kyrgyz)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    text_en = forms.CharField(label=_("Answer (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    answering_body = forms.ModelChoiceField(
        label=_("Answering body"), queryset=Organisation.objects.all(), required=False
    )
    implementing_measure = MeasureChoice(
        label=_("Implementing measure"), queryset=Measure.objects.none(), required=False
    )

    def __init__(self, *args: Any, states: list[AnswerState], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set(self, "state", queryset=AnswerState.objects.filter(pk__in=[s.pk for s in states]))
        _set(self, "implementing_measure", queryset=_measures())


class MergeForm(forms.Form):
    duplicates = forms.CharField(
        label=_("Codes of the duplicates to merge into this one"), help_text=_("Separate codes with commas or spaces.")
    )

    def codes(self) -> list[str]:
        return [c for c in self.cleaned_data["duplicates"].replace(",", " ").split() if c]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Text"), required=False)
    region = UnitChoice(
        label=_("Region"), queryset=AdministrativeUnit.objects.none(), required=False, empty_label=_("All")
    )
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", _("All")), *Theme.choices], required=False)
    plan = forms.ChoiceField(label=_("Plan"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set(self, "region", queryset=oblasts())
        _set(self, "plan", choices=[("", _("All")), *((p.code, str(p)) for p in _plans())])
        self.states = list(AnswerState.objects.all())  # also the lists' status badges: one query for both
        _set(self, "status", choices=[("", _("All")), *((s.code, s.name) for s in self.states)])

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
