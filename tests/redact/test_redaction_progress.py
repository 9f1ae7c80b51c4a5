"""The redaction library reports progress only to a callback its caller passes; it never looks at the terminal."""

from __future__ import annotations

import json
import sys

import pytest

from screen.redact.jobs import RedactSettings
from screen.redact.run import run_redaction


def _calls(tmp_path, count=5):
    path = tmp_path / "calls.jsonl"
    path.write_text(
        "".join(json.dumps({"id": i, "text": f"手机1381234567{i}"}, ensure_ascii=False) + "\n" for i in range(count)),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("from_stdin", [False, True])
def test_no_progress_argument_writes_nothing_to_stderr_even_on_a_terminal(tmp_path, monkeypatch, capsys, from_stdin):
    # before, the library opened a progress bar itself whenever stderr was a terminal
    source = _calls(tmp_path)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    if from_stdin:
        monkeypatch.setattr(sys, "stdin", open(source, encoding="utf-8"))  # the job closes it
    summary = run_redaction(
        "-" if from_stdin else str(source), str(tmp_path / "out.jsonl"), "jsonl", RedactSettings(), workers=1
    )
    assert summary.records_out == 5
    assert capsys.readouterr().err == ""


def test_the_callback_hears_about_every_record(tmp_path):
    reported = []
    summary = run_redaction(
        str(_calls(tmp_path, 7)),
        str(tmp_path / "out.jsonl"),
        "jsonl",
        RedactSettings(),
        workers=1,
        progress=reported.append,
    )
    assert sum(reported) == summary.records_in == 7
