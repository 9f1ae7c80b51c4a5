"""`leadscreen redact` decides about the progress counter: on a terminal by default, or as --progress says."""

from __future__ import annotations

import json

from click.testing import CliRunner

from screen.cli.main import main


def _calls(tmp_path):
    path = tmp_path / "calls.jsonl"
    path.write_text(json.dumps({"text": "手机13812345678"}, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_progress_is_shown_when_asked(tmp_path):
    result = CliRunner().invoke(main, ["redact", str(_calls(tmp_path)), "-o", str(tmp_path / "o.jsonl"), "--progress"])
    assert result.exit_code == 0, result.output
    assert "redacting" in result.stderr
    assert "13812345678" not in result.stderr


def test_no_progress_when_not_a_terminal_or_when_refused(tmp_path):
    source = _calls(tmp_path)
    for extra in ([], ["--no-progress"]):
        result = CliRunner().invoke(main, ["redact", str(source), "-o", str(tmp_path / "o.jsonl"), *extra])
        assert result.exit_code == 0, result.output
        assert "redacting" not in result.stderr
        assert result.stderr.startswith("redacted 1 record(s)")
