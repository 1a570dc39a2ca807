"""Who may read and who may write each URL: one line per route, checked by test_access_matrix.py.

A new URL (web page or API route) fails the matrix until it has a line here. Add one like
    "plans:local_plan": E(kw={"pk": "local_plan"}, read=may(Perm.PLANS_VIEW, "local_plan"),
                          write=may(Perm.LOCAL_PLAN_EDIT, "local_plan")),
- `kw`: URL arguments, each naming an object of the matrix's world (see WORLD_OBJECTS in test_access_matrix.py:
  objects of Halmion / its committee; their twins elsewhere make the out-of-scope cases).
- `read` / `write`: who may get a 2xx answer to GET / to a write (POST, and PATCH on API records): `ANYONE`,
  `SIGNED_IN`, `NOBODY`, `may(Perm.X)` (the permission anywhere), `may(Perm.X, "object")` (the permission over
  that object's territory or committee), or `only(lambda user, world: ...)`. An identity the rule refuses must never
  get a 2xx; a refused write must change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tendik.accounts.permissions import has_perm, is_national, scope_paths
from tendik.accounts.roles import Perm

Rule = Callable[[Any, Any], bool]


def ANYONE(user: Any, world: Any) -> bool:  # noqa: N802
    return True


def SIGNED_IN(user: Any, world: Any) -> bool:  # noqa: N802
    return bool(user.is_authenticated)


def NOBODY(user: Any, world: Any) -> bool:  # noqa: N802
    return False


def may(perm: Perm, obj: str | None = None) -> Rule:
    def rule(user: Any, world: Any) -> bool:
        if not user.is_authenticated:
            return False
        if obj is None:
            return has_perm(user, perm)
        scope = world.scope(obj)
        if hasattr(scope, "municipality_id"):  # a committee
            return has_perm(user, perm, committee=scope)
        return has_perm(user, perm, unit=scope)

    return rule


def national(perm: Perm) -> Rule:
    """The permission granted nationally (body types, the rating scale, expertise areas)."""
    return lambda user, world: bool(user.is_authenticated) and is_national(user, perm)


def overlapping(perm: Perm, obj: str) -> Rule:
    """The permission over a territory inside the object's, or containing it (dialogue groups)."""

    def rule(user: Any, world: Any) -> bool:
        if not user.is_authenticated:
            return False
        paths = scope_paths(user, perm)
        if paths is None:
            return True
        unit = world.scope(obj)
        return any(unit.path.startswith(p) or p.startswith(unit.path) for p in paths)

    return rule


def only(rule: Rule) -> Rule:
    return rule


def any_of(*rules: Rule) -> Rule:
    return lambda user, world: any(r(user, world) for r in rules)


@dataclass(frozen=True)
class E:
    kw: dict[str, str] = field(default_factory=dict)
    read: Rule = NOBODY
    write: Rule = NOBODY


P = Perm
PV, PE, PM = P.PROTECTION_VIEW, P.PROTECTION_EDIT, P.PROTECTION_MANAGE_COMMITTEES
CV, CM, CA = P.CONSULTATIONS_VIEW, P.CONSULTATIONS_MANAGE, P.CONSULTATIONS_ANSWER
LP = "local_plan"
# The committee's own people, or the focal point who manages the territory's committees: the committee's page, its
# members and prevention events (never casework).
SEE = any_of(may(PV, "committee"), may(PM, "committee"))
CREW = any_of(may(PE, "committee"), may(PM, "committee"))

PV_, BE, RV, RE = P.PARTICIPATION_VIEW, P.BODIES_EDIT, P.RESERVE_VIEW, P.RESERVE_EDIT
TM, VW, MM, VF, VS = P.TRAININGS_MANAGE, P.VISITS_WRITE, P.MONITORING_MANAGE, P.VAWP_FOLLOW_UP, P.VAWP_STATS
BODY, PERSON, SHORT, SESSION, GROUP, VISIT, VAWP = (
    {"pk": "body"},
    {"pk": "reserve_person"},
    {"pk": "shortlist"},
    {"pk": "session"},
    {"pk": "group"},
    {"pk": "visit"},
    {"code": "vawp_code"},
)


def _manages_programme(user: Any, world: Any) -> bool:
    """A national programme is the national trainings managers'; a territorial one is managed within its territory."""
    if not user.is_authenticated:
        return False
    territory = world.scope("programme")
    return is_national(user, TM) if territory is None else has_perm(user, TM, unit=territory)


