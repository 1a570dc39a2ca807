"""Forms of the bodies pages: they validate input; services write."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tendik.core.concurrency import VersionedFormMixin
from tendik.geography.models import AdministrativeUnit, UnitLevel
from tendik.participation.models import AgeGroup, BodyType, EventKind, Position, Recording, Sex
from tendik.participation.services.bodies import COUNT_KINDS
from tendik.plans.indicator_sources import fed_indicators

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE, help_text=help_text)


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return obj.name


class BodyTypeForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = BodyType
        fields = [
            "code",
            "name_ru",
            "name_ky",
            "name_en",
            "max_share",
            "min_seats",
            "head_deputy_rule",
            "indicator_code",
            "is_active",
            "order",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("none"))] + [(c, c) for c in sorted(fed_indicators())]
        self.fields["indicator_code"] = forms.ChoiceField(
            label=self.fields["indicator_code"].label,
            help_text=self.fields["indicator_code"].help_text,
            choices=choices,
            required=False,
        )
        if self.instance.pk:
            self.fields["code"].disabled = True


class BodyForm(VersionedFormMixin, forms.Form):
    body_type = forms.ModelChoiceField(label=_("Type"), queryset=BodyType.objects.filter(is_active=True))
    unit = UnitChoice(label=_("Territory"), queryset=AdministrativeUnit.objects.none())
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=250)
    name_ky = forms.CharField(label=_("Name (Kyrgyz)"), max_length=250, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=250, required=False)
    recording = forms.ChoiceField(label=_("Composition recorded as"), choices=Recording.choices)
    established_on = _date(_("Established on"), required=False)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, units: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units.exclude(level=UnitLevel.OTHER).order_by(
            "path"
        )
        if editing:
            for name in ("unit", "seats"):
                del self.fields[name]


class CountForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What happened"), choices=[(k.value, k.label) for k in EventKind if k in COUNT_KINDS]
    )
    as_of = _date(_("Date"))
    women = forms.IntegerField(label=_("Women holding a seat"), min_value=0, max_value=500)
    men = forms.IntegerField(label=_("Men holding a seat"), min_value=0, max_value=500)
    seats = forms.IntegerField(
        label=_("Seats from this date"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_("Only if the number of seats changes."),
    )
    head_sex = forms.ChoiceField(label=_("Head"), choices=[("", _("unknown or vacant"))] + Sex.choices, required=False)
    deputy_sex = forms.ChoiceField(
        label=_("Deputy head"), choices=[("", _("unknown or vacant"))] + Sex.choices, required=False
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SeatsForm(forms.Form):
    valid_from = _date(_("From"))
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MemberForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What happened"),
        choices=[
            (EventKind.ELECTION.value, EventKind.ELECTION.label),
            (EventKind.APPOINTMENT.value, EventKind.APPOINTMENT.label),
        ],
    )
    position = forms.ChoiceField(label=_("Position"), choices=Position.choices, initial=Position.MEMBER)
    sex = forms.ChoiceField(label=pgettext_lazy("person", "Sex"), choices=Sex.choices)
    term_start = _date(_("Term start"))
    term_end = _date(_("Term end"), required=False, help_text=_("Leave empty while the term runs."))
    consent_on = _date(
        _("Consent to personal details recorded on"),
        required=False,
        help_text=_("Without it, leave name, age group and disability empty."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    age_group = forms.ChoiceField(label=_("Age group"), choices=[("", "—"), *AgeGroup.choices], required=False)
    disability = forms.NullBooleanField(
        label=_("Has a disability"),
        required=False,
        widget=forms.Select(choices=[("unknown", "—"), ("true", _("Yes")), ("false", _("No"))]),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LeaveForm(forms.Form):
    on = _date(_("Left on"), help_text=_("The first day the seat is empty."))
    vacancy = forms.BooleanField(label=_("The seat stays vacant"), required=False, initial=True)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DissolveForm(forms.Form):
    on = _date(_("Dissolved on"))
    successor_unit = UnitChoice(
        label=_("Continued at the territory"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        help_text=_("After a territorial reform: the new territory where a body of the same type continues."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["successor_unit"])
        field.queryset = units.exclude(level=UnitLevel.OTHER).order_by("path")


class QuotaFilterForm(forms.Form):
    unit = forms.CharField(required=False, widget=forms.HiddenInput)
    on = _date(_("On"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx) or CSV"))
