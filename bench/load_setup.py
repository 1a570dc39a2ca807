"""Prepare a demo database for the load test (`bench/load.sh`): accounts for the simulated people, the pages they
work on, and the large import file. Idempotent; run on a database loaded by `manage.py demo --no-serve`.

    DATABASE_URL=... TENDIK_DATA_DIR=... python -m bench.load_setup <out-dir> [import rows]

Writes <out-dir>/targets.json (accounts, report entries, committee pages) and the import file beside it.
Every account gets the demo password; those whose role needs a second factor get a TOTP device whose key is derived
from the user name, so that the load script can compute the codes. Development databases only.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

OFFICERS = 50
REVIEWERS = 40
STAFF = 30


def totp_key(username: str) -> str:
    """The hex TOTP key of a load-test account (the load script derives the same one)."""
    return hashlib.sha1(f"tendik-load:{username}".encode()).hexdigest()  # noqa: S324  (a test key, not a hash)


def _waiting_for(username: str, unit: Any) -> list[int]:
    """The reports submitted under `unit` whose next approval is this reviewer's (a reporting season: reports move)."""
    from tendik.accounts.models import User
    from tendik.plans import permissions as plan_perms
    from tendik.plans.models import ProgressReport

    user = User.objects.get(username=username)
    waiting = []
    for report in (
        ProgressReport.objects.filter(status="submitted", municipality__path__startswith=unit.path)
        .select_related("municipality")
        .order_by("pk")
    ):
        chain = plan_perms.approval_chain(report.municipality)
        step = plan_perms.pending_step(report, chain)
        if step is not None and plan_perms.may_act_at(user, step, chain):
            waiting.append(report.pk)
    return waiting


def _account(username: str, role: str, *, unit: Any = None, committee: Any = None, password: str) -> dict[str, Any]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tendik.accounts.models import RoleAssignment, User
    from tendik.accounts.permissions import requires_two_factor

    user, _made = User.objects.get_or_create(username=username, defaults={"first_name": "Load", "last_name": username})
    if user.password != password:
        user.password = password
        user.save(update_fields=["password"])
    RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit, committee=committee)
    two_factor = requires_two_factor(user)
    device = None
    if two_factor:
        device, _made = TOTPDevice.objects.update_or_create(
            user=user, name="load", defaults={"key": totp_key(username), "confirmed": True, "tolerance": 1}
        )
    return {"username": username, "totp": totp_key(username) if two_factor else "", "session": _session(user, device)}


def _session(user: Any, device: Any) -> str:
    """A signed-in session (second factor passed), as if she had signed in this morning: 200 people do not all
    type their passwords in the same minute, and a password check is slow on purpose."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return str(session.session_key)


def _recommendations_file(path: Path, rows: int, series: str) -> None:
    from openpyxl import Workbook

    from tendik.consultations.services.spreadsheet import COLUMNS

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Recommendations")
    ws.append([h for _k, h in COLUMNS])
    for i in range(rows):
        ws.append(["", series, "", "general", "", "", "national", "", "", f"Нагрузка {i}: доступ к услугам", "", ""])
    wb.save(path)


def main(out: Path, rows: int) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from tendik.accounts.services import DEMO_PASSWORD
    from tendik.audit.context import acting_as
    from tendik.consultations.models import ConsultationSeries
    from tendik.geography.models import AdministrativeUnit
    from tendik.plans.models import ProgressReport
    from tendik.plans.models.reports import EDITABLE_STATUSES
    from tendik.protection.models import Case, Committee

    out.mkdir(parents=True, exist_ok=True)
    password = make_password(DEMO_PASSWORD)  # one hash for every account (hashing is slow on purpose)
    reports = list(
        ProgressReport.objects.filter(status__in=EDITABLE_STATUSES)
        .select_related("local_plan__municipality")
        .order_by("pk")
    )
    if not reports:
        sys.exit("No editable report: load the demo first (manage.py demo --no-serve).")
    from tendik.accounts.models import RoleAssignment

    chaired = RoleAssignment.objects.filter(role="committee_chair", committee__isnull=False).values("committee")[:1]
    committee = Committee.objects.select_related("municipality").filter(pk__in=chaired).first()
    committee = committee or Committee.objects.select_related("municipality").order_by("pk").first()
    assert committee is not None
    rayon = committee.municipality.parent or committee.municipality
    with transaction.atomic(), acting_as(None, source="bench"):
        officers = []
        for i in range(OFFICERS):
            report = reports[i % len(reports)]
            acc = _account(
                f"load_officer_{i:02d}", "municipal_officer", unit=report.local_plan.municipality, password=password
            )
            entries = list(report.entries.order_by("pk").values_list("pk", flat=True))
            officers.append({**acc, "report": report.pk, "entries": entries})
        reviewers = []
        rayons: dict[int, Any] = {}  # one editable report per rayon: the reviewers spread over the rayons
        for r in reports:
            rayons.setdefault(r.local_plan.municipality.parent_id or r.local_plan.municipality_id, r)
        spread = list(rayons.values())
        for i in range(REVIEWERS):
            report = spread[i % len(spread)]
            unit = report.local_plan.municipality.parent or report.local_plan.municipality
            acc = _account(f"load_reviewer_{i:02d}", "focal_point", unit=unit, password=password)
            reviewers.append({**acc, "report": report.pk, "to_approve": _waiting_for(acc["username"], unit)})
        staff = [
            _account(f"load_staff_{i:02d}", "case_worker", committee=committee, password=password) for i in range(STAFF)
        ]
        importer = _account("load_importer", "national_coordinator", password=password)
    cases = list(Case.objects.filter(committee=committee).order_by("pk").values_list("pk", flat=True)[:10])
    series = ConsultationSeries.objects.order_by("pk").values_list("code", flat=True).first()
    assert series is not None
    oblasts = list(AdministrativeUnit.objects.filter(level="oblast").values_list("code", flat=True)[:7])
    targets = {
        "password": DEMO_PASSWORD,
        "officers": officers,
        "reviewers": reviewers,
        "staff": staff,
        "importer": importer,
        "reports": [r.pk for r in reports],
        "committee": committee.pk,
        "rayon": rayon.code,
        "cases": cases,
        "oblasts": oblasts,
        "import_rows": rows,
        "import_file": f"recommendations-{rows}.xlsx",
    }
    (out / "targets.json").write_text(json.dumps(targets, indent=1))
    xlsx = out / targets["import_file"]
    if not xlsx.exists():
        _recommendations_file(xlsx, rows, series)
    print(
        f"{len(officers)} officers on {len(reports)} reports, {len(reviewers)} reviewers, {len(staff)} committee staff"
    )
    print(f"import file: {xlsx} ({rows:,} rows, {xlsx.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tendik.settings")
    import django

    django.setup()
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 50_000)
