"""Plain-text transcripts: calls separated by blank lines, each call's turns read together, the
file streamed call by call, the output byte for byte the input apart from the replacements."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from scaling_support import GROWTH

from screen.cli.main import main
from screen.redact import text_calls
from screen.redact.jobs import RedactSettings
from screen.redact.run import run_redaction
from screen.redact.text_calls import split_turn

ROOT = Path(__file__).resolve().parents[2]
RAW = "13812345678"

# (input, expected output): one turn per line, calls separated by blank lines
TEXTS = [
    pytest.param(
        "坐席：请问您的手机号？\n客户：幺三八\n坐席：嗯\n客户：一二三四五六七八\n",
        "坐席：请问您的手机号？\n客户：138\n坐席：嗯\n客户：****5678\n",
        id="labels-number-over-turns",
    ),
    pytest.param(
        "A: 手机号多少？\r\nB: 幺三八\r\nA: 嗯\r\nB: 一二三四五六七八\r\n",
        "A: 手机号多少？\r\nB: 138\r\nA: 嗯\r\nB: ****5678\r\n",
        id="a-b-labels-crlf-kept",
    ),
    pytest.param(
        "[坐席] 请问您的手机号？\n[客户] 幺三八 一二三四\n[客户] 五六七八",
        "[坐席] 请问您的手机号？\n[客户] 138****\n[客户] 5678",  # a piece is masked as one run
        id="bracketed-labels-no-final-newline",
    ),
    pytest.param(
        f"我的手机{RAW}\n好的\n",
        "我的手机138****5678\n好的\n",
        id="no-labels",
    ),
    pytest.param(
        "客户：手机幺三八\n\n客户：一二三四五六七八\n",
        "客户：手机幺三八\n\n客户：一二三四五六七八\n",
        id="a-blank-line-ends-the-call",
    ),
    pytest.param(
        f"客服：您好\n\n  \n\n客户：{RAW}\n\n",
        "客服：您好\n\n  \n\n客户：138****5678\n\n",
        id="blank-lines-kept-as-they-are",
    ),
    pytest.param(
        "手机：幺三八一二三四五六七八\n",
        "手机：138****5678\n",
        id="a-context-word-with-a-colon-is-no-label",
    ),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_text_calls_are_redacted_byte_for_byte(tmp_path, text, expected):
    source = tmp_path / "calls.txt"
    source.write_bytes(text.encode("utf-8"))
    run_redaction(str(source), str(tmp_path / "out.txt"), "txt", RedactSettings())
    assert (tmp_path / "out.txt").read_bytes() == expected.encode("utf-8")


LABELS = [
    ("坐席：您好", "坐席：", "坐席"),
    ("客户: 是我", "客户: ", "客户"),
    ("【客服】您好", "【客服】", "客服"),
    ("Agent: hi", "Agent: ", "agent"),
    ("speaker 1：嗯", "speaker 1：", "speaker 1"),
    ("手机：138", "", None),  # a context word, not a speaker
    ("地址：北京", "", None),
    ("您好：请讲", "", None),
]


@pytest.mark.parametrize(("line", "prefix", "speaker"), LABELS)
def test_speaker_labels(line, prefix, speaker):
    turn = split_turn(line + "\n")
    assert (turn.prefix, turn.speaker, turn.ending) == (prefix, speaker, "\n")
    assert turn.prefix + turn.body == line


def test_the_summary_counts_calls_and_a_gbk_file_is_read(tmp_path):
    source = tmp_path / "calls.txt"
    source.write_bytes(("\n\n".join(f"客户：我的手机{RAW}" for _ in range(1234)) + "\n").encode("gb18030"))
    result = CliRunner().invoke(main, ["redact", str(source), "-o", str(tmp_path / "o.txt")])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("redacted 1,234 call(s): 1234 written (1234 changed), 0 quarantined")
    assert RAW not in (tmp_path / "o.txt").read_text(encoding="utf-8")


def test_progress_on_a_text_file_counts_calls(tmp_path):
    source = tmp_path / "calls.txt"
    source.write_text("\n\n".join(f"客户：我的手机{RAW}" for _ in range(250)) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["redact", str(source), "-o", str(tmp_path / "o.txt"), "--progress"])
    assert result.exit_code == 0, result.output
    assert "redacting" in result.stderr and "calls" in result.stderr
    assert RAW not in result.stderr


@pytest.mark.parametrize("cut", [3, 4, 5, 6, 7])
def test_a_call_longer_than_the_cap_is_read_in_windows_and_a_number_at_a_cut_is_found(tmp_path, monkeypatch, cut):
    lines = ["坐席：好的"] * 4 + [
        "坐席：请问您的手机号？",
        "客户：幺三八",
        "坐席：嗯",
        "客户：一二三四",
        "客户：五六七八",
    ]
    source = tmp_path / "call.txt"
    source.write_text("\n".join(lines + ["坐席：好的"] * 4) + "\n", encoding="utf-8")
    whole = run_redaction(str(source), str(tmp_path / "whole.txt"), "txt", RedactSettings())
    monkeypatch.setattr(text_calls, "MAX_CALL_LINES", cut)
    monkeypatch.setattr(text_calls, "LINE_OVERLAP", 5)
    windowed = run_redaction(str(source), str(tmp_path / "windowed.txt"), "txt", RedactSettings())
    assert (tmp_path / "windowed.txt").read_bytes() == (tmp_path / "whole.txt").read_bytes()
    assert "****5678" not in (tmp_path / "whole.txt").read_text(encoding="utf-8")  # pieces: 138 / **** / 5678
    assert "幺三八" not in (tmp_path / "whole.txt").read_text(encoding="utf-8")
    assert windowed.counts == whole.counts == {"CN_PHONE_NUMBER": 1}
    assert windowed.long_calls == 1 and whole.long_calls == 0


def test_a_call_the_redactor_fails_on_is_quarantined_and_the_others_written(tmp_path, monkeypatch):
    from screen.redact.redactor import Redactor

    real = Redactor.redact_segments

    def failing(self, texts, speakers=None, words=False):
        if any("坏" in text for text in texts):
            raise RuntimeError("recognizer bug")
        return real(self, texts, speakers, words)

    monkeypatch.setattr(Redactor, "redact_segments", failing)
    source = tmp_path / "calls.txt"
    source.write_text(f"客户：{RAW}\n\n客户：坏 {RAW}\n\n客户：好\n", encoding="utf-8")
    summary = run_redaction(str(source), str(tmp_path / "o.txt"), "txt", RedactSettings())
    assert (summary.calls, summary.records_out, summary.quarantined) == (3, 2, 1)
    output = (tmp_path / "o.txt").read_text(encoding="utf-8")
    assert RAW not in output and "坏" not in output
    entry = summary.quarantine_entries[0]
    assert entry.record == 2 and RAW not in entry.reason


def test_scan_reads_text_calls_as_redact_does(tmp_path):
    source = tmp_path / "calls.txt"
    source.write_text(
        "坐席：请问手机号？\n客户：幺三八\n坐席：嗯\n客户：一二三四五六七八\n\n客户：你好\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["scan", str(source), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"entity": "CN_PHONE_NUMBER"' in result.stdout and "scanned 2 record(s)" in result.stderr
    result = CliRunner().invoke(main, ["scan", str(source)])
    assert "2:4 " in result.stdout  # line 2, column 4: where 幺三八 starts


# --- memory: the file is streamed --------------------------------------------------------------


def _transcript(path: Path, megabytes: float, blank_lines: bool) -> int:
    """A generated transcript of about ``megabytes``; its size in bytes."""
    call = [
        "坐席：您好，这里是客服中心，请问是本人吗？",
        "客户：是我，什么事？",
        "坐席：为了核实身份，请问您的手机号是多少？",
        "客户：幺三八",
        "坐席：嗯，您说",
        "客户：一二三四五六七八",
        "坐席：好的，订单号是2026112200013579，金额3800元。",
    ]
    block = ("\n".join(call) + ("\n\n" if blank_lines else "\n")).encode("utf-8")
    count = int(megabytes * (1 << 20) / len(block)) + 1
    with open(path, "wb") as handle:
        for _ in range(count):
            handle.write(block)
    return count * len(block)


def _peak_rss_bytes(source: Path, output: Path) -> int:
    """The peak resident memory of a process that redacts ``source`` (its own process, so nothing
    else this test session holds is counted)."""
    code = (
        "import sys\n"
        "from screen.redact.jobs import RedactSettings\n"
        "from screen.redact.run import run_redaction\n"
        "run_redaction(sys.argv[1], sys.argv[2], 'txt', RedactSettings())\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", code, str(source), str(output)], env=env)
    _pid, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return usage.ru_maxrss * 1024  # kibibytes on Linux


@pytest.mark.parametrize("blank_lines", [True, False], ids=["calls", "one-long-call"])
def test_a_large_text_file_is_redacted_in_flat_memory(tmp_path, blank_lines):
    """Growing the file eightfold adds less than the growth in size to the peak memory: the whole
    file in memory adds several times the growth (its bytes, a Python str of it, the output: a
    37.5 MB file took 1.1 GB before it was streamed)."""
    small = _transcript(tmp_path / "small.txt", 0.5, blank_lines)
    large = _transcript(tmp_path / "large.txt", 0.5 * GROWTH, blank_lines)
    small_rss = _peak_rss_bytes(tmp_path / "small.txt", tmp_path / "small.out.txt")
    large_rss = _peak_rss_bytes(tmp_path / "large.txt", tmp_path / "large.out.txt")
    assert large_rss - small_rss < large - small, (small_rss, large_rss, large - small)
    redacted = (tmp_path / "large.out.txt").read_text(encoding="utf-8")
    assert "幺三八" not in redacted and redacted.count("****5678") == redacted.count("订单号")
