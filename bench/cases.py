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
