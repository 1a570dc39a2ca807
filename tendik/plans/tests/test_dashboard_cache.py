"""The dashboards' figures are a cached part (tendik.core.pagecache, key `rollups.PAGES`): served from the cache
between changes, rendered again at once after any change they show, never to a reader of another territory — and
a draft's many saves, which no dashboard counts, leave the cache alone."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import get_language

from tendik.core import pagecache
from tendik.plans import rollups
from tendik.plans.models import DataValue
from tendik.plans.services import reports as svc
from tendik.plans.services.local_plans import local_measure_add
from tendik.plans.services.periods import period_get
from tendik.plans.services.validation import EntryData
from tendik.plans.tests.conftest import fill

pytestmark = pytest.mark.django_db


def _body(client, unit=None) -> str:
    """The dashboard's figures part (after the page's own header and buttons)."""
    url = reverse("plans:dashboard") + (f"?unit={unit.code}" if unit is not None else "")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('value="plans.progress"', 1)[1].split("</form>", 1)[1].split("</main>", 1)[0]


def _reads(client, unit=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        _body(client, unit)
    return len([q for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))])


def test_between_changes_the_figures_come_from_the_cache(report, roles, login, territory):
    client = login(roles["fp_rayon"])
    first = _body(client)
    served = _reads(client)  # the same reader again: from the cache
    assert _body(client) == first
    assert served <= 8, served  # the session, the user, the roles, the territory, the generation


def test_a_drafts_saves_keep_the_cache_and_its_submission_shows_at_once(report, roles, login, catalogue):
    client = login(roles["fp_rayon"])
    trained = str(catalogue["trained"].name)
    before = _body(client)
    assert trained not in before  # nothing counted yet
    generation = pagecache.generation(rollups.PAGES)
    fill(report, roles["officer"])  # a draft: its figures and spending count nowhere
    assert pagecache.generation(rollups.PAGES) == generation
    assert _body(client) == before and _reads(client) <= 8
    svc.report_submit(actor=roles["officer"], report=report)
    assert pagecache.generation(rollups.PAGES) > generation
    after = _body(client)
    assert trained in after and after != before


def test_a_counted_reports_corrected_figures_show_at_once(report, roles, login, catalogue, territory):
    fill(report, roles["officer"])
    svc.report_submit(actor=roles["officer"], report=report)
    report.refresh_from_db()
    client = login(roles["fp_rayon"])
    before = _body(client)
    entry = report.entries.get(local_measure__indicators__code="people_trained")
    data = EntryData(
        status="in_progress",
        progress=40,
        values={("people_trained", "sex=female"): Decimal(250), ("people_trained", "sex=male"): Decimal(5)},
        spent={"local": Decimal(1000)},
    )
    generation = pagecache.generation(rollups.PAGES)
    leilek = pagecache.generation(rollups.PAGES, within=territory["leilek"].path)
    # a correction of a counted report's figures (no form edits one; written as test_rollups does)
    svc._write(report, [(svc._entry_row(entry), data)], svc._context(report, [entry.local_measure_id]))
    assert pagecache.generation(rollups.PAGES) > generation
    assert _body(client) != before
    # its entries and figures are updated in bulk, by rows that name their report: the next rayon keeps its part
    assert pagecache.generation(rollups.PAGES, within=territory["leilek"].path) == leilek


def test_plans_measures_statistics_and_recounts_show_at_once(local_plan, roles, login, catalogue):
    client = login(roles["fp_rayon"])
    before = _body(client)
    local_measure_add(
        actor=roles["officer"],
        local_plan=local_plan,
        text="Собственная мера: клуб молодых лидеров",
        responsible_person="Б",
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 2, 1),
        budget_local=Decimal(777777),
        gender_marker="principal",
    )
    with_measure = _body(client)
    assert with_measure != before and "777" in with_measure
    DataValue.objects.create(  # a published figure of the rayon itself
        indicator=catalogue["trained"], unit=local_plan.municipality.parent, period=period_get(code="2024"), value=41
    )
    assert str(catalogue["trained"].name) in _body(client)
    generation = pagecache.generation(rollups.PAGES)
    rollups.rebuild()  # a repair outside the services
    assert pagecache.generation(rollups.PAGES) > generation


def test_places_and_the_plans_records_are_watched_and_a_drafts_writes_kept_quiet():
    """(The participation bodies that feed an indicator: participation/tests/test_bodies_indicator.py.)"""
    from tendik.geography.models import AdministrativeUnit
    from tendik.plans.models import ReportEntry

    for model in (AdministrativeUnit, ReportEntry, DataValue):
        assert rollups.PAGES in pagecache.keys_for(model), model
    with pagecache.quiet(rollups.PAGES):  # the draft entries' writes
        generation = pagecache.generation(rollups.PAGES)
        pagecache.touched(ReportEntry)
        pagecache.touched(DataValue)
        assert pagecache.generation(rollups.PAGES) == generation
    pagecache.touched(ReportEntry)  # rows not named: every territory's parts are rendered again
    assert pagecache.generation(rollups.PAGES) > generation


def test_a_reader_never_gets_the_cached_figures_of_a_territory_outside_her_scope(
    report, roles, login, territory, catalogue
):
    fill(report, roles["officer"])
    svc.report_submit(actor=roles["officer"], report=report)
    trained = str(catalogue["trained"].name)
    kadamjay = _body(login(roles["coordinator"]), territory["kadamjay"])  # cached for Kadamjay
    assert trained in kadamjay
    other = login(roles["fp_rayon_other"])  # Leilek's focal point asks for Kadamjay
    html = other.get(reverse("plans:dashboard") + f"?unit={territory['kadamjay'].code}").content.decode()
    assert re.search(r"<h1>[^<]*" + re.escape(str(territory["leilek"].name)), html)
    assert trained not in html and _body(other, territory["kadamjay"]) != kadamjay


def test_a_change_in_one_rayon_leaves_the_others_cached_and_shows_at_once_above_it(
    report, roles, login, territory, catalogue, django_capture_on_commit_callbacks
):
    """The generation is kept per territory: a report of Halmion (Kadamjay rayon, Batken oblast) moving raises the
    country's, Batken's, Kadamjay's and Halmion's; Leilek (the next rayon) and Naryn (another oblast) keep theirs —
    through the whole way of a report: saved, submitted, approved (its measures' progress with it) and accepted."""
    trained = str(catalogue["trained"].name)
    t = territory
    leilek, naryn = login(roles["fp_rayon_other"]), login(roles["fp_naryn"])
    kadamjay, batken, country = login(roles["fp_rayon"]), login(roles["fp_oblast"]), login(roles["coordinator"])
    before = {
        "leilek": _body(leilek),
        "naryn": _body(naryn),
        "kadamjay": _body(kadamjay),
        "batken": _body(batken),
        "country": _body(country),
    }
    generations = {name: pagecache.generation(rollups.PAGES, within=t[name].path) for name in ("leilek", "naryn")}
    with django_capture_on_commit_callbacks(execute=True):
        fill(report, roles["officer"])
        svc.report_submit(actor=roles["officer"], report=report)
        svc.report_approve(actor=roles["fp_rayon"], report=report)
        svc.report_approve(actor=roles["fp_oblast"], report=report)
        svc.report_accept(actor=roles["coordinator"], report=report)

    for name, client in (("leilek", leilek), ("naryn", naryn)):
        assert pagecache.generation(rollups.PAGES, within=t[name].path) == generations[name], name
        assert _reads(client) <= 8, name  # served from the cache, not rendered again
        assert _body(client) == before[name]
    for name, client in (("kadamjay", kadamjay), ("batken", batken), ("country", country)):
        after = _body(client)
        assert after != before[name] and trained in after, name


def test_rows_of_no_place_moved_or_removed_raise_every_territory_they_touch(local_plan, territory, catalogue):
    from tendik.plans.models import IndicatorTarget

    t = territory

    def generations() -> dict[str, int]:
        return {name: pagecache.generation(rollups.PAGES, within=t[name].path) for name in ("kadamjay", "leilek")}

    year_2024 = period_get(code="2024")  # (a new period is a country-wide record: read before the generations)
    start = generations()
    IndicatorTarget.objects.create(indicator=catalogue["trained"], unit=None, year=2027, value=10)  # national
    national = generations()
    assert all(national[n] > start[n] for n in start)

    figure = DataValue.objects.create(indicator=catalogue["trained"], unit=t["kadamjay"], period=year_2024, value=41)
    in_kadamjay = generations()
    assert in_kadamjay["kadamjay"] > national["kadamjay"] and in_kadamjay["leilek"] == national["leilek"]

    figure.unit = t["leilek"]  # entered for the wrong rayon and moved: both rayons' figures change
    figure.save()
    moved = generations()
    assert all(moved[n] > in_kadamjay[n] for n in start)

    local_plan.measures.order_by("pk").first().delete()  # Halmion's, in Kadamjay
    removed = generations()
    assert removed["kadamjay"] > moved["kadamjay"] and removed["leilek"] == moved["leilek"]


def _public(client, unit=None) -> tuple[str, int]:
    """The public page of a territory (the country without one): its content, and the queries it took."""
    url = reverse("portal:territory", args=[unit.code]) if unit is not None else reverse("portal:country")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0], len(queries.captured_queries)


