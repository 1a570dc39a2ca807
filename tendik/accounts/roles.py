"""Roles and named permissions. One table decides what each role may do; scope decides where."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    NATIONAL_COORDINATOR = "national_coordinator", _("National coordinator (MLSSM gender department)")
    FOCAL_POINT = "focal_point", _("Territorial gender focal point")
    MUNICIPAL_OFFICER = "municipal_officer", _("Municipal officer")
    DIALOGUE_MONITOR = "dialogue_monitor", _("Dialogue-group monitor")
    COMMITTEE_CHAIR = "committee_chair", _("Committee chair")
    CASE_WORKER = "case_worker", _("Committee member / case worker")
    VIEWER = "viewer", _("Viewer")
    VAWP_SUPPORT = "vawp_support", _("Support staff for violence against women in politics")


class Perm(StrEnum):
    # foundation
    MANAGE_USERS = "accounts.manage_users"
    MANAGE_TERRITORIES = "geography.manage"
    VIEW_AUDIT = "audit.view"
    # plans
    PLANS_VIEW = "plans.view"
    PLANS_MANAGE_CATALOGUE = "plans.manage_catalogue"
    LOCAL_PLAN_EDIT = "plans.edit_local_plan"
    REPORT_SUBMIT = "plans.submit_report"
    REPORT_REVIEW = "plans.review_report"  # rayon / oblast approval, by the level of the reviewer's scope
    REPORT_ACCEPT = "plans.accept_report"  # ministry acceptance
    # consultations
    CONSULTATIONS_VIEW = "consultations.view"
    CONSULTATIONS_MANAGE = "consultations.manage"
    CONSULTATIONS_ANSWER = "consultations.answer"
    PARTICIPANTS_VIEW_PERSONAL = "consultations.view_personal"
    # protection
    PROTECTION_VIEW = "protection.view"  # committee work without identities
    PROTECTION_EDIT = "protection.edit"
    CASE_VIEW_IDENTITY = "protection.view_case_identity"
    CASE_EXPORT_IDENTIFIABLE = "protection.export_identifiable"
    PROTECTION_MANAGE_COMMITTEES = "protection.manage_committees"
    PROTECTION_REPORT = "protection.view_report"
    # participation
    PARTICIPATION_VIEW = "participation.view"  # bodies, composition, quota, trainings, visits: no personal data
    BODIES_EDIT = "participation.edit_bodies"  # bodies and their composition in scope
    BODY_TYPES_MANAGE = "participation.manage_body_types"  # body types and their rule thresholds
    RESERVE_VIEW = "participation.view_reserve"  # search the cadre reserve, open profiles (personal data, logged)
    RESERVE_EDIT = "participation.edit_reserve"
    TRAININGS_MANAGE = "participation.manage_trainings"  # programmes, sessions, participants, certificates
    VISITS_WRITE = "participation.write_visits"  # dialogue-group monitoring visits in scope
    MONITORING_MANAGE = "participation.manage_monitoring"  # dialogue groups in scope; the rating scale (national)
    VAWP_FOLLOW_UP = "participation.follow_up_vawp"  # read reporters' identities and follow reports up (2FA)
    VAWP_STATS = "participation.view_vawp_stats"  # suppressed statistics of VAWP reports


# What each permission lets a person do, in people's words (the profile page shows these, never the codes).
PERM_LABELS: dict[Perm, Any] = {
    Perm.MANAGE_USERS: _("Manage users and their roles"),
    Perm.MANAGE_TERRITORIES: _("Manage the list of territories"),
    Perm.VIEW_AUDIT: _("See the audit trail"),
    Perm.PLANS_VIEW: _("See plans, local plans and progress reports"),
    Perm.PLANS_MANAGE_CATALOGUE: _("Edit the national plans' catalogue"),
    Perm.LOCAL_PLAN_EDIT: _("Edit the local plan"),
    Perm.REPORT_SUBMIT: _("Fill in and submit progress reports"),
    Perm.REPORT_REVIEW: _("Review and approve progress reports of the territory"),
    Perm.REPORT_ACCEPT: _("Accept progress reports for the ministry"),
    Perm.CONSULTATIONS_VIEW: _("See consultations and recommendations"),
    Perm.CONSULTATIONS_MANAGE: _("Run consultations: meetings, participants, recommendations"),
    Perm.CONSULTATIONS_ANSWER: _("Answer recommendations officially"),
    Perm.PARTICIPANTS_VIEW_PERSONAL: _("See participants' contact details"),
    Perm.PROTECTION_VIEW: _("Work in the committee: appeals, families, meetings"),
    Perm.PROTECTION_EDIT: _("Record the committee's work"),
    Perm.CASE_VIEW_IDENTITY: _("See survivors' identities in the committee's cases"),
    Perm.CASE_EXPORT_IDENTIFIABLE: _("Export the committee's cases with identities"),
    Perm.PROTECTION_MANAGE_COMMITTEES: _("Set up committees and their members"),
    Perm.PROTECTION_REPORT: _("See committee reports"),
    Perm.PARTICIPATION_VIEW: _("See councils, the quota, trainings and monitoring visits"),
    Perm.BODIES_EDIT: _("Record councils and administrations and their composition"),
    Perm.BODY_TYPES_MANAGE: _("Set up kinds of bodies and the quota rules"),
    Perm.RESERVE_VIEW: _("Search the cadre reserve and open profiles"),
    Perm.RESERVE_EDIT: _("Edit the cadre reserve"),
    Perm.TRAININGS_MANAGE: _("Run trainings and political schools, issue certificates"),
    Perm.VISITS_WRITE: _("Record monitoring visits"),
    Perm.MONITORING_MANAGE: _("Set up dialogue groups and the monitoring rating scale"),
    Perm.VAWP_FOLLOW_UP: _("Follow up reports of violence against women in politics"),
    Perm.VAWP_STATS: _("See statistics of violence against women in politics"),
    Perm.MONITORING_MANAGE: _("Manage community monitoring groups and the rating scale"),
}

_READ = {Perm.PLANS_VIEW, Perm.CONSULTATIONS_VIEW, Perm.PROTECTION_REPORT, Perm.PARTICIPATION_VIEW}

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.ADMIN: frozenset(
        {
            Perm.MANAGE_USERS,
            Perm.MANAGE_TERRITORIES,
            Perm.VIEW_AUDIT,
            Perm.PLANS_MANAGE_CATALOGUE,
            Perm.PROTECTION_MANAGE_COMMITTEES,
            Perm.BODY_TYPES_MANAGE,
            Perm.MONITORING_MANAGE,
            *_READ,
        }
    ),
    Role.NATIONAL_COORDINATOR: frozenset(
        {
            *_READ,
            Perm.PLANS_MANAGE_CATALOGUE,
            Perm.REPORT_REVIEW,
            Perm.REPORT_ACCEPT,
            Perm.CONSULTATIONS_MANAGE,
            Perm.CONSULTATIONS_ANSWER,
            Perm.PARTICIPANTS_VIEW_PERSONAL,
            Perm.PROTECTION_MANAGE_COMMITTEES,
            Perm.BODIES_EDIT,
            Perm.BODY_TYPES_MANAGE,
            Perm.RESERVE_VIEW,
            Perm.RESERVE_EDIT,
            Perm.TRAININGS_MANAGE,
            Perm.MONITORING_MANAGE,
            Perm.VAWP_STATS,
        }
    ),
    Role.FOCAL_POINT: frozenset(
        {
            *_READ,
            Perm.REPORT_REVIEW,
            Perm.CONSULTATIONS_MANAGE,
            Perm.PARTICIPANTS_VIEW_PERSONAL,
            Perm.PROTECTION_MANAGE_COMMITTEES,
            Perm.BODIES_EDIT,
            Perm.RESERVE_VIEW,
            Perm.RESERVE_EDIT,
            Perm.TRAININGS_MANAGE,
            Perm.MONITORING_MANAGE,
            Perm.VAWP_STATS,
        }
    ),
    Role.MUNICIPAL_OFFICER: frozenset({*_READ, Perm.LOCAL_PLAN_EDIT, Perm.REPORT_SUBMIT, Perm.BODIES_EDIT}),
    Role.DIALOGUE_MONITOR: frozenset({*_READ, Perm.VISITS_WRITE}),
    Role.COMMITTEE_CHAIR: frozenset(
        {*_READ, Perm.PROTECTION_VIEW, Perm.PROTECTION_EDIT, Perm.CASE_VIEW_IDENTITY, Perm.CASE_EXPORT_IDENTIFIABLE}
    ),
    Role.CASE_WORKER: frozenset({*_READ, Perm.PROTECTION_VIEW, Perm.PROTECTION_EDIT, Perm.CASE_VIEW_IDENTITY}),
    Role.VIEWER: frozenset({*_READ}),
    # Scoped to a territory like the others; sees VAWP reporters' identities, so two-factor sign-in is required.
    Role.VAWP_SUPPORT: frozenset({Perm.PARTICIPATION_VIEW, Perm.VAWP_FOLLOW_UP, Perm.VAWP_STATS}),
}

# Roles bound to a committee rather than a territory.
COMMITTEE_ROLES = frozenset({Role.COMMITTEE_CHAIR, Role.CASE_WORKER})


def role_requires_two_factor(role: str) -> bool:
    perms = ROLE_PERMISSIONS.get(role, frozenset())
    return (
        role == Role.ADMIN
        or Perm.CASE_VIEW_IDENTITY in perms
        or Perm.VAWP_FOLLOW_UP in perms
        or Perm.MANAGE_USERS in perms
    )
