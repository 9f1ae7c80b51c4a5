"""`leadscreen scan` locates findings in a long text in linear time (see
tests/recognizers/test_scanner_scaling.py for how linear time is checked)."""

from __future__ import annotations

import gc
import time

from screen.cli.scan import _Finder, _LineColumns
from screen.redact.fields import TextSlot
from screen.redact.sources import Record


def _seconds(work, size: int) -> float:
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


def _grows_linearly(work, size: int, growth: int = 8, bound: int = 20) -> bool:
    """Eight times the size takes about eight times as long if linear, 40-60 times if quadratic."""
    work(size)  # warm-up: caches and lazy imports
    return _seconds(work, size * growth) < bound * max(_seconds(work, size), 1e-3)


def test_line_and_column_of_every_finding_in_a_long_text_in_linear_time():
    """scan printed line:column by counting the line breaks before each finding, again and again."""

    def locate(count: int) -> None:
        text = "客户13812345678，谢谢\n" * count
        list(_Finder("txt", None, 0.0).findings(Record(1, [TextSlot("", [text], 0)])))

    assert _grows_linearly(locate, 2000)


def test_line_columns_match_counting():
    text = "ab\n\ncd\nefg"
    lines = _LineColumns(text)
    for offset in range(len(text) + 1):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        assert lines.at(offset) == f"{line}:{column}"
