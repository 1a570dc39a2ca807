from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tendik.geography.models import UnitLevel

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or СОАТЕ code"), required=False, max_length=100)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All levels")), *UnitLevel.choices])
    closed = forms.BooleanField(label=_("Include closed units"), required=False)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("СОАТЕ list (.csv or .xlsx)"),
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
