"""Audit pages: the change trail and the access log, searched with the same filters."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tendik.audit.access import may_view
from tendik.audit.forms import AuditSearchForm
from tendik.audit.models import AuditEntry
from tendik.audit.selectors import access_entries, audit_entries

PER_PAGE = 25


def _display(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def change_rows(entry: AuditEntry, labels: dict[type, dict[str, str]]) -> list[tuple[str, str, str]]:
    """(field label, before, after) for each changed field, with the model's own field names."""
    model = entry.content_type.model_class()
    if model is not None and model not in labels:
        labels[model] = {f.attname: str(f.verbose_name) for f in model._meta.concrete_fields}
    names = labels.get(model, {}) if model is not None else {}
    rows = []
    for field, pair in sorted(entry.changes.items()):
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        rows.append((names.get(field, field), _display(before), _display(after)))
    return rows


def _search(request: HttpRequest, *, log: str) -> HttpResponse:
    if not may_view(request.user):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    filters = form.filters() if request.GET and valid else {}
    selector = audit_entries if log == "changes" else access_entries
    qs = selector(**filters) if valid else selector().none()
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    if log == "changes":
        labels: dict[type, dict[str, str]] = {}
        entries: list[Any] = list(page.object_list)  # the same objects the template will show
        for entry in entries:
            entry.rows = change_rows(entry, labels)
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "log": log, "query": params.urlencode()}
    return render(request, "audit/index.html", context)


@login_required
@require_GET
def audit_index(request: HttpRequest) -> HttpResponse:
    return _search(request, log="changes")


@login_required
@require_GET
def access_index(request: HttpRequest) -> HttpResponse:
    return _search(request, log="access")
