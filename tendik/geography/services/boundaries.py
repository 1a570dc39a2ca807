"""Writes of map boundaries (reference data, not audited: geometry changes only with a new reference file)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tendik.geography.maps import geometry_to_svg
from tendik.geography.models import AdministrativeUnit, UnitBoundary


@transaction.atomic
def boundary_set(*, unit: AdministrativeUnit, geometry: dict[str, Any], source: str = "") -> UnitBoundary:
    """Store a unit's boundary (GeoJSON Polygon or MultiPolygon, WGS84) with its projected SVG path.

    Writes nothing when the stored boundary is already this one.
    """
    d, (min_x, min_y, max_x, max_y) = geometry_to_svg(geometry)
    values = {
        "geometry": geometry,
        "source": source,
        "svg_path": d,
        "min_x": min_x,
        "min_y": min_y,
        "max_x": max_x,
        "max_y": max_y,
    }
    boundary = UnitBoundary.objects.filter(unit=unit).first()
    if boundary is None:
        return UnitBoundary.objects.create(unit=unit, **values)
    changed = [k for k, v in values.items() if getattr(boundary, k) != v]
    if changed:
        for k in changed:
            setattr(boundary, k, values[k])
        boundary.save(update_fields=changed)
    return boundary
