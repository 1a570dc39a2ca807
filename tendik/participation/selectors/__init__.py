"""Participation selectors, one module per sub-domain."""
