"""Recompute every registered keyed hash after TENDIK_HASH_KEY changes.

It lives in tendik.audit because the changed hashes are saved through the audit trail (source "command").

Rotation: set the new TENDIK_HASH_KEY (the field keys stay as they are), run this command once. Each identity is
decrypted in memory only, hashed with the new key and the hash stored; nothing else changes. Until it has run,
returning people are not recognised, so run it right after the restart. Apps register their hashes with
tendik.core.crypto.register_keyed_hash.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tendik.audit.context import acting_as
from tendik.core.crypto import rehash_all


class Command(BaseCommand):
    help = "Recompute the keyed hashes of identities with the current TENDIK_HASH_KEY."

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as(None, source="command"):
            changed = rehash_all()
        self.stdout.write(f"Updated {changed} identity hashes.")
