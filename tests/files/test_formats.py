"""One suffix, one meaning: the format registry every reader asks."""

from __future__ import annotations

import pytest

from screen.errors import UsageError
from screen.files.formats import FORMATS, TABLE_FORMATS, TEXT_FORMATS, format_of, suffixes_of
from screen.files.tables import load_table


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("leads.csv", "csv"),
        ("leads.TSV", "csv"),
        ("leads.xlsx", "xlsx"),
        ("leads.xls", "xlsx"),
        ("leads.pq", "parquet"),
        ("calls.ndjson", "jsonl"),
        ("call.txt", "txt"),
        ("call.json", "asr"),
    ],
)
def test_each_suffix_names_one_format(name, expected):
    assert format_of(name) == expected


def test_no_suffix_is_claimed_twice():
    suffixes = suffixes_of(FORMATS)
    assert len(suffixes) == len(set(suffixes))


def test_txt_is_text_not_a_table(tmp_path):
    # before the registry, a lead-list reader took .txt as CSV while the transcript jobs took it as text
    path = tmp_path / "leads.txt"
    path.write_text("phone\n13812345678\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"leads\.txt: a \.txt file is plain text, not a table; use \.csv"):
        load_table(path)
    assert format_of(path, TEXT_FORMATS) == "txt"


def test_a_refusal_names_the_accepted_suffixes_and_no_others():
    with pytest.raises(UsageError) as raised:
        format_of("list.doc", TABLE_FORMATS)
    message = str(raised.value)
    assert ".parquet" in message and ".txt" not in message and ".json " not in message
    assert "\n" not in message
