"""Redact one call: its ASR transcript and its recording, from the same findings.

The transcript is redacted as ``leadscreen redact`` redacts an ASR JSON file — leadscreen's own
shape, or a speech service's result in the service's own shape (:mod:`screen.redact.calls`); the
per-segment finding spans of that one :meth:`Redactor.segment_spans` call are located in time
(:mod:`screen.audio.spans`) and replaced in the recording (:mod:`screen.audio.fill`). In the own
shape, words of the ``words`` lists that hold a finding's characters are masked (``*``) as well;
a service's word lists are redacted as ``leadscreen redact`` redacts them. A finding a service's
result holds only in a segment's other fields (words that do not spell its text) is placed by its
whole segment.

Order, so that a failure leaves nothing half done: read and check everything (transcript,
recording, channel map, timings), then write the recording, its spans file, and the transcript,
each atomically. Problems with the inputs or options raise :class:`InputError` or
:class:`UsageError` (exit 2, nothing written); a finding that cannot be located in time returns
a quarantined result (nothing written either).
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from screen.asr.agent import NO_AGENT, Agent
from screen.asr.detect import detect
from screen.asr.model import file_like
from screen.audio.channels import ChannelPlan
from screen.audio.compressed import decode_to_wav, encode_from_wav, is_compressed
from screen.audio.fill import FILLS, AudioInfo, frame_ranges, probe, replace_spans, replaced_seconds
from screen.audio.names import shown_name
from screen.audio.sidecar import write_sidecar
from screen.audio.spans import DEFAULT_MARGIN_SECONDS, AudioSpan, Unlocatable, locate, word_offsets
from screen.audio.timing import TimedSegment, call_segments, timed_segments, transcript_end
from screen.errors import InputError, LeadscreenError, UsageError
from screen.files.atomic import atomic_path, atomic_write
from screen.files.text import decode_text
from screen.redact.jobs import redact_asr_call
from screen.redact.redactor import Redactor

MISMATCH_SECONDS = 1.0  # how far past the recording's end the transcript may run


@dataclass(frozen=True)
class AudioOptions:
    fill: str = "tone"
    margin: float = DEFAULT_MARGIN_SECONDS
    channels: ChannelPlan = field(default_factory=ChannelPlan)

    def __post_init__(self):
        if self.fill not in FILLS:
            raise UsageError(f"unknown fill {self.fill!r} (tone or silence)", parameter="audio_fill")
        if not 0 <= self.margin <= 5:
            raise UsageError("the margin must be between 0 and 5000 ms", parameter="audio_margin_ms")


@dataclass
class CallResult:
    transcript: str
    quarantine_reason: str | None = None
    spans: list[AudioSpan] = field(default_factory=list)
    seconds_replaced: float = 0.0
    audio_seconds: float = 0.0
    counts: Counter = field(default_factory=Counter)


def read_transcript(path: str | Path) -> object:
    """The parsed ASR JSON; ``ValueError`` (a quarantine reason) when it is not JSON."""
    return read_transcript_text(path)[0]


def segments_of(document) -> list[dict]:
    segments = document.get("segments") if isinstance(document, dict) else document
    if not isinstance(segments, list) or not all(isinstance(s, dict) for s in segments):
        raise ValueError('not an ASR transcript (expected {"segments": [...]} or a list of segments)')
    return segments


def redact_call(
    transcript: str | Path,
    audio: str | Path,
    transcript_out: str | Path,
    audio_out: str | Path,
    redactor: Redactor,
    options: AudioOptions = AudioOptions(),
    read: Callable[[str | Path], object] | None = None,
    asr_format: str | None = None,
    agent: Agent = NO_AGENT,
) -> CallResult:
    """Redact one call's transcript and recording; see the module's docstring.

    The transcript is leadscreen's own shape (``{"segments": [{"speaker", "start", "end", "text",
    "words": [{"text", "start", "end"}]}]}``, seconds) or a speech service's result (Alibaba,
    Tencent … told by its fields, or named by ``asr_format``; docs/asr-formats.md), redacted and
    written back in its own shape as ``leadscreen redact`` writes it. ``agent`` says which side
    the agent is on (``--agent-channel`` / ``--agent-speaker``). ``read`` turns the transcript
    file into the own shape instead (a reader of another shape), raising ``ValueError`` (a
    quarantine reason) for a file it cannot read.
    """
    result = CallResult(str(transcript))
    if Path(audio).suffix.lower() != Path(audio_out).suffix.lower():
        raise UsageError(
            f"the redacted recording keeps the recording's format: name it with {Path(audio).suffix or 'no suffix'}",
            parameter="audio_out",
        )
    info = probe_recording(audio)
    result.audio_seconds = info.seconds
    try:
        if read is not None:
            document, original = read(transcript), None
        else:
            document, original = read_transcript_text(transcript)
        call = _redacted_call(document, redactor, asr_format, agent, shown_name(transcript), shown_name(audio), info)
        needed = sorted({index for index, spans in enumerate(call.spans) if spans} | set(call.whole))
        channels = options.channels.for_segments(call.timed, info.channels, needed)
        spans = locate(call.timed, call.spans, options.margin, channels, call.whole)
    except LeadscreenError:
        raise  # the inputs or options are wrong: one line, exit 2
    except Unlocatable as error:
        result.quarantine_reason = f"cannot place a finding in the recording: {error}"
        return result
    except ValueError as error:
        result.quarantine_reason = str(error)
        return result
    except Exception as error:  # a recognizer bug must not let the call through raw
        result.quarantine_reason = f"internal error while redacting ({type(error).__name__})"
        return result
    call.finish()
    ranges = frame_ranges(spans, info)
    write_recording(audio, audio_out, ranges, info, options.fill)
    write_sidecar(audio_out, sidecar_record(shown_name(audio), spans, options, info, ranges))
    with atomic_write(transcript_out, "wb") as handle:
        handle.write(
            _json_bytes(call.document) if original is None or call.own_shape else _vendor_bytes(call, original)
        )
    result.spans, result.counts = spans, call.counts
    result.seconds_replaced = replaced_seconds(ranges, info.samplerate)
    return result


@dataclass
class _Redacted:
    """One call's transcript redacted in memory, and what locates its findings in time."""

    document: object
    counts: Counter
    timed: list[TimedSegment]  # the original texts and their timings
    spans: list[list[tuple]]  # per segment, as :meth:`Redactor.segment_spans` gives them
    own_shape: bool
    finish: Callable[[], None] = lambda: None  # what is left to do to the document before writing it
    whole: dict[int, list[str]] = field(default_factory=dict)  # findings placed by their whole segment


