from __future__ import annotations

from typing import Any, NamedTuple

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tendik.geography.models import NAME_FIELDS, AdministrativeUnit, UnitLevel, name_in_language

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or SOATE code"), required=False, max_length=100)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All levels")), *UnitLevel.choices])
    closed = forms.BooleanField(label=_("Include closed units"), required=False)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("SOATE list (.csv or .xlsx)"),
        help_text=_(
            "First row: column names. Needed: soate, name_ru; also read: level, parent_soate, name_ky, name_en, "
            "kind_ru (or the classifier's own Russian names, such as «Код СОАТЕ», «Наименование»)."
        ),
    )
    effective_on = forms.DateField(
        label=_("Changes take effect on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("New units are valid from this day; renamed and closed units change on this day."),
    )
    close_absent = forms.BooleanField(
        label=_("The file is the complete list: close units that are not in it"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_on"].initial = timezone.localdate()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class _Unit(NamedTuple):
    code: str
    path: str
    depth: int
    name: str


def grouped_territory_choices(units: Any, *, blank: str = "") -> list[Any]:
    """Choices for a territory <select>, by name only (the value is the code, never shown), grouped the way people
    look for a place: an oblast's group holds the oblast and its rayons and cities, and each rayon's group its
    ayil aimaks and towns. `units` must be ordered by path; parents missing from it are fetched in one query.
    A queryset is read as plain values (a model instance each would cost more than the rest of a report page)."""
    if isinstance(units, QuerySet):
        rows, lang = units.values_list("code", "path", "depth", *NAME_FIELDS), get_language() or "ru"
        units = [_Unit(code, path, depth, name_in_language(*names, lang=lang)) for code, path, depth, *names in rows]
    units = list(units)
    by_code = {u.code: u for u in units}
    missing = {u.path.split("/")[-3] for u in units if u.depth > 0} - set(by_code)
    if missing:
        by_code.update({u.code: u for u in AdministrativeUnit.objects.filter(code__in=missing)})
    groups: dict[str, list[tuple[str, str]]] = {}
    labels: dict[str, str] = {}
    for unit in units:
        key = unit.code if unit.depth == 0 else unit.path.split("/")[-3]
        if key not in groups:
            parent = by_code.get(key)
            labels[key] = parent.name if parent is not None else ""
            groups[key] = []
        groups[key].append((unit.code, unit.name))
    choices: list[Any] = [("", blank or "—")]
    choices += [(labels[key], options) for key, options in groups.items()]
    return choices


class TerritorySelect(forms.Select):
    """The territory <select>: the same HTML as Django's Select, but its options (several hundred for the country)
    are written here in one pass instead of one template include each, which cost more than the whole committee
    report's figures (about 100 ms for the country's list)."""

    template_name = "geography/_territory_select.html"

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = forms.Widget.get_context(self, name, value, attrs)  # without Select's option dictionaries
        values, chosen = set(context["widget"]["value"]), False
        parts = []
        for group, options in self.choices:
            is_group = isinstance(options, (list, tuple))
            html = []
            for code, label in options if is_group else [(group, options)]:
                selected = not chosen and str(code if code is not None else "") in values
                chosen |= selected
                html.append(f'<option value="{escape(code or "")}"{" selected" * selected}>{escape(label)}</option>')
            inner = "".join(html)
            parts.append(f'<optgroup label="{escape(group)}">{inner}</optgroup>' if is_group and group else inner)
        context["widget"]["options_html"] = mark_safe("".join(parts))  # noqa: S308  (every value and label escaped)
        return context


class TerritoryField(forms.ModelChoiceField):
    """A territory asked for by name: a keyboard-usable <select> grouped by oblast and rayon (see
    `grouped_territory_choices`). The submitted value is the unit's code so that links and jobs keep working;
    `offer(units)` sets the units shown (e.g. those in the user's scope) while any current unit validates, so that
    the view's own permission check answers for an out-of-scope one."""

    widget = TerritorySelect

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", AdministrativeUnit.objects.current())
        kwargs.setdefault("to_field_name", "code")
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)

    def offer(self, units: Any, *, blank: str = "") -> None:
        self.widget.choices = grouped_territory_choices(units, blank=blank)
