"""A text input is one encoding throughout (issue 11, "found under attack"): a file that mixes
UTF-8 and GBK is refused with one line naming the file, never decoded as GB18030 into garbled
text; pure GBK and pure UTF-8 files (BOM or not) read as before. Every reader judges through
:mod:`screen.files.encoding`: tables (screen, ledger import), text and JSON Lines (redact, scan)."""

from __future__ import annotations

import codecs
import io
import json

import pytest

from screen.errors import InputError
from screen.files.encoding import decode_bytes, decode_head, file_encoding
from screen.files.tables import collect, detect_encoding, load_table
from screen.files.text import decode_text, decoded_lines
from screen.lists.columns import is_phone_header

PHONE = "13812345678"
ROW = f"{PHONE},张三,北京市朝阳区\n"


def utf8_then_gbk() -> bytes:
    """More than a MiB of UTF-8 rows, then a GBK one."""
    return b"phone,name,city\n" + ROW.encode() * 40_000 + "13987651234,李四,上海\n".encode("gbk")


def interleaved() -> bytes:
    """GBK and UTF-8 rows taking turns, all in the first KiBs."""
    rows = [ROW.encode("gbk" if number % 2 else "utf-8") for number in range(200)]
    return b"phone,name,city\n" + b"".join(rows)


def assert_refused(error: pytest.ExceptionInfo, name: str) -> None:
    message = str(error.value)
    assert name in message and "UTF-8" in message and "GBK" in message
    assert "\n" not in message
    assert PHONE not in message and "138" not in message.replace(name, "")


@pytest.mark.parametrize("content", [utf8_then_gbk, interleaved], ids=["utf8-then-gbk", "interleaved"])
def test_a_mixed_file_is_refused_by_the_detection(tmp_path, content):
    path = tmp_path / "mixed.csv"
    path.write_bytes(content())
    with pytest.raises(InputError) as raised:
        file_encoding(path)
    assert_refused(raised, str(path))
    with pytest.raises(InputError) as raised:
        decode_bytes(path.read_bytes(), "mixed.csv")
    assert_refused(raised, "mixed.csv")


def test_a_mixed_table_is_refused_before_it_is_read(tmp_path):
    """screen, ledger import and the table readers of redact and scan load lists through here."""
    path = tmp_path / "mixed.csv"
    path.write_bytes(interleaved())
    with pytest.raises(InputError) as raised:
        detect_encoding(path)
    assert_refused(raised, str(path))
    with pytest.raises(InputError):
        collect(load_table(path, header_finder=is_phone_header).frame, path)


def test_a_table_whose_utf8_start_breaks_later_is_refused_as_it_is_read(tmp_path):
    # the start holds UTF-8 characters: polars reads strictly, so no separate pass over the file
    path = tmp_path / "mixed.csv"
    path.write_bytes(utf8_then_gbk())
    assert detect_encoding(path) == "utf-8"
    with pytest.raises(InputError) as raised:
        collect(load_table(path, header_finder=is_phone_header).frame, path)
    assert_refused(raised, str(path))


@pytest.mark.parametrize("content", [utf8_then_gbk, interleaved], ids=["utf8-then-gbk", "interleaved"])
def test_mixed_text_and_json_lines_are_refused(tmp_path, content):
    """redact and scan read text and JSON Lines through screen.files.text."""
    path = tmp_path / "calls.jsonl"
    path.write_bytes(content())
    with pytest.raises(InputError):
        decode_text(path.read_bytes(), str(path))
    with path.open("rb") as stream, pytest.raises(InputError) as raised:
        list(decoded_lines(stream, str(path)))
    assert_refused(raised, str(path))


def test_a_mixed_head_of_standard_input_is_refused():
    """A stream that cannot be read twice is judged on its first chunk."""
    with pytest.raises(InputError) as raised:
        decode_head(interleaved(), "standard input")
    assert_refused(raised, "standard input")
    with pytest.raises(InputError):
        list(decoded_lines(io.BytesIO(interleaved()), "standard input"))


