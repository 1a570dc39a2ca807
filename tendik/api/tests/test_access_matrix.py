"""The authorisation matrix, generated: every URL pattern and API operation, with real objects, as anonymous and as
every role in and out of scope, reading and writing.

The world is Tendik's demo (every module's loader: 14 committees, municipalities in several oblasts, plans, reports,
consultations ...) plus a few objects the demo lacks; the objects used are Halmion's (Batken oblast) and the
out-of-scope identities hold the same roles elsewhere (Naryn, Kazybek, another committee). Expectations live in
access_expectations.py, one line per route: a route without one fails `test_every_route_has_an_expectation`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import call_command, get_commands
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from tendik.api.tests.access_expectations import EXPECTATIONS, E

pytestmark = [pytest.mark.django_db, pytest.mark.matrix]

LOADERS = [
    "load_territories",
    "load_demo_users",
    "load_plans",
    "load_plans_demo",
    "load_consultations_demo",
    "load_protection_demo",
    "load_participation_body_types",
    "load_participation_bodies_demo",
    "load_participation_reserve_demo",
    "load_participation_monitoring_demo",
    "load_participation_vawp_demo",
]
IDENTITIES = [
    "anonymous",
    "roleless",
    "admin",
    "coordinator",
    "viewer",
    "focal_batken",
    "focal_kadamjay",
    "focal_naryn",
    "officer_halmion",
    "officer_kazybek",
    "monitor_osh",
    "monitor_batken",
    "support_osh",
    "chair_halmion",
    "worker_halmion",
    "worker_elsewhere",
]
SUCCESS = range(200, 300)


def routes() -> list[tuple[str, Any]]:
    """(key, pattern) for every route but Django admin and DRF's format-suffix twins; key = URL name or route."""
    found: dict[str, Any] = {}

    def walk(patterns: Any, prefix: str = "", ns: str = "") -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else ""))
                continue
            route = prefix + str(p.pattern)
            if route.startswith("admin/") or "format" in route or (p.name == "api-root"):
                continue
            key = f"{ns}{p.name}" if p.name else route
            found.setdefault(key, p)

    walk(get_resolver().url_patterns)
    return sorted(found.items())


def test_every_route_has_an_expectation() -> None:
    missing = [key for key, _p in routes() if key not in EXPECTATIONS]
    stale = sorted(set(EXPECTATIONS) - {key for key, _p in routes()})
    assert not missing, f"routes without an expectation in access_expectations.py: {missing}"
    assert not stale, f"expectations for routes that no longer exist: {stale}"


class World(SimpleNamespace):
    def scope(self, name: str) -> Any:
        return self.scopes[name]


