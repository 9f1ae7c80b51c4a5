"""Where in time each finding of a call was said: the spans of the recording to replace.

The redactor gives, for each segment, the characters of each finding (a number split across
segments gives a piece in each). A finding is located by its segment's words: from the first
word holding one of its characters to the last, widened by a margin on each side. Words are
matched to the segment's text in order; a finding with a character no timed word covers (the
ASR wrote the word differently, a word has no times) is located by its whole segment instead:
never less than the finding. A finding whose segment has no times either cannot be located, and
the call fails closed (:class:`Unlocatable`: quarantined, no audio written).

>>> from screen.audio.timing import TimedSegment, TimedWord
>>> words = (TimedWord("号码", 1.0, 1.4), TimedWord("一三八", 1.4, 2.0), TimedWord("好", 2.0, 2.2))
>>> segment = TimedSegment("customer", 1.0, 2.2, "号码一三八好", words)
>>> word_offsets(segment.text, segment.words)
[(0, 2), (2, 5), (5, 6)]
>>> [round(value, 3) if isinstance(value, float) else value for value in finding_time(segment, 2, 5, margin=0.08)]
[1.32, 2.08, 'words']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from screen.audio.timing import TimedSegment, TimedWord

DEFAULT_MARGIN_SECONDS = 0.08


class Unlocatable(ValueError):
    """A finding with no time to put it at; the message names the segment, never its text."""


@dataclass(frozen=True)
class AudioSpan:
    """A stretch of the recording to replace, in seconds; ``channel`` None means every channel."""

    start: float
    end: float
    channel: int | None
    entities: tuple[str, ...]
    segments: tuple[int, ...]  # 0-based segment numbers the findings are in
    located_by: str  # "words" or "segment" (the fallback)

    def as_json(self) -> dict:
        return {
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "channel": "all" if self.channel is None else self.channel,
            "entities": list(self.entities),
            "segments": [index + 1 for index in self.segments],
            "located_by": self.located_by,
        }


def word_offsets(text: str, words: Sequence[TimedWord]) -> list[tuple[int, int] | None]:
    """Each word's ``(start, end)`` characters in ``text``, matched in order; None for a word not
    found after the previous one (the words may leave out the text's spaces and punctuation)."""
    offsets: list[tuple[int, int] | None] = []
    cursor = 0
    for word in words:
        found = text.find(word.text.strip(), cursor) if word.text.strip() else -1
        if found < 0:
            offsets.append(None)
            continue
        end = found + len(word.text.strip())
        offsets.append((found, end))
        cursor = end
    return offsets


def finding_time(
    segment: TimedSegment, start: int, end: int, margin: float, offsets: list | None = None
) -> tuple[float, float, str] | None:
    """``(start, end, how)`` in seconds of the characters ``start:end`` of ``segment``, margin
    included; None when neither its words nor the segment are timed."""
    by_words = _by_words(
        segment, start, end, offsets if offsets is not None else word_offsets(segment.text, segment.words)
    )
    if by_words is not None:
        return max(0.0, by_words[0] - margin), by_words[1] + margin, "words"
    if segment.start is None or segment.end is None or segment.end < segment.start:
        return None
    return max(0.0, segment.start - margin), segment.end + margin, "segment"


def segment_time(segment: TimedSegment, margin: float) -> tuple[float, float] | None:
    """The whole segment, margin included: from its start or its first word's, whichever is
    earlier, to its end or its last word's; None when it has no times at all."""
    times = [time for time in (segment.start, segment.end) if time is not None]
    times += [time for word in segment.words for time in (word.start, word.end) if time is not None]
    if not times:
        return None
    return max(0.0, min(times) - margin), max(times) + margin


def _by_words(segment: TimedSegment, start: int, end: int, offsets: list) -> tuple[float, float] | None:
    """First to last timed word holding the finding's characters, when they cover every one of
    its letters and digits; else None."""
    covering = [
        (word, where)
        for word, where in zip(segment.words, offsets)
        if where is not None and where[0] < end and start < where[1]
        if word.start is not None and word.end is not None and word.end >= word.start
    ]
    if not covering:
        return None
    needed = {index for index in range(start, end) if segment.text[index].isalnum()}
    covered = {index for _word, (low, high) in covering for index in range(low, high)}
    if not needed <= covered:
        return None
    return min(word.start for word, _ in covering), max(word.end for word, _ in covering)


def locate(
    segments: Sequence[TimedSegment],
    spans_per_segment: Sequence[Sequence[tuple]],
    margin: float = DEFAULT_MARGIN_SECONDS,
    channels: Sequence[int | None] | None = None,
    whole: Mapping[int, Sequence[str]] | None = None,
) -> list[AudioSpan]:
    """The spans to replace for ``spans_per_segment`` (:meth:`Redactor.segment_spans` of these
    segments), merged where they touch on the same channel; ``channels``: each segment's channel
    (None: every channel, the default); ``whole``: segment number -> entities found in its other
    fields only (words that do not spell its text), placed by the whole segment.
    :class:`Unlocatable` when a finding has no time."""
    found: list[AudioSpan] = []
    channels = channels if channels is not None else [None] * len(segments)
    for index, entities in (whole or {}).items():
        timing = segment_time(segments[index], margin)
        if timing is None:
            raise Unlocatable(f"segment {index + 1}: a {entities[0]} finding has no word or segment times")
        found.append(AudioSpan(*timing, channels[index], tuple(dict.fromkeys(entities)), (index,), "segment"))
    for index, (segment, spans) in enumerate(zip(segments, spans_per_segment)):
        if not spans:
            continue
        offsets = word_offsets(segment.text, segment.words)
        for start, end, finding, _piece in spans:
            timing = finding_time(segment, start, end, margin, offsets)
            if timing is None:
                raise Unlocatable(f"segment {index + 1}: a {finding.entity} finding has no word or segment times")
            begin, finish, how = timing
            found.append(AudioSpan(begin, finish, channels[index], (finding.entity,), (index,), how))
    return merged(found)


def merged(spans: list[AudioSpan]) -> list[AudioSpan]:
    """Spans on the same channel that overlap or touch, as one; in time order."""
    out: list[AudioSpan] = []
    key = lambda span: (-1 if span.channel is None else span.channel, span.start)  # noqa: E731
    for span in sorted(spans, key=key):
        last = out[-1] if out else None
        if last is not None and last.channel == span.channel and span.start <= last.end:
            out[-1] = AudioSpan(
                last.start,
                max(last.end, span.end),
                last.channel,
                tuple(dict.fromkeys(last.entities + span.entities)),
                tuple(dict.fromkeys(last.segments + span.segments)),
                last.located_by if last.located_by == span.located_by else "segment",
            )
        else:
            out.append(span)
    return sorted(out, key=lambda span: (span.start, key(span)))