PROGRAMME_MANAGER = only(_manages_programme)
PARTICIPATION_PAGES: dict[str, E] = {
    # bodies and the quota
    "participation:bodies": E(read=may(PV_)),
    "participation:quota": E(read=may(PV_)),
    "participation:quota_pdf": E(read=may(PV_)),
    "participation:bodies_export": E(read=may(PV_)),
    "participation:bodies_import": E(read=may(BE), write=may(BE)),
    "participation:body_create": E(read=may(BE), write=may(BE)),
    "participation:body": E(kw=BODY, read=may(PV_, "body")),
    "participation:body_edit": E(kw=BODY, read=may(BE, "body"), write=may(BE, "body")),
    "participation:body_count": E(kw=BODY, read=may(BE, "body"), write=may(BE, "body")),
    "participation:body_seats": E(kw=BODY, read=may(BE, "body"), write=may(BE, "body")),
    "participation:body_member_add": E(kw=BODY, read=may(BE, "body"), write=may(BE, "body")),
    "participation:body_dissolve": E(kw=BODY, read=may(BE, "body"), write=may(BE, "body")),
    "participation:body_member_leave": E(
        kw={"pk": "body_member"}, read=may(BE, "body_member"), write=may(BE, "body_member")
    ),
    "participation:body_types": E(read=national(P.BODY_TYPES_MANAGE)),
    "participation:body_type_create": E(read=national(P.BODY_TYPES_MANAGE), write=national(P.BODY_TYPES_MANAGE)),
    "participation:body_type_edit": E(
        kw={"pk": "body_type"}, read=national(P.BODY_TYPES_MANAGE), write=national(P.BODY_TYPES_MANAGE)
    ),
    # the cadre reserve (personal data) and trainings
    "participation:reserve": E(read=may(RV)),
    "participation:reserve_figures": E(read=may(PV_)),
    "participation:reserve_person_add": E(read=may(RE), write=may(RE)),
    "participation:reserve_export": E(read=may(PV_)),  # figures only without RESERVE_VIEW
    "participation:reserve_import": E(read=may(RE), write=may(RE)),
    "participation:trainings_export": E(read=may(PV_)),
    "participation:reserve_person": E(kw=PERSON, read=may(RV, "reserve_person")),
    "participation:reserve_person_edit": E(kw=PERSON, read=may(RE, "reserve_person"), write=may(RE, "reserve_person")),
    "participation:reserve_person_erase": E(kw=PERSON, read=may(RE, "reserve_person"), write=may(RE, "reserve_person")),
    "participation:reserve_person_enrol": E(kw=PERSON, write=may(TM)),
    "participation:reserve_shortlists": E(read=may(RV)),
    "participation:reserve_shortlist_add": E(read=may(RE), write=may(RE)),
    "participation:reserve_shortlist": E(kw=SHORT, read=may(RV, "shortlist")),
    "participation:reserve_shortlist_status": E(kw=SHORT, write=may(RE, "shortlist")),
    "participation:reserve_shortlist_entry_remove": E(
        kw={"pk": "shortlist", "entry_pk": "shortlist_entry"}, write=may(RE, "shortlist")
    ),
    "participation:reserve_areas": E(read=may(RV)),
    "participation:reserve_area_add": E(read=national(RE), write=national(RE)),
    "participation:reserve_area_edit": E(kw={"pk": "reserve_area"}, read=national(RE), write=national(RE)),
    "participation:trainings": E(read=may(PV_)),
    "participation:training_programme_add": E(read=may(TM), write=may(TM)),
    "participation:training_programme": E(kw={"pk": "programme"}, read=may(PV_)),
    "participation:training_programme_edit": E(kw={"pk": "programme"}, read=PROGRAMME_MANAGER, write=PROGRAMME_MANAGER),
    "participation:training_session_add": E(kw={"programme_pk": "programme"}, read=may(TM), write=may(TM)),
    "participation:training_session_edit": E(
        kw={"programme_pk": "programme", "pk": "session"}, read=may(TM, "session"), write=may(TM, "session")
    ),
    "participation:training_session": E(kw=SESSION, read=may(PV_, "session")),
    "participation:training_complete": E(kw={"pk": "participant"}, write=may(TM, "session")),
    "participation:training_participant_remove": E(kw={"pk": "participant"}, write=may(TM, "session")),
    "participation:certificate_issue": E(kw={"pk": "participant"}, write=may(TM, "session")),
    "participation:certificate_revoke": E(kw={"pk": "participant"}, write=may(TM, "session")),
    "participation:certificate_pdf": E(kw={"pk": "participant"}, read=any_of(may(TM, "session"), may(RV, "session"))),
    "participation:training_headcount_remove": E(kw={"pk": "headcount"}, write=may(TM, "session")),
    "participation:certificate_check": E(read=ANYONE),
    "participation:certificate_verify": E(kw={"code": "certificate_code"}, read=ANYONE),
    # dialogue-group monitoring: readers see submitted visits in scope; monitors write in theirs
    "participation:monitoring": E(read=may(PV_)),
    "participation:visit_new": E(read=may(VW), write=may(VW)),
    "participation:visits_export": E(read=may(PV_)),
    "participation:visit": E(kw=VISIT, read=any_of(may(PV_, "visit"), may(VW, "visit"))),
    "participation:visit_edit": E(kw=VISIT, read=may(VW, "visit"), write=may(VW, "visit")),
    "participation:visit_pdf": E(kw=VISIT, read=any_of(may(PV_, "visit"), may(VW, "visit"))),
    "participation:visit_measures": E(kw=VISIT, write=may(VW, "visit")),
    "participation:visit_cards": E(kw=VISIT, write=may(VW, "visit")),
    "participation:visit_submit": E(kw=VISIT, write=may(VW, "visit")),
    "participation:visit_discard": E(kw=VISIT, write=may(VW, "visit")),
    "participation:card_recommend": E(kw={"pk": "scorecard"}, write=may(CM, "visit")),
    "participation:card_photos": E(kw={"pk": "scorecard"}, write=may(VW, "visit")),
    "participation:photo": E(kw={"pk": "photo"}, read=any_of(may(PV_, "visit"), may(VW, "visit"))),
    "participation:photo_delete": E(kw={"pk": "photo"}, write=may(VW, "visit")),
    "participation:groups": E(read=may(PV_)),
    "participation:group_new": E(read=may(MM), write=may(MM)),
    "participation:group": E(kw=GROUP, read=overlapping(PV_, "group")),
    "participation:group_edit": E(kw=GROUP, read=may(MM, "group"), write=may(MM, "group")),
    "participation:member_new": E(kw={"group_pk": "group"}, read=may(MM, "group"), write=may(MM, "group")),
    "participation:member_edit": E(
        kw={"group_pk": "group", "pk": "group_member"}, read=may(MM, "group"), write=may(MM, "group")
    ),
    "participation:scales": E(read=may(PV_)),
    "participation:scale_new": E(read=national(MM), write=national(MM)),
    "participation:scale_edit": E(kw={"pk": "scale"}, read=national(MM), write=national(MM)),
    # violence against women in politics: the report form and the reporter's status page (code + secret) are public
    "participation:vawp_report": E(read=ANYONE, write=ANYONE),
    "participation:vawp_status": E(read=ANYONE, write=ANYONE),
    "participation:vawp_withdraw": E(write=ANYONE),
    "participation:vawp_statistics": E(read=may(VS)),
    "participation:vawp_list": E(read=may(VF)),
    "participation:vawp_detail": E(kw=VAWP, read=may(VF, "vawp")),
    "participation:vawp_move": E(kw=VAWP, write=may(VF, "vawp")),
    "participation:vawp_note": E(kw=VAWP, write=may(VF, "vawp")),
    "participation:vawp_evidence": E(kw={"code": "vawp_code", "pk": "vawp_evidence"}, read=may(VF, "vawp")),
}
PARTICIPATION_API: dict[str, E] = {
    "participation-quota": E(read=may(PV_)),
    "participation-certificate-verify": E(kw={"code": "certificate_code"}, read=ANYONE),
    "participation-body-type-list": E(read=may(PV_), write=national(P.BODY_TYPES_MANAGE)),
    "participation-body-type-detail": E(kw={"pk": "body_type"}, read=may(PV_), write=national(P.BODY_TYPES_MANAGE)),
    "participation-body-list": E(read=may(PV_), write=may(BE)),
    "participation-body-detail": E(kw=BODY, read=may(PV_, "body"), write=may(BE, "body")),
    "participation-body-composition": E(kw=BODY, read=may(PV_, "body")),
    "participation-body-seats-list": E(read=may(PV_), write=may(BE)),
    "participation-body-seats-detail": E(kw={"pk": "body_seats"}, read=may(PV_, "body")),
    "participation-body-count-list": E(read=may(PV_), write=may(BE)),
    "participation-body-count-detail": E(kw={"pk": "body_count"}, read=may(PV_, "body")),
    "participation-body-member-list": E(read=may(PV_), write=may(BE)),
    "participation-body-member-detail": E(kw={"pk": "body_member"}, read=may(PV_, "body_member")),
    "participation-body-member-leave": E(kw={"pk": "body_member"}, write=may(BE, "body_member")),
    "participation-body-event-list": E(read=may(PV_)),
    "participation-body-event-detail": E(kw={"pk": "body_event"}, read=may(PV_, "body")),
    "participation-scale-list": E(read=may(PV_)),
    "participation-scale-detail": E(kw={"pk": "scale"}, read=may(PV_)),
    "participation-group-list": E(read=may(PV_)),
    "participation-group-detail": E(kw=GROUP, read=overlapping(PV_, "group")),
    "participation-visit-list": E(read=may(PV_), write=may(VW)),
    "participation-visit-detail": E(kw=VISIT, read=any_of(may(PV_, "visit"), may(VW, "visit")), write=may(VW, "visit")),
    "participation-visit-submit": E(kw=VISIT, write=may(VW, "visit")),
    "participation-scorecard-list": E(read=may(PV_)),
    "participation-scorecard-detail": E(
        kw={"pk": "scorecard"}, read=any_of(may(PV_, "visit"), may(VW, "visit")), write=may(VW, "visit")
    ),
    "reserve-area-list": E(read=may(RV)),
    "reserve-area-detail": E(kw={"pk": "reserve_area"}, read=may(RV)),
    "reserve-person-list": E(read=may(RV), write=may(RE)),
    "reserve-person-detail": E(kw=PERSON, read=may(RV, "reserve_person"), write=may(RE, "reserve_person")),
    "reserve-person-erase": E(kw=PERSON, write=may(RE, "reserve_person")),
    "reserve-shortlist-list": E(read=may(RV), write=may(RE)),
    "reserve-shortlist-detail": E(kw=SHORT, read=may(RV, "shortlist"), write=may(RE, "shortlist")),
    "reserve-shortlist-candidates": E(kw=SHORT, write=may(RE, "shortlist")),
    "reserve-shortlist-set-status": E(kw=SHORT, write=may(RE, "shortlist")),
    "training-programme-list": E(read=may(PV_), write=may(TM)),
    "training-programme-detail": E(kw={"pk": "programme"}, read=may(PV_), write=PROGRAMME_MANAGER),
    "training-session-list": E(read=may(PV_), write=may(TM)),
    "training-session-detail": E(kw=SESSION, read=may(PV_, "session"), write=may(TM, "session")),
    "training-participant-list": E(read=may(PV_), write=may(TM)),
    "training-participant-detail": E(kw={"pk": "participant"}, read=may(PV_, "session"), write=may(TM, "session")),
    "training-participant-complete": E(kw={"pk": "participant"}, write=may(TM, "session")),
    "training-participant-certificate": E(kw={"pk": "participant"}, write=may(TM, "session")),
    "training-headcount-list": E(read=may(PV_), write=may(TM)),
    "training-headcount-detail": E(kw={"pk": "headcount"}, read=may(PV_, "session"), write=may(TM, "session")),
    "vawp-submit": E(write=ANYONE),
    "vawp-status": E(write=ANYONE),
    "vawp-withdraw": E(write=ANYONE),
    "vawp-follow-up": E(read=may(VF)),
    "vawp-follow-up-detail": E(kw=VAWP, read=may(VF, "vawp")),
    "vawp-move": E(kw=VAWP, write=may(VF, "vawp")),
    "vawp-note": E(kw=VAWP, write=may(VF, "vawp")),
    "vawp-statistics": E(read=may(VS)),
}

