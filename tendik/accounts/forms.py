"""Forms of the accounts pages. They validate input and turn codes into records; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from tendik.accounts.models import User
from tendik.accounts.roles import COMMITTEE_ROLES, Role
from tendik.accounts.selectors import committee_by_id, unit_by_code, unit_from_label, units_to_pick
from tendik.accounts.services import PROFILE_FIELDS
from tendik.core.concurrency import VersionedFormMixin


class LoginForm(AuthenticationForm):
    """Django's sign-in form; the lockout after repeated failures comes from django-axes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the digits shown by the app."))
        return token


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("Any role")), *Role.choices])
    active = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), ("1", _("Active")), ("0", _("Deactivated"))]
    )


class ProfileForm(VersionedFormMixin, forms.Form):
    """Profile fields as the model defines them. A plain form: the service, not the form, changes the user; pass
    ``versioned=<user>`` so a stale save is refused (tendik.core.concurrency)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(User, fields=PROFILE_FIELDS))

    def profile(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}


class ScopeFields(forms.Form):
    """Role and scope: the country (both empty), a unit by SOATE code, or a committee by its number."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit_code = forms.CharField(
        label=_("Territory"),
        required=False,
        max_length=300,
        help_text=_("Type a name or a code and pick from the list. Leave empty for the whole country."),
        widget=forms.TextInput(attrs={"list": "unit-options", "autocomplete": "off"}),
    )
    committee_id = forms.IntegerField(
        label=_("Committee number"),
        required=False,
        min_value=1,
        help_text=_("For committee roles only: the committee's number in Tendik."),
    )

    def __init__(self, *args: Any, actor: Any = None, **kwargs: Any) -> None:
        self.actor = actor
        super().__init__(*args, **kwargs)

    def clean_unit_code(self) -> Any:
        text = (self.cleaned_data.get("unit_code") or "").strip()
        if not text:
            return None
        unit = unit_by_code(text) or unit_from_label(actor=self.actor, text=text)
        if unit is None:
            matches = list(units_to_pick(actor=self.actor, query=text, limit=2))
            if len(matches) != 1:
                raise forms.ValidationError(
                    _("No single territory matches “%(text)s”: pick one from the list."), params={"text": text}
                )
            unit = matches[0]
        return unit

    def clean_committee_id(self) -> Any:
        committee_id = self.cleaned_data.get("committee_id")
        if not committee_id:
            return None
        committee = committee_by_id(committee_id)
        if committee is None:
            raise forms.ValidationError(_("There is no committee with this number."))
        return committee

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        role, unit, committee = data.get("role"), data.get("unit_code"), data.get("committee_id")
        if role in COMMITTEE_ROLES and committee is None and "committee_id" not in self.errors:
            self.add_error("committee_id", _("This role is held within a committee: give the committee's number."))
        if role and role not in COMMITTEE_ROLES and committee is not None:
            self.add_error("committee_id", _("Only committee roles are bound to a committee."))
        if unit is not None and committee is not None:
            self.add_error("unit_code", _("Choose either a territory or a committee, not both."))
        return data

    @property
    def scope(self) -> dict[str, Any]:
        return {
            "role": self.cleaned_data["role"],
            "unit": self.cleaned_data.get("unit_code"),
            "committee": self.cleaned_data.get("committee_id"),
        }


class RoleAssignForm(ScopeFields):
    pass


class UserCreateForm(ScopeFields):
    """A new account with its first role and scope."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = {
            "username": forms.fields_for_model(User, fields=["username"])["username"],
            "password": forms.CharField(
                label=_("Initial password"),
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                help_text=password_validators_help_text_html(),
            ),
            **forms.fields_for_model(User, fields=PROFILE_FIELDS),
        }
        fields["full_name"].required = True
        self.fields = {**fields, **self.fields}

    def profile(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}


class SetPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
