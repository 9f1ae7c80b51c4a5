"""The main commands (screen, ledger import, redact, scan, spotcheck) run under a pseudo-terminal, as a person runs them.

CliRunner never gives the command a terminal, so a progress bar that breaks on one (issue 11:
redact crashed on JSONL with a tqdm TypeError) went unseen. These tests start the real command
with a pty as stdout/stderr and check the progress output and the result. A closed pipe
(``scan big.jsonl | head -1``) must end the command quietly and promptly.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RAW = "13812345678"

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")


def _run_in_pty(*args: str, cwd: Path, timeout: float = 120) -> tuple[int, str]:
    """Run ``leadscreen ARGS`` with a pty as stdin, stdout and stderr: (exit status, what it showed)."""
    primary, secondary = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "screen", *args],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        cwd=cwd,
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
        close_fds=True,
    )
    os.close(secondary)
    shown = bytearray()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([primary], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the child closed its end
                break
            if not chunk:
                break
            shown += chunk
        elif process.poll() is not None:
            break
    os.close(primary)
    status = process.wait(timeout=max(1.0, deadline - time.monotonic()))
    return status, shown.decode("utf-8", "replace")


def _records(count: int) -> str:
    return "".join(
        json.dumps({"id": index, "text": f"客户手机{RAW}，请回电"}, ensure_ascii=False) + "\n" for index in range(count)
    )


def test_redact_jsonl_in_a_terminal_shows_progress_and_redacts(tmp_path):
    source = tmp_path / "calls.jsonl"
    source.write_text(_records(50), encoding="utf-8")
    status, shown = _run_in_pty("redact", str(source), "-o", str(tmp_path / "out.jsonl"), cwd=tmp_path)
    assert status == 0, shown
    assert "Traceback" not in shown and "TypeError" not in shown
    assert "redacting" in shown  # the progress counter was drawn on the terminal
    assert "redacted 50 record(s)" in shown
    output = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert RAW not in output and output.count("138****5678") == 50
    assert RAW not in shown


def test_redact_text_in_a_terminal(tmp_path):
    source = tmp_path / "call.txt"
    source.write_text(f"客户手机{RAW}，请回电\n", encoding="utf-8")
    status, shown = _run_in_pty("redact", str(source), "-o", str(tmp_path / "out.txt"), cwd=tmp_path)
    assert status == 0, shown
    assert "Traceback" not in shown
    assert "redacted 1 call(s)" in shown  # a text file is read call by call
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "客户手机138****5678，请回电\n"


def test_redact_csv_in_a_terminal(tmp_path):
    source = tmp_path / "leads.csv"
    source.write_text(f"姓名,手机号\n张三,{RAW}\n", encoding="utf-8")
    status, shown = _run_in_pty("redact", str(source), "-o", str(tmp_path / "out.csv"), cwd=tmp_path)
    assert status == 0, shown
    assert "Traceback" not in shown
    assert "redacted 1 record(s)" in shown
    output = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert RAW not in output and "138****5678" in output


def test_scan_in_a_terminal_shows_progress_and_masked_findings(tmp_path):
    source = tmp_path / "calls.jsonl"
    source.write_text(_records(20), encoding="utf-8")
    status, shown = _run_in_pty("scan", str(source), "--progress", cwd=tmp_path)
    assert status == 0, shown
    assert "Traceback" not in shown
    assert "scanning" in shown
    assert "scanned 20 record(s): CN_PHONE_NUMBER 20" in shown
    assert "138****5678" in shown and RAW not in shown


def test_scan_no_progress_in_a_terminal(tmp_path):
    source = tmp_path / "calls.jsonl"
    source.write_text(_records(3), encoding="utf-8")
    status, shown = _run_in_pty("scan", str(source), "--no-progress", cwd=tmp_path)
    assert status == 0, shown
    assert "scanning" not in shown
    assert "scanned 3 record(s)" in shown


def _feed_until_closed(pipe, data: bytes, stop: threading.Event) -> None:
    """Keep writing ``data`` to ``pipe`` (never closing it) until ``stop`` or the reader is gone."""
    try:
        while not stop.is_set():
            pipe.write(data)
            pipe.flush()
    except (BrokenPipeError, OSError):
        pass


@pytest.mark.parametrize("output_format", ["table", "json"])
def test_scan_stops_quietly_when_its_reader_goes_away(tmp_path, output_format):
    """`leadscreen scan - | head -1`: once the pipe closes, scan must stop, with no traceback.

    Standard input is never closed here, so the command can only end by noticing the closed
    pipe: a scan that held its table until the end of the input would never finish."""
    process = subprocess.Popen(
        [sys.executable, "-m", "screen", "scan", "-", "--format", output_format],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    stop = threading.Event()
    feeder = threading.Thread(
        target=_feed_until_closed, args=(process.stdin, _records(2000).encode("utf-8"), stop), daemon=True
    )
    feeder.start()
    try:
        first = process.stdout.readline()
        process.stdout.close()  # what `head -1` does after its line
        process.wait(timeout=60)
    finally:
        stop.set()
        if process.poll() is None:
            process.kill()
    errors = process.stderr.read()
    assert first.strip(), errors.decode("utf-8", "replace")
    if output_format == "json":
        assert json.loads(first)["masked"] == "138****5678"
    else:
        assert first.split() == [b"record", b"field", b"entity", b"start", b"end", b"score", b"masked", b"reason"]
    assert b"Traceback" not in errors, errors.decode("utf-8", "replace")
    assert b"BrokenPipe" not in errors


SAMPLES = ROOT / "sample_lists"
SCREEN_SAMPLE = ("sample_lists/first_party_webform.csv", "--campaign", "insurance_leads")
SAMPLE_POLICY = ("--policy", "sample_lists/leadscreen.toml", "--as-of", "2026-11-20")


@pytest.fixture
def repository_samples(tmp_path):
    (tmp_path / "sample_lists").symlink_to(SAMPLES)
    return tmp_path


def test_screen_then_ledger_import_in_a_terminal(repository_samples, monkeypatch):
    monkeypatch.setenv("LEADSCREEN_KEY", "5c0d1e3b7a9f24681357ace02468bdf13579ace02468bdf13579ace02468bdf1")
    status, shown = _run_in_pty("screen", *SCREEN_SAMPLE, *SAMPLE_POLICY, cwd=repository_samples)
    assert status == 0, shown
    assert "Traceback" not in shown
    assert "s] " in shown  # the stage messages, with their seconds, were shown on the terminal
    assert "ACCEPTED — 191 of 200 rows accepted" in shown
    accepted = "screened/first_party_webform/accepted.csv"
    status, shown = _run_in_pty("ledger", "import", accepted, cwd=repository_samples)
    assert status == 0, shown
    assert "Traceback" not in shown and "s] " in shown
    assert "191 consents added" in shown


def test_spotcheck_of_a_list_in_a_terminal(repository_samples):
    status, shown = _run_in_pty(
        "spotcheck",
        "sample_lists/bought_list.csv",
        "--sample",
        "10",
        *SCREEN_SAMPLE[1:],
        *SAMPLE_POLICY,
        cwd=repository_samples,
    )
    assert status == 1, shown  # a bought list is rejected
    assert "Traceback" not in shown and "s] " in shown
    assert "REJECTED" in shown
