"""SOATE import pages for national administrators: upload → preview → apply or cancel."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tendik.geography import selectors
from tendik.geography.forms import ImportUploadForm
from tendik.geography.importing.planner import KINDS, ImportInvalid
from tendik.geography.models import TerritoryImport, UnitLevel
from tendik.geography.permissions import can_manage_territories
from tendik.geography.services.imports import (
    ImportStale,
    InvalidTransition,
    territory_import_apply,
    territory_import_cancel,
    territory_import_preview,
)

SHOWN_PER_KIND = 300
MAX_ERRORS_SHOWN = 50


def territory_admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous → sign-in page; signed in without the national territory permission → 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_manage_territories(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _get_import(request: HttpRequest, pk: int) -> TerritoryImport:
    try:
        return selectors.territory_import_get(user=request.user, pk=pk)
    except TerritoryImport.DoesNotExist as exc:
        raise Http404 from exc


@territory_admin_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            territory_import = territory_import_preview(
                actor=request.user,
                file=upload,
                file_name=upload.name,
                effective_on=form.cleaned_data["effective_on"],
                close_absent=form.cleaned_data["close_absent"],
            )
        except ImportInvalid as exc:
            shown = [str(e) for e in exc.errors[:MAX_ERRORS_SHOWN]]
            if len(exc.errors) > MAX_ERRORS_SHOWN:
                shown.append(_("… and %(n)s more problems.") % {"n": len(exc.errors) - MAX_ERRORS_SHOWN})
            for message in shown:
                form.add_error("file", message)
        else:
            return redirect("geography:import_detail", pk=territory_import.pk)
    imports = list(selectors.territory_imports(user=request.user)[:20])
    return render(request, "geography/import_upload.html", {"form": form, "imports": imports})


def _with_level_names(item: dict[str, Any]) -> dict[str, Any]:
    """A planned change with its levels in words ("Ayil aimak", not "ayil_aimak")."""
    names = dict(UnitLevel.choices)
    item = dict(item)
    if "level" in item:
        item["level"] = names.get(item["level"], item["level"])
    for side in ("from", "to"):
        if isinstance(item.get(side), dict) and "level" in item[side]:
            item[side] = {**item[side], "level": names.get(item[side]["level"], item[side]["level"])}
    return item


@territory_admin_required
@require_http_methods(["GET"])
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    territory_import = _get_import(request, pk)
    sections = []
    labels = {
        "add": _("New units"),
        "rename": _("Renamed units"),
        "move": _("Units under another parent"),
        "change": _("Units with another level or kind"),
        "reopen": _("Closed units that are current again"),
        "close": _("Units absent from the file, to be closed"),
    }
    for kind in KINDS:
        items = [_with_level_names(i) for i in territory_import.plan.get(kind, [])[:SHOWN_PER_KIND]]
        count = len(territory_import.plan.get(kind, []))
        sections.append(
            {
                "kind": kind,
                "label": labels[kind],
                "items": items,
                "count": count,
                "hidden": max(count - SHOWN_PER_KIND, 0),
            }
        )
    return render(
        request,
        "geography/import_detail.html",
        {"imp": territory_import, "sections": sections, "is_preview": territory_import.status == "preview"},
    )


@territory_admin_required
@require_POST
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    territory_import = _get_import(request, pk)
    try:
        territory_import_apply(territory_import=territory_import, actor=request.user)
    except ImportStale as exc:
        messages.error(request, str(exc))
    except InvalidTransition:
        messages.error(request, _("This import has already been applied or cancelled."))
    else:
        messages.success(request, _("The import is applied: %(n)s changes.") % {"n": territory_import.change_count})
    return redirect("geography:import_detail", pk=pk)


@territory_admin_required
@require_POST
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    territory_import = _get_import(request, pk)
    try:
        territory_import_cancel(territory_import=territory_import, actor=request.user)
    except InvalidTransition:
        messages.error(request, _("This import has already been applied or cancelled."))
    else:
        messages.success(request, _("The import is cancelled; nothing was changed."))
    return redirect("geography:import_upload")