def _redacted_call(document, redactor, asr_format, agent, transcript_name, audio_name, info) -> _Redacted:
    """The call's transcript redacted with the spans of its findings; ``InputError`` when the
    recording is not this call's, ``ValueError`` (a quarantine reason) when it cannot be read."""
    detected = detect(document)
    name = asr_format or detected
    if name == "leadscreen" and detected not in (None, "leadscreen"):  # its words would go word by word
        raise ValueError(f"a {detected} transcript, not leadscreen's own shape: read it as {detected}")
    if name in (None, "leadscreen"):
        segment_dicts = segments_of(document)
        timed = timed_segments(segment_dicts, agent)  # before redaction: words are matched to the original text
        check_lengths(timed, info, transcript_name, audio_name)
        document, counts, spans = redact_asr_call(document, redactor)
        return _Redacted(document, counts, timed, spans, True, lambda: mask_words(segment_dicts, timed, spans))
    from screen.redact.calls import redact_call_spans

    redacted = redact_call_spans(document, redactor, name, agent)
    timed = call_segments(redacted.call)
    check_lengths(timed, info, transcript_name, audio_name)
    return _Redacted(redacted.document, redacted.counts, timed, redacted.spans, False, whole=redacted.elsewhere)


def _vendor_bytes(call: _Redacted, original: str) -> bytes:
    """A speech service's result as ``leadscreen redact`` writes it: laid out as it came."""
    return file_like(call.document, original).encode()


