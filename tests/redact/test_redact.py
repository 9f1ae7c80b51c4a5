"""`leadscreen redact` / `unredact`: formats, operators, cross-segment numbers, fail-closed quarantine."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from recognizers.normalize import fold
from screen.cli.main import main
from screen.files.atomic import atomic_write
from screen.redact.jobs import RedactSettings, redact_jsonl_lines
from screen.redact.operators import Operator
from screen.redact.redactor import Redactor

KEY = "04271af109c510cd731a30c8f3a18b4bcec65b9d051a9a2c156dc269a3d0ff42"
ROOT = Path(__file__).resolve().parents[2]
TRANSCRIPTS = ROOT / "sample_lists" / "transcripts"

# (text, the raw numbers it holds as canonical digits)
RECORDS = [
    ("我的手机号是幺三八 幺二三四 五六七八，白天打。", ["13812345678"]),
    ("身份证号11010519491231002X，卡号6222 0212 3456 7890 128。", ["11010519491231002X", "6222021234567890128"]),
    ("本次保费3800元，验证码382916，没有个人号码。", []),
    ("座机是010-62345678，手机+86 139-2233-4455。", ["01062345678", "13922334455"]),
    ("邮箱发到li.na@example.cn，护照号E12345678。", ["li.na@example.cn", "E12345678"]),
]


@pytest.fixture(autouse=True)
def key(monkeypatch):
    monkeypatch.setenv("LEADSCREEN_KEY", KEY)


def invoke(*args, input=None):
    return CliRunner().invoke(main, [str(arg) for arg in args], input=input, catch_exceptions=False)


def digits_only(text: str) -> str:
    return re.sub(r"[^0-9Xa-z@.]", "", fold(text))


def assert_no_raw_numbers(text: str, raws) -> None:
    squeezed = digits_only(text)
    for raw in raws:
        assert raw not in text
        assert raw.lower() not in squeezed.lower()


def write_jsonl(path: Path, texts, encoding="utf-8") -> Path:
    path.write_bytes(
        "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)).encode(
            encoding
        )
    )
    return path


ALL_RAW = [raw for _text, raws in RECORDS for raw in raws]


@pytest.mark.parametrize("operator", ["mask", "tag", "hash", "encrypt"])
def test_jsonl_every_operator_removes_every_raw_number_and_keeps_other_fields(tmp_path, operator):
    source = write_jsonl(tmp_path / "in.jsonl", [text for text, _raws in RECORDS])
    output = tmp_path / "out.jsonl"
    result = invoke("redact", source, "-o", output, "--operator", operator)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == list(range(len(RECORDS)))
    assert_no_raw_numbers(output.read_text(encoding="utf-8"), ALL_RAW)
    assert_no_raw_numbers(result.output, ALL_RAW)
    assert lines[2]["text"] == RECORDS[2][0]  # nothing personal: unchanged
    assert "5 record(s): 5 written (4 changed), 0 quarantined" in result.stderr


def test_mask_uses_chinese_conventions():
    redactor = Redactor(Operator("mask"))
    text, counts = redactor.redact_text("手机13812345678 身份证11010519491231002X 卡号6222021234567890128")
    assert text == "手机138****5678 身份证110105********002X 卡号***************0128"
    assert counts == {"CN_PHONE_NUMBER": 1, "CN_RESIDENT_ID": 1, "CN_BANK_CARD": 1}


def test_mask_keep_is_configurable_from_flags(tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("卡号6222021234567890128", encoding="utf-8")
    result = invoke("redact", source, "-o", "-", "--mask-keep", "CN_BANK_CARD=6,4")
    assert result.stdout == "卡号622202*********0128"


def test_per_entity_operator_from_policy_file(tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text(
        '[redact]\noperator = "tag"\n[redact.entities.CN_PHONE_NUMBER]\noperator = "mask"\nkeep_first = 0\nkeep_last = 2\n',
        encoding="utf-8",
    )
    source = tmp_path / "in.txt"
    source.write_text("手机13812345678，身份证11010519491231002X", encoding="utf-8")
    result = invoke("redact", source, "-o", "-", "--policy", policy)
    assert result.stdout == "手机*********78，身份证<CN_RESIDENT_ID>"


def test_hash_is_stable_across_runs_and_files_and_keyed(tmp_path, monkeypatch):
    first = tmp_path / "a.txt"
    second = tmp_path / "b.txt"
    first.write_text("手机13812345678", encoding="utf-8")
    second.write_text("他说幺三八 幺二三四 五六七八是他的", encoding="utf-8")
    token = re.compile(r"<CN_PHONE_NUMBER:h:[0-9a-f]{8}:[0-9a-f]{64}>")
    out_a = invoke("redact", first, "-o", "-", "--operator", "hash").stdout
    out_b = invoke("redact", second, "-o", "-", "--operator", "hash").stdout
    assert token.search(out_a).group() == token.search(out_b).group()
    monkeypatch.setenv("LEADSCREEN_KEY", "c88fd60958624cbea16c838a6d2b8e148eafeb2c0dcb8491aeb56939dd19f482")
    out_c = invoke("redact", first, "-o", "-", "--operator", "hash").stdout
    assert token.search(out_c).group() != token.search(out_a).group()


@pytest.mark.parametrize("operator", ["hash", "encrypt"])
def test_keyed_operators_refuse_to_run_without_a_key(tmp_path, monkeypatch, operator):
    monkeypatch.delenv("LEADSCREEN_KEY")
    source = tmp_path / "in.txt"
    source.write_text("手机13812345678", encoding="utf-8")
    result = CliRunner().invoke(main, ["redact", str(source), "-o", str(tmp_path / "out.txt"), "--operator", operator])
    assert result.exit_code == 2
    assert "LEADSCREEN_KEY" in result.output
    assert not (tmp_path / "out.txt").exists()


@pytest.mark.parametrize("name", ["call_0001.txt", "calls.jsonl", "asr_call.json"])
def test_encrypt_then_unredact_gives_back_the_original(tmp_path, name):
    source = TRANSCRIPTS / name
    encrypted = tmp_path / ("enc_" + name)
    restored = tmp_path / ("restored_" + name)
    assert invoke("redact", source, "-o", encrypted, "--operator", "encrypt").exit_code == 0
    assert "<CN_PHONE_NUMBER:e:" in encrypted.read_text(encoding="utf-8")
    assert invoke("unredact", encrypted, "-o", restored).exit_code == 0
    original = source.read_text(encoding="utf-8")
    if name.endswith(".json"):
        assert json.loads(restored.read_text(encoding="utf-8")) == json.loads(original)
    elif name.endswith(".jsonl"):
        assert [json.loads(line) for line in restored.read_text(encoding="utf-8").splitlines()] == [
            json.loads(line) for line in original.splitlines()
        ]
    else:
        assert restored.read_text(encoding="utf-8") == original


def test_unredact_with_the_wrong_key_fails_and_writes_nothing(tmp_path, monkeypatch):
    source = tmp_path / "in.txt"
    source.write_text("手机13812345678", encoding="utf-8")
    invoke("redact", source, "-o", tmp_path / "enc.txt", "--operator", "encrypt")
    monkeypatch.setenv("LEADSCREEN_KEY", "f9b75be301e78557c65226f0f9d411e563596e59d67ac0c03abe1d7ec71a448d")
    result = CliRunner().invoke(main, ["unredact", str(tmp_path / "enc.txt"), "-o", str(tmp_path / "restored.txt")])
    assert result.exit_code == 2
    assert "does not decrypt" in result.output
    assert not (tmp_path / "restored.txt").exists()


def test_asr_number_split_across_two_segments_is_redacted_in_both(tmp_path):
    source = TRANSCRIPTS / "asr_call.json"
    output = tmp_path / "out.json"
    assert invoke("redact", source, "-o", output).exit_code == 0
    original = json.loads(source.read_text(encoding="utf-8"))
    redacted = json.loads(output.read_text(encoding="utf-8"))
    assert [(s["start"], s["end"], s["speaker"]) for s in redacted["segments"]] == [
        (s["start"], s["end"], s["speaker"]) for s in original["segments"]
    ]
    texts = [s["text"] for s in redacted["segments"]]
    assert texts[3] == "我的手机号是138"
    assert texts[4] == "****5678。"
    assert_no_raw_numbers(output.read_text(encoding="utf-8"), ["11010519880312009X"])


@pytest.mark.parametrize(
    "left, right",
    [
        ("我的手机号是一三八", "一二三四五六七八"),
        ("身份证号幺幺零幺零五一九四九", "幺二三幺零零二X"),
        ("卡号6222 0212", "3456 7890 128"),
    ],
)
def test_plain_segment_list_with_split_numbers(tmp_path, left, right):
    source = tmp_path / "call.json"
    segments = [
        {"start": 0, "end": 1, "speaker": "c", "text": left},
        {"start": 1, "end": 2, "speaker": "c", "text": right},
    ]
    source.write_text(json.dumps(segments, ensure_ascii=False), encoding="utf-8")
    output = tmp_path / "out.json"
    assert invoke("redact", source, "-o", output, "--operator", "tag").exit_code == 0
    texts = [s["text"] for s in json.loads(output.read_text(encoding="utf-8"))]
    joined = digits_only("".join(texts))
    assert joined == "" or len(joined) < 5, texts
    assert all("<CN_" in text for text in texts)


def test_numbers_at_a_segment_boundary_that_do_not_join_are_both_kept_apart():
    redactor = Redactor(Operator("tag"))
    texts, counts = redactor.redact_segments(["尾号1234", "13812345678是我手机"])
    assert texts == ["尾号1234", "<CN_PHONE_NUMBER>是我手机"]
    assert counts == {"CN_PHONE_NUMBER": 1}


def test_broken_line_in_the_middle_is_quarantined_and_the_rest_redacted(tmp_path):
    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"text": text}, ensure_ascii=False) for text, _raws in RECORDS]
    lines.insert(2, '{"text": "手机13812345678", broken')
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = tmp_path / "out.jsonl"
    result = invoke("redact", source, "-o", output)
    assert result.exit_code == 1
    written = output.read_text(encoding="utf-8").splitlines()
    assert len(written) == len(RECORDS)
    quarantine = [
        json.loads(line) for line in (tmp_path / "out.jsonl.quarantine.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert [(q["record"], q["reason"].split(" (")[0]) for q in quarantine] == [(3, "not valid JSON")]
    assert "6 record(s): 5 written" in result.stderr and "1 quarantined" in result.stderr
    for text in (output.read_text(encoding="utf-8"), json.dumps(quarantine, ensure_ascii=False), result.output):
        assert_no_raw_numbers(text, ALL_RAW)


@pytest.mark.parametrize(
    "line, reason, options",
    [
        ('{"id": 1}', "no text field", ("--text-field", "text")),
        ('["text"]', "not a JSON object", ()),
        ('{"a": ' * 100 + '"13812345678"' + "}" * 100, "nested more than", ()),
        ('{"a": ' * 3000 + '"13812345678"' + "}" * 3000, "nested too deeply", ()),
    ],
)
def test_records_that_cannot_be_redacted_are_quarantined_not_passed_through(tmp_path, line, reason, options):
    source = tmp_path / "in.jsonl"
    source.write_text(line + "\n" + json.dumps({"text": "手机13812345678"}) + "\n", encoding="utf-8")
    output = tmp_path / "out.jsonl"
    result = invoke("redact", source, "-o", output, *options)
    assert result.exit_code == 1
    assert "13812345678" not in output.read_text(encoding="utf-8")
    assert len(output.read_text(encoding="utf-8").splitlines()) == 1
    assert reason in (tmp_path / "out.jsonl.quarantine.jsonl").read_text(encoding="utf-8")


def test_an_error_inside_the_recognizers_quarantines_the_record(monkeypatch):
    import screen.redact.redactor as redaction

    real_scan = redaction.scan

    def failing_scan(text, entities=None):
        if "boom" in text:
            raise RuntimeError("recognizer failure")
        return real_scan(text, entities)

    monkeypatch.setattr(redaction, "scan", failing_scan)
    written, quarantined = [], []
    lines = [json.dumps({"text": "boom 13812345678"}), json.dumps({"text": "手机13912345678"})]
    summary = redact_jsonl_lines(lines, RedactSettings(), written.append, quarantined.append, workers=1)
    assert (summary.records_in, summary.records_out, summary.quarantined) == (2, 1, 1)
    assert "internal error" in quarantined[0].reason and quarantined[0].record == 1
    assert "13812345678" not in "".join(written) and "139****5678" in written[0]


def test_parallel_workers_give_the_same_output_in_the_same_order():
    lines = [json.dumps({"n": i, "text": RECORDS[i % len(RECORDS)][0]}, ensure_ascii=False) for i in range(300)]
    lines[150] = "{not json"
    outputs = {}
    for workers in (1, 2):
        written, quarantined = [], []
        summary = redact_jsonl_lines(
            lines, RedactSettings(), written.append, quarantined.append, workers=workers, chunk_lines=7
        )
        outputs[workers] = (
            written,
            [(q.record, q.reason) for q in quarantined],
            summary.records_out,
            summary.quarantined,
        )
    assert outputs[1] == outputs[2]
    assert [json.loads(line)["n"] for line in outputs[2][0]] == [n for n in range(300) if n != 150]
    assert outputs[2][2] + outputs[2][3] == 300


def test_stdin_to_stdout_and_gbk_input():
    data = "".join(json.dumps({"text": text}, ensure_ascii=False) + "\n" for text, _raws in RECORDS).encode("gbk")
    completed = subprocess.run(
        [sys.executable, "-m", "screen", "redact", "-", "-o", "-", "--input-format", "jsonl"],
        input=data,
        capture_output=True,
    )
    assert completed.returncode == 0, completed.stderr
    out = completed.stdout.decode("utf-8")
    assert len(out.splitlines()) == len(RECORDS)
    assert "138****5678" in out
    assert_no_raw_numbers(out + completed.stderr.decode("utf-8"), ALL_RAW)


def test_gbk_text_file(tmp_path):
    source = tmp_path / "gbk.txt"
    source.write_bytes("客户手机幺三八 幺二三四 五六七八".encode("gbk"))
    result = invoke("redact", source, "-o", "-")
    assert result.stdout == "客户手机138****5678"


@pytest.mark.parametrize(
    "content, suffix, message",
    [
        (b"", ".txt", "is empty"),
        (b"\x00\x01\x02binary", ".jsonl", "binary"),
        (b"plain", ".docx", "cannot tell the format"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, content, suffix, message):
    source = tmp_path / ("bad" + suffix)
    source.write_bytes(content)
    completed = subprocess.run(
        [sys.executable, "-m", "screen", "redact", str(source), "-o", str(tmp_path / "o.txt")],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 2
    assert message in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o.txt").exists()


def test_output_never_overwrites_input(tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("手机13812345678", encoding="utf-8")
    result = CliRunner().invoke(main, ["redact", str(source), "-o", str(source)])
    assert result.exit_code == 2
    assert source.read_text(encoding="utf-8") == "手机13812345678"


def test_atomic_write_leaves_no_partial_file_when_interrupted(tmp_path):
    target = tmp_path / "out.txt"
    with pytest.raises(KeyboardInterrupt):
        with atomic_write(target) as handle:
            handle.write("half of the output")
            raise KeyboardInterrupt
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


# --- tables ------------------------------------------------------------------------------------

TABLE = {
    "姓名": ["张三", "李四", "王五"],
    "手机号": ["13812345678", "138 1234", "+86 139-2233-4455"],
    "身份证号": ["11010519491231002X", None, "1101051949"],
    "备注": ["卡号6222021234567890128", "无", "客户说幺三八幺二三四五六七八"],
}
TABLE_RAW = ["13812345678", "1381234", "13922334455", "11010519491231002X", "1101051949", "6222021234567890128"]


def write_table(folder: Path, fmt: str):
    import polars as pl

    frame = pl.DataFrame(TABLE)
    path = folder / f"list.{fmt}"
    if fmt == "csv":
        path.write_bytes(frame.write_csv().encode("gbk"))  # a partner's GBK export
    elif fmt == "xlsx":
        frame.write_excel(path)
    else:
        frame.write_parquet(path)
    return path, frame


def read_back(path: Path):
    import polars as pl

    if path.suffix == ".csv":  # a GBK list is written back as GBK (GB18030)
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030")
        return pl.read_csv(text.encode("utf-8"), infer_schema=False)
    if path.suffix == ".xlsx":
        return pl.read_excel(path, infer_schema_length=0)
    return pl.read_parquet(path)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_tables_every_cell_redacted_header_says_what_a_short_cell_is(tmp_path, fmt):
    source, _frame = write_table(tmp_path, fmt)
    output = tmp_path / f"out.{fmt}"
    result = invoke("redact", source, "-o", output)
    assert result.exit_code == 0, result.output
    redacted = read_back(output)
    assert redacted.get_column("姓名").to_list() == ["张*", "李*", "王*"]  # the header says names
    assert redacted.get_column("手机号").to_list() == ["138****5678", "1*****4", "139****4455"]
    assert redacted.get_column("身份证号").to_list()[0] == "110105********002X"
    assert redacted.get_column("备注").to_list() == ["卡号***************0128", "无", "客户说138****5678"]
    for row in redacted.iter_rows():
        assert_no_raw_numbers(" ".join(cell or "" for cell in row), TABLE_RAW)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_tables_encrypt_then_unredact_gives_back_the_original(tmp_path, fmt):
    source, frame = write_table(tmp_path, fmt)
    encrypted, restored = tmp_path / f"enc.{fmt}", tmp_path / f"restored.{fmt}"
    assert invoke("redact", source, "-o", encrypted, "--operator", "encrypt").exit_code == 0
    assert "<CN_PHONE_NUMBER:e:" in read_back(encrypted).get_column("手机号").to_list()[0]
    assert invoke("unredact", encrypted, "-o", restored).exit_code == 0
    assert read_back(restored).to_dicts() == frame.to_dicts()


def test_tables_only_named_columns(tmp_path):
    source, _frame = write_table(tmp_path, "parquet")
    output = tmp_path / "out.parquet"
    assert invoke("redact", source, "-o", output, "--columns", "手机号").exit_code == 0
    redacted = read_back(output)
    assert redacted.get_column("身份证号").to_list() == TABLE["身份证号"]
    assert redacted.get_column("手机号").to_list()[0] == "138****5678"
    missing = CliRunner().invoke(main, ["redact", str(source), "-o", str(output), "--columns", "不存在"])
    assert missing.exit_code == 2 and "no column 不存在" in missing.output


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_file_ranges_on_two_workers_match_one_process_line_for_line(tmp_path, encoding):
    from screen.redact.jobs import redact_jsonl_file

    lines = [json.dumps({"n": i, "text": RECORDS[i % len(RECORDS)][0]}, ensure_ascii=False) for i in range(400)]
    lines[123] = '{"n": 123, "text": broken'
    lines[300] = ""  # a blank line is no record but keeps the numbering
    source = tmp_path / "in.jsonl"
    source.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    results = {}
    for workers in (1, 2):
        output = tmp_path / f"out{workers}.jsonl"
        quarantined = []
        with output.open("w", encoding="utf-8", newline="") as handle:
            summary = redact_jsonl_file(
                str(source), encoding, RedactSettings(), handle, quarantined.append, workers=workers, range_bytes=997
            )  # many small ranges
        results[workers] = (
            output.read_text(encoding="utf-8"),
            [(q.record, q.reason.split(" (")[0]) for q in quarantined],
            summary.records_in,
            summary.records_out,
        )
    assert results[1] == results[2]
    text, quarantined, records_in, records_out = results[2]
    assert quarantined == [(124, "not valid JSON")]
    assert (records_in, records_out) == (399, 398)
    assert [json.loads(line)["n"] for line in text.splitlines()] == [n for n in range(400) if n not in (123, 300)]
    assert_no_raw_numbers(text, ALL_RAW)


def test_an_undecodable_line_past_the_encoding_sniff_refuses_the_file(tmp_path):
    """Issue 11: a file is one encoding throughout; a UTF-8 file with a later non-UTF-8 line (a mix
    of UTF-8 and GBK, say) is refused whole with one line naming it, and nothing is written."""
    source = tmp_path / "in.jsonl"
    good = json.dumps({"text": "手机13812345678"}, ensure_ascii=False).encode("utf-8")
    lines = 4000  # past the first 64 KiB
    source.write_bytes((good + b"\n") * lines + b'{"text": "\xff\xfe broken"}\n' + good + b"\n")
    output = tmp_path / "out.jsonl"
    result = invoke("redact", source, "-o", output)
    assert result.exit_code == 2
    assert "text encoding" in result.output and str(source) in result.output
    assert "13812345678" not in result.output and len(result.output.strip().splitlines()) == 1
    assert not output.exists()


def test_a_file_that_is_not_text_from_the_start_is_a_usage_error(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"text": "\xff\xfe broken"}\n')
    result = CliRunner().invoke(main, ["redact", str(source), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 2
    assert "neither UTF-8 nor GBK" in result.output


def test_every_field_of_a_record_is_redacted_by_default(tmp_path):
    """Issue 11 item 3: a phone outside the text field kept its raw digits."""
    records = [
        {"phone": "13812345678", "text": "别再打了"},
        {"id": 1, "caller": {"phones": ["13912345678", {"home": "13612345678"}]}, "text": "好"},
        {"number": 13512345678, "ok": True, "score": 0.5, "none": None},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    output = tmp_path / "out.jsonl"
    result = invoke("redact", source, "-o", output)
    assert result.exit_code == 0, result.output
    written = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert written[0] == {"phone": "138****5678", "text": "别再打了"}
    assert written[1] == {"id": 1, "caller": {"phones": ["139****5678", {"home": "136****5678"}]}, "text": "好"}
    assert written[2] == {"number": "135****5678", "ok": True, "score": 0.5, "none": None}


def test_text_field_narrows_to_a_comma_separated_list(tmp_path):
    record = {"phone": "13812345678", "text": "手机13912345678", "note": {"tel": "13612345678"}}
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    output = tmp_path / "out.jsonl"
    result = invoke("redact", source, "-o", output, "--text-field", "text,note")
    assert result.exit_code == 0, result.output
    written = json.loads(output.read_text(encoding="utf-8"))
    assert written == {"phone": "13812345678", "text": "手机139****5678", "note": {"tel": "136****5678"}}


def test_segments_inside_a_record_are_one_call_and_other_fields_are_redacted(tmp_path):
    record = {
        "caller": "13712345678",
        "segments": [{"speaker": "A", "text": "我的手机号是一三八"}, {"speaker": "A", "text": "一二三四五六七八"}],
    }
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    output = tmp_path / "out.jsonl"
    assert invoke("redact", source, "-o", output).exit_code == 0
    written = json.loads(output.read_text(encoding="utf-8"))
    assert written["caller"] == "137****5678"
    assert [segment["text"] for segment in written["segments"]] == ["我的手机号是138", "****5678"]


def test_asr_file_other_fields_are_redacted(tmp_path):
    document = {"caller": "13712345678", "segments": [{"start": 0, "speaker": "A", "text": "手机13812345678"}]}
    source = tmp_path / "call.json"
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    output = tmp_path / "out.json"
    assert invoke("redact", source, "-o", output).exit_code == 0
    written = json.loads(output.read_text(encoding="utf-8"))
    assert written == {"caller": "137****5678", "segments": [{"start": 0, "speaker": "A", "text": "手机138****5678"}]}


FORMULAS = ['=HYPERLINK("http://x")', "+SUM(1)", "-2+3", "@cmd", "\tTAB", "\rCR"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_redacted_csv_and_excel_neutralise_formula_cells(tmp_path, suffix):
    """Issue 11 item 8: formula cells passed unchanged into redacted CSV/Excel opened by auditors."""
    import polars as pl

    source = tmp_path / "leads.csv"
    frame = pl.DataFrame({"手机号": ["13812345678"] * len(FORMULAS), "备注": FORMULAS})
    source.write_text(frame.write_csv(), encoding="utf-8")
    output = tmp_path / f"out{suffix}"
    result = invoke("redact", source, "-o", output)
    assert result.exit_code == 0, result.output
    written = pl.read_csv(output, infer_schema=False) if suffix == ".csv" else pl.read_excel(output)
    assert written["备注"].to_list() == ["'" + value for value in FORMULAS]
    assert written["手机号"].to_list() == ["138****5678"] * len(FORMULAS)


def test_redacted_parquet_is_left_exact(tmp_path):
    import polars as pl

    source = tmp_path / "leads.parquet"
    pl.DataFrame({"手机号": ["13812345678"], "备注": ["=1+1"]}).write_parquet(source)
    output = tmp_path / "out.parquet"
    assert invoke("redact", source, "-o", output).exit_code == 0
    assert pl.read_parquet(output).row(0) == ("138****5678", "=1+1")


# --- found under attack (issue 11) ---------------------------------------------------------------


def test_a_headerless_list_has_its_first_line_redacted(tmp_path):
    source = tmp_path / "list.csv"
    source.write_text("13812345678,张三\n13912345678,李四\n", encoding="utf-8")
    output = tmp_path / "out.csv"
    result = invoke("redact", source, "-o", output)
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8") == "138****5678,张三\n139****5678,李四\n"


@pytest.mark.parametrize("content", ["13812345678,张三", "13812345678,张三\n", "姓名,13812345678\n"])
def test_one_line_and_header_only_lists_are_redacted_not_a_crash(tmp_path, content):
    source = tmp_path / "list.csv"
    source.write_text(content, encoding="utf-8")
    output = tmp_path / "out.csv"
    result = invoke("redact", source, "-o", output)
    assert result.exit_code == 0, result.output
    assert "13812345678" not in output.read_text(encoding="utf-8")
    assert "138****5678" in output.read_text(encoding="utf-8")


def test_a_cr_only_list_is_refused_before_anything_is_written(tmp_path):
    source = tmp_path / "list.csv"
    source.write_bytes("姓名,手机号\r张三,13812345678\r李四,13912345678\r".encode())
    output = tmp_path / "out.csv"
    completed = subprocess.run(
        [sys.executable, "-m", "screen", "redact", str(source), "-o", str(output)], capture_output=True, text=True
    )
    assert completed.returncode == 2
    assert "CR only" in completed.stderr and len(completed.stderr.strip().splitlines()) == 1
    assert not output.exists()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_rows_above_a_cell_that_looks_like_a_header_are_redacted_and_kept(tmp_path, suffix):
    """A data cell equal to a phone alias (手机号) in the first 30 rows became the header and the
    rows above it vanished silently."""
    source = tmp_path / "list.csv"
    source.write_text("name,contact\n张三,13812345678\n李四,手机号\n王五,13912345678\n", encoding="utf-8")
    output = tmp_path / f"out{suffix}"
    result = invoke("redact", source, "-o", output)
    assert result.exit_code == 0, result.output
    if suffix == ".csv":
        lines = output.read_text(encoding="utf-8").splitlines()
    else:
        import polars as pl

        frame = pl.read_excel(output, has_header=False)
        lines = [",".join(value or "" for value in row) for row in frame.iter_rows()]
    assert lines == ["name,contact", "张三,138****5678", "李四,手机号", "王五,139****5678"]


def test_rows_above_the_header_cannot_go_silently_into_parquet(tmp_path):
    source = tmp_path / "list.csv"
    source.write_text("2026年11月名单\n姓名,手机号\n王五,13912345678\n", encoding="utf-8")
    output = tmp_path / "out.parquet"
    result = invoke("redact", source, "-o", output)
    assert result.exit_code == 2
    assert "above the header" in result.output and not output.exists()


def test_standard_output_leaves_no_quarantine_file_behind(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "in.jsonl"
    source.write_text('{broken\n{"text": "手机13812345678"}\n', encoding="utf-8")
    result = invoke("redact", source, "-o", "-")
    assert result.exit_code == 1
    assert "quarantined record 1: not valid JSON" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.jsonl"]


@pytest.mark.parametrize("target", ["output", "input"])
def test_quarantine_equal_to_output_or_input_is_refused(tmp_path, target):
    source = tmp_path / "in.jsonl"
    source.write_text('{broken\n{"text": "手机13812345678"}\n', encoding="utf-8")
    output = tmp_path / "out.jsonl"
    output.write_text("earlier\n", encoding="utf-8")
    result = invoke("redact", source, "-o", output, "--quarantine", output if target == "output" else source)
    assert result.exit_code == 2
    assert f"would overwrite the {target}" in result.output
    assert output.read_text(encoding="utf-8") == "earlier\n"
    assert source.read_text(encoding="utf-8").startswith("{broken")


def test_cells_longer_than_the_csv_module_limit_are_redacted(tmp_path):
    source = tmp_path / "list.csv"
    long_cell = "x" * 140_000 + " 手机13812345678"
    source.write_text(f'姓名,备注\n张三,"{long_cell}"\n', encoding="utf-8")
    output = tmp_path / "out.csv"
    result = invoke("redact", source, "-o", output)
    assert result.exit_code == 0, result.output
    written = output.read_text(encoding="utf-8")
    assert "13812345678" not in written and written.endswith("手机138****5678\n")


# --- redacted files keep their shape ---------------------------------------------------------------


@pytest.mark.parametrize("encoding, expected", [("gbk", "gb18030"), ("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8")])
def test_a_csv_is_written_back_in_its_own_encoding(tmp_path, encoding, expected):
    """A GBK list came back as UTF-8, which Chinese Excel shows as mojibake."""
    source = tmp_path / "list.csv"
    source.write_bytes("姓名,手机号\n张三,13812345678\n".encode(encoding))
    output = tmp_path / "out.csv"
    assert invoke("redact", source, "-o", output).exit_code == 0
    assert output.read_bytes() == "姓名,手机号\n张*,138****5678\n".encode(expected)
    assert invoke("redact", source, "-o", output, "--encoding", "utf-8").exit_code == 0
    assert output.read_bytes() == "姓名,手机号\n张*,138****5678\n".encode()


def test_parquet_keeps_the_types_of_columns_without_replacements(tmp_path):
    import datetime

    import polars as pl

    source = tmp_path / "list.parquet"
    frame = pl.DataFrame(
        {
            "id": [1, 2],
            "phone": [13812345678, 13912345678],
            "amount": [1.5, 2.25],
            "signed": [datetime.date(2026, 1, 2), datetime.date(2026, 3, 4)],
            "ok": [True, False],
            "name": ["张三", "李四"],
        }
    )
    frame.write_parquet(source)
    output = tmp_path / "out.parquet"
    assert invoke("redact", source, "-o", output).exit_code == 0
    written = pl.read_parquet(output)
    assert written.schema == {**frame.schema, "phone": pl.String}
    assert written.get_column("phone").to_list() == ["138****5678", "139****5678"]
    assert written.get_column("name").to_list() == ["张*", "李*"]
    assert written.drop("phone", "name").equals(frame.drop("phone", "name"))


def test_excel_keeps_its_sheet_name_and_title_row(tmp_path):
    import polars as pl
    import xlsxwriter

    source = tmp_path / "list.xlsx"
    with xlsxwriter.Workbook(source) as workbook:
        sheet = workbook.add_worksheet("11月名单")
        for row, cells in enumerate([["2026年11月客户名单"], ["姓名", "手机号"], ["张三", "13812345678"]]):
            for column, cell in enumerate(cells):
                sheet.write_string(row, column, cell)
    output = tmp_path / "out.xlsx"
    result = invoke("redact", source, "-o", output)
    assert result.exit_code == 0, result.output
    import fastexcel

    assert fastexcel.read_excel(output).sheet_names == ["11月名单"]
    rows = pl.read_excel(output, has_header=False).rows()
    assert [tuple(cell for cell in row if cell) for row in rows] == [
        ("2026年11月客户名单",),
        ("姓名", "手机号"),
        ("张*", "138****5678"),
    ]


def test_excel_date_cells_stay_dates(tmp_path):
    import datetime

    import polars as pl

    source = tmp_path / "list.xlsx"
    signed = [datetime.datetime(2026, 1, 2), None]
    pl.DataFrame({"姓名": ["张三", "李四"], "手机号": ["13812345678", "13912345678"], "签约日": signed}).write_excel(
        source
    )
    output = tmp_path / "out.xlsx"
    assert invoke("redact", source, "-o", output).exit_code == 0
    written = pl.read_excel(output)
    assert written.schema["签约日"].is_temporal()
    assert [value and value.strftime("%Y-%m-%d") for value in written.get_column("签约日").to_list()] == [
        "2026-01-02",
        None,
    ]
    assert written.get_column("手机号").to_list() == ["138****5678", "139****5678"]


def test_the_quick_skip_never_hides_a_finding():
    """Redactor.findings skips texts the recognizers cannot find anything in: every text of the
    evaluation snippets and the samples with a finding passes the skip, and every number finding
    itself covers five characters with a digit or '@' (names and addresses follow a word of their
    own, which the skip looks for in the text)."""
    from recognizers import scan
    from recognizers.text_entities import ENTITIES as WORD_ENTITIES
    from screen.redact.redactor import _MAYBE_PERSONAL, MIN_FINDING_CHARACTERS, could_hold_a_finding

    root = Path(__file__).resolve().parents[2]
    texts = [json.loads(line)["text"] for line in (root / "benchmarks/data/eval_snippets.jsonl").open(encoding="utf-8")]
    texts.append((root / "sample_lists/transcripts/call_0001.txt").read_text(encoding="utf-8"))
    found = [(text, finding) for text in texts for finding in scan(text)]
    assert len(found) > 100
    assert {finding.entity for _text, finding in found} & set(WORD_ENTITIES)
    for text, finding in found:
        assert could_hold_a_finding(text)
        if finding.entity not in WORD_ENTITIES:
            part = text[finding.start : finding.end]
            assert len(part) >= MIN_FINDING_CHARACTERS and _MAYBE_PERSONAL.search(part)


def test_parquet_with_a_number_for_a_column_name(tmp_path):
    import polars as pl

    source = tmp_path / "list.parquet"
    pl.DataFrame({"13812345678": [1, 2], "n": [3, 4]}).write_parquet(source)
    output = tmp_path / "out.parquet"
    result = invoke("redact", source, "-o", output)
    assert result.exit_code == 0, result.output
    written = pl.read_parquet(output)
    assert written.columns == ["138****5678", "n"]
    assert written.get_column("n").to_list() == [3, 4]


def test_field_names_that_are_numbers_are_redacted(tmp_path):
    source = tmp_path / "in.jsonl"
    record = {"13812345678": "x", "a": {"13912345678": 1}, "138****5678": 2}
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    output = tmp_path / "out.jsonl"
    assert invoke("redact", source, "-o", output).exit_code == 0
    written = json.loads(output.read_text(encoding="utf-8"))
    assert written == {"138****5678 (2)": "x", "a": {"139****5678": 1}, "138****5678": 2}


def test_a_headerless_list_names_no_raw_number_in_an_error(tmp_path):
    source = tmp_path / "list.csv"
    source.write_text("13812345678,张三\n13912345678,李四\n", encoding="utf-8")
    result = invoke("redact", source, "-o", tmp_path / "out.csv", "--columns", "13712345678")
    assert result.exit_code == 2
    assert "138****5678" in result.output and "137****5678" in result.output
    assert_no_raw_numbers(result.output, ["13812345678", "13712345678"])
    duplicate = tmp_path / "twice.csv"
    duplicate.write_text("13812345678,13812345678\n1,2\n", encoding="utf-8")
    result = invoke("redact", duplicate, "-o", tmp_path / "out.csv")
    assert result.exit_code == 2 and "13812345678" not in result.output
