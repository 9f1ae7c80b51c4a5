"""What is refused rather than guessed at (issue 26): a word list that does not spell its text, a
shape no reader knows (the reason names the fields and --text-field), the wrong --asr-format, and a
result that would still hold a finding in its words once written."""

from __future__ import annotations

import json

import pytest
from asr_support import PHONE, sample
from click.testing import CliRunner

from screen.asr import read_call
from screen.asr.detect import detect
from screen.cli.main import main
from screen.redact.jobs import RedactSettings, redact_asr_document


def redact(document, **settings):
    settings = RedactSettings(**settings)
    return redact_asr_document(document, settings.build(), settings)


@pytest.mark.parametrize(
    ("vendor", "spoil"),
    [
        ("alibaba", lambda d: d["Result"]["Words"][18].update(Word="138")),  # the text says 一三八
        ("tencent", lambda d: d["Response"]["Data"]["ResultDetail"][3]["Words"][3].update(Word="一三")),
        ("huawei", lambda d: d["segments"][4]["result"]["word_info"].pop(0)),  # 一二三四 left out
        ("volcengine", lambda d: d["result"]["utterances"][3]["words"].reverse()),
    ],
)
def test_a_word_list_that_does_not_spell_its_text_is_refused(vendor, spoil):
    document = sample(vendor)
    spoil(document)
    with pytest.raises(ValueError, match="word list"):
        redact(document)


def test_a_word_outside_every_sentence_is_refused():
    document = sample("alibaba")
    document["Result"]["Words"][0]["BeginTime"] = 999_999
    with pytest.raises(ValueError, match="falls in no sentence"):
        read_call(document)


@pytest.mark.parametrize(
    "document",
    [
        {"callId": "x", "utterance_list": [{"content": f"我的手机号是{PHONE}"}]},
        {"data": {"sentences": [{"txt": "一三八一二三四五六七八"}]}},
        [["13812345678"]],
    ],
)
def test_an_unknown_shape_is_refused_naming_its_fields(document):
    assert detect(document) is None
    with pytest.raises(ValueError) as error:
        redact(document)
    reason = str(error.value)
    assert "--text-field" in reason and "--asr-format" in reason and PHONE not in reason
    if isinstance(document, dict):
        assert all(name in reason for name in document)


def test_a_field_name_holding_a_number_is_masked_in_the_reason():
    with pytest.raises(ValueError) as error:
        redact({PHONE: "x"})
    assert PHONE not in str(error.value) and "***" in str(error.value)


def test_an_unknown_shape_is_quarantined_and_redacted_with_text_field(tmp_path):
    path = tmp_path / "call.json"
    path.write_text(json.dumps({"utterance_list": [{"content": f"我的手机号是{PHONE}"}]}), encoding="utf-8")
    out = tmp_path / "out.json"
    refused = CliRunner().invoke(main, ["redact", str(path), "-o", str(out)])
    assert refused.exit_code == 1 and out.read_text(encoding="utf-8") == ""  # nothing written
    reason = (tmp_path / "out.json.quarantine.jsonl").read_text(encoding="utf-8")
    assert "utterance_list" in reason and PHONE not in reason
    named = CliRunner().invoke(main, ["redact", str(path), "-o", str(out), "--text-field", "utterance_list"])
    assert named.exit_code == 0, named.output
    assert PHONE not in out.read_text(encoding="utf-8") and "138****5678" in out.read_text(encoding="utf-8")


def test_the_wrong_asr_format_is_quarantined(tmp_path):
    out = tmp_path / "out.json"
    result = CliRunner().invoke(
        main, ["redact", "sample_lists/asr/huawei.json", "-o", str(out), "--asr-format", "tencent"]
    )
    assert result.exit_code == 1 and out.read_text(encoding="utf-8") == ""
    assert "not a tencent transcript" in (tmp_path / "out.json.quarantine.jsonl").read_text(encoding="utf-8")


