"""Checking that work grows linearly with its input, without timing a fixed size.

Timing a fixed size would depend on the machine; instead the same work is timed at two sizes
eight times apart. Linear code takes about 8 times as long; the quadratic steps of issue 11 took
40 to 60 times as long at the sizes the tests use. The bound, 20, leaves room for a noisy machine.
"""

from __future__ import annotations

import gc
import time

GROWTH = 8
LINEAR_BOUND = 20


def cpu_seconds(work, size: int) -> float:
    """Best of two runs, in CPU time, with the garbage collector off: in a long test session its
    passes over a big heap would add time that grows with the allocations, not with the work."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(2):
            started = time.process_time()
            work(size)
            best = min(best, time.process_time() - started)
    finally:
        gc.enable()
    return best


def grows_linearly(work, size: int) -> bool:
    """Whether ``work(size * GROWTH)`` takes less than ``LINEAR_BOUND`` times ``work(size)``."""
    work(size)  # warm-up: caches and lazy imports
    small = cpu_seconds(work, size)
    large = cpu_seconds(work, size * GROWTH)
    return large < LINEAR_BOUND * max(small, 1e-3)
