"""Participation forms, one module per sub-domain."""
