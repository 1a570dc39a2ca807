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

A key may be kept per territory: its parts show, for one territory, only the rows of that territory and of the
places under it (besides country-wide records such as the plans themselves). `watch(..., paths=…)` says, for each
model whose rows belong to a place, how to reach that place's path; a write to such rows raises the generation of
each territory above the rows (the country, the oblast, the rayon, the municipality), not the whole key, and a
reader passes the territory it shows (`within`):

    pagecache.watch(DASHBOARD, apps={"plans"}, paths={"plans.localmeasure": "local_plan__municipality__path"})
    html = pagecache.fragment(DASHBOARD, request, build=..., within=territory.path)

Any write whose place cannot be told (a row of no place, a row moved to another place, a bulk write without its rows,
a link table) raises the whole key, as every write of a model without a path does: a part is never kept past a
change it shows.

A write known to change nothing a key's parts show may say so, in the one place that makes it (the plans reports'
draft entries, which no dashboard counts, are saved several times a second in a reporting season):

    with pagecache.quiet(DASHBOARD):
        ...   # the audited writes here do not raise DASHBOARD (they raise every other key as usual)

A key's parts may be rendered again as soon as a change commits, before anyone asks for them, so that the first
reader after a change is served from the cache too (`warm`): the app that shows them registers a function that
renders the parts of one territory as a reader would (through the same `fragment` call), and every committed write
that raised the key queues one background task (`tendik.core.tasks.warm_pages`) for the territories it raised, in
the languages readers read them in lately. The parts stay exact: a reader who comes before the task has run renders
them herself, as before. Warming is on where the page cache is shared by the server's processes and the background
worker (`settings.TENDIK_PAGE_WARM`); a process's own memory could not be filled by another process.

    pagecache.warm(DASHBOARD, "dashboard", render)   # in AppConfig.ready; render(path, query) calls
                                                     # fragment(..., part="dashboard") as the view does
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.db.models import F, Sum
from django.db.models.signals import m2m_changed
from django.http import HttpRequest, QueryDict
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, override

_WATCH: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
_PATHS: dict[str, dict[str, str]] = {}  # key -> model label -> lookup from the model to its rows' place's path
_QUIET: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("pagecache_quiet", default=frozenset())
_WARMERS: dict[str, dict[str, Callable[[str, QueryDict], None]]] = {}  # key -> part -> its rendering for one territory
_WARMING: contextvars.ContextVar[bool] = contextvars.ContextVar("pagecache_warming", default=False)
WANTED_FOR = 7 * 24 * 3600  # a part read (rendered by a reader) in this time is rendered ahead after a change
BUILD_WAIT = 5.0  # seconds a reader waits for a part another process is building, before building it herself
WANTED_QUERIES = 10  # of a part read with several queries (its pages, its filters): the latest ones rendered ahead
_PENDING = threading.local()  # the keys and places raised in this thread's transaction, to warm once it commits
TIMEOUT = 24 * 3600  # only to let unused parts leave memory; a change is seen at once through the generation


def watch(
    key: str, *, apps: Iterable[str] = (), models: Iterable[str] = (), paths: Mapping[str, str] | None = None
) -> None:
    """Declare that the cached parts under `key` show data of these apps (every model) and models ("app.model");
    several calls for one key add up (an app above may add the models it feeds the parts with). `paths`: for models
    whose rows belong to a place, the lookup from the model to that place's path ("local_plan__municipality__path",
    its first step a foreign key): the key is then kept per territory (module docstring)."""
    old_apps, old_models = _WATCH.get(key, (frozenset(), frozenset()))
    _WATCH[key] = (old_apps | frozenset(apps), old_models | frozenset(m.lower() for m in models))
    if paths:
        _PATHS.setdefault(key, {}).update({label.lower(): lookup for label, lookup in paths.items()})


def keys_for(model: type[models.Model]) -> list[str]:
    if model.__module__ == "__fake__":  # a migration's historical model: the generations' table may not exist yet,
        return []  # and a deploy restarts the processes that hold the cache (a shared cache: clear it after migrating)
    meta = model._meta.concrete_model._meta if model._meta.concrete_model else model._meta
    return [k for k, (apps, labels) in _WATCH.items() if meta.app_label in apps or meta.label_lower in labels]


def _raise(name: str) -> None:
    from tendik.core.models import Generation

    if Generation.objects.filter(key=name).update(value=F("value") + 1):
        return
    try:
        with transaction.atomic():
            Generation.objects.create(key=name, value=1)
    except IntegrityError:  # created meanwhile by another writer
        Generation.objects.filter(key=name).update(value=F("value") + 1)


def _of_place(key: str, path: str) -> str:
    """The generation's name of `key` within the place at `path` ("" the country): by the place's code, which is
    unique and short (a path is up to 60 characters)."""
    return f"{key}@{path.rstrip('/').rsplit('/', 1)[-1]}"


