"""`leadscreen scan`: findings printed masked, from text, JSONL and stdin; bad input is one line + exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from screen.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_lists" / "transcripts" / "call_0001.txt"
RAW_NUMBERS = ("11010519880312009X", "13812345678", "13922334455", "6222021234567890128")


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_sample_transcript_spoken_numbers_are_found_and_masked():
    result = run("scan", str(SAMPLE), "--format", "json")
    assert result.exit_code == 0
    findings = [json.loads(line) for line in result.stdout.splitlines()]
    masked = {(f["entity"], f["masked"]) for f in findings}
    assert ("CN_RESIDENT_ID", "110105********009X") in masked
    assert ("CN_PHONE_NUMBER", "138****5678") in masked
    assert ("CN_PHONE_NUMBER", "139****4455") in masked
    assert ("CN_BANK_CARD", "***************0128") in masked
    assert ("PERSON", "*") in masked  # 张先生: the surname the agent checks, starred whole
    text = SAMPLE.read_text(encoding="utf-8")
    for finding in findings:  # offsets cover the original (spoken) characters
        covered = text[finding["start"] : finding["end"]]
        assert covered.strip() == covered and (len(covered) >= 5 or finding["entity"] == "PERSON")


def test_table_output_never_prints_a_raw_number():
    result = run("scan", str(SAMPLE))
    assert result.exit_code == 0
    for raw in RAW_NUMBERS:
        assert raw not in result.output
    assert "138****5678" in result.stdout
    assert "scanned 1 record(s)" in result.stderr


def test_jsonl_records_and_text_field(tmp_path):
    path = tmp_path / "calls.jsonl"
    path.write_text(
        json.dumps({"id": 1, "content": "手机一三八一二三四五六七八"}, ensure_ascii=False)
        + "\n"
        + json.dumps({"id": 2, "content": "没有号码"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    result = run("scan", str(path), "--text-field", "content", "--format", "json")
    assert result.exit_code == 0
    [finding] = [json.loads(line) for line in result.stdout.splitlines()]
    assert finding["record"] == 1 and finding["entity"] == "CN_PHONE_NUMBER"
    assert (finding["start"], finding["end"]) == (2, 13)


def test_gbk_text_file(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("客户身份证号码：110105194912310021X 不对，应为11010519491231002X".encode("gbk"))
    result = run("scan", str(path), "--format", "json")
    assert result.exit_code == 0
    entities = [json.loads(line)["masked"] for line in result.stdout.splitlines()]
    assert entities == ["110105********002X"]


def test_stdin_text_and_entity_filter():
    result = run(
        "scan", "-", "--entities", "CN_BANK_CARD", "--format", "json", input="卡号6222021234567890128 手机13812345678"
    )
    assert result.exit_code == 0
    assert [json.loads(line)["entity"] for line in result.stdout.splitlines()] == ["CN_BANK_CARD"]


def test_broken_jsonl_line_is_reported_and_exit_is_nonzero():
    data = '{"text": "手机13812345678"}\n{broken\n{"text": "卡号6222021234567890128"}\n'
    result = run("scan", "-", "--format", "json", input=data)
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2  # both good records were still scanned
    assert "line 2: not valid JSON" in result.stderr


def test_fail_on_findings():
    assert run("scan", "-", "--fail-on-findings", input="手机13812345678").exit_code == 1
    assert run("scan", "-", "--fail-on-findings", input="客服95588").exit_code == 0


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "is empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00binary", "binary"),
        (b"\x80\x81\xfa\xfb\xff\xfe", "neither UTF-8 nor GBK"),
        ("客服电话".encode("utf-16"), "UTF-16/UTF-32 text; save it as UTF-8"),  # BOM ff fe
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    completed = subprocess.run([sys.executable, "-m", "screen", "scan", str(path)], capture_output=True, text=True)
    assert completed.returncode == 2
    assert message in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1
    assert "Traceback" not in completed.stderr


def test_unknown_entity_is_a_usage_error():
    result = CliRunner().invoke(main, ["scan", "-", "--entities", "CN_SHOE_SIZE"], input="x")
    assert result.exit_code == 2
    assert "unknown entity CN_SHOE_SIZE" in result.output


def _json_findings(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_every_field_of_a_record_is_scanned_by_default(tmp_path):
    """Issue 11 item 3: scan looked at the text field only and missed the phone beside it."""
    path = tmp_path / "calls.jsonl"
    records = [{"phone": "13812345678", "text": "别再打了"}, {"caller": {"phones": [13912345678]}, "text": "好"}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    result = run("scan", str(path), "--format", "json")
    assert result.exit_code == 0
    found = [(f["record"], f["field"], f["masked"]) for f in _json_findings(result)]
    assert found == [(1, "phone", "138****5678"), (2, "caller.phones[0]", "139****5678")]


def test_text_field_takes_a_comma_separated_list(tmp_path):
    path = tmp_path / "calls.jsonl"
    record = {"phone": "13812345678", "text": "手机13912345678", "note": "13612345678"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run("scan", str(path), "--text-field", "text,note", "--format", "json")
    assert [f["field"] for f in _json_findings(result)] == ["text", "note"]


def test_a_number_split_across_asr_segments_is_found_as_redact_finds_it():
    """Issue 11 item 4: scan read ASR JSON as plain text and saw 8 of the 11 digits."""
    sample = ROOT / "sample_lists" / "transcripts" / "asr_call.json"
    result = run("scan", str(sample), "--format", "json")
    assert result.exit_code == 0
    phones = [f for f in _json_findings(result) if f["entity"] == "CN_PHONE_NUMBER"]
    assert [(f["field"], f["masked"]) for f in phones] == [("segments[3].text+segments[4].text", "138****5678")]
    redacted = run("redact", str(sample), "-o", "-")
    assert redacted.stderr.count("CN_PHONE_NUMBER 1") == 1


def _write_table(path: Path, fmt: str) -> None:
    import polars as pl

    frame = pl.DataFrame(
        {"姓名": ["张三", "李四"], "手机号": ["13812345678", "无"], "备注": ["卡号6222021234567890128", None]}
    )
    if fmt == "csv":
        path.write_bytes(frame.write_csv().encode("gbk"))
    elif fmt == "xlsx":
        frame.write_excel(path)
    else:
        frame.write_parquet(path)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_tables_are_scanned_cell_by_cell(tmp_path, suffix):
    path = tmp_path / f"leads{suffix}"
    _write_table(path, suffix[1:])
    result = run("scan", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    found = [(f["record"], f["field"], f["entity"]) for f in _json_findings(result)]
    assert found == [(2, "手机号", "CN_PHONE_NUMBER"), (2, "备注", "CN_BANK_CARD")]
    table = run("scan", str(path))
    assert "13812345678" not in table.output and "138****5678" in table.stdout


def test_a_broken_asr_file_is_unreadable_not_read_as_text(tmp_path):
    path = tmp_path / "call.json"
    path.write_text('{"segments": 3, "note": "13812345678"}', encoding="utf-8")
    result = run("scan", str(path), "--format", "json")
    assert result.exit_code == 1
    assert "not an ASR transcript" in result.stderr and "13812345678" not in result.output


def test_a_headerless_list_and_rows_above_the_header_are_scanned(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("13712345678,王五\nname,contact\n张三,13812345678\n李四,手机号\n", encoding="utf-8")
    result = run("scan", str(path), "--format", "json")
    found = [(f["record"], f["field"], f["masked"]) for f in _json_findings(result)]
    assert found == [(1, "column 1", "137****5678"), (3, "column 2", "138****5678")]
    path.write_text("13712345678,王五\n", encoding="utf-8")
    found = [(f["record"], f["field"]) for f in _json_findings(run("scan", str(path), "--format", "json"))]
    assert found == [(1, "header")]


def test_field_names_in_findings_never_show_a_raw_number(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("13812345678,张三\n13912345678,李四\n", encoding="utf-8")
    keyed = tmp_path / "keyed.jsonl"
    keyed.write_text('{"13712345678": "x"}\n', encoding="utf-8")
    for source in (path, keyed):
        for output_format in ("json", "table"):
            result = run("scan", str(source), "--format", output_format)
            assert result.exit_code == 0
            for raw in ("13812345678", "13912345678", "13712345678"):
                assert raw not in result.output
    fields = [f["field"] for f in _json_findings(run("scan", str(keyed), "--format", "json"))]
    assert fields == ["137****5678"]
