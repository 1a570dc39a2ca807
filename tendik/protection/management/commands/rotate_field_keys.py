"""Re-encrypt every encrypted field with the newest key of TENDIK_FIELD_KEYS.

Rotation: put the new key first in TENDIK_FIELD_KEYS (keep the old ones after it), run this command, then remove
the old keys. Values are decrypted and re-encrypted token by token in the database; no plaintext is written anywhere.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from tendik.protection.crypto import encrypted_fields, rotate_token


class Command(BaseCommand):
    help = "Re-encrypt survivors' and perpetrators' identities with the newest key in TENDIK_FIELD_KEYS."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in apps.get_app_config("protection").get_models():
            names = encrypted_fields(model)
            if not names:
                continue
            total += self._rotate(model, names, options["batch"])
        self.stdout.write(f"Re-encrypted {total} values.")

    @transaction.atomic
    def _rotate(self, model: Any, names: list[str], batch: int) -> int:
        qn = connection.ops.quote_name
        table = qn(model._meta.db_table)
        pk = qn(model._meta.pk.column)
        columns = [model._meta.get_field(n).column for n in names]
        done = 0
        last = None
        with connection.cursor() as cursor:
            while True:
                where = f" WHERE {pk} > %s" if last is not None else ""
                cursor.execute(
                    f"SELECT {pk}, {', '.join(qn(c) for c in columns)} FROM {table}{where} "  # noqa: S608 — names are quoted model metadata
                    f"ORDER BY {pk} LIMIT {int(batch)}",
                    [last] if last is not None else [],
                )
                rows = cursor.fetchall()
                if not rows:
                    break
                for row in rows:
                    last = row[0]
                    updates = {c: rotate_token(v) for c, v in zip(columns, row[1:], strict=True) if v}
                    if not updates:
                        continue
                    sets = ", ".join(f"{qn(c)} = %s" for c in updates)
                    cursor.execute(f"UPDATE {table} SET {sets} WHERE {pk} = %s", [*updates.values(), row[0]])  # noqa: S608
                    done += len(updates)
        return done
