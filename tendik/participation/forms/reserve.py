"""Forms of the cadre reserve: they validate input; views pass cleaned data to services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tendik.accounts.permissions import scope_paths
from tendik.accounts.roles import Perm
from tendik.core.concurrency import VersionedFormMixin
from tendik.geography.models import AdministrativeUnit
from tendik.participation.models.reserve import (
    AgeGroup,
    ConsentItem,
    ExpertiseArea,
    Language,
    ReservePerson,
    Sex,
    ShortlistStatus,
)
from tendik.participation.models.trainings import CertificateLanguage, TrainingProgramme, TrainingSession


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{'· ' * obj.depth}{obj.name}"


def units_in_scope(user: Any, perm: Perm, *, levels: tuple[str, ...] = ()) -> QuerySet[AdministrativeUnit]:
    """Current territorial units where `user` holds `perm` (for territory choices)."""
    qs = AdministrativeUnit.objects.current()
    paths = scope_paths(user, perm)
    if paths is not None:
        q = Q(pk__in=[])
        for path in paths:
            q |= Q(path__startswith=path)
        qs = qs.filter(q)
    if levels:
        qs = qs.filter(level__in=levels)
    return qs.order_by("path")


class ReserveSearchForm(forms.Form):
    territory = UnitChoiceField(
        label=_("Territory"), queryset=AdministrativeUnit.objects.none(), required=False, empty_label=_("All")
    )
    area = forms.ModelChoiceField(
        label=_("Area of expertise"), queryset=ExpertiseArea.objects.none(), required=False, empty_label=_("All")
    )
    programme = forms.ModelChoiceField(
        label=_("Completed training"), queryset=TrainingProgramme.objects.none(), required=False, empty_label=_("All")
    )
    youth_leader = forms.TypedChoiceField(
        label=_("Youth leader"),
        required=False,
        choices=[("", _("All")), ("yes", _("Yes")), ("no", _("No"))],
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", _("All")), *Sex.choices])
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", _("All")), *Language.choices])

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = units_in_scope(  # type: ignore[attr-defined]
            user, Perm.RESERVE_VIEW, levels=("oblast", "city", "rayon")
        )
        self.fields["area"].queryset = ExpertiseArea.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["programme"].queryset = TrainingProgramme.objects.all()  # type: ignore[attr-defined]


class PersonForm(VersionedFormMixin, forms.Form):
    territory = UnitChoiceField(label=_("Territory"), queryset=AdministrativeUnit.objects.none())
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, help_text=_("With consent only; otherwise give the age group.")
    )
    age_group = forms.ChoiceField(label=_("Age group"), required=False, choices=[("", "—"), *AgeGroup.choices])
    is_youth_leader = forms.BooleanField(label=_("Youth leader"), required=False)
    consent_on = forms.DateField(label=_("Consent given on"), required=False, widget=DateInput())
    consent_scope = forms.MultipleChoiceField(
        label=_("The person consented to keeping"),
        required=False,
        choices=ConsentItem.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Without consent nothing personal is kept: only sex, age group and territory."),
    )
    full_name = forms.CharField(label=_("Full name"), required=False, max_length=200)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)
    email = forms.EmailField(label=_("E-mail"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas of expertise"),
        required=False,
        queryset=ExpertiseArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    education = forms.CharField(
        label=pgettext_lazy("person", "Education"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    experience = forms.CharField(label=_("Work experience"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    projects = forms.CharField(
        label=_("Projects and volunteering"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes = forms.CharField(
        label=pgettext_lazy("reserve", "Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any, person: ReservePerson | None = None, **kwargs: Any) -> None:
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "territory": person.territory_id,
                "sex": person.sex,
                "birth_year": person.birth_year or None,
                "age_group": person.age_group,
                "is_youth_leader": person.is_youth_leader,
                "consent_on": person.consent_on,
                "consent_scope": person.consent_items,
                "languages": person.language_codes,
                "areas": list(person.areas.all()),
                **{k: getattr(person, k) for k in ("full_name", "phone", "email", "education", "experience")},
                "projects": person.projects,
                "notes": person.notes,
            }
        super().__init__(*args, versioned=person, **kwargs)
        self.fields["territory"].queryset = units_in_scope(user, Perm.RESERVE_EDIT)  # type: ignore[attr-defined]
        self.fields["areas"].queryset = ExpertiseArea.objects.filter(is_active=True)  # type: ignore[attr-defined]


class AreaForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ExpertiseArea
        fields = ["code", "name_ru", "name_ky", "name_en", "order", "is_active"]


class ShortlistForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    post = forms.CharField(label=_("Post"), max_length=200)
    body_name = forms.CharField(label=_("Body"), max_length=200, required=False)
    territory = UnitChoiceField(label=_("Territory"), queryset=AdministrativeUnit.objects.none())
    deadline = forms.DateField(label=_("Apply by"), required=False, widget=DateInput())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = units_in_scope(user, Perm.RESERVE_EDIT)  # type: ignore[attr-defined]


class CandidateForm(forms.Form):
    code = forms.CharField(label=_("Code of the person in the reserve"), max_length=20)
    note = forms.CharField(
        label=pgettext_lazy("reserve", "Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ShortlistStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ShortlistStatus.choices)


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.programme.title} — {date_format(obj.starts_on)}, {obj.territory.name}"


class EnrolForm(forms.Form):
    session = SessionChoiceField(label=_("Training session"), queryset=TrainingSession.objects.none())
    language = forms.ChoiceField(label=_("Certificate language"), choices=CertificateLanguage.choices)

    def __init__(self, *args: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions.select_related("programme", "territory")  # type: ignore[attr-defined]
