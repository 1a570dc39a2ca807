"""Recompute the keyed identity hashes after TENDIK_HASH_KEY changes.

Rotation: set the new TENDIK_HASH_KEY (the field keys stay as they are), run this command once. Each identity is
decrypted in memory only, hashed with the new key and the hash stored; nothing else changes. Until it has run,
returning survivors are not recognised, so run it right after the restart.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from tendik.audit.context import acting_as
from tendik.protection.crypto import identity_hash
from tendik.protection.models import Case, Perpetrator


class Command(BaseCommand):
    help = "Recompute survivors' and perpetrators' keyed hashes with the current TENDIK_HASH_KEY."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        changed = 0
        with acting_as(None, source="command"):
            for case in Case.objects.only("pk", "survivor_name", "survivor_birth_date", "survivor_hash").iterator():
                digest = identity_hash(case.survivor_name, case.survivor_birth_date)
                if digest != case.survivor_hash:
                    case.survivor_hash = digest
                    case.save(update_fields=["survivor_hash"])
                    changed += 1
            for perp in Perpetrator.objects.only("pk", "name", "birth_date", "identity_hash").iterator():
                digest = identity_hash(perp.name, perp.birth_date)
                if digest != perp.identity_hash:
                    perp.identity_hash = digest
                    perp.save(update_fields=["identity_hash"])
                    changed += 1
        self.stdout.write(f"Updated {changed} identity hashes.")