@pytest.mark.parametrize(
    "encode, expected",
    [
        (lambda text: text.encode("gbk"), "gb18030"),
        (lambda text: text.encode("utf-8"), "utf-8"),
        (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig"),
    ],
    ids=["gbk", "utf-8", "utf-8-bom"],
)
def test_one_encoding_throughout_reads_as_before(tmp_path, encode, expected):
    names = ["张三", "王小明", "欧阳娜娜", "李四", "赵钱孙李周吴郑王", "冯陈褚卫", "蒋沈韩杨", "朱秦尤许何吕施张"]
    text = "phone,name,city\n" + "".join(f"{PHONE},{names[n % len(names)]},北京市朝阳区第{n}号\n" for n in range(3000))
    path = tmp_path / "one.csv"
    path.write_bytes(encode(text))
    assert file_encoding(path) == expected
    assert detect_encoding(path) == expected
    assert decode_bytes(path.read_bytes(), "one.csv") == text
    assert collect(load_table(path, header_finder=is_phone_header).frame, path)["name"][1] == "王小明"
    with path.open("rb") as stream:
        assert "".join(decoded_lines(stream, "one.csv")) == text


def test_ascii_start_then_gbk_is_still_gbk(tmp_path):
    path = tmp_path / "late.csv"
    path.write_bytes(b"phone,name\n" + b"13812345678,abc\n" * 70_000 + "13812345678,张三\n".encode("gbk"))
    assert file_encoding(path) == "gb18030"


def test_ascii_start_then_a_mix_is_refused(tmp_path):
    path = tmp_path / "late.csv"
    path.write_bytes(b"phone,name\n" + b"13812345678,abc\n" * 70_000 + interleaved())
    with pytest.raises(InputError):
        file_encoding(path)


def test_gbk_json_lines_read_as_before(tmp_path):
    line = json.dumps({"text": "客户说别再打了，王小明"}, ensure_ascii=False) + "\n"
    path = tmp_path / "calls.jsonl"
    path.write_bytes((line * 500).encode("gbk"))
    with path.open("rb") as stream:
        assert list(decoded_lines(stream, "calls.jsonl")) == [line] * 500


@pytest.mark.parametrize(
    "command",
    [
        ["screen", "{csv}", "--campaign", "insurance_leads", "--policy", "{policy}", "--out-dir", "{tmp}/screened"],
        ["redact", "{csv}", "-o", "{tmp}/out.csv"],
        ["redact", "{jsonl}", "-o", "{tmp}/out.jsonl"],
        ["scan", "{csv}"],
        ["scan", "{jsonl}"],
        ["spotcheck", "{jsonl}", "--sample", "2", "--out-dir", "{tmp}/spot"],
        ["spotcheck", "{csv}", "--sample", "2", "--campaign", "insurance_leads", "--policy", "{policy}"],
    ],
    ids=lambda command: " ".join(command[:2]).replace("{", "").replace("}", ""),
)
def test_every_reader_refuses_a_mixed_file_in_one_line(tmp_path, monkeypatch, command):
    from pathlib import Path

    from click.testing import CliRunner

    from screen.cli.main import main

    monkeypatch.chdir(tmp_path)
    csv_path, jsonl_path = tmp_path / "mixed.csv", tmp_path / "mixed.jsonl"
    csv_path.write_bytes(interleaved())
    record = json.dumps({"text": f"手机{PHONE}，张三"}, ensure_ascii=False) + "\n"
    jsonl_path.write_bytes(b"".join(record.encode("gbk" if n % 2 else "utf-8") for n in range(200)))
    policy = Path(__file__).resolve().parents[2] / "sample_lists" / "leadscreen.toml"
    places = {"csv": csv_path, "jsonl": jsonl_path, "policy": policy, "tmp": tmp_path}
    result = CliRunner().invoke(main, [part.format(**places) for part in command])
    assert result.exit_code == 2, result.output
    assert "mixes text encodings" in result.output and "mixed." in result.output
    assert PHONE not in result.output and len(result.output.strip().splitlines()) == 1
