"""Protection module models, split by sub-domain and re-exported here."""

from tendik.protection.models.appeals import Appeal, AppealChannel, AppealOutcome
from tendik.protection.models.cases import (
    Case,
    CaseShare,
    CaseStage,
    CaseStageEvent,
    ClosureReason,
    Consent,
    ConsentKind,
    Incident,
    Perpetrator,
    RiskAssessment,
    RiskLevel,
)
from tendik.protection.models.choices import (
    AgeGroup,
    Category,
    GbvimsType,
    MemberRole,
    Relationship,
    Sector,
    Sex,
    ViolenceForm,
)
from tendik.protection.models.committees import Committee, CommitteeMember, CommitteeStatus
from tendik.protection.models.events import EventAttendance, EventKind, PreventionEvent
from tendik.protection.models.families import AtRiskFamily, FamilyStatus, FamilyVisit, RiskFactor, VisitKind
from tendik.protection.models.meetings import CommitteeMeeting, DecisionStatus, MeetingDecision
from tendik.protection.models.orders import OrderExtension, OrderViolation, ProtectionOrder, ProtectionOrderRule
from tendik.protection.models.referrals import (
    CorrectionSession,
    ProviderKind,
    Referral,
    ReferralEvent,
    ReferralStatus,
    ServiceDelivery,
    ServiceKind,
    ServiceProvider,
)
from tendik.protection.models.rollups import CaseFigureRollup

__all__ = [
    "AgeGroup",
    "Appeal",
    "AppealChannel",
    "AppealOutcome",
    "AtRiskFamily",
    "Case",
    "CaseFigureRollup",
    "CaseShare",
    "CaseStage",
    "CaseStageEvent",
    "Category",
    "ClosureReason",
    "Committee",
    "CommitteeMeeting",
    "CommitteeMember",
    "CommitteeStatus",
    "Consent",
    "ConsentKind",
    "CorrectionSession",
    "DecisionStatus",
    "EventAttendance",
    "EventKind",
    "FamilyStatus",
    "FamilyVisit",
    "GbvimsType",
    "Incident",
    "MeetingDecision",
    "MemberRole",
    "OrderExtension",
    "OrderViolation",
    "Perpetrator",
    "PreventionEvent",
    "ProtectionOrder",
    "ProtectionOrderRule",
    "ProviderKind",
    "Referral",
    "ReferralEvent",
    "ReferralStatus",
    "Relationship",
    "RiskAssessment",
    "RiskFactor",
    "RiskLevel",
    "Sector",
    "ServiceDelivery",
    "ServiceKind",
    "ServiceProvider",
    "Sex",
    "ViolenceForm",
    "VisitKind",
]
