"""Fuzzing in CI: Schemathesis generates requests for every API operation from the schema and sends them to the app
in-process (WSGI) with a high-privilege token (the national coordinator), a committee token (a chair) and a
low-privilege one (a viewer). Path ids are real objects half of the time (the matrix's demo world). No answer may
be a server error, and every status code answered must be documented in the schema. Bounded by examples per
operation (TENDIK_FUZZ_EXAMPLES, default 4: about 65 s of the test process's CPU on PostgreSQL, so that each CI run
stays under about two minutes). The requests run in-process, each in a savepoint, and the connection is kept open
between them (see below), so one failing request cannot poison the rest on PostgreSQL.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest
import schemathesis
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from tendik.api.tests.test_access_matrix import world  # noqa: F401  (the module-scoped demo world fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]
EXAMPLES = int(os.environ.get("TENDIK_FUZZ_EXAMPLES", "4"))
TOKENS = ("coordinator", "chair_halmion", "viewer")

# Which world object a path parameter names, by the collection before it.
IDS = {
    "units": "unit_code",
    "users": "user",
    "audit/entries": "audit_entry",
    "access": "access_entry",
    "plans/plans": "plan_code",
    "measures": "national_measure",
    "indicators": "indicator_code",
    "local-plans": "local_plan",
    "local-measures": "local_measure",
    "reports": "report",
    "plans/entries": "entry",
    "data-values": "data_value",
    "consultations/meetings": "meeting_code",
    "participants": "participant",
    "recommendations": "recommendation_code",
    "answers": "answer",
    "committees": "committee",
    "members": "member",
    "appeals": "appeal",
    "families": "family",
    "cases": "case",
    "orders": "order",
    "referrals": "referral",
    "services": "service",
    "protection/meetings": "committee_meeting",
    "events": "event",
}


def _real_ids(case: Any, w: Any) -> None:
    """Half of the examples (by the generated value) name a real object, so that checks past the 404 run."""
    path = case.operation.path
    for name, value in list((case.path_parameters or {}).items()):
        if hash(str(value)) % 2:
            continue
        before = path.split("{" + name + "}")[0].rstrip("/")
        segments = before.split("/")
        for key in ("/".join(segments[-2:]), segments[-1]):
            if key in IDS and IDS[key] in w.objects:
                case.path_parameters[name] = str(w.objects[IDS[key]])
                break


@override_settings(ALLOWED_HOSTS=["*"])
def test_the_api_answers_no_server_error_and_only_documented_codes(world: Any) -> None:  # noqa: F811
    from drf_spectacular.generators import SchemaGenerator
    from rest_framework.authtoken.models import Token

    from tendik.wsgi import application

    tokens = {who: Token.objects.get_or_create(user=world.users[who])[0].key for who in TOKENS}
    raw = SchemaGenerator().get_schema(request=None, public=True)
    import json

    from rest_framework.utils.encoders import JSONEncoder

    schema = schemathesis.openapi.from_dict(json.loads(json.dumps(raw, cls=JSONEncoder)))
    schema.app = application
    failures: list[str] = []
    crashes: list[str] = []

    def record(sender: Any, request: Any = None, **kwargs: Any) -> None:  # the cause of a 500, for the report
        exc_type, exc, _tb = sys.exc_info()
        where = f"{request.method} {request.path}" if request is not None else "?"
        crashes.append(f"{where}: {exc_type.__name__ if exc_type else '?'}: {exc}"[:300])

    got_request_exception.connect(record)
    # Called as a WSGI app, Django would close the connection after each request (request_finished →
    # close_old_connections), which on PostgreSQL ends the test's transaction and poisons every later request.
    # The test client disconnects these receivers in the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) > 60

    try:
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Any) -> None:
                _real_ids(case, world)
                for who, token in tokens.items():
                    try:
                        with transaction.atomic():  # one failing request must not poison the next (PostgreSQL)
                            response = case.call(app=application, headers={"Authorization": f"Token {token}"})
                        case.validate_response(response, checks=[not_a_server_error, status_code_conformance])
                    except BaseException as exc:  # noqa: BLE001  (collected, reported together below)
                        summary = str(exc).split("Reproduce")[0].replace("\n", " ")
                        failures.append(f"{who}: {case.method} {case.formatted_path}: {summary}"[:300])

            run()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        got_request_exception.disconnect(record)
    assert not crashes and not failures, "\n".join([*dict.fromkeys(crashes)][:20] + sorted(set(failures))[:40])
