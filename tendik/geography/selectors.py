"""Reads of the territory. Territories are public: every selector takes the user for the house's shape and for
the parts that are not public (audit history, imports), which it scopes through tendik.geography.permissions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from tendik.geography.maps import Map, Shape, bbox_union, viewbox
from tendik.geography.models import AdministrativeUnit, TerritoryImport, UnitBoundary, UnitLevel, normalise_name
from tendik.geography.permissions import can_manage_territories, can_view_unit_history


def units_list(
    *,
    user: Any,
    level: str | None = None,
    parent: AdministrativeUnit | str | None = None,
    query: str | None = None,
    include_closed: bool = False,
    on: dt.date | None = None,
) -> QuerySet[AdministrativeUnit]:
    """Units by level, parent (a unit or its code) and a name query in any language, former names and spellings
    included (case, ё/е and Kyrgyz letters folded). Current units unless `include_closed`; shallow levels first."""
    qs = AdministrativeUnit.objects.select_related("parent")
    if not include_closed:
        qs = qs.current(on)
    if level:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(parent__code=parent) if isinstance(parent, str) else qs.filter(parent=parent)
    q = normalise_name(query or "")
    if q:
        qs = (
            qs.search(q)
            .annotate(
                rank=Case(
                    When(Q(search_text__startswith=q) | Q(code=q), then=Value(0)),
                    When(search_text__contains=f" {q}", then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
            .order_by("rank", "depth", "name_ru")
        )
    else:
        qs = qs.order_by("path")
    return qs


def unit_get(*, user: Any, code: str) -> AdministrativeUnit:
    """One unit by its code, current or closed (a closed unit's page keeps its history); DoesNotExist otherwise."""
    return AdministrativeUnit.objects.select_related("parent").get(code=code)


def unit_ancestors(*, unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The chain above `unit`, top first (one query, from the materialised path)."""
    codes = unit.ancestor_codes()[:-1]
    if not codes:
        return []
    return list(AdministrativeUnit.objects.filter(code__in=codes).order_by("depth"))


def unit_children(*, unit: AdministrativeUnit, include_closed: bool = False) -> QuerySet[AdministrativeUnit]:
    qs = unit.children.all()
    if not include_closed:
        qs = qs.current()
    return qs.order_by("level", "name_ru")


def unit_names(*, unit: AdministrativeUnit) -> list[Any]:
    """Former names and other spellings."""
    return list(unit.former_names.all())


def top_units(*, user: Any) -> list[AdministrativeUnit]:
    """Current oblasts, then cities of republican significance (one query)."""
    return sorted(
        AdministrativeUnit.objects.current().filter(parent__isnull=True),
        key=lambda u: (u.level != UnitLevel.OBLAST, u.name_ru),
    )


def hierarchy_top(*, user: Any) -> list[tuple[AdministrativeUnit, list[AdministrativeUnit]]]:
    """Current oblasts and cities of republican significance, each with its current rayons and cities (2 queries)."""
    top = top_units(user=user)
    children: dict[int | None, list[AdministrativeUnit]] = defaultdict(list)
    for unit in AdministrativeUnit.objects.current().filter(parent__in=top).order_by("level", "name_ru"):
        children[unit.parent_id].append(unit)
    order: dict[str, int] = {UnitLevel.RAYON: 0, UnitLevel.CITY: 1}
    return [(u, sorted(children[u.pk], key=lambda c: order.get(c.level, 2))) for u in top]


def unit_history(*, user: Any, unit: AdministrativeUnit, names: list[Any] | None = None) -> list[Any] | None:
    """The audit trail of the unit and its names (`names`, if already loaded), for those who may see it; None for
    everyone else."""
    if not can_view_unit_history(user):
        return None
    from django.contrib.contenttypes.models import ContentType

    from tendik.audit.models import AuditEntry
    from tendik.geography.models import UnitName

    if names is None:
        names = unit_names(unit=unit)
    name_ids = [str(n.pk) for n in names]
    unit_type = ContentType.objects.get_for_model(AdministrativeUnit)
    name_type = ContentType.objects.get_for_model(UnitName)
    return list(
        AuditEntry.objects.filter(
            Q(content_type=unit_type, object_id=str(unit.pk)) | Q(content_type=name_type, object_id__in=name_ids)
        ).order_by("-at", "-id")[:100]
    )


def territory_imports(*, user: Any) -> QuerySet[TerritoryImport]:
    if not can_manage_territories(user):
        return TerritoryImport.objects.none()
    return TerritoryImport.objects.select_related("created_by", "decided_by").defer("rows", "plan")


def territory_import_get(*, user: Any, pk: int) -> TerritoryImport:
    if not can_manage_territories(user):
        raise TerritoryImport.DoesNotExist
    return TerritoryImport.objects.select_related("created_by", "decided_by").get(pk=pk)


def units_with_boundary(*, units: list[AdministrativeUnit]) -> set[int]:
    """The ids of those of `units` that have a stored boundary (one query)."""
    return set(UnitBoundary.objects.filter(unit__in=units).values_list("unit_id", flat=True))


# Maps ---------------------------------------------------------------------------------------------------------


def _boundaries(units: list[AdministrativeUnit]) -> dict[int, UnitBoundary]:
    rows = UnitBoundary.objects.filter(unit__in=units).only(
        "unit_id", "svg_path", "min_x", "min_y", "max_x", "max_y", "label_x", "label_y"
    )
    return {b.unit_id: b for b in rows}


def map_of(
    *,
    units: list[AdministrativeUnit],
    href: Any,
    label: str,
    focus: AdministrativeUnit | None = None,
    context: list[AdministrativeUnit] | None = None,
    max_labels: int = 20,
) -> Map:
    """A map of `units` (each linked by `href(unit)`), framed on `focus` if given, with `context` units drawn
    faintly around. Units without a stored boundary are left out. Names are written on the map when there are
    few enough units (cities only when in focus: they are small). One query."""
    unit_ids = {u.pk for u in units}
    context = [c for c in context or [] if c.pk not in unit_ids]
    boundaries = _boundaries([*units, *context])
    labelled = len(units) <= max_labels
    shapes = []
    for unit, role in [*((c, "context") for c in context), *((u, "unit") for u in units)]:
        b = boundaries.get(unit.pk)
        if b is None:
            continue
        is_focus = focus is not None and unit.pk == focus.pk
        css = f"{role}{' focus' if is_focus else ''} level-{unit.level}"
        show = role == "unit" and labelled and (unit.level != UnitLevel.CITY or is_focus)
        shapes.append(
            Shape(
                code=unit.code,
                title=unit.name,
                href=href(unit),
                d=b.svg_path,
                css=css,
                label_x=b.label_x if show else None,
                label_y=b.label_y if show else None,
            )
        )
    framed_units = [focus] if focus is not None and focus.pk in boundaries else units
    box = bbox_union(
        (b.min_x, b.min_y, b.max_x, b.max_y) for b in (boundaries.get(u.pk) for u in framed_units) if b is not None
    )
    if box is None:
        return Map(shapes=shapes, viewbox="0 0 100 100", label=label)
    vb = viewbox(box)
    return Map(shapes=shapes, viewbox=vb, label=label, font_size=round(max(float(n) for n in vb.split()[2:]) / 50, 1))
