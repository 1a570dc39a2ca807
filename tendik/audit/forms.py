"""The search of the audit trail and the access log, shared by the web pages and the API."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from tendik.audit.models import AuditAction
from tendik.core.params import id_param


def _label(ct: ContentType) -> str:
    model = ct.model_class()
    name = model._meta.verbose_name if model is not None else ct.model
    return f"{name} ({ct.app_label}.{ct.model})"


class AuditSearchForm(forms.Form):
    """Filters: user (username or id), record type (app_label.model), record id, period `from`–`to`, action."""

    user = forms.CharField(label=_("User"), required=False, help_text=_("Username or number."))
    content_type = forms.ChoiceField(label=_("Record type"), required=False)
    object_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("Any")), *AuditAction.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" and "to" are the API's parameter names and Python keywords, hence added here.
        self.fields["from"] = forms.DateField(
            label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
        )
        self.fields["to"] = forms.DateField(
            label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
        )
        types = sorted(ContentType.objects.all(), key=lambda ct: (ct.app_label, ct.model))
        self._types = {f"{ct.app_label}.{ct.model}": ct for ct in types}
        cast(forms.ChoiceField, self.fields["content_type"]).choices = [
            ("", _("Any")),
            *((key, _label(ct)) for key, ct in self._types.items()),
        ]

    def clean_user(self) -> Any:
        text = self.cleaned_data.get("user", "").strip()
        if not text:
            return None
        users = get_user_model().objects
        user = users.filter(username=text).first()
        if user is None and (user_id := id_param(text)):
            user = users.filter(pk=user_id).first()
        if user is None:
            raise forms.ValidationError(_("There is no user “%(text)s”."), params={"text": text})
        return user

    def clean_content_type(self) -> ContentType | None:
        key = self.cleaned_data.get("content_type", "")
        return self._types.get(key) if key else None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            self.add_error("to", _("The end of the period is before its start."))
        return data

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for tendik.audit.selectors (call after is_valid())."""
        data = self.cleaned_data
        return {
            "user": data.get("user"),
            "content_type": data.get("content_type"),
            "object_id": (data.get("object_id") or "").strip() or None,
            "date_from": data.get("from"),
            "date_to": data.get("to"),
            "action": data.get("action") or None,
        }
