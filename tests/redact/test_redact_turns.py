"""A number said over several turns or ASR segments (issue 12) is redacted piece by piece, in a
transcript line, a JSON Lines record and an ASR JSON file: every piece replaced, the other
speaker's words and every segment's times and speakers kept."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from recognizers.normalize import fold
from screen.cli.main import main
from screen.redact.operators import Operator
from screen.redact.redactor import Redactor, joined_call

KEY = "04271af109c510cd731a30c8f3a18b4bcec65b9d051a9a2c156dc269a3d0ff42"
LINE = "客户：幺三八。客服：嗯，您说。客户：一二三四。客服：嗯。客户：五六七八。"
PHONE = "CN_PHONE_NUMBER"

# A call whose customer says a phone number over three segments, the agent backchanneling between.
CALL = [
    {"start": 0.0, "end": 1.2, "speaker": "agent", "text": "请说一下您的手机号。"},
    {"start": 1.2, "end": 2.0, "speaker": "customer", "text": "幺三八"},
    {"start": 2.0, "end": 2.4, "speaker": "agent", "text": "嗯，您说。"},
    {"start": 2.4, "end": 3.1, "speaker": "customer", "text": "一二三四"},
    {"start": 3.1, "end": 3.3, "speaker": "agent", "text": "嗯"},
    {"start": 3.3, "end": 4.0, "speaker": "customer", "text": "五六七八，就这个。"},
]


@pytest.fixture(autouse=True)
def key(monkeypatch):
    monkeypatch.setenv("LEADSCREEN_KEY", KEY)


def invoke(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)


def digits(text: str) -> str:
    return "".join(char for char in fold(text) if char.isdigit())


@pytest.mark.parametrize(
    "operator, expected",
    [
        ("mask", "客户：138。客服：嗯，您说。客户：****。客服：嗯。客户：5678。"),
        (
            "tag",
            "客户：<CN_PHONE_NUMBER>。客服：嗯，您说。客户：<CN_PHONE_NUMBER>。客服：嗯。客户：<CN_PHONE_NUMBER>。",
        ),
    ],
)
def test_a_transcript_line_is_redacted_in_every_piece_and_counted_once(operator, expected):
    redacted, counts = Redactor(Operator(operator)).redact_text(LINE)
    assert redacted == expected
    assert counts == {PHONE: 1}


def test_a_jsonl_record_over_turns_round_trips_through_encrypt_and_unredact(tmp_path):
    source = tmp_path / "calls.jsonl"
    source.write_text(json.dumps({"id": 1, "text": LINE}, ensure_ascii=False) + "\n", encoding="utf-8")
    sealed, restored = tmp_path / "sealed.jsonl", tmp_path / "restored.jsonl"
    assert invoke("redact", source, "-o", sealed, "--operator", "encrypt").exit_code == 0
    text = json.loads(sealed.read_text(encoding="utf-8"))["text"]
    assert text.count("<CN_PHONE_NUMBER:e:") == 3 and "客服：嗯，您说。" in text
    assert digits(text.split(":e:")[0]) == ""
    assert invoke("unredact", sealed, "-o", restored).exit_code == 0
    assert json.loads(restored.read_text(encoding="utf-8"))["text"] == LINE


def test_asr_json_with_a_number_over_three_segments_of_turns(tmp_path):
    source, output = tmp_path / "call.json", tmp_path / "out.json"
    source.write_text(json.dumps({"call_id": "c1", "segments": CALL}, ensure_ascii=False), encoding="utf-8")
    assert invoke("redact", source, "-o", output).exit_code == 0
    segments = json.loads(output.read_text(encoding="utf-8"))["segments"]
    assert [(s["start"], s["end"], s["speaker"]) for s in segments] == [
        (s["start"], s["end"], s["speaker"]) for s in CALL
    ]
    assert [s["text"] for s in segments] == [
        "请说一下您的手机号。",
        "138",
        "嗯，您说。",
        "****",
        "嗯",
        "5678，就这个。",
    ]


def test_asr_json_with_a_number_over_three_segments_of_one_speaker(tmp_path):
    segments = [
        {"speaker": "c", "text": text} for text in ("我的身份证号是幺幺零幺零五", "一九四九一二三一", "零零二叉。")
    ]
    source, output = tmp_path / "call.json", tmp_path / "out.json"
    source.write_text(json.dumps(segments, ensure_ascii=False), encoding="utf-8")
    assert invoke("redact", source, "-o", output, "--operator", "tag").exit_code == 0
    texts = [s["text"] for s in json.loads(output.read_text(encoding="utf-8"))]
    assert texts == ["我的身份证号是<CN_RESIDENT_ID>", "<CN_RESIDENT_ID>", "<CN_RESIDENT_ID>。"]


def test_scan_reports_a_number_over_segments_once_with_the_segments_it_lies_in(tmp_path):
    source = tmp_path / "call.json"
    source.write_text(json.dumps({"segments": CALL}, ensure_ascii=False), encoding="utf-8")
    result = invoke("scan", source, "--format", "json")
    findings = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [(f["entity"], f["field"], f["masked"]) for f in findings] == [
        (PHONE, "segments[1].text+segments[3].text+segments[5].text", "138****5678")
    ]
    joined = CALL[1]["text"] + CALL[3]["text"] + CALL[5]["text"]
    assert digits(joined[findings[0]["start"] : findings[0]["end"]]) == "13812345678"


def test_a_backchannel_segment_without_speakers_still_splits_the_number_apart():
    """Without speakers a 您说 segment is a word of the same speaker: nothing joins across it."""
    texts = ["幺三八", "嗯，您说", "一二三四五六七八"]
    redacted, counts = Redactor(Operator("tag")).redact_segments(texts)
    assert counts == {}
    assert redacted == texts


def test_the_joined_call_marks_each_change_of_speaker_with_a_label_of_letters():
    joined, starts = joined_call(["a1", "b2", "c3"], ["x", "y", "y"])
    assert joined == "a1。\nPA：b2，c3"
    assert [joined[start : start + 2] for start in starts] == ["a1", "b2", "c3"]