def read_transcript_text(path: str | Path) -> tuple[object, str]:
    """The parsed ASR JSON and its text; ``ValueError`` (a quarantine reason) when it is not JSON."""
    raw = Path(path).read_bytes()
    if not raw.strip():
        raise InputError(f"{shown_name(path)} is empty")
    text = decode_text(raw, shown_name(path))
    try:
        return json.loads(text), text
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg} at line {error.lineno})") from None


def _json_bytes(document) -> bytes:
    """The redacted transcript as one line of UTF-8 JSON: the standard library's C encoder, exact
    for every value it read (integers of any width, NaN); indenting would take its pure-Python
    encoder, ten times slower on a long call's words."""
    return (json.dumps(document, ensure_ascii=False) + "\n").encode()


def probe_recording(audio: str | Path) -> AudioInfo:
    """What the recording is (a compressed one decoded by ffmpeg first, to learn its length)."""
    if not Path(audio).is_file():
        raise InputError(f"{shown_name(audio)}: no such recording")
    if not is_compressed(audio):
        return probe(audio)
    with tempfile.TemporaryDirectory(prefix=".leadscreen-audio-") as folder:
        wav = Path(folder) / "decoded.wav"
        decode_to_wav(audio, wav)
        return probe(wav)


def check_lengths(timed: list[TimedSegment], info: AudioInfo, transcript_name: str, audio_name: str) -> None:
    """Refuse a recording that ends more than a second before the transcript does."""
    end = transcript_end(timed)
    if end > info.seconds + MISMATCH_SECONDS:
        raise InputError(
            f"{transcript_name} runs to {end:.1f} s but {audio_name} lasts {info.seconds:.1f} s: "
            "not the recording of this call?"
        )


def write_recording(audio, audio_out, ranges, info: AudioInfo, fill: str) -> None:
    """The redacted recording, atomically; a compressed one through a temporary WAV and ffmpeg."""
    with atomic_path(audio_out) as temporary:
        if not is_compressed(audio):
            replace_spans(audio, temporary, ranges, info, fill)
            return
        with tempfile.TemporaryDirectory(prefix=".leadscreen-audio-") as folder:
            decoded, redacted = Path(folder) / "decoded.wav", Path(folder) / "redacted.wav"
            decode_to_wav(audio, decoded)
            wav_info = probe(decoded)
            replace_spans(decoded, redacted, ranges, wav_info, fill)
            encode_from_wav(redacted, temporary, wav_info.samplerate, wav_info.channels)


def mask_words(segment_dicts: list[dict], timed: list[TimedSegment], spans_per_segment) -> None:
    """Mask (``*``) each word holding a character of a finding: the words lists repeat the text.
    In a segment with a finding, a word not found in the text is masked too (it may hold it)."""
    for segment, timed_segment, spans in zip(segment_dicts, timed, spans_per_segment):
        words = segment.get("words")
        if not spans or not isinstance(words, list):
            continue
        timed_words = iter(range(len(timed_segment.words)))
        offsets = word_offsets(timed_segment.text, timed_segment.words)
        for word in words:
            if not (isinstance(word, dict) and isinstance(word.get("text"), str)):
                continue
            where = offsets[next(timed_words)]
            if where is None or any(where[0] < end and start < where[1] for start, end, _f, _p in spans):
                word["text"] = "*" * len(word["text"])


def sidecar_record(audio_name: str, spans: list[AudioSpan], options: AudioOptions, info: AudioInfo, ranges) -> dict:
    return {
        "recording": audio_name,
        "fill": options.fill,
        "margin_ms": round(options.margin * 1000),
        "sample_rate": info.samplerate,
        "channels": info.channels,
        "seconds_replaced": round(replaced_seconds(ranges, info.samplerate), 3),
        "spans": [span.as_json() for span in spans],
    }
