"""Redacting the recording beside each speech service's result (issues 25 and 26).

Each vendor's shipped sample (sample_lists/asr/) gets a synthetic recording built from the word
timings its reader gives: every word is a tone of its own pitch, made of seeded noise (never zero,
never the fill tone) whose sign follows the tone, on its speaker's channel; the gaps are noise
too. The spans expected are worked out from the sample's ground truth — the text of each finding
and the generator's clock (250 ms a character) — not from the code under test.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import tempfile
from pathlib import Path

import numpy as np
import pytest
import soundfile
from audio_support import frames_of, read
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from recognizers.normalize import fold
from screen.asr import read_call
from screen.asr.detect import detect
from screen.audio.call import AudioOptions, redact_call
from screen.audio.channels import ChannelPlan
from screen.audio.timing import TimedSegment
from screen.cli.main import main
from screen.redact.calls import redact_call_spans
from screen.redact.jobs import RedactSettings


def _asr_support():
    path = Path(__file__).resolve().parents[1] / "asr" / "asr_support.py"
    spec = importlib.util.spec_from_file_location("asr_support_for_audio", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ASR = _asr_support()
RATE, MARGIN = 8000, 0.08
CHAR_SECONDS = ASR.GENERATOR.CHAR_MS / 1000
# Ground truth of the sample call: (turn, the words of the finding, entity)
FINDINGS = [
    (1, "张伟", "PERSON"),
    (2, "张", "PERSON"),
    (3, "一三八", "CN_PHONE_NUMBER"),
    (4, "一二三四五六七八", "CN_PHONE_NUMBER"),
    (6, "一一零一零五一九四九", "CN_RESIDENT_ID"),
    (8, "一二三一零零二X", "CN_RESIDENT_ID"),
]
AGENT_TURNS = {index for index, (agent, _cut) in enumerate(ASR.GENERATOR.TURNS) if agent}
# how each vendor's sides are put on a stereo recording's channels (agent on 0, customer on 1)
STEREO = {
    "alibaba": [],  # the default, auto: its ChannelId
    "tencent": ["--audio-channels", "channel"],  # SpeakerId is the channel with ChannelNum 2
    "huawei": ["--audio-channels", "agent=0,customer=1"],  # its own AGENT / USER roles
    "iflytek": ["--agent-speaker", "1", "--audio-channels", "agent=0,customer=1"],
    "volcengine": ["--agent-speaker", "1", "--audio-channels", "agent=0,customer=1"],
    "funasr": ["--agent-speaker", "0", "--audio-channels", "agent=0,customer=1"],
    "whisper": ["--audio-channels", "SPEAKER_00=0,SPEAKER_01=1"],
}


def cli(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)


def turn_times() -> list[tuple[float, float]]:
    return [(s["start"] / 1000, s["end"] / 1000) for s in ASR.GENERATOR.sentences()]


def expected_spans() -> list[tuple[float, float, int]]:
    """``(start, end, channel)`` of each finding, margin included, from the generator's clock."""
    texts = ["".join(cut.split("|")) for _agent, cut in ASR.GENERATOR.TURNS]
    spans = []
    for turn, said, _entity in FINDINGS:
        at = texts[turn].index(said)
        begin = turn_times()[turn][0] + CHAR_SECONDS * at
        spans.append((begin - MARGIN, begin + CHAR_SECONDS * len(said) + MARGIN, 0 if turn in AGENT_TURNS else 1))
    return spans


