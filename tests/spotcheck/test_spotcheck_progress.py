"""--progress/--no-progress: stage messages on stderr, on by default only when stderr is a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from screen.cli.main import main
from screen.spotcheck.transcripts import spotcheck_transcripts

ROOT = Path(__file__).resolve().parents[2]
LISTS = ROOT / "sample_lists"


def calls(tmp_path: Path) -> Path:
    path = tmp_path / "calls.jsonl"
    path.write_text('{"text": "你好"}\n{"text": "别再打了"}\n', encoding="utf-8")
    return path


def test_the_library_tells_its_callback_each_stage(tmp_path):
    stages: list[str] = []
    spotcheck_transcripts([calls(tmp_path)], 2, 1, progress=stages.append)
    assert stages[0].startswith("counting records in calls.jsonl")
    assert any(stage.startswith("checking 2 sampled records") for stage in stages)


def test_progress_goes_to_stderr_when_asked_and_not_by_default_off_a_terminal(tmp_path):
    leads = LISTS / "first_party_webform.csv"
    base = ["spotcheck", str(leads), "--sample", "3", "--seed", "1", "--campaign", "insurance_leads"]
    base += ["--policy", str(LISTS / "leadscreen.toml"), "--as-of", "2026-11-20"]
    shown = CliRunner().invoke(main, [*base, "--out-dir", str(tmp_path / "a"), "--progress"])
    quiet = CliRunner().invoke(main, [*base, "--out-dir", str(tmp_path / "b")])
    assert shown.exit_code == quiet.exit_code == 0, shown.output
    assert "screening first_party_webform.csv (1 of 1)" in shown.stderr
    assert "pass 1/2: checking rows" in shown.stderr  # screening's own stages
    assert "writing the reports" in shown.stderr
    assert quiet.stderr == ""
    assert shown.stdout.replace(str(tmp_path / "a"), "") == quiet.stdout.replace(str(tmp_path / "b"), "")


def run_with_terminal_stderr(*args: str) -> tuple[int, str]:
    """Run leadscreen with stderr on a pseudo-terminal; its exit status and what the terminal got."""
    leader, follower = pty.openpty()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "screen", *args], stdout=subprocess.PIPE, stderr=follower, cwd=ROOT, timeout=120
        )
    finally:
        os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed and drained
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return completed.returncode, b"".join(chunks).decode("utf-8", "replace")


def test_progress_is_on_by_default_on_a_terminal_and_off_with_no_progress(tmp_path):
    path = str(calls(tmp_path))
    status, terminal = run_with_terminal_stderr("spotcheck", path, "--sample", "2", "--out-dir", str(tmp_path / "a"))
    assert status == 0
    assert "counting records in calls.jsonl" in terminal and "writing the reports" in terminal
    assert (tmp_path / "a" / "report.html").is_file()
    status, terminal = run_with_terminal_stderr(
        "spotcheck", path, "--sample", "2", "--out-dir", str(tmp_path / "b"), "--no-progress"
    )
    assert status == 0 and "counting records" not in terminal
