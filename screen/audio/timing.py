"""The timings of one call, as the audio redaction reads them: segments with optional words.

leadscreen's own ASR JSON shape (:func:`timed_segments`), or a speech service's result as
:func:`screen.asr.read_call` reads it (:func:`call_segments`: Alibaba, Tencent … times in
milliseconds are in seconds by then)::

    {"segments": [{"speaker": "customer", "start": 9.1, "end": 11.0, "text": "我的手机号是一三八",
                   "words": [{"text": "我的", "start": 9.1, "end": 9.4}, ...]}, ...]}

Times are seconds. ``words`` is optional; a word may be one character (per-character timings)
or several. Only ``speaker``, ``channel``, ``start``, ``end``, ``text``, ``words[].text``,
``words[].start`` and ``words[].end`` are read; a time that is missing, not a number, negative or not finite counts as
missing (the span falls back to the segment, or the call to quarantine: never a guess).

>>> segments = timed_segments([{"speaker": "a", "start": 1, "end": "x", "text": "hi", "words": [{"text": "hi", "start": 1.0, "end": 1.5}]}])
>>> segments[0].start, segments[0].end, segments[0].words[0].end
(1.0, None, 1.5)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from screen.asr.agent import NO_AGENT, Agent, label
from screen.asr.model import Call


@dataclass(frozen=True)
class TimedWord:
    text: str
    start: float | None
    end: float | None


@dataclass(frozen=True)
class TimedSegment:
    speaker: object
    start: float | None
    end: float | None
    text: str
    words: tuple[TimedWord, ...] = ()
    role: str | None = None  # agent or customer, when --agent-channel / --agent-speaker says which
    channel: str | None = None  # the channel id the transcript gives it (Alibaba's ChannelId ...)


def seconds(value) -> float | None:
    """A time in seconds, or None when it is not a usable one (bool is not a number here)."""
    if value.__class__ not in (int, float):
        return None
    value = float(value)
    return value if math.isfinite(value) and value >= 0 else None


def timed_segments(segments: Sequence[dict], agent: Agent = NO_AGENT) -> list[TimedSegment]:
    """The segments of the own shape (dicts) as :class:`TimedSegment`."""
    timed = []
    for segment in segments:
        words = segment.get("words")
        channel = label(segment.get("channel"))
        timed.append(
            TimedSegment(
                segment.get("speaker"),
                seconds(segment.get("start")),
                seconds(segment.get("end")),
                segment.get("text", "") if isinstance(segment.get("text", ""), str) else "",
                tuple(_words(words)) if isinstance(words, list) else (),
                agent.role(channel=channel, speaker=label(segment.get("speaker"))),
                channel,
            )
        )
    return timed


def call_segments(call: Call) -> list[TimedSegment]:
    """The segments of a speech service's result as read by :func:`screen.asr.read_call` (times
    already in seconds, whatever unit the service wrote), checked as the own shape's are."""
    return [
        TimedSegment(
            segment.speaker,
            seconds(segment.start),
            seconds(segment.end),
            segment.text,
            tuple(TimedWord(word.text, seconds(word.start), seconds(word.end)) for word in segment.words),
            segment.role,
            segment.channel,
        )
        for segment in call.segments
    ]


def _words(words: list):
    for word in words:
        if isinstance(word, dict) and isinstance(word.get("text"), str):
            yield TimedWord(word["text"], seconds(word.get("start")), seconds(word.get("end")))


def transcript_end(segments: Sequence[TimedSegment]) -> float:
    """The last time the transcript names (0 when it names none)."""
    times = [0.0]
    for segment in segments:
        times.extend(time for time in (segment.start, segment.end) if time is not None)
        times.extend(time for word in segment.words for time in (word.start, word.end) if time is not None)
    return max(times)