EXPECTATIONS: dict[str, E] = {
    # public and the sign-in flow
    "healthz": E(read=ANYONE),
    "set_language": E(read=ANYONE, write=ANYONE),
    "javascript-catalog": E(read=ANYONE),
    "home": E(read=ANYONE),
    "core:blank": E(read=ANYONE),  # the quick exit's landing
    "tasks": E(read=SIGNED_IN),  # the task home: what needs this person (empty for a role without tasks)
    "core:about": E(read=ANYONE),
    "accounts:login": E(read=ANYONE, write=ANYONE),  # the form itself (an empty POST re-shows it)
    "accounts:logout": E(write=SIGNED_IN),
    "accounts:two_factor": E(read=SIGNED_IN, write=SIGNED_IN),
    "accounts:profile": E(read=SIGNED_IN, write=SIGNED_IN),
    "accounts:password_change": E(read=SIGNED_IN, write=SIGNED_IN),
    "accounts:api_token": E(read=SIGNED_IN, write=SIGNED_IN),
    "accounts:notifications": E(read=SIGNED_IN),
    "accounts:notifications_read_all": E(write=SIGNED_IN),
    "accounts:notification_open": E(
        kw={"notification_id": "notification"}, read=only(lambda u, w: u == w.owner_of_notification)
    ),
    "accounts:users": E(read=may(P.MANAGE_USERS)),
    "accounts:user_create": E(read=may(P.MANAGE_USERS), write=may(P.MANAGE_USERS)),
    "accounts:unit_options": E(read=may(P.MANAGE_USERS)),
    "accounts:user_detail": E(kw={"user_id": "user"}, read=may(P.MANAGE_USERS)),
    "accounts:user_edit": E(kw={"user_id": "user"}, read=may(P.MANAGE_USERS), write=may(P.MANAGE_USERS)),
    "accounts:user_role_add": E(kw={"user_id": "user"}, read=may(P.MANAGE_USERS), write=may(P.MANAGE_USERS)),
    "accounts:user_role_revoke": E(kw={"user_id": "user", "assignment_id": "assignment"}, write=may(P.MANAGE_USERS)),
    "accounts:user_deactivate": E(kw={"user_id": "user"}, write=may(P.MANAGE_USERS)),
    "accounts:user_activate": E(kw={"user_id": "user"}, write=may(P.MANAGE_USERS)),
    "accounts:user_set_password": E(kw={"user_id": "user"}, read=may(P.MANAGE_USERS), write=may(P.MANAGE_USERS)),
    "accounts:user_two_factor_reset": E(kw={"user_id": "user"}, write=may(P.MANAGE_USERS)),
    # territories: reference data, public to read
    "geography:index": E(read=ANYONE),
    "geography:picker": E(read=ANYONE),
    "geography:map": E(read=ANYONE),
    "geography:unit": E(kw={"code": "unit_code"}, read=ANYONE),
    "geography:children": E(kw={"code": "unit_code"}, read=ANYONE),
    "geography:import_upload": E(read=may(P.MANAGE_TERRITORIES), write=may(P.MANAGE_TERRITORIES)),
    "geography:import_detail": E(kw={"pk": "territory_import"}, read=may(P.MANAGE_TERRITORIES)),
    "geography:import_apply": E(kw={"pk": "territory_import"}, write=may(P.MANAGE_TERRITORIES)),
    "geography:import_cancel": E(kw={"pk": "territory_import"}, write=may(P.MANAGE_TERRITORIES)),
    "audit:index": E(read=may(P.VIEW_AUDIT)),
    "audit:access": E(read=may(P.VIEW_AUDIT)),
    "jobs:list": E(read=SIGNED_IN),
    "jobs:start": E(write=SIGNED_IN),
    "jobs:detail": E(kw={"token": "job"}, read=only(lambda u, w: u == w.owner_of_job)),
    "jobs:confirm": E(kw={"token": "job"}, write=only(lambda u, w: u == w.owner_of_job)),
    "jobs:download": E(kw={"token": "job"}, read=only(lambda u, w: u == w.owner_of_job)),
    # plans: the national catalogue is public; local plans and reports by territory
    "plans:index": E(read=ANYONE),
    "plans:plan": E(kw={"code": "plan_code"}, read=ANYONE),
    "plans:plan_export": E(kw={"code": "plan_code", "fmt": "xlsx"}, read=ANYONE),
    "plans:measure": E(kw={"pk": "national_measure"}, read=ANYONE),
    "plans:local_list": E(read=may(P.PLANS_VIEW)),
    "plans:local_create": E(read=may(P.LOCAL_PLAN_EDIT), write=may(P.LOCAL_PLAN_EDIT)),
    "plans:local_plan": E(kw={"pk": LP}, read=may(P.PLANS_VIEW, LP)),
    "plans:local_edit": E(kw={"pk": LP}, read=may(P.LOCAL_PLAN_EDIT, LP), write=may(P.LOCAL_PLAN_EDIT, LP)),
    "plans:local_export": E(kw={"pk": LP, "fmt": "xlsx"}, read=may(P.PLANS_VIEW, LP)),
    "plans:local_measure_add": E(kw={"pk": LP}, read=may(P.LOCAL_PLAN_EDIT, LP), write=may(P.LOCAL_PLAN_EDIT, LP)),
    "plans:local_measure_edit": E(
        kw={"pk": "local_measure"}, read=may(P.LOCAL_PLAN_EDIT, LP), write=may(P.LOCAL_PLAN_EDIT, LP)
    ),
    "plans:report_open": E(kw={"pk": LP}, write=may(P.REPORT_SUBMIT, LP)),
    "plans:reports": E(read=may(P.PLANS_VIEW)),
    "plans:report": E(kw={"pk": "report"}, read=may(P.PLANS_VIEW, LP)),
    "plans:entry": E(
        kw={"pk": "report", "entry_pk": "entry"}, read=may(P.PLANS_VIEW, LP), write=may(P.REPORT_SUBMIT, LP)
    ),
    "plans:evidence_add": E(kw={"pk": "report", "entry_pk": "entry"}, write=may(P.REPORT_SUBMIT, LP)),
    "plans:report_template": E(kw={"pk": "report"}, read=may(P.PLANS_VIEW, LP)),
    "plans:report_upload": E(kw={"pk": "report"}, read=may(P.REPORT_SUBMIT, LP), write=may(P.REPORT_SUBMIT, LP)),
    "plans:report_action": E(kw={"pk": "report", "action": "submit"}, write=may(P.REPORT_SUBMIT, LP)),
    "plans:evidence": E(kw={"pk": "evidence"}, read=may(P.PLANS_VIEW, LP)),
    "plans:dashboard": E(read=may(P.PLANS_VIEW)),
    "plans:progress_export": E(kw={"fmt": "xlsx"}, read=may(P.PLANS_VIEW)),
    # consultations
    "consultations:index": E(read=may(CV)),
    "consultations/index/": E(read=may(CV)),
    "consultations:public": E(read=ANYONE),
    "consultations:public_detail": E(kw={"code": "recommendation_code"}, read=ANYONE),
    "consultations:series_create": E(read=may(CM), write=may(CM)),
    "consultations:series": E(kw={"code": "series_code"}, read=may(CV)),
    "consultations:series_edit": E(kw={"code": "series_code"}, read=may(CM), write=may(CM)),
    "consultations:resolution": E(kw={"code": "series_code"}, read=may(CV)),
    "consultations:report": E(kw={"code": "series_code"}, read=may(CV)),
    "consultations:meeting_create": E(read=may(CM), write=may(CM)),
    "consultations:meeting": E(kw={"code": "meeting_code"}, read=may(CV)),
    "consultations:meeting_edit": E(kw={"code": "meeting_code"}, read=may(CM, "meeting"), write=may(CM, "meeting")),
    "consultations:attendance": E(kw={"code": "meeting_code"}, read=may(CM, "meeting"), write=may(CM, "meeting")),
    "consultations:participant_create": E(
        kw={"code": "meeting_code"}, read=may(CM, "meeting"), write=may(CM, "meeting")
    ),
    "consultations:participant_edit": E(
        kw={"code": "meeting_code", "pk": "participant"}, read=may(CM, "meeting"), write=may(CM, "meeting")
    ),
    "consultations:attachment_add": E(kw={"code": "meeting_code"}, read=may(CM, "meeting"), write=may(CM, "meeting")),
    "consultations:problem_add": E(kw={"code": "meeting_code"}, read=may(CM, "meeting"), write=may(CM, "meeting")),
    "consultations:feedback_meeting": E(kw={"code": "meeting_code"}, read=may(CV), write=may(CV)),
    "consultations:attachment": E(kw={"pk": "attachment"}, read=may(CV)),
    "consultations:attachment_delete": E(kw={"pk": "attachment"}, write=may(CM)),
    "consultations:feedback_municipality_pick": E(read=may(CV)),
    "consultations:feedback_municipality": E(kw={"code": "unit_code"}, read=may(CV, "unit"), write=may(CV, "unit")),
    "consultations:recommendations": E(read=may(CV)),
    "consultations:recommendation_create": E(read=may(CM), write=may(CM)),
    "consultations:similar": E(read=may(CM)),
    "consultations:publish": E(write=may(CA)),
    "consultations:export": E(read=may(CV)),
    "consultations:import": E(read=may(CM), write=may(CM)),
    "consultations:recommendation": E(kw={"code": "recommendation_code"}, read=may(CV)),
    "consultations:recommendation_edit": E(kw={"code": "recommendation_code"}, read=may(CM), write=may(CM)),
    "consultations:merge": E(kw={"code": "recommendation_code"}, write=may(CM)),
    "consultations:answer": E(kw={"code": "recommendation_code"}, read=may(CA), write=may(CA)),
    # protection: committee work by committee; identities further limited inside the pages
    # focal points manage their territory's committees (and see members, providers, prevention events), not casework
    "protection:index": E(read=any_of(may(PV), may(PM))),
    "protection:report": E(read=may(P.PROTECTION_REPORT)),
    "protection:committee_add": E(read=may(PM), write=may(PM)),
    "protection:committee": E(kw={"pk": "committee"}, read=SEE),
    "protection:committee_edit": E(kw={"pk": "committee"}, read=may(PM, "committee"), write=may(PM, "committee")),
    "protection:member_add": E(kw={"pk": "committee"}, read=CREW, write=CREW),
    "protection:member_edit": E(kw={"pk": "committee", "member_pk": "member"}, read=CREW, write=CREW),
    "protection:appeal_add": E(kw={"pk": "committee"}, read=may(PE, "committee"), write=may(PE, "committee")),
    "protection:appeal_edit": E(
        kw={"pk": "committee", "appeal_pk": "appeal"}, read=may(PE, "committee"), write=may(PE, "committee")
    ),
    "protection:family_add": E(kw={"pk": "committee"}, read=may(PE, "committee"), write=may(PE, "committee")),
    "protection:family_edit": E(
        kw={"pk": "committee", "family_pk": "family"}, read=may(PE, "committee"), write=may(PE, "committee")
    ),
    "protection:case_open": E(kw={"pk": "committee"}, read=may(PE, "committee"), write=may(PE, "committee")),
    "protection:case_find": E(kw={"pk": "committee"}, read=may(PE, "committee"), write=may(PE, "committee")),
    "protection:meeting_add": E(kw={"pk": "committee"}, read=may(PE, "committee"), write=may(PE, "committee")),
    "protection:event_add": E(kw={"pk": "committee"}, read=may(PE, "committee"), write=may(PE, "committee")),
    "protection:export": E(
        kw={"pk": "committee"},
        read=may(P.CASE_EXPORT_IDENTIFIABLE, "committee"),
        write=may(P.CASE_EXPORT_IDENTIFIABLE, "committee"),
    ),
    "protection:family": E(kw={"pk": "family"}, read=may(PV, "committee")),
    "protection:visit_add": E(kw={"pk": "family"}, read=may(PE, "committee"), write=may(PE, "committee")),
    "protection:family_remove": E(kw={"pk": "family"}, read=may(PE, "committee"), write=may(PE, "committee")),
    "protection:case": E(kw={"pk": "case"}, read=may(PV, "committee")),
    "protection:case_edit": E(kw={"pk": "case"}, read=may(PE, "committee"), write=may(PE, "committee")),
    "protection:case_stage": E(kw={"pk": "case"}, write=may(PE, "committee")),
    "protection:case_share": E(kw={"pk": "case"}, write=may(PE, "committee")),
    "protection:case_unshare": E(kw={"pk": "case", "user_pk": "case_worker"}, write=may(PE, "committee")),
    "protection:perpetrator_add": E(kw={"pk": "case"}, read=may(PE, "committee"), write=may(PE, "committee")),
    "protection:incident_add": E(kw={"pk": "case"}, read=may(PE, "committee"), write=may(PE, "committee")),
    "protection:risk_add": E(kw={"pk": "case"}, read=may(PE, "committee"), write=may(PE, "committee")),
    "protection:consent_add": E(kw={"pk": "case"}, read=may(PE, "committee"), write=may(PE, "committee")),
    "protection:consent_withdraw": E(
        kw={"pk": "case", "consent_pk": "consent"}, read=may(PE, "committee"), write=may(PE, "committee")
    ),
    "protection:referral_add": E(kw={"pk": "case"}, read=may(PE, "committee"), write=may(PE, "committee")),
    "protection:referral_status": E(kw={"pk": "case", "referral_pk": "referral"}, write=may(PE, "committee")),
    "protection:service_add": E(kw={"pk": "case"}, read=may(PE, "committee"), write=may(PE, "committee")),
    "protection:session_add": E(kw={"pk": "case", "service_pk": "service"}, write=may(PE, "committee")),
    "protection:order_add": E(kw={"pk": "case"}, read=may(PE, "committee"), write=may(PE, "committee")),
    "protection:order_extend": E(
        kw={"pk": "order_case", "order_pk": "order"}, read=may(PE, "order"), write=may(PE, "order")
    ),
    "protection:order_violation": E(
        kw={"pk": "order_case", "order_pk": "order"}, read=may(PE, "order"), write=may(PE, "order")
    ),
    "protection:meeting": E(kw={"pk": "committee_meeting"}, read=may(PV, "committee")),
    "protection:decision_add": E(kw={"pk": "committee_meeting"}, read=may(PE, "committee"), write=may(PE, "committee")),
    "protection:decision_status": E(
        kw={"pk": "committee_meeting", "decision_pk": "decision"}, write=may(PE, "committee")
    ),
    "protection:minutes": E(kw={"pk": "committee_meeting"}, read=may(PV, "committee")),
    "protection:event": E(kw={"pk": "event"}, read=SEE),
    "participation:index": E(read=may(P.PARTICIPATION_VIEW)),
    # participation: readers see bodies, quota, trainings, submitted visits in scope; personal data (reserve, VAWP
    # identities) needs its own permission. Nobody in the matrix holds VAWP_FOLLOW_UP (vawp_support): NOBODY in effect.
    **PARTICIPATION_PAGES,
    # API: schema and docs are public; every other operation needs a permission
    "api-schema": E(read=ANYONE),
    "api-docs": E(read=ANYONE),
    "geography-unit-list": E(read=ANYONE),
    "geography-unit-detail": E(kw={"code": "unit_code"}, read=ANYONE),
    "geography-unit-boundary": E(kw={"code": "unit_code"}, read=ANYONE),
    "accounts-me": E(read=SIGNED_IN),
    "accounts-user-list": E(read=may(P.MANAGE_USERS)),
    "accounts-user-detail": E(kw={"pk": "user"}, read=may(P.MANAGE_USERS)),
    "audit-entry-list": E(read=may(P.VIEW_AUDIT)),
    "audit-entry-detail": E(kw={"pk": "audit_entry"}, read=may(P.VIEW_AUDIT)),
    "audit-access-list": E(read=may(P.VIEW_AUDIT)),
    "audit-access-detail": E(kw={"pk": "access_entry"}, read=may(P.VIEW_AUDIT)),
    "plans-plan-list": E(read=ANYONE, write=may(P.PLANS_MANAGE_CATALOGUE)),
    "plans-plan-detail": E(kw={"code": "plan_code"}, read=ANYONE, write=may(P.PLANS_MANAGE_CATALOGUE)),
    "plans-measure-list": E(read=ANYONE, write=may(P.PLANS_MANAGE_CATALOGUE)),
    "plans-measure-detail": E(kw={"pk": "national_measure"}, read=ANYONE, write=may(P.PLANS_MANAGE_CATALOGUE)),
    "plans-indicator-list": E(read=ANYONE, write=may(P.PLANS_MANAGE_CATALOGUE)),
    "plans-indicator-detail": E(kw={"code": "indicator_code"}, read=ANYONE, write=may(P.PLANS_MANAGE_CATALOGUE)),
    "plans-local-plan-list": E(read=may(P.PLANS_VIEW), write=may(P.LOCAL_PLAN_EDIT)),
    "plans-local-plan-detail": E(kw={"pk": LP}, read=may(P.PLANS_VIEW, LP), write=may(P.LOCAL_PLAN_EDIT, LP)),
    "plans-local-measure-list": E(read=may(P.PLANS_VIEW), write=may(P.LOCAL_PLAN_EDIT)),
    "plans-local-measure-detail": E(
        kw={"pk": "local_measure"}, read=may(P.PLANS_VIEW, LP), write=may(P.LOCAL_PLAN_EDIT, LP)
    ),
    "plans-report-list": E(read=may(P.PLANS_VIEW), write=may(P.REPORT_SUBMIT)),
    "plans-report-detail": E(kw={"pk": "report"}, read=may(P.PLANS_VIEW, LP)),
    "plans-report-accept": E(kw={"pk": "report"}, write=may(P.REPORT_ACCEPT)),
    "plans-report-approve": E(kw={"pk": "report"}, write=may(P.REPORT_REVIEW, LP)),
    "plans-report-return-": E(kw={"pk": "report"}, write=may(P.REPORT_REVIEW, LP)),
    "plans-report-submit": E(kw={"pk": "report"}, write=may(P.REPORT_SUBMIT, LP)),
    "plans-entry-list": E(read=may(P.PLANS_VIEW)),
    "plans-entry-detail": E(kw={"pk": "entry"}, read=may(P.PLANS_VIEW, LP), write=may(P.REPORT_SUBMIT, LP)),
    "plans-data-value-list": E(read=may(P.PLANS_VIEW)),
    "plans-data-value-detail": E(kw={"pk": "data_value"}, read=may(P.PLANS_VIEW, LP)),
    "consultations-meeting-list": E(read=may(CV), write=may(CM)),
    "consultations-meeting-detail": E(kw={"code": "meeting_code"}, read=may(CV), write=may(CM, "meeting")),
    "consultations-participant-list": E(read=may(CV), write=may(CM)),
    "consultations-participant-detail": E(kw={"pk": "participant"}, read=may(CV), write=may(CM, "meeting")),
    "consultations-recommendation-list": E(read=may(CV), write=may(CM)),
    "consultations-recommendation-detail": E(kw={"code": "recommendation_code"}, read=may(CV)),
    "consultations-answer-list": E(read=may(CV), write=may(CA)),
    "consultations-answer-publish": E(write=may(CA)),
    "consultations-answer-detail": E(kw={"pk": "answer"}, read=may(CV)),
    "protection-report": E(read=may(P.PROTECTION_REPORT)),
    "protection-committee-list": E(read=any_of(may(PV), may(PM)), write=may(PM)),
    "protection-committee-detail": E(kw={"pk": "committee"}, read=SEE, write=may(PM, "committee")),
    "protection-member-list": E(read=any_of(may(PV), may(PM)), write=may(PE)),
    "protection-member-detail": E(kw={"pk": "member"}, read=SEE, write=CREW),
    "protection-appeal-list": E(read=may(PV), write=may(PE)),
    "protection-appeal-detail": E(kw={"pk": "appeal"}, read=may(PV, "committee"), write=may(PE, "committee")),
    "protection-family-list": E(read=may(PV), write=may(PE)),
    "protection-family-detail": E(kw={"pk": "family"}, read=may(PV, "committee"), write=may(PE, "committee")),
    "protection-family-remove": E(kw={"pk": "family"}, write=may(PE, "committee")),
    "protection-family-visits": E(kw={"pk": "family"}, write=may(PE, "committee")),
    "protection-case-list": E(read=may(PV), write=may(PE)),
    "protection-case-detail": E(kw={"pk": "case"}, read=may(PV, "committee"), write=may(PE, "committee")),
    "protection-case-consents": E(kw={"pk": "case"}, write=may(PE, "committee")),
    "protection-case-incidents": E(kw={"pk": "case"}, write=may(PE, "committee")),
    "protection-case-perpetrators": E(kw={"pk": "case"}, write=may(PE, "committee")),
    "protection-case-risk-assessments": E(kw={"pk": "case"}, write=may(PE, "committee")),
    "protection-case-share": E(kw={"pk": "case"}, write=may(PE, "committee")),
    "protection-case-transition": E(kw={"pk": "case"}, write=may(PE, "committee")),
    "protection-order-list": E(read=may(PV), write=may(PE)),
    "protection-order-detail": E(kw={"pk": "order"}, read=may(PV, "order")),
    "protection-order-extend": E(kw={"pk": "order"}, write=may(PE, "order")),
    "protection-order-violations": E(kw={"pk": "order"}, write=may(PE, "order")),
    "protection-provider-list": E(read=any_of(may(PV), may(PM)), write=may(PE)),
    "protection-referral-list": E(read=may(PV), write=may(PE)),
    "protection-referral-detail": E(kw={"pk": "referral"}, read=may(PV, "committee")),
    "protection-referral-transition": E(kw={"pk": "referral"}, write=may(PE, "committee")),
    "protection-service-list": E(read=may(PV), write=may(PE)),
    "protection-service-detail": E(kw={"pk": "service"}, read=may(PV, "committee")),
    "protection-meeting-list": E(read=may(PV), write=may(PE)),
    "protection-meeting-detail": E(kw={"pk": "committee_meeting"}, read=may(PV, "committee")),
    "protection-meeting-decisions": E(kw={"pk": "committee_meeting"}, write=may(PE, "committee")),
    "protection-event-list": E(read=any_of(may(PV), may(PM)), write=may(PE)),
    "protection-event-detail": E(kw={"pk": "event"}, read=SEE),
    **PARTICIPATION_API,
    # the open-data portal: public, read-only
    "portal:country": E(read=ANYONE),
    "portal:plan": E(kw={"code": "plan_code"}, read=ANYONE),
    "portal:opendata": E(read=ANYONE),
    "portal:datapackage": E(read=ANYONE),
    "portal:datapackage_zip": E(read=ANYONE),
    "portal:opensdg_zip": E(read=ANYONE),
    "portal:opensdg_csv": E(kw={"indicator": "sdg_indicator"}, read=ANYONE),
    "portal:download": E(kw={"key": "dataset_key", "fmt": "csv"}, read=ANYONE),
    "portal:territory": E(kw={"code": "unit_code"}, read=ANYONE),
    "portal-api-datasets": E(read=ANYONE),
    "portal-api-dataset": E(kw={"key": "dataset_key"}, read=ANYONE),
}
