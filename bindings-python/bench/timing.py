"""What the benchmarks here share: the best of several timed runs."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(runs: int, f: Callable[[], object]) -> float:
    """The shortest of ``runs`` timings of ``f()``, in seconds: the least disturbed by other work
    on a shared machine."""
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return best
