"""Writes to the territory. Import from here: `from tendik.geography.services import unit_create`."""

from tendik.geography.services.boundaries import boundary_set
from tendik.geography.services.units import (
    unit_close,
    unit_create,
    unit_move,
    unit_name_add,
    unit_rename,
    unit_reopen,
    unit_update_fields,
)

__all__ = [
    "boundary_set",
    "unit_close",
    "unit_create",
    "unit_move",
    "unit_name_add",
    "unit_rename",
    "unit_reopen",
    "unit_update_fields",
]
