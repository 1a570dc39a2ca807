"""Participation models, one module per sub-domain (bodies, reserve, trainings, monitoring, vawp)."""

from tendik.participation.models.vawp import *  # noqa: F403
