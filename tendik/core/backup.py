"""Backup and restore of the whole installation: every table, row by row, plus the uploaded files, with a manifest.

The database is read and written raw (what the columns hold), so encrypted fields stay encrypted in the backup:
a backup alone reveals no identity, and the keys (TENDIK_FIELD_KEYS, TENDIK_HASH_KEY, the secret key) are never
written into it. Works on SQLite and PostgreSQL alike (restore into the same engine and the same migrations).

Layout of a backup directory:
  manifest.json      what is inside: format, time, engine, applied migrations, tables with row counts, and the
                     SHA-256 and size of every other file
  database.jsonl.gz  one JSON line per row: {"t": table, "r": [values]} (columns listed per table in the manifest)
  media/...          the uploaded files, as stored
  private/...        the private evidence files (TENDIK_PRIVATE_ROOT), as stored
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import gzip
import hashlib
import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "tendik-backup/1"
DATABASE_FILE = "database.jsonl.gz"
MANIFEST_FILE = "manifest.json"


class BackupError(Exception):
    """The backup is incomplete, altered, or does not fit this installation."""


def _models() -> list[type[models.Model]]:
    """Every concrete table Django manages (auto-created many-to-many tables included), each once."""
    seen: set[str] = set()
    found = []
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.db_table in seen:
            continue
        seen.add(opts.db_table)
        found.append(model)
    return sorted(found, key=lambda m: m._meta.db_table)


def _columns(model: type[models.Model]) -> list[str]:
    return [str(f.column) for f in model._meta.local_concrete_fields]


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime):
        return {"$": "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$": "date", "v": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$": "time", "v": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"$": "timedelta", "v": value.total_seconds()}
    if isinstance(value, decimal.Decimal):
        return {"$": "decimal", "v": str(value)}
    if isinstance(value, uuid.UUID):
        return {"$": "uuid", "v": str(value)}
    if isinstance(value, bytes | memoryview | bytearray):
        return {"$": "bytes", "v": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dict | list):
        return {"$": "json", "v": value}
    raise BackupError(f"cannot back up a value of type {type(value).__name__}")


def _decode(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    kind, raw = value["$"], value["v"]
    if kind == "datetime":
        return dt.datetime.fromisoformat(raw)
    if kind == "date":
        return dt.date.fromisoformat(raw)
    if kind == "time":
        return dt.time.fromisoformat(raw)
    if kind == "timedelta":
        return dt.timedelta(seconds=raw)
    if kind == "decimal":
        return decimal.Decimal(raw)
    if kind == "uuid":
        return uuid.UUID(raw)
    if kind == "bytes":
        return base64.b64decode(raw)
    if kind == "json":
        return raw
    raise BackupError(f"unknown value kind {kind}")


def table_rows(model: type[models.Model]) -> Iterator[tuple[Any, ...]]:
    """The table's rows as stored (encrypted columns stay encrypted), ordered by primary key."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in _columns(model))
    pk = quote(str(model._meta.pk.column))  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {quote(model._meta.db_table)} ORDER BY {pk}")  # noqa: S608
        while batch := cursor.fetchmany(2000):
            yield from batch


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def backup(target: Path) -> dict[str, Any]:
    """Write a backup into the new directory `target`; returns the manifest."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty")
    target.mkdir(parents=True, exist_ok=True)
    tables: dict[str, Any] = {}
    outermost = not connection.in_atomic_block
    with transaction.atomic(), gzip.open(target / DATABASE_FILE, "wt", encoding="utf-8") as out:
        if connection.vendor == "postgresql" and outermost:  # one consistent snapshot of every table
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in _models():
            table = model._meta.db_table
            count = 0
            for row in table_rows(model):
                out.write(json.dumps({"t": table, "r": [_encode(v) for v in row]}, ensure_ascii=False) + "\n")
                count += 1
            tables[table] = {"columns": _columns(model), "rows": count}
    for name, root in _file_roots():
        if root.is_dir():
            shutil.copytree(root, target / name, dirs_exist_ok=True)
    files = {
        str(p.relative_to(target)): {"sha256": _sha256(p), "size": p.stat().st_size}
        for p in sorted(target.rglob("*"))
        if p.is_file() and p.name != MANIFEST_FILE
    }
    manifest = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "engine": connection.vendor,
        "migrations": _migrations(),
        "tables": tables,
        "files": files,
        "keys_included": False,
    }
    (target / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    return manifest


def verify(source: Path) -> dict[str, Any]:
    """Check the manifest against the files (every checksum); returns the manifest."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"no readable manifest in {source}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    for name, meta in manifest["files"].items():
        path = source / name
        if not path.is_file() or _sha256(path) != meta["sha256"]:
            raise BackupError(f"{name} is missing or altered (checksum differs)")
    extra = {str(p.relative_to(source)) for p in source.rglob("*") if p.is_file() and p.name != MANIFEST_FILE} - set(
        manifest["files"]
    )
    if extra:
        raise BackupError(f"files not in the manifest: {', '.join(sorted(extra))}")
    return manifest


