"""Redacting a call's recording from its transcript: calls built with exactly known word timings."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import soundfile
from audio_support import PHONE_WORDS, frames_of, lay_out, read, write_call
from click.testing import CliRunner

from screen.audio.call import AudioOptions, redact_call
from screen.audio.channels import ChannelPlan
from screen.audio.fill import TONE_HZ, TONE_LEVEL
from screen.cli.main import main
from screen.errors import UsageError
from screen.redact.jobs import RedactSettings

MARGIN = 0.08
PHONE_CALL = [
    ("agent", ["您好", "请说", "手机号"]),
    ("customer", ["我的", "手机号", "是", *PHONE_WORDS, "谢谢"]),
    ("agent", ["好的", "记下了"]),
]


def cli(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)


def redactor():
    return RedactSettings().build()


def phone_span(segments, segment_index=1, margin=MARGIN):
    """The finding's span from the known word timings: first to last word of the number, plus margin."""
    words = [w for w in segments[segment_index].words if w.text in PHONE_WORDS]
    return words[0].start - margin, words[-1].end + margin


def expected_mask(shape, spans, rate, channels_of=None):
    mask = np.zeros(shape, dtype=bool)
    for index, (start, end) in enumerate(spans):
        first, last = frames_of(start, end, rate, shape[0])
        channel = None if channels_of is None else channels_of[index]
        mask[first:last, slice(None) if channel is None else channel] = True
    return mask


def tone(first, last, rate, full_scale):
    n = np.arange(first, last, dtype=np.float64)
    return np.rint(np.sin((n * (2 * math.pi * TONE_HZ / rate)) % (2 * math.pi)) * TONE_LEVEL * full_scale)


@pytest.mark.parametrize(
    "rate, subtype, suffix, fill",
    [
        (8000, "PCM_16", ".wav", "tone"),
        (8000, "PCM_U8", ".wav", "silence"),
        (16000, "PCM_24", ".wav", "tone"),
        (44100, "PCM_16", ".wav", "silence"),
        (48000, "PCM_16", ".flac", "tone"),
        (16000, "PCM_24", ".flac", "silence"),
        (8000, "ULAW", ".wav", "silence"),
    ],
)
def test_inside_the_span_replaced_outside_identical(tmp_path, rate, subtype, suffix, fill):
    segments = lay_out(PHONE_CALL)
    call, audio = write_call(tmp_path, segments, rate=rate, subtype=subtype, suffix=suffix)
    out_audio = tmp_path / f"out{suffix}"
    result = redact_call(call, audio, tmp_path / "out.json", out_audio, redactor(), AudioOptions(fill=fill))
    assert result.quarantine_reason is None
    before, info_before = read(audio)
    after, info_after = read(out_audio)
    for attribute in ("samplerate", "channels", "frames", "format", "subtype"):
        assert getattr(info_after, attribute) == getattr(info_before, attribute)
    start, end = phone_span(segments)
    first, last = frames_of(start, end, rate, len(before))
    changed = before != after
    assert changed[first:last].all()  # every sample of the span (noise is never zero nor the tone)
    assert not changed[:first].any() and not changed[last:].any()
    replaced = after[first:last, 0].astype(np.float64)
    if fill == "silence":
        assert (replaced == 0).all()
    elif subtype == "PCM_16":
        assert np.array_equal(replaced, tone(first, last, rate, 32767))
    else:  # 24-bit: the tone as int32, its low byte dropped by the 24-bit file
        assert np.abs(replaced - tone(first, last, rate, 2**31 - 1)).max() <= 256


def test_the_replaced_samples_hold_nothing_of_the_original(tmp_path):
    """Two recordings that differ everywhere give the same samples inside the span: replaced, not attenuated."""
    segments = lay_out(PHONE_CALL)
    outputs = []
    for seed in (1, 2):
        folder = tmp_path / str(seed)
        folder.mkdir()
        call, audio = write_call(folder, segments, seed=seed)
        redact_call(call, audio, folder / "o.json", folder / "o.wav", redactor())
        outputs.append(read(folder / "o.wav")[0])
    first, last = frames_of(*phone_span(segments), 8000, len(outputs[0]))
    assert np.array_equal(outputs[0][first:last], outputs[1][first:last])
    assert not np.array_equal(outputs[0][:first], outputs[1][:first])


