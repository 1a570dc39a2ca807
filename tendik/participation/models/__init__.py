"""Participation models, one module per sub-domain (bodies, reserve, trainings, monitoring, vawp)."""

from tendik.participation.models import reserve, trainings  # noqa: F401  (registers the reserve and trainings models)