def write_recording(path: Path, vendor, channels: int, seed: int = 11) -> None:
    """Noise throughout; each word of the vendor's call (a sample's name, or a document) a tone of
    its own pitch on its side's channel (the agent's turns on 0)."""
    call = read_call(ASR.sample(vendor) if isinstance(vendor, str) else vendor)
    frames = math.ceil((call.segments[-1].end + 0.5) * RATE)
    rng = np.random.default_rng(seed)
    samples = rng.uniform(0.15, 0.6, size=(frames, channels)) * rng.choice([-1, 1], size=(frames, channels))
    pitch = 300.0
    for turn, segment in enumerate(call.segments):
        channel = 0 if channels == 1 or turn in AGENT_TURNS else 1
        for word in segment.words:
            first, last = round(word.start * RATE), round(word.end * RATE)
            sign = np.where(np.sin(2 * math.pi * pitch * np.arange(last - first) / RATE) >= 0, 1, -1)
            samples[first:last, channel] = np.abs(samples[first:last, channel]) * sign
            pitch = 300.0 + (pitch + 37.0) % 900
    soundfile.write(path, np.rint(samples * 32767).astype("int16"), RATE, subtype="PCM_16")


def mask_of(shape, spans) -> np.ndarray:
    mask = np.zeros(shape, dtype=bool)
    for start, end, channel in spans:
        first, last = frames_of(start, end, RATE, shape[0])
        mask[first:last, slice(None) if channel is None else channel] = True
    return mask


def redact_files(tmp_path: Path, vendor: str, channels: int, *options) -> tuple[Path, Path, object]:
    source = tmp_path / f"{vendor}.json"
    source.write_bytes((ASR.SAMPLES / f"{vendor}.json").read_bytes())
    audio = tmp_path / f"{vendor}.wav"
    write_recording(audio, vendor, channels)
    run = cli(
        "redact", source, "-o", tmp_path / "out.json", "--audio", audio, "--audio-out", tmp_path / "out.wav", *options
    )
    return source, audio, run


def assert_no_finding_left(document) -> None:
    found = ASR.strings(document)
    digits = re.sub(r"[^0-9X]", "", fold("".join(found)))
    assert ASR.PHONE not in digits and ASR.RESIDENT_ID not in digits
    assert not any(hidden in fold(text) for text in found for hidden in ASR.HIDDEN)
    assert ASR.NAME not in "".join(found).replace(" ", "")


@pytest.mark.parametrize("vendor", ASR.VENDORS)
@pytest.mark.parametrize("channels", [1, 2])
def test_each_vendor_sample_redacts_its_recording(tmp_path, vendor, channels):
    source, audio, run = redact_files(tmp_path, vendor, channels, *(STEREO[vendor] if channels == 2 else ()))
    assert run.exit_code == 0, run.output
    before, after = read(audio)[0], read(tmp_path / "out.wav")[0]
    assert before.shape == after.shape
    spans = [(start, end, None if channels == 1 else channel) for start, end, channel in expected_spans()]
    # every sample of each finding's span (plus margin) replaced, on its speaker's channel; nothing else
    assert np.array_equal(before != after, mask_of(before.shape, spans))
    # the transcript: in the vendor's own shape, as plain `redact` writes that file, nothing left
    sides = STEREO[vendor][:2] if channels == 2 and "--agent-speaker" in STEREO[vendor] else []
    plain = cli("redact", source, "-o", tmp_path / "plain.json", *sides)
    assert plain.exit_code == 0
    written = (tmp_path / "out.json").read_bytes()
    assert written == (tmp_path / "plain.json").read_bytes()
    document = json.loads(written)
    assert detect(document) == vendor
    assert_no_finding_left(document)


@pytest.mark.parametrize("vendor", ASR.VENDORS)
def test_the_transcript_and_the_audio_hold_the_same_findings(tmp_path, vendor):
    audio = tmp_path / "call.wav"
    write_recording(audio, vendor, 1)
    source = tmp_path / "call.json"
    source.write_bytes((ASR.SAMPLES / f"{vendor}.json").read_bytes())
    redactor = RedactSettings().build()
    result = redact_call(source, audio, tmp_path / "o.json", tmp_path / "o.wav", redactor, AudioOptions())
    assert result.quarantine_reason is None
    transcript = redact_call_spans(ASR.sample(vendor), redactor)
    in_transcript = {(index, f.entity) for index, chosen in enumerate(transcript.spans) for _s, _e, f, _p in chosen}
    in_audio = {(index, entity) for span in result.spans for index in span.segments for entity in span.entities}
    assert in_audio == in_transcript == {(turn, entity) for turn, _said, entity in FINDINGS}
    assert result.counts == transcript.counts
    assert all(span.located_by == "words" for span in result.spans)


