"""Participation models, one module per sub-domain (bodies, reserve, trainings, monitoring, vawp)."""

from tendik.participation.models import reserve, trainings  # noqa: F401  (registers the reserve and trainings models)
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

from .monitoring import (  # noqa: F401
    DialogueGroup,
    EvidencePhoto,
    GroupMember,
    MemberRole,
    MonitoringVisit,
    RatingLevel,
    RatingScale,
    RatingTone,
    Scorecard,
    VisitLanguage,
    VisitStatus,
)
