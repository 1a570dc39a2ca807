"""Writes of map boundaries (reference data, not audited: geometry changes only with a new reference file)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tendik.geography.maps import geometry_to_svg, label_point
from tendik.geography.models import AdministrativeUnit, UnitBoundary


@transaction.atomic
def boundary_set(*, unit: AdministrativeUnit, geometry: dict[str, Any], source: str = "") -> bool:
    """Store a unit's boundary (GeoJSON Polygon or MultiPolygon, WGS84) with its projected SVG path and label point.

    Writes nothing when the stored boundary is already this one; says whether it wrote.
    """
    d, (min_x, min_y, max_x, max_y) = geometry_to_svg(geometry)
    label_x, label_y = label_point(geometry)
    values = {
        "geometry": geometry,
        "source": source,
        "svg_path": d,
        "min_x": min_x,
        "min_y": min_y,
        "max_x": max_x,
        "max_y": max_y,
        "label_x": label_x,
        "label_y": label_y,
    }
    boundary = UnitBoundary.objects.filter(unit=unit).first()
    if boundary is None:
        UnitBoundary.objects.create(unit=unit, **values)
        return True
    changed = [k for k, v in values.items() if getattr(boundary, k) != v]
    if changed:
        for k in changed:
            setattr(boundary, k, values[k])
        boundary.save(update_fields=changed)
    return bool(changed)
