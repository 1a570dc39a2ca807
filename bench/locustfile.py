"""Load on loopback: signed-in people at work, public visitors, and one large import running in the background.

    bench/load.sh [users] [seconds]     # gunicorn + two background workers on 127.0.0.1:8765, locust, all stop

The mix (by weight): public visitors (country, plan, oblast pages); municipal officers who open their report and save
an entry (the form as the page renders it, narrative changed); rayon reviewers reading reports, their task list and
their rayon's dashboard, and approving the reports submitted in their rayon (reports moving, as in a season);
committee staff (two-factor sign-in) reading their committee, tasks, cases and the committee report; and one
coordinator who uploads a 50,000-row recommendations file through the background import, confirms it
after the check and waits for the write.
Each person thinks 3–12 s between pages. People start signed in (sessions made by load_setup, as after signing
in in the morning); now and then one signs out and in again. Accounts and the import file come from
`python -m bench.load_setup` (TENDIK_LOAD_DIR). A save refused because someone else saved the same entry first
(409, with the difference) is the designed answer, not an error: it is counted under its own name.

Only 127.0.0.1: never point it at a server you do not own.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

LOAD_DIR = Path(os.environ.get("TENDIK_LOAD_DIR", ""))
TARGETS: dict[str, Any] = (
    json.loads((LOAD_DIR / "targets.json").read_text()) if (LOAD_DIR / "targets.json").exists() else {}
)
_next = {kind: itertools.count() for kind in ("officers", "reviewers", "staff")}
# The share of the reviewers' approve turns that approve (TENDIK_LOAD_APPROVE): 0.2 gives about 4 reports moving a
# minute in the country with 200 users — the busiest day of a season (every municipality's report submitted,
# approved at the rayon and the oblast and accepted in one working day: 469 × 4 moves in 8 hours); 1 gives five
# times that.
APPROVE_SHARE = float(os.environ.get("TENDIK_LOAD_APPROVE", "0.2"))


class _Form(HTMLParser):
    """The fields of the first form whose action contains `action` (None: the first POST form posting to its own
    page), as a browser would submit them (inputs, selected options, textareas)."""

    def __init__(self, action: str | None) -> None:
        super().__init__()
        self.action, self.inside, self.done = action, False, False
        self.fields: dict[str, Any] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done:
            own = a.get("method", "").lower() == "post" and not a.get("action")
            if (self.action is None and own) or (self.action and self.action in a.get("action", "")):
                self.inside = True
        if not self.inside:
            return
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields[name] = a.get("value", "on" if a.get("type") == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and ("selected" in a):
            self.fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_data(self, data: str) -> None:
        if self.inside and self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_fields(html: str, action: str | None = None) -> dict[str, Any]:
    parser = _Form(action)
    parser.feed(html)
    # Browsers drop the one newline right after <textarea>; HTML entities are already decoded by the parser.
    return {k: (v[1:] if isinstance(v, str) and v.startswith("\n") else v) for k, v in parser.fields.items()}


def totp(key_hex: str) -> str:
    from django_otp.oath import totp as oath_totp

    return f"{oath_totp(bytes.fromhex(key_hex)):06d}"


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(3, 12)
    kind = ""
    account: dict[str, Any] = {}

    def on_start(self) -> None:
        accounts = TARGETS[self.kind]
        self.account = accounts[next(_next[self.kind]) % len(accounts)]
        # Signed in this morning (a session made by load_setup); a few people sign in during the run (sign_again).
        self.client.cookies.set("sessionid", self.account["session"])

    @task(1)
    def sign_again(self) -> None:
        """Now and then someone signs out and in again (password, and the second factor where her role needs it)."""
        if self.kind and random.random() < 0.05:  # noqa: S311
            if not self.csrf():  # the sign-out button's page sets the CSRF cookie
                self.client.get("/tasks/", name="tasks (before signing out)")
            self.client.post("/accounts/logout/", {"csrfmiddlewaretoken": self.csrf()}, name="sign out")
            self.sign_in(self.account)

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def sign_in(self, account: dict[str, Any]) -> None:
        self.client.get("/accounts/login/", name="sign in: page")
        r = self.client.post(
            "/accounts/login/",
            {"username": account["username"], "password": TARGETS["password"], "csrfmiddlewaretoken": self.csrf()},
            name="sign in: password",
        )
        if account.get("totp") and "two_factor" in r.url:
            for _attempt in range(3):  # a code already used this half-minute is refused: wait for the next one
                r = self.client.post(
                    r.url,
                    {"token": totp(account["totp"]), "csrfmiddlewaretoken": self.csrf()},
                    name="sign in: second factor",
                )
                if "two_factor" not in r.url:
                    break
                time.sleep(31 - time.time() % 30)


class PublicVisitor(HttpUser):
    weight = 10
    wait_time = between(3, 12)

    @task(3)
    def country(self) -> None:
        self.client.get("/open/", name="public: country page")

    @task(2)
    def plan(self) -> None:
        self.client.get("/open/plans/gender-2025-2027/", name="public: national plan page")

    @task(2)
    def oblast(self) -> None:
        oblasts = TARGETS.get("oblasts") or ["41705000000000"]
        self.client.get(f"/open/{random.choice(oblasts)}/", name="public: oblast page")  # noqa: S311

    @task(1)
    def health(self) -> None:
        self.client.get("/healthz", name="trivial view")


class Officer(SignedIn):
    """A municipal officer filling in her report: opens it, opens an entry, saves it with a changed narrative."""

    weight = 4
    kind = "officers"
    abstract = not TARGETS

    @task(1)
    def report(self) -> None:
        self.client.get(f"/plans/reports/{self.account['report']}/", name="officer: report")

    @task(3)
    def save_entry(self) -> None:
        entry = random.choice(self.account["entries"])  # noqa: S311
        url = f"/plans/reports/{self.account['report']}/entries/{entry}/"
        page = self.client.get(url, name="officer: entry form")
        time.sleep(random.uniform(2, 6))  # noqa: S311  (typing)
        data = form_fields(page.text)
        data["narrative"] = f"Проведено {random.randint(1, 40)} встреч с женщинами аймака ({time.strftime('%H:%M:%S')})"  # noqa: S311
        data["csrfmiddlewaretoken"] = self.csrf()
        with self.client.post(url, data, name="officer: save entry", catch_response=True) as r:
            if r.status_code == 409:
                r.success()  # the designed answer to a concurrent edit, counted below
                events.request.fire(
                    request_type="POST",
                    name="officer: save refused as stale (409, difference shown)",
                    response_time=0,
                    response_length=0,
                    exception=None,
                    context={},
                )
            elif r.status_code not in (200, 302):
                r.failure(f"status {r.status_code}")


class Reviewer(SignedIn):
    """A rayon's focal point: task list, reports list, a report, the rayon's dashboard; now and then she approves
    a report submitted in her rayon (a report moving: the figures of her rayon, oblast and country change)."""

    weight = 3
    kind = "reviewers"
    abstract = not TARGETS

    @task(2)
    def task_home(self) -> None:
        self.client.get("/tasks/", name="reviewer: tasks")

    @task(2)
    def reports(self) -> None:
        self.client.get("/plans/reports/", name="reviewer: reports list")

    @task(3)
    def report(self) -> None:
        self.client.get(f"/plans/reports/{self.account['report']}/", name="reviewer: report")

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/plans/dashboard/", name="reviewer: rayon dashboard")

    @task(1)
    def approve(self) -> None:
        waiting = self.account.get("to_approve") or []
        if not waiting or random.random() >= APPROVE_SHARE:  # noqa: S311
            return
        pk = waiting.pop(0)  # two reviewers of one rayon may both try it: the second is told it moved already
        self.client.get(f"/plans/reports/{pk}/", name="reviewer: report to approve")
        data = {"comment": "Проверено", "csrfmiddlewaretoken": self.csrf()}
        url = f"/plans/reports/{pk}/approve/"
        with self.client.post(url, data, name="reviewer: approve", catch_response=True) as r:
            if r.status_code not in (200, 302):
                r.failure(f"status {r.status_code}")


class CommitteeStaff(SignedIn):
    """A committee's case worker (two-factor): tasks, the committee page, a case (each view of it is logged)."""

    weight = 2
    kind = "staff"
    abstract = not TARGETS

    @task(1)
    def task_home(self) -> None:
        self.client.get("/tasks/", name="committee: tasks")

    @task(2)
    def committee(self) -> None:
        self.client.get(f"/protection/committees/{TARGETS['committee']}/", name="committee: committee page")

    @task(1)
    def report(self) -> None:
        self.client.get("/protection/report/", name="committee: committee report")

    @task(2)
    def case(self) -> None:
        if TARGETS["cases"]:
            self.client.get(f"/protection/cases/{random.choice(TARGETS['cases'])}/", name="committee: case")  # noqa: S311