@pytest.mark.parametrize("margin_ms", [0, 80, 250])
def test_margin(tmp_path, margin_ms):
    segments = lay_out(PHONE_CALL)
    call, audio = write_call(tmp_path, segments)
    options = AudioOptions(margin=margin_ms / 1000)
    redact_call(call, audio, tmp_path / "o.json", tmp_path / "o.wav", redactor(), options)
    before, after = read(audio)[0], read(tmp_path / "o.wav")[0]
    mask = expected_mask(before.shape, [phone_span(segments, margin=margin_ms / 1000)], 8000)
    assert np.array_equal(before != after, mask)


@pytest.mark.parametrize(
    "plan, changed_channels",
    [("all", {0, 1}), ("order", {1}), ("agent=0,customer=1", {1}), ("customer=0,agent=1", {0})],
)
def test_stereo_channel_choice(tmp_path, plan, changed_channels):
    segments = lay_out(PHONE_CALL)
    call, audio = write_call(tmp_path, segments, channels=2)
    options = AudioOptions(channels=ChannelPlan.parse(plan))
    redact_call(call, audio, tmp_path / "o.json", tmp_path / "o.wav", redactor(), options)
    before, after = read(audio)[0], read(tmp_path / "o.wav")[0]
    start, end = phone_span(segments)
    first, last = frames_of(start, end, 8000, len(before))
    for channel in (0, 1):
        column = before[:, channel] != after[:, channel]
        if channel in changed_channels:
            assert column[first:last].all() and not column[:first].any() and not column[last:].any()
        else:
            assert not column.any()


def test_a_number_split_across_segments_is_replaced_in_each(tmp_path):
    segments = lay_out([("customer", ["手机号", "是", "一三八"]), ("customer", ["一二三四", "五六七八", "好"])])
    call, audio = write_call(tmp_path, segments)
    result = redact_call(call, audio, tmp_path / "o.json", tmp_path / "o.wav", redactor())
    before, after = read(audio)[0], read(tmp_path / "o.wav")[0]
    first_piece = (segments[0].words[2].start - MARGIN, segments[0].words[2].end + MARGIN)
    second_piece = (segments[1].words[0].start - MARGIN, segments[1].words[1].end + MARGIN)
    assert np.array_equal(before != after, expected_mask(before.shape, [first_piece, second_piece], 8000))
    assert sorted(index for span in result.spans for index in span.segments) == [0, 1]


def test_segment_fallback_without_word_timings(tmp_path):
    segments = lay_out(PHONE_CALL)
    call, audio = write_call(tmp_path, segments, words=False)
    result = redact_call(call, audio, tmp_path / "o.json", tmp_path / "o.wav", redactor())
    before, after = read(audio)[0], read(tmp_path / "o.wav")[0]
    whole = (segments[1].start - MARGIN, segments[1].end + MARGIN)
    assert np.array_equal(before != after, expected_mask(before.shape, [whole], 8000))
    assert [span.located_by for span in result.spans] == ["segment"]


def test_words_written_unlike_the_text_fall_back_to_the_segment(tmp_path):
    """ASR words in digits under a text in characters: the finding is not found among the words."""
    segments = lay_out(PHONE_CALL)
    call, audio = write_call(tmp_path, segments)
    document = json.loads(call.read_text())
    for word in document["segments"][1]["words"]:
        word["text"] = {"一三八": "138", "一二三四": "1234", "五六七八": "5678"}.get(word["text"], word["text"])
    call.write_text(json.dumps(document, ensure_ascii=False))
    redact_call(call, audio, tmp_path / "o.json", tmp_path / "o.wav", redactor())
    before, after = read(audio)[0], read(tmp_path / "o.wav")[0]
    whole = (segments[1].start - MARGIN, segments[1].end + MARGIN)
    assert np.array_equal(before != after, expected_mask(before.shape, [whole], 8000))
    words = json.loads((tmp_path / "o.json").read_text())["segments"][1]["words"]
    assert not any(char.isdigit() for word in words for char in word["text"])  # masked too


def test_quarantine_without_timings_writes_nothing(tmp_path):
    segments = lay_out(PHONE_CALL)
    call, audio = write_call(tmp_path, segments, words=False, segment_times=False)
    outputs = [tmp_path / "o.json", tmp_path / "o.wav"]
    result = redact_call(call, audio, *outputs, redactor())
    assert "segment 2" in result.quarantine_reason and "CN_PHONE_NUMBER" in result.quarantine_reason
    assert not any(path.exists() for path in outputs)
    run = cli("redact", call, "-o", outputs[0], "--audio", audio, "--audio-out", outputs[1])
    assert run.exit_code == 1
    assert not any(path.exists() for path in outputs)
    [entry] = [json.loads(line) for line in (tmp_path / "o.json.quarantine.jsonl").read_text().splitlines()]
    assert "no word or segment times" in entry["reason"] and "138" not in entry["reason"]


