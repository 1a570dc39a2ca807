"""Participation models, one module per sub-domain (bodies, reserve, trainings, monitoring, vawp)."""
