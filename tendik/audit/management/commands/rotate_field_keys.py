"""Re-encrypt every encrypted field of every app with the newest key of TENDIK_FIELD_KEYS.

Rotation: put the new key first in TENDIK_FIELD_KEYS (keep the old ones after it), run this command, then remove
the old keys. Values are decrypted and re-encrypted token by token in the database; no plaintext is written anywhere.
Encrypted evidence files (tendik.core.uploads) are re-encrypted too.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tendik.core.crypto import rotate_all_fields
from tendik.core.uploads import rotate_encrypted_files


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field (identities, confidential notes) with the newest key in TENDIK_FIELD_KEYS."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        total = rotate_all_fields(batch=options["batch"])
        files = rotate_encrypted_files()
        self.stdout.write(f"Re-encrypted {total} values and {files} files.")