def bump(key: str, *, places: Iterable[str] | None = None) -> None:
    """Raise the generation of `key` (inside the caller's transaction): everywhere, or — a key kept per territory —
    only in the territories above and at these paths (None, or none: everywhere). Every writer of a key kept per
    territory takes the country's row first (then the territories' rows in the order of their names), so two writers
    queue one behind the other and never deadlock."""
    if key not in _PATHS:
        _raise(key)
        _warm_after_commit(key, [""])
        return
    places = list(places or ())
    if not places:
        _raise(_of_place(key, ""))
        _raise(key)
        _warm_after_commit(key, [""])  # every territory's parts are gone: the country's are rendered again
        return
    raised = {above for path in places for above in places_above(path)}
    for name in sorted({_of_place(key, path) for path in raised}):
        _raise(name)  # "key@" (the country) sorts first
    _warm_after_commit(key, raised)


def _places(model: type[models.Model], lookup: str, rows: Iterable[Any], before: Iterable[dict[str, Any]]) -> Any:
    """The paths of the places the rows belong to (read in one query), or None when one cannot be told: a row of no
    place (a national target, say) or one whose place is not found (removed with it)."""
    step, _, rest = lookup.partition("__")
    field: Any = model._meta.get_field(step)
    ids = set()
    for row in rows:
        value = row.get(field.attname, None) if isinstance(row, dict) else getattr(row, field.attname, None)
        if value is None:
            return None
        ids.add(value)
    for old in before:  # an update that moved a row: the place it left changed too
        if field.attname in old:
            if old[field.attname] is None:
                return None
            ids.add(old[field.attname])
    if not ids:
        return None
    found = dict(field.related_model._base_manager.filter(pk__in=ids).values_list("pk", rest))
    if len(found) < len(ids) or not all(found.values()):
        return None
    return set(found.values())


def touched(
    model: type[models.Model], rows: Iterable[Any] | None = None, *, before: Iterable[dict[str, Any]] = ()
) -> None:
    """A watched model's rows changed: raise the generation of every key that shows them (but those kept `quiet`).
    `rows` (instances, or dicts by attribute name): the rows written, so that a key kept per territory is raised
    only in the territories above them; `before`: their values before an update (by attribute name)."""
    quiet_keys = _QUIET.get()
    label = (model._meta.concrete_model or model)._meta.label_lower
    for key in keys_for(model):
        if key in quiet_keys:
            continue
        lookup = _PATHS.get(key, {}).get(label)
        bump(key, places=_places(model, lookup, rows, before) if lookup is not None and rows is not None else None)


def places_above(path: str) -> list[str]:
    """The paths of the places above and at `path`: "" (the country), "41703/", "41703/41703215/", …"""
    return [path[:end] for end in (0, *(i + 1 for i, c in enumerate(path) if c == "/"))]


@contextlib.contextmanager
def quiet(*keys: str) -> Iterator[None]:
    """The writes inside change nothing the parts under `keys` show: `touched` does not raise them. `bump` still
    does, when the code inside knows that something shown did change."""
    token = _QUIET.set(_QUIET.get() | frozenset(keys))
    try:
        yield
    finally:
        _QUIET.reset(token)


def generation(key: str, *, within: str = "") -> int:
    """The generation of `key`; of a key kept per territory, the generation of what the parts of the territory at
    path `within` ("" the country) show: the sum of the key's own (changes everywhere) and the territory's (changes
    there or below). Both only grow, so the sum changes whenever either does. One query."""
    from tendik.core.models import Generation

    names = [key, _of_place(key, within)] if key in _PATHS else [key]
    return Generation.objects.filter(key__in=names).aggregate(n=Sum("value"))["n"] or 0


def fragment(
    key: str,
    request: Any,
    *,
    build: Callable[[], str],
    vary: Iterable[Any] = (),
    within: str = "",
    params: Iterable[str] | None = None,
    part: str = "",
) -> SafeString:
    """The part rendered by `build()` for this request's language and query string, from the cache when the data
    has not changed since it was rendered. `within`: the path of the territory the part shows (a key kept per
    territory; "" the country). `params`: the query's parameters the part depends on (None: all of them); the
    others (the territory's code, say, already in `vary`) do not make another copy. `part`: the name the part's
    rendering ahead is registered under (`warm`), if it is: a reader who renders it marks it wanted, with her query,
    in her language for this territory."""
    wanted = None if params is None else set(params)
    query = urlencode(
        sorted((k, v) for k in request.GET if wanted is None or k in wanted for v in request.GET.getlist(k))
    )
    parts = "|".join([key, within, str(generation(key, within=within)), get_language() or "", query, *map(str, vary)])
    cache_key = "pagecache:" + hashlib.sha256(parts.encode()).hexdigest()
    html, built = get_or_build(cache_key, lambda: str(build()), TIMEOUT)
    if built and part and not _WARMING.get():
        _mark_wanted(_wanted(key, part, within, get_language() or ""), query)
    return mark_safe(html)  # noqa: S308  (rendered by our own templates, escaped there)