def test_a_vendor_result_forced_into_leadscreen_shape_is_refused():
    with pytest.raises(ValueError, match="a huawei transcript, not leadscreen's own shape"):
        redact(sample("huawei"), asr_format="leadscreen")


def test_a_result_whose_words_would_keep_a_finding_is_not_written(monkeypatch):
    from screen.redact import calls

    monkeypatch.setattr(calls, "_word_texts", lambda redactor, segment, chosen: [w.text for w in segment.words])
    with pytest.raises(ValueError, match="would remain in a word list"):
        redact(sample("huawei"))


def test_the_issue_huawei_file_no_longer_leaks_through_its_word_lists():
    output, _ = redact(sample("huawei"))
    words = "".join(w["word"] for s in output["segments"] for w in s["result"]["word_info"])
    assert "一三八一二三四五六七八" not in words and "张伟" not in words


@pytest.mark.parametrize(
    ("vendor", "option", "agent_turns"),
    [
        ("alibaba", {"agent_channel": "0"}, {0, 2, 5, 7, 9}),
        ("tencent", {"agent_speaker": "0"}, {0, 2, 5, 7, 9}),
        ("iflytek", {"agent_speaker": "1"}, {0, 2, 5, 7, 9}),
        ("volcengine", {"agent_speaker": "2"}, {1, 3, 4, 6, 8}),  # told the wrong side: believed
        ("huawei", {}, {0, 2, 5, 7, 9}),  # its own AGENT / USER roles
    ],
)
def test_the_agent_side_is_read_from_a_channel_or_a_speaker(vendor, option, agent_turns):
    from screen.asr import Agent

    agent = Agent(option.get("agent_channel"), option.get("agent_speaker"))
    call = read_call(sample(vendor), agent=agent)
    assert {i for i, s in enumerate(call.segments) if s.role == "agent"} == agent_turns
    assert {i for i, s in enumerate(call.segments) if s.role == "customer"} == set(range(10)) - agent_turns


def test_leadscreen_own_shape_is_read_and_redacted_as_before():
    path = "sample_lists/transcripts/asr_call.json"
    document = json.loads(open(path, encoding="utf-8").read())
    assert detect(document) == "leadscreen"
    assert [s.text for s in read_call(document).segments] == [s["text"] for s in document["segments"]]
    output, counts = redact(document)
    assert output["segments"][3]["text"] == "我的手机号是138" and counts["CN_PHONE_NUMBER"] == 1


@pytest.mark.parametrize("vendor", ["huawei", "tencent", "iflytek", "volcengine", "whisper"])
def test_a_vendor_result_on_a_json_lines_line_is_redacted_in_its_shape(vendor):
    from asr_support import HIDDEN, strings

    from screen.redact.jobs import redact_line

    line = json.dumps(sample(vendor), ensure_ascii=False)
    output, counts, reason = redact_line(line, RedactSettings().build(), ())
    assert reason is None and counts["CN_PHONE_NUMBER"] == 1
    words = [w.text for s in read_call(json.loads(output)).segments for w in s.words]
    assert "一二三四" not in words and "1234" not in words
    assert not any(hidden in text for text in strings(json.loads(output)) for hidden in HIDDEN)


@pytest.mark.parametrize(
    ("where", "value", "redacted"),
    [
        ("caller", 13812345678, True),  # a phone as a JSON number, in a field of its own
        ("start_time", 13812345678, None),  # past any time a call has: redacted, so no longer a time: refused
        ("start_time", 26250, False),  # a time
    ],
)
def test_numbers_beside_the_words_are_looked_at_unless_they_are_times(where, value, redacted):
    document = sample("huawei")
    document["segments"][0][where] = value
    if redacted is None:
        with pytest.raises(ValueError, match="time that is not a number"):
            redact(document)
        return
    output, _ = redact(document)
    assert (output["segments"][0][where] != value) is redacted
