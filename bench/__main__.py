"""Tendik benchmarks: speed and memory targets as ratios measured in one run.

    ./dev bench            run all
    ./dev bench audit      run the ones whose name contains "audit"

Each benchmark measures the same operation at two sizes (or with and without a mechanism) in the same process and
compares the ratio with a target, so the result does not depend on how fast the machine is.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass


def setup_django() -> None:
    tmp = tempfile.mkdtemp(prefix="tendik-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tendik.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ["TENDIK_DATA_DIR"] = tmp
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


@dataclass
class Result:
    name: str
    ratio: float
    target: float
    detail: str

    @property
    def ok(self) -> bool:
        return self.ratio <= self.target


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def peak_memory(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main(argv: list[str]) -> int:
    setup_django()
    from bench import cases

    selected = [c for c in cases.ALL if not argv or any(a in c.__name__ for a in argv)]
    results: list[Result] = []
    for case in selected:
        out = case()
        results.extend(out if isinstance(out, list) else [out])
    width = max(len(r.name) for r in results) if results else 10
    for r in results:
        print(
            f"{'ok ' if r.ok else 'SLOW'} {r.name:<{width}}  ratio {r.ratio:6.2f} (target ≤ {r.target:g})  {r.detail}"
        )
    failed = [r for r in results if not r.ok]
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