def test_a_call_without_findings_needs_no_timings(tmp_path):
    segments = lay_out([("agent", ["您好", "再见"])])
    call, audio = write_call(tmp_path, segments, words=False, segment_times=False)
    result = redact_call(call, audio, tmp_path / "o.json", tmp_path / "o.wav", redactor())
    assert result.quarantine_reason is None and result.spans == []
    assert np.array_equal(read(audio)[0], read(tmp_path / "o.wav")[0])


@pytest.mark.parametrize("overrun, refused", [(0.5, False), (1.5, True), (3, True)])
def test_recording_shorter_than_the_transcript(tmp_path, overrun, refused):
    segments = lay_out(PHONE_CALL)
    end = max(s.end for s in segments)
    call, audio = write_call(tmp_path, segments, seconds=end - overrun)
    outputs = [tmp_path / "o.json", tmp_path / "o.wav"]
    run = cli("redact", call, "-o", outputs[0], "--audio", audio, "--audio-out", outputs[1])
    if refused:
        assert run.exit_code == 2
        assert len(run.output.strip().splitlines()) == 1 and "lasts" in run.output
        assert not any(path.exists() for path in outputs)
    else:
        assert run.exit_code == 0 and all(path.exists() for path in outputs)


@pytest.mark.parametrize(
    "content, message", [(b"", "not a readable recording"), (b"RIFF\x00\x00garbage" * 10, "not a readable recording")]
)
def test_unreadable_recording(tmp_path, content, message):
    call, _audio = write_call(tmp_path, lay_out(PHONE_CALL))
    bad = tmp_path / "bad.wav"
    bad.write_bytes(content)
    run = cli("redact", call, "-o", tmp_path / "o.json", "--audio", bad, "--audio-out", tmp_path / "o.wav")
    assert run.exit_code == 2 and message in run.output and len(run.output.strip().splitlines()) == 1
    assert not (tmp_path / "o.json").exists() and not (tmp_path / "o.wav").exists()


@pytest.mark.parametrize(
    "plan, channels, message",
    [
        ("agent=0,customer=1", 1, "has 1 channel"),
        ("order", 1, "has 1 channel"),
        ("agent=0,customer=2", 2, "channels (0 to 1)"),
        ("agent=0", 2, "no channel in the map"),
        ("agent:0", 2, "expected auto, all, channel, order or SPEAKER=CHANNEL"),
    ],
)
def test_options_not_fitting_the_recording(tmp_path, plan, channels, message):
    call, audio = write_call(tmp_path, lay_out(PHONE_CALL), channels=channels)
    run = cli(
        "redact", call, "-o", tmp_path / "o.json", "--audio", audio, "--audio-out", tmp_path / "o.wav",
        "--audio-channels", plan,
    )  # fmt: skip
    assert run.exit_code == 2 and message in run.output and len(run.output.strip().splitlines()) == 1
    assert not (tmp_path / "o.json").exists() and not (tmp_path / "o.wav").exists()


def test_compressed_recording_without_ffmpeg(tmp_path, monkeypatch):
    import shutil

    call, _audio = write_call(tmp_path, lay_out(PHONE_CALL))
    mp3 = tmp_path / "call.mp3"
    mp3.write_bytes(b"\xff\xfb" + bytes(400))
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "ffmpeg" else real_which(name))
    run = cli("redact", call, "-o", tmp_path / "o.json", "--audio", mp3, "--audio-out", tmp_path / "o.mp3")
    assert run.exit_code == 2 and "need ffmpeg, which is not installed" in run.output
    assert len(run.output.strip().splitlines()) == 1


@pytest.mark.skipif(__import__("shutil").which("ffmpeg") is None, reason="ffmpeg is not installed")
def test_compressed_recording_through_ffmpeg(tmp_path):
    import subprocess

    segments = lay_out(PHONE_CALL)
    call, wav = write_call(tmp_path, segments, rate=16000)
    mp3 = tmp_path / "call.mp3"
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(wav), str(mp3)], check=True)
    run = cli("redact", call, "-o", tmp_path / "o.json", "--audio", mp3, "--audio-out", tmp_path / "o.mp3")
    assert run.exit_code == 0
    decoded = {}
    for name in ("call", "o"):  # both decoded by ffmpeg: the same length, the tone inside the span
        subprocess.run(
            ["ffmpeg", "-nostdin", "-v", "error", "-i", str(tmp_path / f"{name}.mp3"), str(tmp_path / f"{name}.d.wav")],
            check=True,
        )
        decoded[name] = soundfile.read(str(tmp_path / f"{name}.d.wav"))[0]
    assert decoded["call"].shape == decoded["o"].shape
    start, end = phone_span(segments)
    inside = decoded["o"][math.ceil((start + 0.05) * 16000) : math.floor((end - 0.05) * 16000)]
    spectrum = np.abs(np.fft.rfft(inside))
    assert np.fft.rfftfreq(len(inside), 1 / 16000)[np.argmax(spectrum)] == pytest.approx(TONE_HZ, abs=5)


