"""The benchmark cases. Each returns a Result; sizes are chosen to run in seconds on a 2-core machine."""

from __future__ import annotations

from bench.__main__ import Result, peak_memory, timed


def _territory(n_rayons: int, per_rayon: int, prefix: int) -> list:
    from tendik.audit.context import acting_as
    from tendik.geography.services import unit_create

    units = []
    with acting_as(None, source="bench"):
        oblast = unit_create(code=f"4179{prefix:02d}00000000", level="oblast", name_ru=f"Тестовая область {prefix}")
        for r in range(n_rayons):
            rayon = unit_create(
                code=f"4179{prefix:02d}{r + 200:03d}00000", level="rayon", parent=oblast, name_ru=f"Район {prefix}-{r}"
            )
            for a in range(per_rayon):
                units.append(
                    unit_create(
                        code=f"4179{prefix:02d}{r + 200:03d}{a + 800:03d}00",
                        level="ayil_aimak",
                        parent=rayon,
                        name_ru=f"Айыл аймак {prefix}-{r}-{a}",
                    )
                )
    return units


def bench_scope_filter_grows_sublinearly() -> Result:
    """Listing a rayon's municipalities by path prefix: 4x more units in the country, about the same cost."""
    from tendik.geography.models import AdministrativeUnit

    small = _territory(5, 20, 1)
    t_small = timed(lambda: list(AdministrativeUnit.objects.within(small[0].parent)))
    _territory(20, 20, 2)
    t_large = timed(lambda: list(AdministrativeUnit.objects.within(small[0].parent)))
    return Result(
        "scope filter, 100 → 500 units", t_large / t_small, 2.0, f"{t_small * 1e3:.2f} ms → {t_large * 1e3:.2f} ms"
    )


def bench_audit_overhead() -> Result:
    """Saving an audited record (change row + audit row, one transaction) costs at most 3x an unaudited save."""
    from tendik.audit.context import acting_as
    from tendik.geography.models import AdministrativeUnit

    parent = AdministrativeUnit.objects.filter(level="rayon").first()
    counter = iter(range(10_000))

    def audited() -> None:
        with acting_as(None, source="bench"):
            for _ in range(50):
                i = next(counter)
                u = AdministrativeUnit(code=f"41798{i:09d}", level="ayil_aimak", parent=parent, name_ru=f"А {i}")
                u.refresh_derived()
                u.save()

    def plain() -> None:
        # The same ORM save without the audit trail: Model.save bypasses AuditedModel.save.
        from django.db import models as dj_models

        for _ in range(50):
            i = next(counter)
            u = AdministrativeUnit(code=f"41799{i:09d}", level="ayil_aimak", parent=parent, name_ru=f"А {i}")
            u.refresh_derived()
            dj_models.Model.save(u)

    t_audit, t_plain = timed(audited, 3), timed(plain, 3)
    return Result(
        "audited save vs unaudited save",
        t_audit / t_plain,
        3.0,
        f"{t_plain * 1e3:.1f} ms → {t_audit * 1e3:.1f} ms per 50",
    )


def bench_unit_search_memory() -> Result:
    """Searching names keeps memory flat: peak for a search over all units ≤ 3x a search over a fifth of them."""
    from tendik.geography.models import AdministrativeUnit

    few = peak_memory(lambda: list(AdministrativeUnit.objects.search("аймак 1-1")[:50]))
    many = peak_memory(lambda: list(AdministrativeUnit.objects.search("аймак")[:50]))
    return Result(
        "unit search memory, narrow vs broad", many / max(few, 1), 3.0, f"{few / 1024:.0f} KiB → {many / 1024:.0f} KiB"
    )


from bench.spreadsheets import (  # noqa: E402
    bench_plan_progress_import,
    bench_recommendations_export,
    bench_recommendations_import,
)

ALL = [
    bench_scope_filter_grows_sublinearly,
    bench_audit_overhead,
    bench_unit_search_memory,
    bench_plan_progress_import,
    bench_recommendations_export,
    bench_recommendations_import,
]


PAGE_BUDGET_KB = 150


def _page_weight(client: object, url: str) -> tuple[int, dict[str, int]]:
    """Bytes of the page and everything it loads (styles, scripts, images), each gzip-compressed (level 6)."""
    import gzip
    import re

    from django.conf import settings
    from django.contrib.staticfiles import finders

    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")  # type: ignore[attr-defined]
    assert response.status_code == 200, (url, response.status_code)
    html = response.content
    sizes = {url: len(gzip.compress(html, 6))}
    for ref in re.findall(rb'(?:href|src)="(/static/[^"]+)"', html):
        path = ref.decode().split("?")[0]
        if path in sizes or not path.endswith((".css", ".js", ".svg", ".png", ".woff2", ".ico")):
            continue
        found = finders.find(path.removeprefix(settings.STATIC_URL))
        if found:
            with open(found, "rb") as fh:  # noqa: PTH123
                sizes[path] = len(gzip.compress(fh.read(), 6))
    return sum(sizes.values()), sizes


def bench_public_page_weight() -> Result:
    """First load of the heaviest public portal page (country, oblast or plan page with the demo data), gzip-
    compressed with every style, script and image it loads: ≤ 150 KB."""
    from django.core.management import call_command, get_commands
    from django.test import Client
    from django.urls import reverse

    from tendik.audit.context import acting_as

    available = get_commands()
    with acting_as(None, source="bench"):
        for name in (
            "load_territories",
            "load_plans",
            "load_plans_demo",
            "load_consultations_demo",
            "load_protection_demo",
        ):
            if name in available:
                call_command(name, verbosity=0)
    from tendik.plans.models import Plan

    client = Client()
    urls = [reverse("portal:country"), reverse("portal:territory", args=["41705000000000"])]
    urls += [reverse("portal:plan", args=[p.code]) for p in Plan.objects.filter(is_current=True)]
    weights = {url: _page_weight(client, url) for url in urls}
    url, (total, parts) = max(weights.items(), key=lambda kv: kv[1][0])
    detail = f"{url}: " + ", ".join(f"{k.rsplit('/', 1)[-1] or k} {v / 1024:.1f}" for k, v in parts.items())
    return Result("public page weight, KB gzip (first load)", total / 1024, PAGE_BUDGET_KB, detail)


ALL.append(bench_public_page_weight)
