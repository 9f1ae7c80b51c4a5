"""Each vendor's sample (issue 26): detected by its fields, read into the same call, redacted in its
own shape with nothing of the phone, the ID or the name left in any field (word lists and JSON
inside JSON included), and every field that does not hold the words kept as it was."""

from __future__ import annotations

import json
import re

import pytest
from asr_support import GENERATOR, HIDDEN, NAME, PHONE, RESIDENT_ID, VENDORS, leaves, sample, strings
from click.testing import CliRunner

from recognizers.normalize import fold
from screen.asr import read_call
from screen.asr.detect import detect
from screen.cli.main import main
from screen.redact.jobs import RedactSettings, redact_asr_document

# the fields that hold the words, per vendor: only these may change
TEXT_FIELDS = {
    "alibaba": {"Text", "Word"},
    "tencent": {"FinalSentence", "SliceSentence", "WrittenText", "Word", "Result"},
    "huawei": {"text", "word"},
    "iflytek": {"w"},
    "volcengine": {"text"},
    "funasr": {"text"},
    "whisper": {"text", "word", "tokens"},
}
TURN_TEXTS = ["".join(cut.split("|")) for _agent, cut in GENERATOR.TURNS]
TURN_SIDES = [agent for agent, _cut in GENERATOR.TURNS]


def redacted(vendor: str, **settings):
    document = sample(vendor)
    settings = RedactSettings(**settings)
    output, counts = redact_asr_document(document, settings.build(), settings)
    return json.loads(json.dumps(output)), counts


@pytest.mark.parametrize("vendor", VENDORS)
def test_each_sample_is_detected_by_its_fields(vendor):
    assert detect(sample(vendor)) == vendor


@pytest.mark.parametrize("vendor", VENDORS)
def test_each_sample_reads_into_the_same_call(vendor):
    call = read_call(sample(vendor))
    assert [segment.text for segment in call.segments] == TURN_TEXTS
    # the speaker changes where the turns change, whatever the vendor calls its speakers
    speakers = [segment.speaker for segment in call.segments]
    assert [a != b for a, b in zip(speakers, speakers[1:])] == [a != b for a, b in zip(TURN_SIDES, TURN_SIDES[1:])]
    assert call.segments[1].start == 6.2 and call.segments[1].end == 7.45  # seconds, from ms or s
    for segment in call.segments:
        spoken = re.sub(r"[，。？]", "", segment.text)
        assert "".join(word.text for word in segment.words) in (spoken, segment.text)
        assert all(segment.start <= word.start < word.end <= segment.end for word in segment.words)


@pytest.mark.parametrize("vendor", VENDORS)
def test_nothing_of_the_phone_the_id_or_the_name_is_left_in_any_field(vendor):
    output, counts = redacted(vendor)
    assert counts == {"CN_PHONE_NUMBER": 1, "CN_RESIDENT_ID": 1, "PERSON": 2}
    found = strings(output)
    digits = re.sub(r"[^0-9X]", "", fold("".join(found)))  # every string put together, in order
    assert PHONE not in digits and RESIDENT_ID not in digits
    assert not any(hidden in fold(text) for text in found for hidden in HIDDEN)
    assert NAME not in "".join(found).replace(" ", "")


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_other_field_is_kept(vendor):
    before = dict(leaves(sample(vendor)))
    after = dict(leaves(redacted(vendor)[0]))
    changed = {path for path in before if before[path] != after.get(path)}
    assert changed, "nothing was redacted"
    assert {re.findall(r"\.([^.\[\]{}]+)", path)[-1] for path in changed} <= TEXT_FIELDS[vendor]
    kept = {path for path in before if path not in changed}
    assert all(after[path] == before[path] for path in kept)
    # the shape (every path), not only the values, stays: Whisper's tokens are emptied, not dropped
    assert {re.sub(r"\[\d+\]$", "", path) for path in after} <= {re.sub(r"\[\d+\]$", "", path) for path in before}


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_redacted_file_reads_back_as_the_redacted_call(vendor):
    output, _ = redacted(vendor)
    texts = [segment.text for segment in read_call(output).segments]
    assert texts[1] == "我叫张*。" and texts[3] == "我的手机号是138" and texts[4] == "****5678。"
    assert texts[6] == "身份证是110105****" and texts[8] == "****002X。"
    assert [texts[i] for i in (0, 5, 7, 9)] == [TURN_TEXTS[i] for i in (0, 5, 7, 9)]


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_command_redacts_each_sample(vendor, tmp_path):
    output = tmp_path / f"{vendor}.redacted.json"
    path = str(GENERATOR.HERE / f"{vendor}.json")
    result = CliRunner().invoke(main, ["redact", path, "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert PHONE not in output.read_text(encoding="utf-8")
    assert detect(json.loads(output.read_text(encoding="utf-8"))) == vendor


def test_nested_json_is_written_again_in_its_own_style():
    output, _ = redacted("iflytek")
    order_result = output["content"]["orderResult"]
    assert isinstance(order_result, str) and '":"' in order_result and '": "' not in order_result
    inner = json.loads(order_result)["lattice"][3]["json_1best"]
    assert isinstance(inner, str) and "138" in inner and "一三八" not in inner
    assert json.loads(order_result)["lattice2"][3]["json_1best"]["st"]["rt"][0]["ws"][3]["cw"][0]["w"] == "138"


@pytest.mark.parametrize("vendor", VENDORS)
def test_scan_reads_each_sample_through_the_same_reader(vendor):
    result = CliRunner().invoke(main, ["scan", str(GENERATOR.HERE / f"{vendor}.json"), "--format", "json"])
    assert result.exit_code == 0, result.output
    entities = [json.loads(line)["entity"] for line in result.stdout.splitlines()]
    assert sorted(set(entities) - {"CN_BUSINESS_NUMBER"}) == ["CN_PHONE_NUMBER", "CN_RESIDENT_ID", "PERSON"]
    assert PHONE not in result.output and RESIDENT_ID not in result.output


@pytest.mark.parametrize("indent", [None, 2])
def test_a_file_keeps_its_layout(indent, tmp_path):
    source, output = tmp_path / "tencent.json", tmp_path / "out.json"
    source.write_text(json.dumps(sample("tencent"), ensure_ascii=False, indent=indent), encoding="utf-8")
    result = CliRunner().invoke(main, ["redact", str(source), "-o", str(output)])
    assert result.exit_code == 0, result.output
    lines = output.read_text(encoding="utf-8").splitlines()
    assert (len(lines) == 1) is (indent is None)
    assert read_call(json.loads("\n".join(lines))).segments[3].text == "我的手机号是138"