def test_with_warming_on_the_first_reader_after_a_change_is_served_from_the_cache(
    report, roles, login, territory, catalogue, client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Where the cache is shared with the background worker (TENDIK_PAGE_WARM), each committed change queues the
    rendering of the parts it raised — of Halmion, Kadamjay, Batken and the country — that readers read lately, in
    the languages they read them in: here Kadamjay's and the country's dashboards and Kadamjay's public page, in the
    language of the test's readers. The first reader after the change then reads them from the cache — the same
    HTML as a render of the committed data. The territories the change did not touch, and the parts no one read, are
    not rendered at all."""
    from django.core.cache import cache

    settings.TENDIK_PAGE_WARM = True
    trained = str(catalogue["trained"].name)
    t = territory
    kadamjay, country, leilek = login(roles["fp_rayon"]), login(roles["coordinator"]), login(roles["fp_rayon_other"])
    before = {"kadamjay": _body(kadamjay), "country": _body(country), "leilek": _body(leilek)}
    public_before = _public(client, t["kadamjay"])[0]
    read_in = kadamjay.get(reverse("plans:dashboard")).headers["Content-Language"]
    from tendik.plans.views import dashboard

    renders: list[str] = []
    original = dashboard.progress_context

    def counting(**kwargs):
        renders.append((kwargs["territory"].code if kwargs["territory"] is not None else "", get_language()))
        return original(**kwargs)

    monkeypatch.setattr(dashboard, "progress_context", counting)
    with django_capture_on_commit_callbacks(execute=True):
        fill(report, roles["officer"])
        svc.report_submit(actor=roles["officer"], report=report)
        svc.report_approve(actor=roles["fp_rayon"], report=report)
    monkeypatch.undo()
    # Rendered ahead: the dashboards read above Halmion, in the language read; Leilek (untouched) and Batken and
    # Halmion (not read) never.
    assert set(renders) == {("", read_in), (t["kadamjay"].code, read_in)}

    warmed = {"kadamjay": (_reads(kadamjay), _body(kadamjay)), "country": (_reads(country), _body(country))}
    public_warmed, public_reads = _public(client, t["kadamjay"])
    cache.clear()  # what a reader would get from the committed data, rendered now
    for name, client_ in (("kadamjay", kadamjay), ("country", country)):
        reads, html = warmed[name]
        assert reads <= 8, name  # the first reader after the change: from the cache
        assert html == _body(client_) and html != before[name] and trained in html, name
    fresh_public, fresh_reads = _public(client, t["kadamjay"])
    assert public_warmed == fresh_public != public_before
    assert public_reads < fresh_reads
    assert _body(leilek) == before["leilek"]


def test_without_warming_nothing_is_queued_and_the_first_reader_renders(
    report, roles, login, territory, django_capture_on_commit_callbacks
):
    """Each process's own memory (development, the demo): another process could not fill it, so nothing is queued
    (the background worker would render into its own memory) and the first reader after a change renders."""
    kadamjay = login(roles["fp_rayon"])
    _body(kadamjay)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        fill(report, roles["officer"])
        svc.report_submit(actor=roles["officer"], report=report)
    assert not any("warm" in getattr(c, "__name__", "") for c in callbacks)
    assert _reads(kadamjay) > 8
