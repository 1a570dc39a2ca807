"""Helpers shared by the protection pages: scoped look-ups (404 outside scope) and one generic form page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tendik.core.concurrency import StaleVersion, VersionedFormMixin
from tendik.core.forms import apply_errors
from tendik.protection import selectors
from tendik.protection.models import Case, Committee


def committee_or_404(user: Any, pk: int, *, working: bool = True) -> Committee:
    qs = selectors.committees_working(user) if working else selectors.committees_for(user)
    return get_object_or_404(qs, pk=pk)


def case_or_404(user: Any, pk: int) -> Case:
    return get_object_or_404(selectors.cases_for(user), pk=pk)


def form_page(
    request: HttpRequest,
    form: BaseForm,
    on_valid: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    back: str,
    intro: str = "",
    submit: str = "",
    extra: dict[str, Any] | None = None,
    template: str = "protection/form.html",
) -> HttpResponse:
    """Render `form`; on a valid POST call `on_valid(cleaned_data)` (a service) and go to the URL it returns.

    A versioned form passes its data without `version` (the save reads `form.submitted_version`); a stale save
    answers 409 with the difference shown above the form.
    """
    stale = False
    if request.method == "POST" and form.is_valid():
        data = form.changes() if isinstance(form, VersionedFormMixin) else form.cleaned_data
        try:
            target = on_valid(data)
        except StaleVersion as exc:
            cast(Any, form).stale(exc)
            stale = True
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(target or back)
    context = {
        "form": form,
        "title": title,
        "back": back,
        "intro": intro,
        "submit": submit or _("Save"),
        **(extra or {}),
    }
    status = 409 if stale else 400 if request.method == "POST" else 200
    return render(request, template, context, status=status)
