"""Kinds of background job. Each app registers its own in AppConfig.ready(); jobs never import the apps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# run(params, user, progress) -> (filename, content_type, bytes); progress(percent, message) reports along the way.
Progress = Callable[[int, str], None]
Runner = Callable[[dict[str, Any], Any, Progress], tuple[str, str, bytes]]
Allowed = Callable[[Any, dict[str, Any]], bool]


# Imports: importer(params, user) -> a tendik.core.tabular.Importer for the uploaded file.
ImporterFactory = Callable[[dict[str, Any], Any], Any]


@dataclass(frozen=True)
class JobKind:
    name: str
    title: Callable[[dict[str, Any]], str]
    run: Runner | None
    allowed: Allowed
    importer: ImporterFactory | None = None


_KINDS: dict[str, JobKind] = {}


def register(name: str, *, title: Callable[[dict[str, Any]], str], run: Runner, allowed: Allowed) -> None:
    _KINDS[name] = JobKind(name=name, title=title, run=run, allowed=allowed)


def register_import(
    name: str, *, title: Callable[[dict[str, Any]], str], importer: ImporterFactory, allowed: Allowed
) -> None:
    """An import kind: the upload is checked in the background (preview or errors), then written when its owner
    confirms — again in the background, the write in one short transaction (tendik.core.tabular)."""
    _KINDS[name] = JobKind(name=name, title=title, run=None, allowed=allowed, importer=importer)


def get(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"unknown job kind {name!r}") from None


def kinds() -> list[str]:
    return sorted(_KINDS)
