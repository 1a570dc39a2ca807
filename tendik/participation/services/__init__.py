"""Participation services (writes), one module per sub-domain."""
