"""``-o -`` is standard output everywhere; a redacted delimited file keeps its delimiter (#24 item 12)."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from screen.cli.main import main


def _ledger(tmp_path) -> str:
    db = str(tmp_path / "ledger.db")
    runner = CliRunner()
    assert runner.invoke(main, ["ledger", "init", "--db", db]).exit_code == 0
    added = runner.invoke(main, ["dnc", "add", "13812345678", "--reason", "asked", "--db", db])
    assert added.exit_code == 0, added.output
    return db


@pytest.mark.parametrize(
    ("command", "header"),
    [
        (["audit", "export", "--since", "2020-01-01", "--changes"], "changed_at"),
        (["dnc", "list"], "phone_digest"),
    ],
)
def test_dash_means_standard_output(tmp_path, monkeypatch, key_in_environment, command, header):
    db = _ledger(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*command, "--db", db, "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(header)
    assert not (tmp_path / "-").exists()
    to_file = CliRunner().invoke(main, [*command, "--db", db, "-o", str(tmp_path / "out.csv")])
    assert to_file.exit_code == 0, to_file.output
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == result.stdout


ROWS = [["姓名", "手机号", "备注"], ["张三", "13812345678", "a,b"], ["李四", "13987654321", "c"]]


def _delimited(path, delimiter: str) -> None:
    sink = io.StringIO()
    csv.writer(sink, delimiter=delimiter, lineterminator="\n").writerows(ROWS)
    path.write_text(sink.getvalue(), encoding="utf-8")


@pytest.mark.parametrize(
    ("source", "target", "delimiter"),
    [
        ("in.tsv", "out.tsv", "\t"),
        ("in.csv", "out.tsv", "\t"),
        ("semi.csv", "out.csv", ";"),
        ("in.tsv", "out.csv", ","),
        ("in.tsv", "-", "\t"),
    ],
)
def test_a_redacted_delimited_file_keeps_its_delimiter(tmp_path, source, target, delimiter):
    path = tmp_path / source
    _delimited(path, ";" if source.startswith("semi") else "\t" if source.endswith(".tsv") else ",")
    output = "-" if target == "-" else str(tmp_path / target)
    result = CliRunner().invoke(main, ["redact", str(path), "-o", output])
    assert result.exit_code == 0, result.output
    text = result.stdout if target == "-" else (tmp_path / target).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert [len(row) for row in rows] == [3, 3, 3], text
    assert "13812345678" not in text
