"""Form helpers shared by every app's web layer."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm


def apply_errors(form: BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where it names one, else above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
