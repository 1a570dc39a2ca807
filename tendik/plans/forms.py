"""Forms of the plans pages; they only collect and check input, services do the work."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tendik.core.concurrency import VersionedFormMixin
from tendik.plans import combos
from tendik.plans.models import (
    BUDGET_SOURCES,
    Indicator,
    LocalMeasure,
    LocalPlan,
    Measure,
    MeasureStatus,
    ReportEntry,
)
from tendik.plans.services.local_plans import EDITABLE_MEASURE_FIELDS
from tendik.plans.services.validation import EntryData, value_key


class DateInput(forms.DateInput):
    input_type = "date"


def money_field(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the plans"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class LocalPlanForm(forms.ModelForm):
    class Meta:
        model = LocalPlan
        fields = ["start_year", "end_year", "title", "programme", "reporting_frequency"]


class LocalPlanEditForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = LocalPlan
        fields = ["title", "programme", "reporting_frequency", "status", "adopted_on"]
        widgets = {"adopted_on": DateInput()}


class LocalMeasureForm(VersionedFormMixin, forms.ModelForm):
    national_measure = forms.ModelChoiceField(
        label=_("National measure adopted"),
        required=False,
        queryset=Measure.objects.filter(plan__is_current=True).select_related("plan"),
        help_text=_("Leave empty for the municipality's own measure."),
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators reported"),
        required=False,
        queryset=Indicator.objects.filter(reported_locally=True),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = LocalMeasure
        fields = ["national_measure", "number", *EDITABLE_MEASURE_FIELDS, "indicators"]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "text": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        self.fields["text"].required = False
        national = cast(forms.ModelChoiceField, self.fields["national_measure"])
        national.label_from_instance = lambda m: f"{m.number}. {m.title}"  # type: ignore[method-assign,assignment]
        if "national_measure" in self.fields and not self.instance.pk:
            # Grouped by plan and goal (not 131 options each starting with the plan's name); the page's filter box
            # narrows them by number or words.
            national.widget.attrs.update({"data-filterable": _("Search by number or words")})
            national.choices = measure_choices(national.queryset)
        for s in BUDGET_SOURCES:
            self.fields[f"budget_{s}"].widget.attrs.update({"inputmode": "decimal"})
        if self.instance.pk:
            del self.fields["national_measure"]

    def _post_clean(self) -> None:  # the service validates the model (dates in the plan's years, etc.)
        pass

    def only_indicators_of(self, measure_pk: int) -> None:
        """Offer only the chosen national measure's locally reported indicators (when it has any)."""
        field = cast(forms.ModelMultipleChoiceField, self.fields["indicators"])
        own = cast(Any, field.queryset).filter(measures__pk=measure_pk)
        if own.exists():
            field.queryset = own


def measure_choices(queryset: Any) -> list[Any]:
    """("", "—") then one group per plan and goal: [(group label, [(pk, "1.1. title"), ...]), ...] (one query)."""
    groups: dict[str, list[tuple[int, str]]] = {}
    rows = queryset.select_related("plan", "goal").order_by("plan__code", "goal__number", "order", "pk")
    for m in rows:
        label = f"{m.plan.short_title} — {_('Goal')} {m.goal.number}. {m.goal.title}"
        groups.setdefault(label[:160], []).append((m.pk, f"{m.number}. {m.title}"))
    return [("", "—"), *groups.items()]


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Reporting period"))

    def __init__(self, *args: Any, codes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["period"]).choices = codes


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Filled-in Excel file (.xlsx)"))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file (PDF, JPEG, PNG, DOCX, XLSX; up to 10 MB)"))
    description = forms.CharField(label=_("Description"), required=False, max_length=300)


def _plain(value: Decimal | None) -> Decimal | int | None:
    """12 rather than 12.00 for whole figures (counts) in the form."""
    return int(value) if value is not None and value == value.to_integral() else value


class EntryForm(VersionedFormMixin, forms.Form):
    """What a municipality reports for one measure: works on a phone and by keyboard; drafts kept in the browser."""

    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    progress = forms.IntegerField(
        label=_("Progress, %"), min_value=0, max_value=100, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    narrative = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    spent_local = money_field(_("Spent: local budget, som"))
    spent_republican = money_field(_("Spent: republican budget, som"))
    spent_donor = money_field(_("Spent: donors, som"))
    spent_other = money_field(_("Spent: other sources, som"))

    def __init__(
        self,
        *args: Any,
        entry: ReportEntry,
        indicators: list[Indicator],
        values: dict[tuple[str, str], Decimal],
        **kwargs: Any,
    ) -> None:
        initial = {
            "status": entry.status,
            "progress": entry.progress,
            "narrative": entry.narrative,
            **{f"spent_{s}": _plain(getattr(entry, f"spent_{s}")) or None for s in BUDGET_SOURCES},
        }
        self.value_fields: dict[str, tuple[str, str]] = {}
        layout: list[tuple[Indicator, list[tuple[str, combos.Combo]]]] = []
        for ind in indicators:
            names = []
            for i, combo in enumerate(combos.indicator_combos(ind)):
                name = f"v_{ind.pk}_{i}"
                self.value_fields[name] = (ind.code, combo.key)
                initial[name] = _plain(values.get((ind.code, combo.key)))
                names.append((name, combo))
            layout.append((ind, names))
        kwargs["initial"] = initial
        super().__init__(*args, versioned=entry, **kwargs)
        for ind, names in layout:
            for name, combo in names:
                whole = ind.unit == "count"  # headcounts: whole numbers, checked in the browser and here
                self.fields[name] = forms.DecimalField(
                    label=combo.label or ind.name,
                    required=False,
                    max_digits=16,
                    decimal_places=0 if whole else 2,
                    widget=forms.NumberInput(
                        attrs={"inputmode": "numeric", "step": "1", "min": "0"}
                        if whole
                        else {"inputmode": "decimal", "step": "0.01", "min": "0"}
                    ),
                )
        self.groups = [(ind, [self[name] for name, _c in names]) for ind, names in layout]

    def entry_data(self) -> EntryData:
        d = self.cleaned_data
        return EntryData(
            status=d["status"],
            progress=d["progress"],
            narrative=d.get("narrative") or "",
            spent={s: d.get(f"spent_{s}") for s in BUDGET_SOURCES},
            values={key: d.get(name) for name, key in self.value_fields.items()},
        )

    def field_for_key(self, key: str) -> str | None:
        """The form field of a service error key (value:<code>:<combo>, spent_local, status...)."""
        if key in self.fields:
            return key
        for name, (code, combo) in self.value_fields.items():
            if value_key(code, combo) == key:
                return name
        return None

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for key, messages in errors.items():
            for message in messages:
                self.add_error(self.field_for_key(key), message)
