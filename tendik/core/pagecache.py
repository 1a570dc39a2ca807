"""Rendered parts of public pages, cached and still exact: kept per generation of the data they show.

A page part that is the same for every visitor (the public recommendations list, say) is rendered once per
(generation, language, query) and served from the cache until the data behind it changes:

    pagecache.watch("consultations-public", apps={"consultations"}, models={"plans.plan"})   # in AppConfig.ready
    html = pagecache.fragment("consultations-public", request, build=lambda: render_to_string(...))

Every write that changes a watched model raises the key's generation in the SAME transaction (`touched`, called by
the audit trail for every audited save, bulk write and delete, by `tendik.core.bulk`, and by the many-to-many
signal), so a reader either sees the old data under the old generation or the new data under the new one: a cached
part is never older than the committed data it was read with. Nothing expires by time. Writers of a watched model
queue on the generation's row until they commit (one short UPDATE each); watch only models written rarely compared
with how often the page is read.

The cache is Django's default cache (memory of each process unless CACHES says otherwise); a generation read is one
primary-key lookup.

A write known to change nothing a key's parts show may say so, in the one place that makes it (the plans reports'
draft entries, which no dashboard counts, are saved several times a second in a reporting season):

    with pagecache.quiet(DASHBOARD):
        ...   # the audited writes here do not raise DASHBOARD (they raise every other key as usual)
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

_WATCH: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
_QUIET: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("pagecache_quiet", default=frozenset())
TIMEOUT = 24 * 3600  # only to let unused parts leave memory; a change is seen at once through the generation


def watch(key: str, *, apps: Iterable[str] = (), models: Iterable[str] = ()) -> None:
    """Declare that the cached parts under `key` show data of these apps (every model) and models ("app.model");
    several calls for one key add up (an app above may add the models it feeds the parts with)."""
    old_apps, old_models = _WATCH.get(key, (frozenset(), frozenset()))
    _WATCH[key] = (old_apps | frozenset(apps), old_models | frozenset(m.lower() for m in models))


def keys_for(model: type[models.Model]) -> list[str]:
    if model.__module__ == "__fake__":  # a migration's historical model: the generations' table may not exist yet,
        return []  # and a deploy restarts the processes that hold the cache (a shared cache: clear it after migrating)
    meta = model._meta.concrete_model._meta if model._meta.concrete_model else model._meta
    return [k for k, (apps, labels) in _WATCH.items() if meta.app_label in apps or meta.label_lower in labels]


def bump(key: str) -> None:
    """Raise the generation of `key` (inside the caller's transaction)."""
    from tendik.core.models import Generation

    if Generation.objects.filter(key=key).update(value=F("value") + 1):
        return
    try:
        with transaction.atomic():
            Generation.objects.create(key=key, value=1)
    except IntegrityError:  # created meanwhile by another writer
        Generation.objects.filter(key=key).update(value=F("value") + 1)


def touched(model: type[models.Model]) -> None:
    """A watched model's rows changed: raise the generation of every key that shows them (but those kept `quiet`)."""
    quiet_keys = _QUIET.get()
    for key in keys_for(model):
        if key not in quiet_keys:
            bump(key)


@contextlib.contextmanager
def quiet(*keys: str) -> Iterator[None]:
    """The writes inside change nothing the parts under `keys` show: `touched` does not raise them. `bump` still
    does, when the code inside knows that something shown did change."""
    token = _QUIET.set(_QUIET.get() | frozenset(keys))
    try:
        yield
    finally:
        _QUIET.reset(token)


def generation(key: str) -> int:
    from tendik.core.models import Generation

    return Generation.objects.filter(key=key).values_list("value", flat=True).first() or 0


def fragment(key: str, request: Any, *, build: Callable[[], str], vary: Iterable[Any] = ()) -> SafeString:
    """The part rendered by `build()` for this request's language and query string, from the cache when the data
    has not changed since it was rendered."""
    query = "&".join(sorted(f"{k}={v}" for k in request.GET for v in request.GET.getlist(k)))
    parts = "|".join([key, str(generation(key)), get_language() or "", query, *map(str, vary)])
    cache_key = "pagecache:" + hashlib.sha256(parts.encode()).hexdigest()
    html = cache.get(cache_key)
    if html is None:
        html = build()
        cache.set(cache_key, str(html), TIMEOUT)
    return mark_safe(html)  # noqa: S308  (rendered by our own templates, escaped there)


def _m2m_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        touched(sender)  # the link table belongs to the app of the model that declares the link


m2m_changed.connect(_m2m_changed, dispatch_uid="tendik.core.pagecache")
