"""spotcheck samples calls as redact reads them: a text transcript's blank-line blocks, and the
records of one call id in JSON Lines of utterances; a number said over several turns is found in
the sample wherever redact would replace it, and never shown raw."""

from __future__ import annotations

import json

import pytest

from screen.redact.jobs import RedactSettings
from screen.redact.run import run_redaction
from screen.spotcheck.transcripts import spotcheck_transcripts

RAW_PIECES = ("幺三八", "一二三四", "五六七八")
TURNS = [("坐席", "请问您的手机号？"), ("客户", "幺三八"), ("坐席", "嗯"), ("客户", "一二三四"), ("客户", "五六七八")]
CLEAN = [("坐席", "您好，请问有什么可以帮您？"), ("客户", "没事了，谢谢")]


def _text_file(path):
    calls = [TURNS, CLEAN, TURNS]
    path.write_text("\n\n".join("\n".join(f"{who}：{text}" for who, text in call) for call in calls) + "\n", "utf-8")
    return path


def _jsonl_file(path):
    lines = []
    for number, call in enumerate([TURNS, CLEAN, TURNS]):
        lines += [
            json.dumps({"call_id": f"c{number}", "speaker": who, "text": text}, ensure_ascii=False)
            for who, text in call
        ]
    lines.append(json.dumps({"id": 9, "text": "你好"}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "make", "population"), [("calls.txt", _text_file, 3), ("calls.jsonl", _jsonl_file, 4)]
)
def test_a_call_is_a_sampled_record_and_its_split_number_is_found(tmp_path, name, make, population):
    source = make(tmp_path / name)
    result = spotcheck_transcripts([source], size=10, seed=1)
    assert result.population == population
    flagged = [record for record in result.records if "CN_PHONE_NUMBER" in record.findings]
    assert len(flagged) == 2 and result.entity_counts["CN_PHONE_NUMBER"] == 2
    for record in result.records:
        assert not any(piece in record.text for piece in RAW_PIECES)
    assert flagged[0].place == "line 1"


@pytest.mark.parametrize(
    ("name", "make", "fmt"), [("calls.txt", _text_file, "txt"), ("calls.jsonl", _jsonl_file, "jsonl")]
)
def test_spotcheck_agrees_with_redact(tmp_path, name, make, fmt):
    source = make(tmp_path / name)
    summary = run_redaction(str(source), str(tmp_path / f"out{source.suffix}"), fmt, RedactSettings(), workers=1)
    before = spotcheck_transcripts([source], size=10, seed=1)
    after = spotcheck_transcripts([tmp_path / f"out{source.suffix}"], size=10, seed=1)
    assert before.entity_counts["CN_PHONE_NUMBER"] == summary.counts["CN_PHONE_NUMBER"] == 2
    assert not any("residual_pii" in record.findings for record in after.records)  # nothing left after redact
