"""What the participation pages share: one form page for every simple create/edit form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tendik.core.concurrency import StaleVersion
from tendik.core.forms import apply_errors


def form_page(
    request: HttpRequest,
    form: BaseForm,
    on_valid: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    back: str,
    intro: str = "",
    submit: str = "",
    template: str,
) -> HttpResponse:
    """Render `form` in `template`; on a valid POST call `on_valid(cleaned_data)` (a service) and go where it says
    (or back). A stale save answers 409 with the difference, a refused one 400 with the errors in place."""
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            target = on_valid(form.cleaned_data)
        except StaleVersion as exc:
            form.stale(exc)  # type: ignore[attr-defined]
            status = 409
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(target or back)
    context = {"form": form, "title": title, "back": back, "intro": intro, "submit": submit or _("Save")}
    return render(request, template, context, status=status)
