"""A redaction killed with kill -9 leaves nothing behind for long, and a reader that goes away
(`redact … -o - | head -1`) ends it quietly (#24 item 14)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from screen.redact.run import remove_leftovers

ROOT = Path(__file__).resolve().parents[2]
DEAD_PID = 99_999_999  # above any pid_max: no such process
AN_HOUR_AGO = time.time() - 3600


def _leftover(folder: Path, name: str, *, folder_like: bool = False, old: bool = True) -> Path:
    path = folder / name
    if folder_like:
        path.mkdir()
        (path / ".redact-1.part").write_text('{"text": "138****5678"}\n', encoding="utf-8")
    else:
        path.write_text('{"text": "138****5678"}\n', encoding="utf-8")
    if old:
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
    return path


def test_what_dead_runs_left_beside_the_output_is_removed_and_live_runs_kept(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead_file = _leftover(out, f".tmp-{DEAD_PID}-calls-abc.jsonl")
    dead_folder = _leftover(out, f".leadscreen-redact-{DEAD_PID}-x1y2", folder_like=True)
    live_file = _leftover(out, f".tmp-{os.getppid()}-calls-def.jsonl")  # our parent runs
    live_folder = _leftover(out, f".leadscreen-redact-{os.getppid()}-z3", folder_like=True)
    fresh = _leftover(out, f".tmp-{DEAD_PID}-calls-ghi.jsonl", old=False)  # perhaps another host's
    mine = _leftover(out, "calls.redacted.jsonl")
    assert remove_leftovers(str(out / "calls.redacted.jsonl")) == 2
    assert not dead_file.exists() and not dead_folder.exists()
    assert live_file.exists() and live_folder.exists() and fresh.exists() and mine.exists()


def _big_jsonl(path: Path, records: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for number in range(records):
            text = f"客户{number}说我的电话是138{number % 10**8:08d}，地址在北京市朝阳区"
            handle.write(json.dumps({"id": number, "text": text}, ensure_ascii=False) + "\n")
    return path


def _leadscreen(*args: str, **options) -> subprocess.Popen:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "screen", *args], env=environment, **options)


def _until(condition, timeout: float = 120) -> None:
    """Wait for ``condition`` (a state of another process), polling; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.05)


def test_a_run_after_kill_9_cleans_what_the_killed_run_left(tmp_path):
    source = _big_jsonl(tmp_path / "big.jsonl", 60_000)
    out = tmp_path / "out"
    out.mkdir()
    killed = _leadscreen("redact", str(source), "-o", str(out / "big.jsonl"), "--workers", "2")
    leftovers = lambda: sorted(path.name for path in out.iterdir() if path.name.startswith("."))  # noqa: E731
    _until(lambda: any(name.startswith(".leadscreen-redact-") for name in leftovers()))
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    left = leftovers()
    assert any(name.startswith(f".leadscreen-redact-{killed.pid}-") for name in left)
    for name in left:  # as a killed run's files are some while later
        os.utime(out / name, (AN_HOUR_AGO, AN_HOUR_AGO))
    small = _big_jsonl(tmp_path / "small.jsonl", 10)
    again = _leadscreen("redact", str(small), "-o", str(out / "small.jsonl"), stderr=subprocess.PIPE)
    assert again.wait() == 0, again.stderr.read()
    again.stderr.close()
    assert leftovers() == []
    assert not (out / "big.jsonl").exists()


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path, source):
    big = _big_jsonl(tmp_path / "big.jsonl", 60_000)
    args = [str(big)] if source == "file" else ["-", "--input-format", "jsonl"]
    stdin = big.open("rb") if source == "stdin" else subprocess.DEVNULL
    run = _leadscreen(
        "redact", *args, "-o", "-", "--workers", "2", stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    first = json.loads(run.stdout.readline())
    run.stdout.close()  # `| head -1`
    errors = run.stderr.read().decode("utf-8", "replace")
    status = run.wait()
    run.stderr.close()
    if source == "stdin":
        stdin.close()
    assert first == {"id": 0, "text": "客户0说我的电话是138****0000，地址在北京市朝阳区"}
    assert "Traceback" not in errors and "BrokenPipe" not in errors, errors
    assert status == 141, errors  # 128 + SIGPIPE, as `yes | head -1`; 1 would mean "quarantined"
    assert not list(tmp_path.glob(".leadscreen-redact-*"))
