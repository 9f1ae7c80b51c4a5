"""Spot checks of transcripts look where `redact` and `scan` look (issue 11, items 3 and 4): every
string of a JSON record, nested too, unless --text-field narrows it; an ASR transcript as one call,
so a number split across two segments is found and masked whole."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from screen.cli.main import main

PHONE = "13812345678"


def invoke(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)


def report_of(out_dir: Path) -> dict:
    return json.loads((out_dir / "report.json").read_text(encoding="utf-8"))


def review_rows(out_dir: Path) -> list[dict]:
    with (out_dir / "review.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def assert_no_raw_phone(out_dir: Path) -> None:
    for name in ("report.html", "report.json", "review.csv"):
        assert PHONE not in (out_dir / name).read_text(encoding="utf-8-sig"), name


def test_a_phone_in_a_field_of_its_own_is_reported(tmp_path):
    calls = write_jsonl(tmp_path / "calls.jsonl", [{"phone": PHONE, "text": "别再打了"}])
    out = tmp_path / "out"
    result = invoke("spotcheck", calls, "--sample", 1, "--seed", 1, "--out-dir", out)
    assert result.exit_code == 0, result.output
    findings = report_of(out)["findings"]
    assert findings["residual_pii"]["count"] == 1
    assert findings["CN_PHONE_NUMBER"]["count"] == 1
    assert findings["optout_phrase"]["count"] == 1  # the text field is still read for phrases
    excerpt = review_rows(out)[0]["excerpt"]
    assert "138****5678" in excerpt and "别再打了" in excerpt
    assert_no_raw_phone(out)


def test_a_nested_phone_is_reported(tmp_path):
    calls = write_jsonl(tmp_path / "calls.jsonl", [{"caller": {"tels": [PHONE]}, "text": "您好"}])
    out = tmp_path / "out"
    invoke("spotcheck", calls, "--sample", 1, "--seed", 1, "--out-dir", out)
    assert report_of(out)["findings"]["residual_pii"]["count"] == 1
    assert_no_raw_phone(out)


def test_text_field_narrows_and_takes_a_comma_separated_list(tmp_path):
    calls = write_jsonl(tmp_path / "calls.jsonl", [{"phone": PHONE, "text": "别再打了", "notes": "无"}])
    narrowed, listed = tmp_path / "narrowed", tmp_path / "listed"
    invoke("spotcheck", calls, "--sample", 1, "--seed", 1, "--out-dir", narrowed, "--text-field", "text")
    assert report_of(narrowed)["findings"]["residual_pii"]["count"] == 0
    invoke("spotcheck", calls, "--sample", 1, "--seed", 1, "--out-dir", listed, "--text-field", "text,phone")
    assert report_of(listed)["findings"]["residual_pii"]["count"] == 1
    assert_no_raw_phone(listed)


def test_a_record_without_the_named_fields_is_unreadable(tmp_path):
    calls = write_jsonl(tmp_path / "calls.jsonl", [{"content": "您好", "text": "x"}])
    out = tmp_path / "out"
    invoke(
        "spotcheck",
        calls,
        "--sample",
        1,
        "--seed",
        1,
        "--out-dir",
        out,
        "--kind",
        "transcripts",
        "--text-field",
        "body",
    )
    assert report_of(out)["findings"]["unreadable_record"]["count"] == 1


def test_a_number_split_across_asr_segments_is_found_and_masked(tmp_path):
    call = tmp_path / "call.json"
    segments = [
        {"speaker": "customer", "text": "我的手机号是一三八"},
        {"speaker": "customer", "text": "一二三四五六七八，记一下"},
    ]
    call.write_text(json.dumps({"call_id": "c-9", "segments": segments}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    invoke("spotcheck", call, "--sample", 1, "--seed", 1, "--out-dir", out)
    findings = report_of(out)["findings"]
    assert findings["residual_pii"]["count"] == 1 and findings["CN_PHONE_NUMBER"]["count"] == 1
    excerpt = review_rows(out)[0]["excerpt"]
    assert "一二三四" not in excerpt and "1234" not in excerpt  # the middle digits never shown
    assert "[customer]" in excerpt and "记一下" in excerpt
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "一二三四" not in html and "1234" not in html


def test_a_gbk_jsonl_file_is_read_as_redact_reads_it(tmp_path):
    calls = tmp_path / "calls.jsonl"
    calls.write_bytes((json.dumps({"text": f"手机{PHONE}，别再打了"}, ensure_ascii=False) + "\n").encode("gbk"))
    out = tmp_path / "out"
    invoke("spotcheck", calls, "--sample", 1, "--seed", 1, "--out-dir", out)
    findings = report_of(out)["findings"]
    assert findings["unreadable_record"]["count"] == 0
    assert findings["residual_pii"]["count"] == 1 and findings["optout_phrase"]["count"] == 1
