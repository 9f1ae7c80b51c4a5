"""The summary of a table counts the records a user would count: a list without a header whose
only line holds a number is one record (it said "0 record(s) … CN_PHONE_NUMBER 1")."""

from __future__ import annotations

import pytest

from screen.redact.jobs import RedactSettings
from screen.redact.run import run_redaction

RAW = "13812345678"

TABLES = [
    # (CSV text, records in, changed, phones replaced)
    (f"张三,{RAW}\n", 1, 1, 1),  # one line, no header: a record
    (f"{RAW}\n", 1, 1, 1),
    (f"{RAW},{RAW[:-1]}9\n张三,{RAW}\n", 2, 2, 3),  # a headerless list: its first line is a record too
    (f"姓名,手机号\n张三,{RAW}\n", 1, 1, 1),  # a real header is no record
    ("name,phone\n", 0, 0, 0),  # a header alone: no record
    (f"name,phone\n张三,{RAW}\n李四,13912345678\n", 2, 2, 2),
]


@pytest.mark.parametrize(("text", "records", "changed", "phones"), TABLES)
def test_records_counted_as_a_user_counts_them(tmp_path, text, records, changed, phones):
    source = tmp_path / "list.csv"
    source.write_text(text, encoding="utf-8")
    summary = run_redaction(str(source), str(tmp_path / "out.csv"), "csv", RedactSettings())
    assert (summary.records_in, summary.records_out, summary.changed) == (records, records, changed)
    assert summary.counts.get("CN_PHONE_NUMBER", 0) == phones
    assert RAW not in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
