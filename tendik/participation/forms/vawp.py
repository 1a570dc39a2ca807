"""VAWP forms: the report (public and signed in), the receipt check, follow-up moves and notes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tendik.core.uploads import EvidenceFileField
from tendik.geography.models import AdministrativeUnit, UnitLevel
from tendik.participation.models.vawp import (
    PerpetratorType,
    ReportedTo,
    ReporterRole,
    ReportState,
    SupportWanted,
    ViolenceKind,
)
from tendik.participation.services.vawp import MAX_EVIDENCE


class TerritoryChoiceField(forms.ModelChoiceField):
    """Oblasts, cities of republican significance and the rayons / cities under each oblast, by name only."""

    def label_from_instance(self, obj: Any) -> str:
        return f"— {obj.name}" if obj.parent_id else obj.name


def territory_queryset() -> Any:
    top = Q(parent__isnull=True, level__in=[UnitLevel.OBLAST, UnitLevel.CITY])
    second = Q(parent__parent__isnull=True, parent__level=UnitLevel.OBLAST, level__in=[UnitLevel.RAYON, UnitLevel.CITY])
    return AdministrativeUnit.objects.current().filter(top | second).order_by("path")


class ReportForm(forms.Form):
    reporter_role = forms.ChoiceField(
        label=_("You are"), choices=ReporterRole.choices, widget=forms.RadioSelect, required=True
    )
    kinds = forms.MultipleChoiceField(
        label=_("What happened? Tick everything that applies"),
        choices=ViolenceKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    unit = TerritoryChoiceField(
        label=_("Where did it happen?"),
        queryset=AdministrativeUnit.objects.none(),
        empty_label=_("Choose the oblast or rayon"),
        help_text=_("Only the oblast or rayon; support staff of that territory will see the report."),
    )
    occurred_on = forms.DateField(
        label=_("When did it happen? (approximately)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ongoing = forms.BooleanField(label=_("It is still happening"), required=False)
    perpetrators = forms.MultipleChoiceField(
        label=_("Who did it?"), choices=PerpetratorType.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    reported_to = forms.MultipleChoiceField(
        label=_("Have you already told anyone officially? To whom?"),
        choices=ReportedTo.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    support = forms.MultipleChoiceField(
        label=_("What support would you like?"),
        choices=SupportWanted.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    description = forms.CharField(
        label=_("Tell us more, if you wish"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Stored encrypted. Leave out anything you do not want to write down."),
    )
    evidence = EvidenceFileField(
        label=_("Photos or screenshots (optional)"),
        multiple=True,
        max_files=MAX_EVIDENCE,
        required=False,
        help_text=_("Up to 5 pictures. Location and camera data are removed before they are stored."),
    )
    anonymous = forms.BooleanField(
        label=_("Report anonymously"),
        required=False,
        help_text=_("We will not know who you are and cannot contact you; the report still counts."),
    )
    reporter_phone = forms.CharField(
        label=_("Phone"), required=False, max_length=40, widget=forms.TextInput(attrs={"type": "tel"})
    )
    reporter_name = forms.CharField(label=_("Your name"), required=False, max_length=200)
    reporter_email = forms.EmailField(label=_("E-mail"), required=False)
    contact_note = forms.CharField(
        label=_("When and how is it safe to contact you?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Left empty by people; filled by robots that fill every field.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = territory_queryset()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise forms.ValidationError(_("The form could not be sent."))
        if not data.get("anonymous") and not (data.get("reporter_phone") or data.get("reporter_email")):
            self.add_error(
                "reporter_phone",
                _("Give a phone number or an e-mail so that we can reach you, or choose to stay anonymous."),
            )
        return data

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "reporter_role": d["reporter_role"],
            "unit": d["unit"],
            "kinds": d["kinds"],
            "perpetrators": d.get("perpetrators") or [],
            "reported_to": d.get("reported_to") or [],
            "support": d.get("support") or [],
            "occurred_on": d.get("occurred_on"),
            "ongoing": bool(d.get("ongoing")),
            "description": d.get("description") or "",
            "anonymous": bool(d.get("anonymous")),
            "name": d.get("reporter_name") or "",
            "phone": d.get("reporter_phone") or "",
            "email": d.get("reporter_email") or "",
            "contact_note": d.get("contact_note") or "",
            "evidence": d.get("evidence") or [],
        }


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    secret = forms.CharField(
        label=_("Secret"), max_length=40, widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=True)
    )


class WithdrawForm(ReceiptForm):
    confirm = forms.BooleanField(
        label=_("Yes, withdraw my report and erase my name, contacts, description and pictures"), required=True
    )


class MoveForm(forms.Form):
    to_state = forms.ChoiceField(label=_("New state"), choices=())
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, moves: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ReportState.choices)
        self.fields["to_state"].choices = [(s, labels[s]) for s in moves]  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class StatsFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None, choices=())

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, str(y)) for y in years)]  # type: ignore[attr-defined]
