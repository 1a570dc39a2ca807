"""Participation models, one module per sub-domain (bodies, reserve, trainings, monitoring, vawp)."""

from tendik.participation.models.bodies import (  # noqa: F401
    AgeGroup,
    Body,
    BodyEvent,
    BodyMember,
    BodySeats,
    BodyType,
    CompositionCount,
    EventKind,
    Position,
    Recording,
    Sex,
)
from tendik.participation.models.vawp import *  # noqa: F403
from tendik.participation.models import reserve, trainings  # noqa: F401  (registers the reserve and trainings models)
