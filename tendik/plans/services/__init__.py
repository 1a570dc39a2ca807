"""Writes of the plans module; import from the sub-modules (catalogue, local_plans, reports, ...)."""
