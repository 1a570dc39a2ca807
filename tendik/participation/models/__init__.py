"""Participation models, one module per sub-domain (bodies, reserve, trainings, monitoring, vawp)."""

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
