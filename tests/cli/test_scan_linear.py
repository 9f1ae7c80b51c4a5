"""`leadscreen scan` locates findings in a long text in linear time (see
tests/recognizers/test_scanner_scaling.py for how linear time is checked)."""

from __future__ import annotations

from scaling_support import grows_linearly

from screen.cli.scan import _Finder, _LineColumns
from screen.redact.fields import TextSlot
from screen.redact.sources import Record


def test_line_and_column_of_every_finding_in_a_long_text_in_linear_time():
    """scan printed line:column by counting the line breaks before each finding, again and again."""

    def locate(count: int) -> None:
        text = "客户13812345678，谢谢\n" * count
        list(_Finder("txt", None, 0.0).findings(Record(1, [TextSlot("", [text], 0)])))

    assert grows_linearly(locate, 2000)


def test_line_columns_match_counting():
    text = "ab\n\ncd\nefg"
    lines = _LineColumns(text)
    for offset in range(len(text) + 1):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        assert lines.at(offset) == f"{line}:{column}"