_PHASE = re.compile(r'hx-get="')


class Importer(SignedIn):
    """The coordinator uploads the large recommendations file once, confirms it after the check, waits for the
    write; both phases run in the job worker while everyone else works. Their durations are reported as requests.
    Not in the warm-up (TENDIK_LOAD_NO_IMPORT=1, bench/load.sh)."""

    fixed_count = 1
    wait_time = between(1, 1)
    abstract = not TARGETS or os.environ.get("TENDIK_LOAD_NO_IMPORT") == "1"
    done = False

    def on_start(self) -> None:
        self.account = TARGETS["importer"]
        self.sign_in(self.account)

    def _wait(self, job_url: str, phase: str, started: float) -> str:
        while True:
            time.sleep(2)  # the job page polls every 2 s
            r = self.client.get(job_url, headers={"HX-Request": "true"}, name="import: job progress")
            if not _PHASE.search(r.text):
                failed = "badge bad" in r.text
                events.request.fire(
                    request_type="JOB",
                    name=f"import {TARGETS['import_rows']:,} rows: {phase}",
                    response_time=(time.time() - started) * 1000,
                    response_length=0,
                    exception=RuntimeError("the job failed") if failed else None,
                    context={},
                )
                return r.text

    @task
    def run_import(self) -> None:
        if self.done:
            time.sleep(5)
            return
        self.done = True
        page = self.client.get("/consultations/recommendations/import/", name="import: page")
        data = form_fields(page.text)
        data["csrfmiddlewaretoken"] = self.csrf()
        started = time.time()
        with (LOAD_DIR / TARGETS["import_file"]).open("rb") as f:
            r = self.client.post(
                "/consultations/recommendations/import/",
                data=data,
                files={"file": ("recommendations.xlsx", f)},
                name="import: upload",
            )
        job_url = r.url
        status = self._wait(job_url, "check (job)", started)
        if "/confirm/" not in status:
            events.request.fire(
                request_type="JOB",
                name="import: not confirmable",
                response_time=0,
                response_length=0,
                exception=RuntimeError(status[:300]),
                context={},
            )
            return
        written = time.time()
        self.client.post(job_url + "confirm/", {"csrfmiddlewaretoken": self.csrf()}, name="import: confirm")
        self._wait(job_url, "write (job)", written)
        events.request.fire(
            request_type="JOB",
            name=f"import {TARGETS['import_rows']:,} rows: upload to written",
            response_time=(time.time() - started) * 1000,
            response_length=0,
            exception=None,
            context={},
        )
