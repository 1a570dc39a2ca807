"""Cached page parts stay exact: the generation rises in the writer's transaction and only then."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.http import QueryDict
from django.test import RequestFactory

from tendik.core import pagecache
from tendik.core.models import Generation
from tendik.geography.models import AdministrativeUnit
from tendik.geography.services import unit_create

KEY = "test-units"


@pytest.fixture
def watched():
    pagecache.watch(KEY, models={"geography.AdministrativeUnit"})
    yield
    pagecache._WATCH.pop(KEY, None)


def _names() -> str:
    return ",".join(AdministrativeUnit.objects.order_by("code").values_list("name_ru", flat=True))


def test_watched_model_save_raises_generation_and_unwatched_does_not(db, watched, territory):
    before = pagecache.generation(KEY)
    unit = territory["batken"]
    unit.name_ru = "Баткен"
    unit.save()
    assert pagecache.generation(KEY) == before + 1
    from tendik.core.models import Generation as G

    assert pagecache.keys_for(G) == []


def test_fragment_is_built_once_per_generation(db, watched, territory):
    request = RequestFactory().get("/x/", {"b": "2", "a": "1"})
    calls = []

    def build() -> str:
        calls.append(1)
        return _names()

    first = pagecache.fragment(KEY, request, build=build)
    again = pagecache.fragment(KEY, RequestFactory().get("/x/", {"a": "1", "b": "2"}), build=build)
    assert first == again and len(calls) == 1  # same query in another order: the same part
    pagecache.fragment(KEY, RequestFactory().get("/x/", {"a": "2"}), build=build)
    assert len(calls) == 2  # another query: another part
    unit_create(code="41705000000099", level="oblast", name_ru="Новая область")
    fresh = pagecache.fragment(KEY, request, build=build)
    assert len(calls) == 3 and "Новая область" in fresh and "Новая область" not in first


def test_rolled_back_write_leaves_the_generation(db, watched, territory):
    before = pagecache.generation(KEY)
    with pytest.raises(RuntimeError), transaction.atomic():
        unit_create(code="41705000000098", level="oblast", name_ru="Откат")
        assert pagecache.generation(KEY) == before + 1  # visible inside the writer's transaction
        raise RuntimeError
    assert pagecache.generation(KEY) == before
    assert not AdministrativeUnit.objects.filter(code="41705000000098").exists()


def test_bump_creates_the_row_once(db):
    pagecache.bump("fresh-key")
    pagecache.bump("fresh-key")
    assert Generation.objects.get(key="fresh-key").value == 2
    assert pagecache.generation("never-seen") == 0


def test_bulk_writes_and_links_raise_the_generation(db, watched, territory):
    from tendik.audit.services import audited_bulk_create
    from tendik.core.bulk import update_rows

    g = pagecache.generation(KEY)
    audited_bulk_create(AdministrativeUnit, [AdministrativeUnit(code="41705000000097", level="oblast",
                                                                name_ru="Пачка", path="41705000000097/")])  # fmt: skip
    assert pagecache.generation(KEY) == g + 1
    unit = AdministrativeUnit.objects.get(code="41705000000097")
    unit.name_ru = "Пачка 2"
    update_rows(AdministrativeUnit, [unit], ["name_ru"])
    assert pagecache.generation(KEY) == g + 2


def test_parts_are_rendered_ahead_in_the_languages_readers_read_them_and_only_after_a_commit(
    db, watched, territory, settings, django_capture_on_commit_callbacks
):
    """`warm`: a committed change queues the rendering of the parts it raised, in each language a reader rendered
    them in (not the others, and not because of the warm's own renders); a rolled-back change queues nothing."""
    from django.utils import translation

    settings.TENDIK_PAGE_WARM = True
    built: list[tuple[str, str, str]] = []

    def render(path: str, query) -> None:
        request = RequestFactory().get("/")
        request.GET = query
        pagecache.fragment(KEY, request, build=lambda: _build(path, query.urlencode()), within=path, part="units")

    def _build(path: str, query: str) -> str:
        built.append((path, translation.get_language(), query))
        return _names()

    pagecache.warm(KEY, "units", render)
    try:
        with translation.override("ky"):
            for page in range(1, 13):  # a reader in Kyrgyz reads twelve pages of the part: wanted in Kyrgyz
                render("", QueryDict(f"page={page}&q=%D0%B0+%26"))
        built.clear()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            with pytest.raises(RuntimeError), transaction.atomic():
                pagecache.bump(KEY)
                raise RuntimeError("rolled back")
        assert callbacks == [] and built == []
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            pagecache.bump(KEY)
        # Not in Russian or English (no one read them); the latest ten pages, with their query as it was asked.
        latest = [("", "ky", f"page={page}&q=%D0%B0+%26") for page in range(3, 13)]
        assert len(callbacks) == 1 and built == latest
        with django_capture_on_commit_callbacks(execute=True):
            pagecache.bump(KEY)
            pagecache.bump(KEY)
        assert built == latest * 2  # two raises in one transaction: one rendering
        assert pagecache.render_warm(KEY, [""]) == 10 and built == latest * 2  # the current parts: not again
    finally:
        pagecache._WARMERS.pop(KEY, None)


def test_one_process_builds_a_missing_part_and_the_others_wait_for_it(db, monkeypatch):
    """`get_or_build`: a reader who finds another building the part (its marker taken) waits and is served what the
    other built, instead of building it too; if the other never finishes, she builds it herself after `BUILD_WAIT`."""
    import threading

    from django.core.cache import cache

    calls: list[str] = []
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        calls.append("slow")
        started.set()
        release.wait(5)
        return "built once"

    results: list[tuple[str, bool]] = []
    builder = threading.Thread(target=lambda: results.append(pagecache.get_or_build("part-x", slow, 60)))
    builder.start()
    started.wait(5)
    waiter = threading.Thread(target=lambda: results.append(pagecache.get_or_build("part-x", lambda: "again", 60)))
    waiter.start()
    release.set()
    builder.join(5)
    waiter.join(5)
    assert sorted(results) == [("built once", False), ("built once", True)] and calls == ["slow"]
    assert cache.get("part-x:building") is None

    monkeypatch.setattr(pagecache, "BUILD_WAIT", 0.1)
    cache.add("part-y:building", True, 60)  # a builder that died
    assert pagecache.get_or_build("part-y", lambda: "built after waiting", 60) == ("built after waiting", True)
    cache.delete_many(["part-x", "part-y", "part-y:building"])