def test_a_finding_only_in_the_words_replaces_its_whole_segment(tmp_path):
    """Words that do not spell the text (the ASR's text lost the digits) holding a number the
    text does not: the transcript redacts them, the recording loses the whole segment, the words
    with the number included — never less."""
    turns = [(True, "请|说|手机号"), (False, "我的|手机号|是|一三八一二三四五六七八"), (True, "好的")]
    document = ASR.GENERATOR.alibaba(turns)
    document["Result"]["Sentences"][1]["Text"] = "我的手机号是"
    source, audio = tmp_path / "call.json", tmp_path / "call.wav"
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    write_recording(audio, document, 1)
    result = redact_call(source, audio, tmp_path / "o.json", tmp_path / "o.wav", RedactSettings().build())
    assert result.quarantine_reason is None
    assert [(span.entities, span.segments, span.located_by) for span in result.spans] == [
        (("CN_PHONE_NUMBER",), (1,), "segment")
    ]
    start, end = ASR.GENERATOR.sentences(turns)[1]["start"] / 1000, ASR.GENERATOR.sentences(turns)[1]["end"] / 1000
    before, after = read(audio)[0], read(tmp_path / "o.wav")[0]
    assert np.array_equal(before != after, mask_of(before.shape, [(start - MARGIN, end + MARGIN, None)]))
    assert_no_finding_left(json.loads((tmp_path / "o.json").read_text(encoding="utf-8")))


def test_batch_pairs_vendor_results_with_their_recordings(tmp_path):
    folder, out = tmp_path / "calls", tmp_path / "out"
    folder.mkdir()
    for vendor in ("alibaba", "tencent", "funasr"):
        (folder / f"{vendor}.json").write_bytes((ASR.SAMPLES / f"{vendor}.json").read_bytes())
        write_recording(folder / f"{vendor}.wav", vendor, 1)
    run = cli("redact-audio", folder, "-o", out, "--workers", 1)
    assert run.exit_code == 0, run.output
    assert "3 call(s): 3 redacted, 0 quarantined; 18 span(s)" in run.output
    for vendor in ("alibaba", "tencent", "funasr"):
        document = json.loads((out / f"{vendor}.json").read_text(encoding="utf-8"))
        assert detect(document) == vendor
        assert_no_finding_left(document)
        before, after = read(folder / f"{vendor}.wav")[0], read(out / f"{vendor}.wav")[0]
        spans = [(start, end, None) for start, end, _channel in expected_spans()]
        assert np.array_equal(before != after, mask_of(before.shape, spans))


