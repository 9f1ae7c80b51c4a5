"""Round edges around the ledger on the command line (issue 11)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from predial_support import make_ledger

from screen.cli.main import main

SAMPLES = Path(__file__).resolve().parents[2] / "sample_lists"
README_COMMAND = [
    "screen",
    "sample_lists/first_party_webform.csv",
    "--campaign",
    "insurance_leads",
    "--policy",
    "sample_lists/leadscreen.toml",
    "--as-of",
    "2026-11-20",
]


def test_a_ledger_left_in_the_folder_without_a_key_says_which_and_what_to_do(tmp_path, monkeypatch):
    shutil.copytree(SAMPLES, tmp_path / "sample_lists")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LEADSCREEN_KEY", raising=False)
    monkeypatch.delenv("LEADSCREEN_DB", raising=False)
    assert CliRunner().invoke(main, README_COMMAND).exit_code == 0  # no ledger: screens without one
    make_ledger(tmp_path / "leadscreen.db")  # as an earlier `screen --commit` leaves it
    result = CliRunner().invoke(main, README_COMMAND)
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert "leadscreen.db" in line and "the default" in line
    assert "LEADSCREEN_KEY" in line and "--key-file" in line and "--db" in line
    assert line.count("--key-file") == 1  # what to do, said once (issue 24, item 11)


def test_a_ledger_named_by_the_environment_is_named_as_such(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LEADSCREEN_KEY", raising=False)
    make_ledger(tmp_path / "shared.db")
    monkeypatch.setenv("LEADSCREEN_DB", str(tmp_path / "shared.db"))
    result = CliRunner().invoke(main, ["dnc", "list"])
    assert result.exit_code == 2 and "shared.db" in result.stderr and "$LEADSCREEN_DB" in result.stderr