def test_transcript_and_recording_from_one_set_of_findings(tmp_path, monkeypatch):
    """segment_spans runs once; each segment whose text was changed has a span, and only those."""
    from screen.redact.redactor import Redactor

    calls = []
    original = Redactor.segment_spans

    def counted(self, texts, *args, **kwargs):
        calls.append(list(texts))
        return original(self, texts, *args, **kwargs)

    monkeypatch.setattr(Redactor, "segment_spans", counted)
    segments = lay_out([*PHONE_CALL, ("customer", ["身份证", "是", *"幺幺零幺零五幺九四九幺二三幺零零二叉"])])
    call, audio = write_call(tmp_path, segments)
    result = redact_call(call, audio, tmp_path / "o.json", tmp_path / "o.wav", redactor())
    original_texts = [s.text for s in segments]
    # the words lists are looked at too (each a call of its own), the segments only once
    assert [texts for texts in calls if texts == original_texts] == [original_texts]
    redacted = [s["text"] for s in json.loads((tmp_path / "o.json").read_text())["segments"]]
    changed = {index for index, (a, b) in enumerate(zip(original_texts, redacted)) if a != b}
    assert changed == {index for span in result.spans for index in span.segments} == {1, 3}
    sidecar = json.loads((tmp_path / "o.wav.spans.json").read_text())
    assert {tuple(s["entities"]) for s in sidecar["spans"]} == {("CN_PHONE_NUMBER",), ("CN_RESIDENT_ID",)}
    assert sidecar["seconds_replaced"] == pytest.approx(result.seconds_replaced, abs=1e-3)


def test_words_holding_a_finding_are_masked(tmp_path):
    segments = lay_out(PHONE_CALL)
    call, audio = write_call(tmp_path, segments)
    redact_call(call, audio, tmp_path / "o.json", tmp_path / "o.wav", redactor())
    words = json.loads((tmp_path / "o.json").read_text())["segments"][1]["words"]
    assert [w["text"] for w in words] == ["我的", "手机号", "是", "***", "****", "****", "谢谢"]
    assert [w["start"] for w in words] == [w.start for w in segments[1].words]  # times kept


def test_batch_folder(tmp_path):
    calls = tmp_path / "calls"
    calls.mkdir()
    segments = lay_out(PHONE_CALL)
    write_call(calls, segments, name="a")
    write_call(calls, segments, name="b", channels=2, suffix=".flac")
    write_call(calls, segments, name="c", words=False, segment_times=False)  # quarantined
    (calls / "d.json").write_text(json.dumps({"segments": [{"text": "您好"}]}))  # no recording
    run = cli("redact-audio", calls, "-o", tmp_path / "out", "--workers", 2)
    assert run.exit_code == 1
    assert "4 call(s): 2 redacted, 2 quarantined; 2 span(s)" in run.output
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "a.json", "a.wav", "a.wav.spans.json", "b.flac", "b.flac.spans.json", "b.json", "quarantine.jsonl",
    ]  # fmt: skip
    reasons = {e["input"]: e["reason"] for e in map(json.loads, (out / "quarantine.jsonl").read_text().splitlines())}
    assert set(reasons) == {"c.json", "d.json"} and "no recording" in reasons["d.json"]
    assert soundfile.info(str(out / "b.flac")).channels == 2


