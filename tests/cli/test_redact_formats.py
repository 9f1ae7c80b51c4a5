"""`redact`, `unredact` and `scan` take a file's format from the one registry (screen.files.formats)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from screen.cli.main import main
from screen.cli.redact import guess_format
from screen.files.formats import FORMATS, format_of, suffixes_of
from screen.redact.sources import input_format
from screen.redact.tables import output_format


@pytest.mark.parametrize("suffix", suffixes_of(FORMATS))
def test_a_suffix_picks_the_same_format_in_redact_and_scan(suffix):
    name = f"calls{suffix}"
    registered = format_of(name)
    assert guess_format(name, None) == registered
    assert input_format(name, None) == registered


def test_scan_refuses_an_unknown_suffix_in_one_line(tmp_path):
    path = tmp_path / "leads.log"
    path.write_text("phone\n13812345678\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", str(path)])
    assert result.exit_code == 2
    assert "or pass --input-format" in result.output and ".ndjson" in result.output
    assert "13812345678" not in result.output
    overridden = CliRunner().invoke(main, ["scan", str(path), "--input-format", "txt", "--format", "json"])
    assert overridden.exit_code == 0 and "138****5678" in overridden.output


def test_redact_reads_every_table_suffix_the_registry_names(tmp_path):
    # before, .tsv .xlsm .xls .pq were "cannot tell the format" in redact while the list readers took them
    source = tmp_path / "leads.tsv"
    source.write_text("姓名\t手机号\n张三\t13812345678\n", encoding="utf-8")
    output = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["redact", str(source), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "138****5678" in output.read_text(encoding="utf-8")
    assert "13812345678" not in output.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("-", "csv"),
        ("out.csv", "csv"),
        ("out.TSV", "csv"),
        ("out.xls", "xlsx"),
        ("out.pq", "parquet"),
        ("out.dat", "xlsx"),
    ],
)
def test_table_output_format_comes_from_the_registry(output, expected):
    assert output_format(output, "xlsx") == expected
