"""Forms of trainings, courses and political schools."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tendik.accounts.permissions import is_national
from tendik.accounts.roles import Perm
from tendik.core.concurrency import VersionedFormMixin
from tendik.geography.models import AdministrativeUnit
from tendik.participation.forms.reserve import DateInput, UnitChoiceField, units_in_scope
from tendik.participation.models.reserve import AgeGroup, Sex
from tendik.participation.models.trainings import CertificateLanguage, ProgrammeKind, TrainingProgramme


class ProgrammeForm(VersionedFormMixin, forms.ModelForm):
    territory = UnitChoiceField(
        label=_("Territory"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=_("Whole country"),
        help_text=_("Leave empty for a national programme."),
    )

    class Meta:
        model = TrainingProgramme
        fields = ["code", "kind", "title_ru", "title_ky", "title_en", "organiser", "hours", "description", "is_active"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ProgrammeKind.choices  # type: ignore[attr-defined]
        self.fields["territory"].queryset = units_in_scope(  # type: ignore[attr-defined]
            user, Perm.TRAININGS_MANAGE, levels=("oblast", "city", "rayon")
        )
        if self.instance.pk:
            self.fields["territory"].initial = self.instance.territory_id
        self.user = user

    def clean_territory(self) -> Any:
        territory = self.cleaned_data.get("territory")
        if territory is None and not is_national(self.user, Perm.TRAININGS_MANAGE):
            raise forms.ValidationError(_("Choose the territory: national programmes are kept by the ministry."))
        return territory


class SessionForm(VersionedFormMixin, forms.Form):
    title = forms.CharField(label=_("Session"), max_length=255, required=False, help_text=_("For example, module 2."))
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), widget=DateInput())
    territory = UnitChoiceField(label=_("Place"), queryset=AdministrativeUnit.objects.none())
    venue = forms.CharField(label=_("Venue"), max_length=255, required=False)
    is_online = forms.BooleanField(label=_("Online"), required=False)

    def __init__(self, *args: Any, user: Any, within: AdministrativeUnit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        places = units_in_scope(user, Perm.TRAININGS_MANAGE)
        if within is not None:  # a territorial programme's sessions are held inside its territory
            places = places.filter(path__startswith=within.path)
        self.fields["territory"].queryset = places  # type: ignore[attr-defined]


class ParticipantForm(forms.Form):
    code = forms.CharField(label=_("Code of the person in the reserve"), max_length=20)
    language = forms.ChoiceField(label=_("Certificate language"), choices=CertificateLanguage.choices)


class HeadcountForm(forms.Form):
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    age_group = forms.ChoiceField(label=_("Age group"), choices=AgeGroup.choices)
    territory = UnitChoiceField(label=_("Territory"), queryset=AdministrativeUnit.objects.none())
    attended = forms.IntegerField(label=_("Attended"), min_value=0)
    completed = forms.IntegerField(label=pgettext_lazy("training", "Completed"), min_value=0, initial=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Where the participants come from: any current unit, not only the manager's scope.
        self.fields["territory"].queryset = AdministrativeUnit.objects.current().order_by("path")  # type: ignore[attr-defined]


class CertificateCheckForm(forms.Form):
    code = forms.CharField(label=_("Certificate code"), max_length=20)