def _adapt(model: type[models.Model], columns: list[str], values: list[Any]) -> list[Any]:
    by_column = {f.column: f for f in model._meta.local_concrete_fields}
    adapted = []
    for column, value in zip(columns, values, strict=True):
        field = by_column.get(column)
        if value is not None and isinstance(field, models.JSONField):
            if connection.vendor == "postgresql":
                from psycopg.types.json import Jsonb

                value = Jsonb(json.loads(value) if isinstance(value, str) else value)
            elif not isinstance(value, str):
                value = json.dumps(value)
        elif value is not None and isinstance(field, models.BooleanField):
            value = bool(value)
        adapted.append(value)
    return adapted


def _empty(tables: list[str]) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE: the audit trail's append-only triggers refuse row deletes, not an owner's truncate. Checks
            # deferred earlier in this transaction run first (PostgreSQL refuses to truncate with events pending).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in tables)} RESTART IDENTITY CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608


def restore(source: Path) -> dict[str, int]:
    """Replace every table's rows with the backup's (all or nothing) and put the uploaded files back.

    The database must be migrated to exactly the backup's migrations. Returns rows restored per table.
    """
    source = Path(source)
    manifest = verify(source)
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"the backup is from {manifest['engine']}, this database is {connection.vendor}")
    if manifest["migrations"] != _migrations():
        raise BackupError(
            "the database's migrations differ from the backup's: run `tendik migrate` to the same release"
        )
    by_table = {m._meta.db_table: m for m in _models()}
    unknown = set(manifest["tables"]) - set(by_table)
    if unknown:
        raise BackupError(f"tables unknown here: {', '.join(sorted(unknown))}")
    quote = connection.ops.quote_name
    counts: dict[str, int] = dict.fromkeys(manifest["tables"], 0)
    with transaction.atomic():
        _empty(sorted(by_table))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            batch: list[list[Any]] = []
            current = ""

            def flush() -> None:
                if not batch:
                    return
                columns = manifest["tables"][current]["columns"]
                sql = (
                    f"INSERT INTO {quote(current)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
                    f"VALUES ({', '.join(['%s'] * len(columns))})"
                )
                cursor.executemany(sql, batch)
                batch.clear()

            with gzip.open(source / DATABASE_FILE, "rt", encoding="utf-8") as rows:
                for line in rows:
                    item = json.loads(line)
                    if item["t"] != current or len(batch) >= 1000:
                        flush()
                        current = item["t"]
                    model = by_table[current]
                    values = [_decode(v) for v in item["r"]]
                    batch.append(_adapt(model, manifest["tables"][current]["columns"], values))
                    counts[current] += 1
            flush()
            for statement in connection.ops.sequence_reset_sql(no_style(), list(by_table.values())):
                cursor.execute(statement)
        for table, meta in manifest["tables"].items():
            if counts[table] != meta["rows"]:
                raise BackupError(f"{table}: {counts[table]} rows read, the manifest says {meta['rows']}")
    for name, root in _file_roots():
        if (source / name).is_dir():
            shutil.copytree(source / name, root, dirs_exist_ok=True)
    return counts


def _file_roots() -> list[tuple[str, Path]]:
    """Uploaded files (media/) and private evidence files (private/, encrypted where the uploads module encrypts)."""
    return [("media", Path(settings.MEDIA_ROOT)), ("private", Path(settings.TENDIK_PRIVATE_ROOT))]
