from .answers import AnswerState, AnswerTransition, RecommendationAnswer
from .choices import (
    AgeGroup,
    AttachmentKind,
    CountDimension,
    EventKind,
    Language,
    Level,
    ParticipantRole,
    RecommendationScope,
    Sex,
    Theme,
)
from .meetings import ConsultationSeries, Meeting, MeetingAttachment, Organisation
from .participants import AttendanceCount, Participant
from .recommendations import Problem, Recommendation, RecommendationEvent

__all__ = [
    "AgeGroup",
    "AnswerState",
    "AnswerTransition",
    "AttachmentKind",
    "AttendanceCount",
    "ConsultationSeries",
    "CountDimension",
    "EventKind",
    "Language",
    "Level",
    "Meeting",
    "MeetingAttachment",
    "Organisation",
    "Participant",
    "ParticipantRole",
    "Problem",
    "Recommendation",
    "RecommendationAnswer",
    "RecommendationEvent",
    "RecommendationScope",
    "Sex",
    "Theme",
]
