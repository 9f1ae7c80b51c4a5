"""Every command reads JSON the same way: deep nesting and GBK JSON Lines, no traceback (#24 items 9, 12)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from screen.cli.main import main

DEEP = "[" * 100_000 + "]" * 100_000
RECORD = {"phone": "13812345678", "text": "客户：别再打了！"}


def _commands(path, tmp_path) -> dict[str, list[str]]:
    db = str(tmp_path / "ledger.db")
    return {
        "optouts": ["optouts", str(path), "--dry-run", "--db", db],
        "dnc import": ["dnc", "import", str(path), "--reason", "complaints", "--db", db],
        "spotcheck": ["spotcheck", str(path), "--sample", "2", "--seed", "1", "--out-dir", str(tmp_path / "s")],
        "redact": ["redact", str(path), "-o", str(tmp_path / "out" / path.name)],
        "scan": ["scan", str(path)],
    }


@pytest.mark.parametrize("command", ["optouts", "dnc import", "spotcheck", "redact", "scan"])
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("deep.jsonl", DEEP + "\n" + json.dumps(RECORD, ensure_ascii=False) + "\n"),
        ("deep_field.jsonl", '{"text": ' + DEEP + "}\n" + json.dumps(RECORD, ensure_ascii=False) + "\n"),
        ("deep.json", '{"phone": "13812345678", "segments": ' + DEEP + "}"),
    ],
)
def test_deeply_nested_json_is_never_a_traceback(tmp_path, key_in_environment, command, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    if command == "dnc import":  # a ledger is made on purpose, never by an import
        assert CliRunner().invoke(main, ["ledger", "init", "--db", str(tmp_path / "ledger.db")]).exit_code == 0
    result = CliRunner().invoke(main, _commands(path, tmp_path)[command])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "RecursionError" not in result.output
    shown = result.output + "".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.quarantine.jsonl"))
    if result.exit_code == 2:  # refused whole: one line saying why (dnc import takes no .json)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "nested too deeply" in lines[0] or (command, name) == ("dnc import", "deep.json"), result.stderr
    else:  # read around: the deep record is quarantined or reported, the rest is worked on
        assert "nested too deeply" in shown or command in ("spotcheck", "scan"), result.output


def test_optouts_reads_gbk_json_lines_as_redact_and_dnc_import_do(tmp_path, key_in_environment):
    path = tmp_path / "calls_gbk.jsonl"
    records = [RECORD, {"phone": "13987654321", "text": "客户：好的，下周再联系。"}]
    path.write_bytes("\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("gbk") + b"\n")
    result = CliRunner().invoke(main, ["optouts", str(path), "--dry-run", "--db", str(tmp_path / "l.db")])
    assert result.exit_code == 0, result.output
    assert "138****5678" in result.stdout and "别再打了" in result.stdout
    assert "13987654321" not in result.output and "139****4321" not in result.stdout