def test_batch_takes_the_asr_format_and_the_agent_side(tmp_path):
    folder, out = tmp_path / "calls", tmp_path / "out"
    folder.mkdir()
    (folder / "call.json").write_bytes((ASR.SAMPLES / "volcengine.json").read_bytes())
    write_recording(folder / "call.wav", "volcengine", 2)
    run = cli(
        "redact-audio", folder, "-o", out, "--workers", 1, "--asr-format", "volcengine",
        "--agent-speaker", "1", "--audio-channels", "agent=0,customer=1",
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    before, after = read(folder / "call.wav")[0], read(out / "call.wav")[0]
    assert np.array_equal(before != after, mask_of(before.shape, expected_spans()))
    wrong = cli("redact-audio", folder, "-o", tmp_path / "o2", "--workers", 1, "--asr-format", "alibaba")
    assert wrong.exit_code == 1 and "not a alibaba transcript" in (tmp_path / "o2" / "quarantine.jsonl").read_text()


def segments(channels_named: list[str | None], speakers=None) -> list[TimedSegment]:
    speakers = speakers or [str(index) for index in range(len(channels_named))]
    return [
        TimedSegment(speaker, 0.0, 1.0, "x", (), None, channel) for speaker, channel in zip(speakers, channels_named)
    ]


@pytest.mark.parametrize(
    "named, channels, expected",
    [
        (["0", "1", "0"], 2, [0, 1, 0]),  # each channel transcribed on its own: per channel
        (["0", "0", "0"], 2, [None] * 3),  # one id on a stereo recording: a mix was transcribed
        (["0", "1", None], 2, [None] * 3),  # a segment without one
        (["0", "1"], 1, [None] * 2),  # mono
        (["1", "2"], 2, [None] * 2),  # ids that are not the recording's channels
        ([None, None], 2, [None] * 2),  # no channel ids (Tencent, diarised speakers)
    ],
)
def test_auto_goes_by_channel_only_when_the_ids_are_the_recordings_channels(named, channels, expected):
    assert ChannelPlan.parse(None).for_segments(segments(named), channels, needed=[0]) == expected


@pytest.mark.parametrize(
    "named, speakers, needed, expected",
    [
        ([None, None], ["0", "1"], [1], [0, 1]),  # Tencent: SpeakerId read as the channel
        (["1", "0"], ["5", "6"], [0], [1, 0]),  # a channel id comes before the speaker id
    ],
)
def test_the_channel_plan(named, speakers, needed, expected):
    assert ChannelPlan.parse("channel").for_segments(segments(named, speakers), 2, needed) == expected


@pytest.mark.parametrize("speakers, channels", [(["SPEAKER_00", "SPEAKER_01"], 2), (["0", "2"], 2), (["0", "1"], 1)])
def test_the_channel_plan_refuses_a_finding_on_no_channel(speakers, channels):
    from screen.errors import UsageError

    with pytest.raises(UsageError):
        ChannelPlan.parse("channel").for_segments(segments([None, None], speakers), channels, needed=[1])


def test_a_map_names_the_sides():
    plan = ChannelPlan.parse("agent=0,customer=1")
    sides = [TimedSegment("1", 0, 1, "x", (), "agent"), TimedSegment("2", 0, 1, "x", (), "customer")]
    assert plan.for_segments(sides, 2, needed=[0, 1]) == [0, 1]


def test_a_vendor_result_without_timings_is_quarantined(tmp_path):
    """No sentence times and no words: the findings cannot be placed, nothing is written."""
    document = ASR.sample("alibaba")
    del document["Result"]["Words"]
    for sentence in document["Result"]["Sentences"]:
        del sentence["BeginTime"], sentence["EndTime"]
    source, audio = tmp_path / "call.json", tmp_path / "call.wav"
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    write_recording(audio, "alibaba", 1)
    run = cli("redact", source, "-o", tmp_path / "o.json", "--audio", audio, "--audio-out", tmp_path / "o.wav")
    assert run.exit_code == 1 and "cannot place a finding in the recording" in run.output
    assert not (tmp_path / "o.json").exists() and not (tmp_path / "o.wav").exists()


def test_a_recording_shorter_than_the_vendor_result_is_refused(tmp_path):
    """The result's times in milliseconds are read as seconds: 33.4 s of call, 10 s of audio."""
    source = tmp_path / "call.json"
    source.write_bytes((ASR.SAMPLES / "tencent.json").read_bytes())
    audio = tmp_path / "call.wav"
    soundfile.write(audio, np.full((RATE * 10, 1), 1000, dtype="int16"), RATE)
    run = cli("redact", source, "-o", tmp_path / "o.json", "--audio", audio, "--audio-out", tmp_path / "o.wav")
    assert run.exit_code == 2 and "runs to 33.4 s but call.wav lasts 10.0 s" in run.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["call.json", "call.wav"]


PHONE_SAID = "一三八一二三四五六七八"


@st.composite
def phone_calls(draw):
    """A vendor, and a call in which the customer says the phone cut into words anywhere, in one
    turn or over two with the agent's 嗯 between: ``(vendor, turns, [(turn, first char, last char)])``."""
    vendor = draw(st.sampled_from(ASR.VENDORS))
    cuts = sorted(draw(st.sets(st.integers(1, len(PHONE_SAID) - 1), max_size=5)))
    words = [PHONE_SAID[a:b] for a, b in zip([0, *cuts], [*cuts, len(PHONE_SAID)])]
    split = draw(st.one_of(st.none(), st.integers(1, len(words) - 1))) if len(words) > 1 else None
    lead = "我的|手机号|是|"
    if split is None:
        turns = [(True, "请|说|手机号"), (False, lead + "|".join(words)), (True, "好的")]
        pieces = [(1, 6, 6 + len(PHONE_SAID))]
    else:
        first, rest = words[:split], words[split:]
        turns = [(True, "请|说|手机号"), (False, lead + "|".join(first)), (True, "嗯"), (False, "|".join(rest))]
        said = len("".join(first))
        pieces = [(1, 6, 6 + said), (3, 0, len(PHONE_SAID) - said)]
    return vendor, turns, pieces


@settings(max_examples=25, deadline=None)
@given(phone_calls())
def test_any_vendor_any_word_cut_replaces_exactly_the_phone(case):
    """Whatever the shape and however the words cut the number, the recording loses exactly the
    number's time (plus the margin) and the transcript's findings are the audio's."""
    vendor, turns, pieces = case
    document = ASR.GENERATOR.VENDORS[vendor](turns)
    times = [(s["start"] / 1000, s["end"] / 1000) for s in ASR.GENERATOR.sentences(turns)]
    redactor = RedactSettings().build()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        source, audio = folder / "call.json", folder / "call.wav"
        source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        write_recording(audio, document, 1)
        result = redact_call(source, audio, folder / "o.json", folder / "o.wav", redactor)
        assert result.quarantine_reason is None
        before, after = read(audio)[0], read(folder / "o.wav")[0]
        written = json.loads((folder / "o.json").read_text(encoding="utf-8"))
    expected = [
        (times[turn][0] + CHAR_SECONDS * first - MARGIN, times[turn][0] + CHAR_SECONDS * last + MARGIN, None)
        for turn, first, last in pieces
    ]
    assert np.array_equal(before != after, mask_of(before.shape, expected))
    transcript = redact_call_spans(ASR.GENERATOR.VENDORS[vendor](turns), redactor)
    in_transcript = {(index, f.entity) for index, chosen in enumerate(transcript.spans) for _s, _e, f, _p in chosen}
    in_audio = {(index, entity) for span in result.spans for index in span.segments for entity in span.entities}
    assert in_audio == in_transcript == {(turn, "CN_PHONE_NUMBER") for turn, _first, _last in pieces}
    assert detect(written) == vendor and "12345678" not in re.sub(r"[^0-9]", "", fold("".join(ASR.strings(written))))


@pytest.mark.parametrize("vendor", ["alibaba", "iflytek"])
def test_spotcheck_lists_the_spans_beside_a_vendor_result(tmp_path, vendor):
    source = tmp_path / "call.json"
    source.write_bytes((ASR.SAMPLES / f"{vendor}.json").read_bytes())
    write_recording(tmp_path / "call.wav", vendor, 2)
    out = tmp_path / "call.redacted.json"
    options = ["--audio-channels", "all"]
    assert cli("redact", source, "-o", out, "--audio", tmp_path / "call.wav", "--audio-out", tmp_path / "call.redacted.wav", *options).exit_code == 0  # fmt: skip
    assert cli("spotcheck", out, "--sample", 1, "--seed", 1, "--out-dir", tmp_path / "audit").exit_code == 0
    [record] = json.loads((tmp_path / "audit" / "report.json").read_text())["records"]
    expected = [f"{start:.2f}-{end:.2f} s, all channels" for start, end, _channel in expected_spans()]
    assert [span.split(":")[0] for span in record["audio_spans"]] == expected