def get_or_build(cache_key: str, build: Callable[[], Any], timeout: float) -> tuple[Any, bool]:
    """The value cached under `cache_key`, or `build()` cached there for `timeout` seconds; and whether this call
    built it. One process builds at a time: the readers who find another building it (a part that many ask for at
    once, right after a change or when a timed value expires) wait for it, up to `BUILD_WAIT` seconds, instead of
    all building it together and filling the processors. The marker is taken with `cache.add` (atomic in memory
    and in Redis or Memcached; on disk, two may both take it in the same instant: two builds instead of one)."""
    value = cache.get(cache_key)
    if value is not None:
        return value, False
    marker = cache_key + ":building"
    taken = cache.add(marker, True, BUILD_WAIT)
    if not taken:
        deadline = time.monotonic() + BUILD_WAIT
        while time.monotonic() < deadline:
            time.sleep(0.025)
            value = cache.get(cache_key)
            if value is not None:
                return value, False
    try:
        value = build()
        cache.set(cache_key, value, timeout)
    finally:
        if taken:
            cache.delete(marker)
    return value, True


def warm(key: str, part: str, render: Callable[[str, QueryDict], None]) -> None:
    """Register `render(path, query)`: it renders, through `fragment(..., part=part)`, the part under `key` that
    readers of the territory at `path` ("" the country) ask for with `query` (module docstring). It is called after
    a change for each language and query with which a reader rendered the part of that territory in the last week
    (`WANTED_FOR`; the latest `WANTED_QUERIES` queries): a part no one reads, or reads in another language, is not
    rendered for nothing."""
    _WARMERS.setdefault(key, {})[part] = render


def reader_request(query: QueryDict | None = None, **params: str) -> HttpRequest:
    """A GET request as a reader's, with `query` and `params` (no user, no session): for a `warm` function to render
    a part through the view's own code."""
    request = HttpRequest()
    request.method = "GET"
    get = QueryDict(query.urlencode() if query is not None else "", mutable=True)
    for name, value in params.items():
        get[name] = value
    request.GET = get  # type: ignore[assignment]  # (a request's own is immutable; nothing here changes it)
    return request


def _mark_wanted(name: str, query: str) -> None:
    """Note the query of a part a reader rendered, the latest last (a read, then a write: two processes noting at
    once may keep one of the two — one part less rendered ahead, never a wrong one)."""
    noted = cache.get(name)
    queries = [q for q in (noted if isinstance(noted, list) else []) if q != query][-(WANTED_QUERIES - 1) :]
    cache.set(name, [*queries, query], WANTED_FOR)


def _wanted(key: str, part: str, within: str, language: str) -> str:
    return "pagecache-wanted:" + hashlib.sha256(f"{key}|{part}|{within}|{language}".encode()).hexdigest()


def _warm_after_commit(key: str, places: Iterable[str]) -> None:
    if key not in _WARMERS or not settings.TENDIK_PAGE_WARM:
        return
    pending = getattr(_PENDING, "places", None)
    if pending is None:
        pending = _PENDING.places = {}
    pending.setdefault(key, set()).update(places)
    # Once per raise; the first to run takes them all. Robust: a task that could not be queued is logged, and the
    # change (committed already) is not reported as failed — the parts are then rendered by their first reader.
    transaction.on_commit(_enqueue_warm, robust=True)


def _enqueue_warm() -> None:
    pending = getattr(_PENDING, "places", None) or {}  # a rolled-back transaction's places come along: harmless
    _PENDING.places = None
    from tendik.core.tasks import warm_pages

    for key, places in sorted(pending.items()):
        warm_pages.enqueue(key, sorted(places))


def render_warm(key: str, places: Iterable[str]) -> int:
    """Render the parts under `key` of the territories at `places`, the country first, in each language they were
    wanted in (`warm`); a part already in the cache for the current generation is not rendered again. How many
    renderings were asked for."""
    paths = sorted(set(places), key=lambda p: (p.count("/"), p))
    asks = [
        (path, language, part, render)
        for path in paths
        for language, _name in settings.LANGUAGES
        for part, render in _WARMERS.get(key, {}).items()
    ]
    wanted = cache.get_many([_wanted(key, part, path, language) for path, language, part, _r in asks])
    token = _WARMING.set(True)
    try:
        count = 0
        for path, language, part, render in asks:
            for query in wanted.get(_wanted(key, part, path, language), []):
                with override(language):
                    render(path, QueryDict(query))
                count += 1
        return count
    finally:
        _WARMING.reset(token)


def _m2m_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        touched(sender)  # the link table belongs to the app of the model that declares the link


m2m_changed.connect(_m2m_changed, dispatch_uid="tendik.core.pagecache")
