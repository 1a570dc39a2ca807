"""Demo accounts for every role except committee roles (the protection module adds those). Idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tendik.accounts.roles import Role
from tendik.accounts.selectors import unit_by_code
from tendik.accounts.services import demo_user_ensure
from tendik.audit.context import acting_as

MLSSM = "Министерство труда, социального обеспечения и миграции КР"

# username, full name, role, SOATE code of the scope (None: the whole country), position, organisation, superuser
DEMO_USERS: list[tuple[str, str, str, str | None, str, str, bool]] = [
    ("admin", "Нурлан Асанов", Role.ADMIN, None, "Системный администратор", MLSSM, True),
    (
        "coordinator",
        "Айгуль Сыдыкова",
        Role.NATIONAL_COORDINATOR,
        None,
        "Главный специалист отдела гендерной политики",
        MLSSM,
        False,
    ),
    (
        "focal_batken",
        "Гулнара Ташиева",
        Role.FOCAL_POINT,
        "41705000000000",
        "Уполномоченная по гендерным вопросам",
        "Аппарат полномочного представителя Президента КР в Баткенской области",
        False,
    ),
    (
        "focal_kadamjay",
        "Жылдыз Мамытова",
        Role.FOCAL_POINT,
        "41705258000000",
        "Уполномоченная по гендерным вопросам",
        "Кадамжайская районная государственная администрация",
        False,
    ),
    (
        "officer_halmion",
        "Зарина Абдыкадырова",
        Role.MUNICIPAL_OFFICER,
        "41705258860000",
        "Специалист по социальным вопросам",
        "Халмионский айыл окмоту",
        False,
    ),
    (
        "monitor_osh",
        "Нургуль Жээнбекова",
        Role.DIALOGUE_MONITOR,
        "41706000000000",
        "Координатор диалоговой группы",
        "Женская диалоговая группа Ошской области",
        False,
    ),
    ("viewer", "Бакыт Турдубаев", Role.VIEWER, None, "Аналитик", "Партнёр по развитию (наблюдатель)", False),
]


class Command(BaseCommand):
    help = "Create the demo accounts (password: tendik.accounts.services.DEMO_PASSWORD). A second run changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as(None, source="command"):
            for username, full_name, role, code, position, organisation, superuser in DEMO_USERS:
                unit = None
                if code is not None:
                    unit = unit_by_code(code)
                    if unit is None:
                        self.stderr.write(
                            self.style.WARNING(
                                f"{username}: territory {code} is not loaded (run load_territories first); skipped."
                            )
                        )
                        continue
                demo_user_ensure(
                    username=username,
                    full_name=full_name,
                    role=role,
                    unit=unit,
                    position=position,
                    organisation=organisation,
                    is_superuser=superuser,
                )
                if options.get("verbosity", 1) > 1:
                    self.stdout.write(f"{username}: {full_name}")