def test_sample_call_worked_example(tmp_path):
    """The shipped sample call (docs/audio.md) redacts as documented."""
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "sample_lists" / "audio"
    run = cli(
        "redact", sample / "sample_call.json", "-o", tmp_path / "call.redacted.json",
        "--audio", sample / "sample_call.wav", "--audio-out", tmp_path / "call.redacted.wav",
        "--audio-channels", "agent=0,customer=1",
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    spans = json.loads((tmp_path / "call.redacted.wav.spans.json").read_text())["spans"]
    assert [(s["entities"], s["channel"], s["located_by"]) for s in spans] == [
        (["CN_PHONE_NUMBER"], 1, "words"),
        (["CN_RESIDENT_ID"], 1, "words"),
        (["PERSON"], 0, "segment"),
    ]


def test_usage_errors():
    with pytest.raises(UsageError):
        AudioOptions(fill="beep")
    with pytest.raises(UsageError):
        ChannelPlan.parse("agent=x")


def test_spotcheck_shows_the_replaced_spans(tmp_path):
    segments = lay_out(PHONE_CALL)
    call, audio = write_call(tmp_path, segments)
    run = cli(
        "redact",
        call,
        "-o",
        tmp_path / "call.redacted.json",
        "--audio",
        audio,
        "--audio-out",
        tmp_path / "call.redacted.wav",
    )
    assert run.exit_code == 0
    start, end = phone_span(segments)
    expected = f"{start:.2f}-{end:.2f} s, all channels: CN_PHONE_NUMBER"
    for transcript, spans in ((tmp_path / "call.redacted.json", [expected]), (call, None)):
        audit = tmp_path / f"audit-{transcript.stem}"
        assert cli("spotcheck", transcript, "--sample", 1, "--seed", 1, "--out-dir", audit).exit_code == 0
        [record] = json.loads((audit / "report.json").read_text())["records"]
        assert record.get("audio_spans") == spans  # the raw call has no redacted recording beside it
        assert (expected in (audit / "report.html").read_text()) == (spans is not None)


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--audio", "{audio}"], "--audio and --audio-out go together"),
        (["--audio-out", "{tmp}/o.wav"], "--audio and --audio-out go together"),
        (["--audio", "{audio}", "--audio-out", "{audio}"], "would overwrite the input"),
        (["--audio", "{audio}", "--audio-out", "{tmp}/o.json"], "must differ from the output transcript"),
        (["--audio", "{audio}", "--audio-out", "{tmp}/o.flac"], "keeps the recording's format: name it with .wav"),
    ],
)
def test_audio_arguments_that_do_not_go_together(tmp_path, arguments, message):
    call, audio = write_call(tmp_path, lay_out(PHONE_CALL))
    before = sorted(path.name for path in tmp_path.iterdir())
    filled = [argument.format(audio=audio, tmp=tmp_path) for argument in arguments]
    run = cli("redact", call, "-o", tmp_path / "o.json", *filled)
    assert run.exit_code == 2 and message in run.output and len(run.output.strip().splitlines()) == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == before


def test_audio_needs_an_asr_transcript(tmp_path):
    _call, audio = write_call(tmp_path, lay_out(PHONE_CALL))
    text = tmp_path / "call.txt"
    text.write_text("手机13812345678", encoding="utf-8")
    run = cli("redact", text, "-o", tmp_path / "o.txt", "--audio", audio, "--audio-out", tmp_path / "o.wav")
    assert run.exit_code == 2 and "ASR JSON" in run.output


def test_a_file_named_by_a_number_is_masked_in_messages(tmp_path):
    segments = lay_out(PHONE_CALL)
    call, audio = write_call(tmp_path, segments, name="13812345678_0930", seconds=1.0)
    run = cli("redact", call, "-o", tmp_path / "o.json", "--audio", audio, "--audio-out", tmp_path / "o.wav")
    assert run.exit_code == 2 and "138****5678_0930" in run.output and "13812345678" not in run.output


def test_a_vendor_reader_plugs_in(tmp_path):
    """A reader giving the own shape from another one (times in milliseconds, other field names)."""
    segments = lay_out(PHONE_CALL)
    _call, audio = write_call(tmp_path, segments)
    vendor = tmp_path / "vendor.json"
    vendor.write_text(
        json.dumps(
            {
                "Sentences": [
                    {"Role": s.speaker, "Begin": s.start * 1000, "Stop": s.end * 1000, "Text": s.text} for s in segments
                ]
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )

    def read_vendor(path):
        sentences = json.loads(path.read_text(encoding="utf-8"))["Sentences"]
        return {
            "segments": [
                {"speaker": s["Role"], "start": s["Begin"] / 1000, "end": s["Stop"] / 1000, "text": s["Text"]}
                for s in sentences
            ]
        }

    result = redact_call(vendor, audio, tmp_path / "o.json", tmp_path / "o.wav", redactor(), read=read_vendor)
    before, after = read(audio)[0], read(tmp_path / "o.wav")[0]
    whole = (segments[1].start - MARGIN, segments[1].end + MARGIN)  # segment times only
    assert np.array_equal(before != after, expected_mask(before.shape, [whole], 8000))
    assert [span.located_by for span in result.spans] == ["segment"]
