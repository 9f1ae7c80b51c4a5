"""Consent times in the forms lead lists use, parsed by polars expressions."""

from __future__ import annotations

import datetime

import polars as pl
import pytest

from screen.lists.consent_time import (
    choose_formats,
    consent_time_expr,
    fixed_offset,
    offset_text,
)

LOCAL = datetime.datetime(2026, 3, 5, 14, 22)
FORMS = {
    "2026-03-05 14:22": LOCAL,
    "2026-03-05 14:22:00": LOCAL,
    "2026-03-05T14:22:00": LOCAL,
    "2026-03-05T14:22:00.250": LOCAL,
    "2026-03-05T06:22:00Z": LOCAL,
    "2026-03-05T14:22:00+08:00": LOCAL,
    "2026-03-05T07:22:00+0100": LOCAL,
    "2026-03-05 02:22:00-04:00": LOCAL,
    "2026/3/5 14:22": LOCAL,
    "2026/03/05 14:22:00": LOCAL,
    "2026.3.5 14:22": LOCAL,
    "2026年3月5日 14:22": LOCAL,
    "2026年3月5日14时22分": LOCAL,
    "2026年3月5日 14点22分00秒": LOCAL,
    " 2026-3-5 14:22 ": LOCAL,
    "20260305142200": LOCAL,
    "2026年3月5日": datetime.datetime(2026, 3, 5),
    "2026年3月5号": datetime.datetime(2026, 3, 5),
    "2026-03-05": datetime.datetime(2026, 3, 5),
    "2026/3/5": datetime.datetime(2026, 3, 5),
    "20260305": datetime.datetime(2026, 3, 5),
}
NOT_TIMES = ["2026-02-30", "2026-13-01 10:00", "2026-03-05 25:00", "yesterday", "3/5/2026", "2026年3月", "", "46086.5"]


def parse(values, formats=None, excel_serial=False):
    frame = pl.DataFrame({"t": values}, schema={"t": pl.String})
    formats = formats or choose_formats(frame["t"])
    return frame.select(
        consent_time_expr(pl.col("t"), timezone="Asia/Shanghai", formats=formats, excel_serial=excel_serial)
    )["t"].to_list()


@pytest.mark.parametrize("text", sorted(FORMS))
def test_each_form_alone(text):
    assert parse([text]) == [FORMS[text]]


def test_all_forms_in_one_column_whatever_the_fast_formats():
    texts = sorted(FORMS)
    expected = [FORMS[text] for text in texts]
    assert parse(texts) == expected
    assert parse(texts, formats=("%Y/%m/%d",)) == expected


@pytest.mark.parametrize("text", NOT_TIMES)
def test_not_times(text):
    assert parse([text], formats=("%Y-%m-%d %H:%M:%S",)) == [None]


def test_excel_serial_numbers_only_when_asked():
    assert parse(["46086.598611111"], excel_serial=True) == [LOCAL]
    assert parse(["46086.598611111"], excel_serial=False) == [None]


def test_choose_formats_prefers_the_common_one():
    sample = ["2026/3/5 14:22"] * 5 + ["2026-03-05"] * 2 + ["junk"]
    assert choose_formats(sample) == ("%Y/%m/%d %H:%M", "%Y-%m-%d")


def test_offsets():
    utc = datetime.UTC
    start, end = datetime.datetime(2025, 1, 1, tzinfo=utc), datetime.datetime(2026, 1, 1, tzinfo=utc)
    assert offset_text(fixed_offset("Asia/Shanghai", start, end)) == "+08:00"
    assert fixed_offset("America/New_York", start, end) is None
    summer = datetime.datetime(2025, 6, 1, tzinfo=utc)
    assert offset_text(fixed_offset("America/New_York", summer, summer + datetime.timedelta(days=30))) == "-04:00"
