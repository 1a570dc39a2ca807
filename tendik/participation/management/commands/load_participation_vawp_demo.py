"""Demo VAWP reports in the five oblasts of the May 2025 consultations, and the support account support_osh.

Every report is clearly fictional ("Демо", phone numbers +996 000 …). Idempotent: reports are found again by their
fixed demo receipt codes; a second run changes nothing. Needs `load_territories` first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tendik.accounts.roles import Role
from tendik.accounts.services import demo_user_ensure
from tendik.audit.context import acting_as
from tendik.geography.models import AdministrativeUnit
from tendik.participation.models import VawpReport
from tendik.participation.services import vawp as services

DEMO_SECRET = "DEMO-DEMO-DEMO"  # noqa: S105 — public demo value; lets a demo visitor try the status page with any demo code

# code, unit SOATE code, role, kinds, perpetrators, support, anonymous, path of states
REPORTS: list[tuple[str, str, str, list[str], list[str], list[str], bool, list[str]]] = [
    (
        "V-DEMO-0S01",
        "41706242000000",
        "deputy",
        ["psychological", "obstruction"],
        ["colleague"],
        ["legal"],
        False,
        ["in_contact", "support_provided"],
    ),
    (
        "V-DEMO-0S02",
        "41706226000000",
        "candidate",
        ["media", "sexual_harassment"],
        ["unknown", "media"],
        ["psychological", "safety"],
        False,
        ["in_contact"],
    ),
    ("V-DEMO-0S03", "41706255000000", "activist", ["stalking", "psychological"], ["voter"], ["safety"], False, []),
    (
        "V-DEMO-0S04",
        "41706207000000",
        "deputy",
        ["economic"],
        ["official"],
        ["legal", "peer"],
        False,
        ["in_contact", "support_provided", "closed"],
    ),
    ("V-DEMO-0S05", "41706211000000", "civil_servant", ["sexual_harassment"], ["official"], [], True, ["closed"]),
    ("V-DEMO-0S06", "41706000000000", "deputy", ["obstruction"], ["colleague"], ["peer"], False, ["declined"]),
    (
        "V-DEMO-0B01",
        "41705258000000",
        "deputy",
        ["psychological"],
        ["colleague", "family"],
        ["psychological"],
        False,
        [],
    ),
    ("V-DEMO-0B02", "41705236000000", "activist", ["media"], ["media"], ["legal"], False, []),
    ("V-DEMO-0J01", "41703220000000", "candidate", ["physical", "psychological"], ["voter"], ["safety"], False, []),
    (
        "V-DEMO-0J02",
        "41703211000000",
        "deputy",
        ["sexual_harassment", "media"],
        ["colleague"],
        [],
        False,
        ["withdrawn"],
    ),
    ("V-DEMO-0I01", "41702215000000", "activist", ["economic", "obstruction"], ["official"], ["peer"], False, []),
    ("V-DEMO-0N01", "41704220000000", "deputy", ["psychological"], ["family"], ["psychological"], False, []),
]

STORY = "Демонстрационный пример (вымышленный): {what}."
WHAT = {
    "psychological": "угрозы и оскорбления после выступления на сессии кенеша",
    "obstruction": "председатель не дал слова и выключил микрофон",
    "media": "в местной группе в соцсети распространили оскорбительные изображения",
    "sexual_harassment": "нежелательные сообщения сексуального характера",
    "stalking": "неизвестный преследует после встреч с избирателями",
    "economic": "отказ выделить средства на проект депутатки",
    "physical": "угроза физической расправы во время кампании",
}


class Command(BaseCommand):
    help = "Load fictional VAWP reports (five oblasts, different states) and the demo account support_osh."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        osh = AdministrativeUnit.objects.filter(code="41706000000000").first()
        if osh is None:
            raise CommandError("Run load_territories first.")
        with acting_as(None, source="command"):
            support = demo_user_ensure(
                username="support_osh",
                full_name="Демо Специалистка Поддержки (Ош)",
                role=Role.VAWP_SUPPORT,
                unit=osh,
                position="Специалист по поддержке",
                organisation="Демо: кризисный центр",
            )
            created = 0
            for n, (code, unit_code, role, kinds, perps, support_wanted, anonymous, path) in enumerate(REPORTS, 1):
                if VawpReport.objects.filter(code=code).exists():
                    continue
                unit = AdministrativeUnit.objects.filter(code=unit_code).first()
                if unit is None:
                    continue
                report, _secret = services.report_submit(
                    reporter_role=role,
                    unit=unit,
                    kinds=kinds,
                    perpetrators=perps,
                    support=support_wanted,
                    reported_to=["ngo"] if n % 3 == 0 else [],
                    occurred_on=dt.date(2025, 3 + n % 6, 1 + n),
                    ongoing=n % 4 == 0,
                    description=STORY.format(what=WHAT[kinds[0]]),
                    anonymous=anonymous,
                    name="" if anonymous else f"Демо Заявительница {n} (вымышленная)",
                    phone="" if anonymous else f"+996 000 000 {n:03d}",
                    contact_note="" if anonymous else "Демо: звонить после 18:00",
                )
                report.code = code
                report.secret_hash = make_password(DEMO_SECRET)
                report.save(update_fields=["code", "secret_hash"])
                for state in path:
                    if state == "withdrawn":
                        services.report_withdraw(code=code, secret=DEMO_SECRET)
                    else:
                        report = services.report_move(
                            report=report, actor=support, to_state=state, note="Демо: запись специалистки"
                        )
                created += 1
        self.stdout.write(f"VAWP demo: {created} reports created, support account support_osh.")
