"""Reads of the plans module, scoped to what the acting user may see (sub-modules by sub-domain)."""