def _build_world() -> World:
    from django.contrib.auth import get_user_model

    from tendik.accounts.models import Notification, RoleAssignment
    from tendik.audit.context import acting_as
    from tendik.audit.models import AccessLogEntry, AuditEntry
    from tendik.consultations.models import Meeting, Participant, Recommendation, RecommendationAnswer
    from tendik.geography.models import TerritoryImport
    from tendik.jobs.models import Job
    from tendik.plans.models import DataValue, Evidence, Indicator, LocalPlan, Measure, Plan
    from tendik.protection.models import Committee, Consent, ProtectionOrder

    available = get_commands()
    with acting_as(None, source="demo"):
        for name in LOADERS:
            if name in available:
                call_command(name, verbosity=0)
    User = get_user_model()  # noqa: N806
    users = {u.username: u for u in User.objects.all()}
    users["roleless"] = User.objects.create_user(username="roleless", password="Tendik-demo-2025")
    officer = users["officer_halmion"]
    halmion = RoleAssignment.objects.get(user=officer).unit
    committee = RoleAssignment.objects.get(user=users["chair_halmion"]).committee
    other = Committee.objects.exclude(pk=committee.pk).order_by("pk").first()
    users["worker_elsewhere"] = User.objects.create_user(username="worker_elsewhere", password="Tendik-demo-2025")
    RoleAssignment.objects.create(user=users["worker_elsewhere"], role="case_worker", committee=other)
    local_plan = LocalPlan.objects.filter(municipality=halmion).first()
    report = local_plan.reports.order_by("-status").first()
    entry = report.entries.first()
    evidence = Evidence.objects.create(
        entry=entry, file="plans/evidence/x/act.pdf", name="act.pdf", content_type="application/pdf", size=8
    )
    meeting = Meeting.objects.filter(place__path__startswith=halmion.path[:10]).first() or Meeting.objects.first()
    case = committee.cases.first()
    order = ProtectionOrder.objects.select_related("case__committee").first()
    job = Job.objects.create(user=officer, kind="plans.report_export", title="Отчёт")
    notification = Notification.objects.create(user=officer, title="Отчёт", url="/plans/")
    territory_import = TerritoryImport.objects.create(
        created_by=users["admin"], file_name="soate.xlsx", effective_on=dt.date(2026, 1, 1)
    )
    attachment = meeting.attachments.create(
        kind="document", title="Протокол", file="consultations/x.pdf", content_type="application/pdf", size=8
    )
    AccessLogEntry.objects.get_or_create(
        content_type_id=AuditEntry.objects.first().content_type_id, object_id="1", purpose="test"
    )
    objects = {
        "notification": notification.pk,
        "user": officer.pk,
        "assignment": RoleAssignment.objects.get(user=officer).pk,
        "unit_code": halmion.code,
        "territory_import": territory_import.pk,
        "job": job.token,
        "plan_code": Plan.objects.first().code,
        "national_measure": Measure.objects.first().pk,
        "indicator_code": Indicator.objects.first().code,
        "local_plan": local_plan.pk,
        "local_measure": local_plan.measures.first().pk,
        "report": report.pk,
        "entry": entry.pk,
        "evidence": evidence.pk,
        "data_value": (DataValue.objects.filter(report__local_plan=local_plan).first() or DataValue.objects.first()).pk,
        "series_code": meeting.series.code,
        "meeting_code": meeting.code,
        "participant": (Participant.objects.filter(meeting=meeting).first() or Participant.objects.first()).pk,
        "attachment": attachment.pk,
        "recommendation_code": Recommendation.objects.filter(published_answer__isnull=False).first().code,
        "answer": RecommendationAnswer.objects.first().pk,
        "committee": committee.pk,
        "member": committee.members.first().pk,
        "appeal": committee.appeals.first().pk,
        "family": committee.families.first().pk,
        "case": case.pk,
        "case_worker": users["worker_halmion"].pk,
        "consent": (Consent.objects.filter(case=case).first() or Consent.objects.first()).pk,
        "referral": case.referrals.first().pk if case.referrals.exists() else 999999,
        "service": case.services.first().pk if case.services.exists() else 999999,
        "order": order.pk,
        "order_case": order.case_id,
        "committee_meeting": committee.meetings.first().pk,
        "decision": committee.meetings.first().decisions.first().pk
        if committee.meetings.first().decisions.exists()
        else 999999,
        "event": committee.events.first().pk if committee.events.exists() else 999999,
        "audit_entry": AuditEntry.objects.first().pk,
        "access_entry": AccessLogEntry.objects.first().pk,
    }
    participation, participation_scopes = _participation_world(halmion)
    objects.update(participation)
    scopes = {
        **participation_scopes,
        "local_plan": halmion,
        "unit": halmion,
        "meeting": meeting.place,
        "committee": committee,
        "order": order.case.committee,
    }
    return World(
        users=users,
        objects=objects,
        scopes=scopes,
        owner_of_notification=officer,
        owner_of_job=officer,
    )


def _body_member(m: Any, pick: Any) -> Any:
    """The demo records compositions as counts; one member of a body that records people, added by its service."""
    from django.contrib.auth import get_user_model

    from tendik.participation.services.bodies import member_add

    body = pick(m.Body.objects.filter(recording=m.Recording.MEMBERS), "unit")
    if body is None:
        return None
    actor = get_user_model().objects.get(username="coordinator")
    return member_add(body=body, actor=actor, sex="female", term_start=dt.date(2024, 1, 15))


def _participation_world(halmion: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Participation objects of Halmion (or, where the demo has none there, of Batken oblast, else anywhere); each
    object's own territory is its scope, so the rules stay true whichever object is picked."""
    from tendik.participation.models import bodies, monitoring, reserve, trainings, vawp
    from tendik.portal import opendata
    from tendik.portal.datasets import DATASETS

    m = SimpleNamespace(
        **{k: v for mod in (bodies, monitoring, reserve, trainings, vawp) for k, v in vars(mod).items()}
    )
    oblast = "/".join(halmion.path.split("/")[:2]) + "/"

    def pick(qs: Any, field: str) -> Any:
        for prefix in (halmion.path, oblast):
            found = qs.filter(**{f"{field}__path__startswith": prefix}).order_by("pk").first()
            if found is not None:
                return found
        return qs.order_by("pk").first()

    def pk(obj: Any, attr: str = "pk") -> Any:
        return getattr(obj, attr) if obj is not None else 999999

    body = pick(m.Body.objects.all(), "unit")
    member = pick(m.BodyMember.objects.all(), "body__unit") or _body_member(m, pick)
    person = pick(m.ReservePerson.objects.all(), "territory")
    shortlist = pick(m.Shortlist.objects.all(), "territory")
    session = pick(m.TrainingSession.objects.all(), "territory")
    participant = pick(m.TrainingParticipant.objects.filter(certificate__isnull=False), "session__territory") or pick(
        m.TrainingParticipant.objects.all(), "session__territory"
    )
    certificate = m.Certificate.objects.filter(participant=participant).first() or m.Certificate.objects.first()
    group = pick(m.DialogueGroup.objects.all(), "territory")
    visit = pick(m.MonitoringVisit.objects.filter(status=m.VisitStatus.SUBMITTED), "municipality") or pick(
        m.MonitoringVisit.objects.all(), "municipality"
    )
    card = m.Scorecard.objects.filter(visit=visit).first() if visit else None
    photo = m.EvidencePhoto.objects.filter(card__visit=visit).first() if visit else None
    report = pick(m.VawpReport.objects.all(), "unit")
    entry = m.ShortlistEntry.objects.filter(shortlist=shortlist).first() if shortlist else None
    objects = {
        "body": pk(body),
        "body_type": pk(body.body_type if body else m.BodyType.objects.first()),
        "body_member": pk(member),
        "body_seats": pk(m.BodySeats.objects.filter(body=body).first() if body else None),
        "body_count": pk(m.CompositionCount.objects.filter(body=body).first() if body else None),
        "body_event": pk(m.BodyEvent.objects.filter(body=body).first() if body else None),
        "reserve_person": pk(person),
        "reserve_area": pk(m.ExpertiseArea.objects.order_by("pk").first()),
        "shortlist": pk(shortlist),
        "shortlist_entry": pk(entry),
        "programme": pk(session.programme if session else None),
        "session": pk(session),
        "participant": pk(participant),
        "headcount": pk(m.TrainingHeadcount.objects.filter(session=session).first() if session else None),
        "certificate_code": pk(certificate, "code") if certificate else "NOCERT",
        "group": pk(group),
        "group_member": pk(m.GroupMember.objects.filter(group=group).first() if group else None),
        "visit": pk(visit),
        "scorecard": pk(card),
        "photo": pk(photo),
        "scale": pk(m.RatingScale.objects.order_by("pk").first()),
        "vawp_code": pk(report, "code") if report else "NOREPORT",
        "dataset_key": next(iter(DATASETS)),
        "sdg_indicator": next((opendata.sdg_id(s.indicator) for s in opendata.national_series()), "x"),
        "vawp_evidence": pk(m.VawpEvidence.objects.filter(report=report).first() if report else None),
    }
    scopes = {
        "body": body.unit if body else halmion,
        "body_member": member.body.unit if member else halmion,
        "reserve_person": person.territory if person else halmion,
        "shortlist": shortlist.territory if shortlist else halmion,
        "session": session.territory if session else halmion,
        "programme": session.programme.territory if session else None,
        "group": group.territory if group else halmion,
        "visit": visit.municipality if visit else halmion,
        "vawp": report.unit if report and report.unit_id else halmion,
    }
    return objects, scopes


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """Loaded once per module (and worker) inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _client(world: Any, who: str) -> tuple[Client, Any]:
    from django.contrib.auth.models import AnonymousUser
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client(REMOTE_ADDR="192.0.2.10")
    if who == "anonymous":
        return client, AnonymousUser()
    user = world.users[who]
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="matrix", confirmed=True
    )
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client, user


def _changes() -> tuple[int, ...]:
    from tendik.audit.models import AuditEntry
    from tendik.consultations.models import RecommendationEvent
    from tendik.plans.models import ReportEvent
    from tendik.protection.models import CaseStageEvent, ReferralEvent

    return tuple(
        m.objects.count() for m in (AuditEntry, ReportEvent, CaseStageEvent, ReferralEvent, RecommendationEvent)
    )


def _methods(pattern: Any) -> list[str]:
    actions = getattr(pattern.callback, "actions", None)
    if actions:
        return [m for m in actions if m in {"post", "put", "patch", "delete"}]
    return ["post"]


def _url(key: str, expectation: E, world: Any) -> str:
    kwargs = {k: (world.objects[v] if v in world.objects else v) for k, v in expectation.kw.items()}
    if "/" in key:  # an unnamed route
        return "/" + re.sub(r"^\^|\$$", "", key)
    return reverse(key, kwargs=kwargs)


def _files(media_root: Any) -> None:
    for name in ("plans/evidence/x/act.pdf", "consultations/x.pdf"):
        path = Path(media_root) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4 matrix")


@pytest.mark.parametrize("who", IDENTITIES)
def test_no_route_answers_2xx_to_someone_the_permission_layer_refuses(world: Any, who: str, settings: Any) -> None:
    _files(settings.MEDIA_ROOT)
    client, user = _client(world, who)
    leaks, changed = [], []
    for key, pattern in routes():
        expectation = EXPECTATIONS[key]
        url = _url(key, expectation, world)
        may_read = expectation.read(user, world)
        if not may_read:
            status = client.get(url).status_code
            if status in SUCCESS:
                leaks.append(f"GET {url} → {status}")
        if expectation.write(user, world):
            continue
        for method in _methods(pattern):
            before = _changes()
            with transaction.atomic():
                sid = transaction.savepoint()
                if url.startswith("/api/"):
                    response = getattr(client, method)(url, {}, content_type="application/json")
                else:
                    response = getattr(client, method)(url, {})
                after = _changes()
                transaction.savepoint_rollback(sid)
            # A page that answers a POST like a GET (the form again) is a read: a leak only where reading is refused.
            # An API write is explicit: any 2xx is a leak. A write that went through is caught as a change below.
            if response.status_code in SUCCESS and (url.startswith("/api/") or not may_read):
                leaks.append(f"{method.upper()} {url} → {response.status_code}")
            if after != before:
                changed.append(f"{method.upper()} {url} ({response.status_code}) changed {before} → {after}")
    assert not leaks, f"{who} got a 2xx the permission layer refuses:\n" + "\n".join(leaks)
    assert not changed, f"a refused write by {who} changed data:\n" + "\n".join(changed)


@pytest.mark.parametrize("who", ["coordinator", "officer_halmion", "chair_halmion", "admin"])
def test_detail_routes_are_filled_with_real_objects(world: Any, who: str, settings: Any) -> None:
    """Guard against a matrix of 404s: what the rules allow this identity to read answers below 400."""
    _files(settings.MEDIA_ROOT)
    client, user = _client(world, who)
    refused = []
    for key, _pattern in routes():
        expectation = EXPECTATIONS[key]
        if not expectation.kw or not expectation.read(user, world):
            continue
        if any(world.objects.get(v) == 999999 for v in expectation.kw.values()):
            continue
        status = client.get(_url(key, expectation, world)).status_code
        if status >= 400:
            refused.append(f"{key} → {status}")
    # A few pages refine the permission (identities, committee membership); the rest must open.
    assert len(refused) <= 12, refused
