"""One call, whatever the speech service wrote: segments (speaker, start, end in seconds, text)
with their words, and where in the service's own document each of those texts lives.

The public shape (:meth:`Call.as_dict`) is leadscreen's own ASR JSON: ``{"segments": [{"speaker",
"start", "end", "text", "words": [{"text", "start", "end"}]}]}``, times in seconds. What the
readers note besides (``Place`` lists) is for writing redacted texts back into the service's
document (:mod:`screen.asr.writeback`), never shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Place:
    """One text field of the document: ``container[key]``."""

    container: object  # dict or list
    key: object

    def get(self) -> str:
        return self.container[self.key]

    def set(self, text: str) -> None:
        self.container[self.key] = text


@dataclass
class Word:
    text: str
    start: float | None = None
    end: float | None = None
    places: list[Place] = field(default_factory=list, repr=False)  # where this word is written


@dataclass
class Segment:
    text: str
    start: float | None = None
    end: float | None = None
    speaker: str | None = None
    role: str | None = None  # "agent" or "customer" when --agent-channel/--agent-speaker says which
    channel: str | None = None  # the recording's channel, from a field naming it (Alibaba's ChannelId)
    words: list[Word] = field(default_factory=list)
    places: list[Place] = field(default_factory=list, repr=False)  # fields holding exactly ``text``
    # fields holding the same words spaced or punctuated otherwise (Tencent's SliceSentence and
    # WrittenText): written by aligning their letters and digits to ``text``
    variants: list[Place] = field(default_factory=list, repr=False)
    # fields derived from the text that are not text (Whisper's token ids): emptied when it changes
    derived: list[Place] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        return {
            "speaker": self.speaker,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "words": [{"text": word.text, "start": word.start, "end": word.end} for word in self.words],
        }


@dataclass(frozen=True)
class NestedJson:
    """A string field that holds JSON itself (iFlytek's ``orderResult`` and ``json_1best``):
    ``value`` is what it was read as, written back in the same style when something changed."""

    place: Place
    value: object
    original: str


@dataclass
class Call:
    format: str
    segments: list[Segment]
    document: object = field(repr=False, default=None)
    whole_texts: list[Place] = field(default_factory=list, repr=False)  # the whole call's text in one field
    nested: list[NestedJson] = field(default_factory=list, repr=False)  # innermost first

    def as_dict(self) -> dict:
        return {"segments": [segment.as_dict() for segment in self.segments]}

    def bound(self) -> set[tuple[int, object]]:
        """``(id(container), key)`` of every field this call reads or writes."""
        places = [*self.whole_texts, *(nested.place for nested in self.nested)]
        for segment in self.segments:
            places += [*segment.places, *segment.variants, *segment.derived]
            places += [place for word in segment.words for place in word.places]
        return {(id(place.container), place.key) for place in places}


def seconds(value, unit: float) -> float | None:
    """A time in seconds from a field in ``unit`` seconds (0.001 for milliseconds); None when absent."""
    if value is None or value == "":
        return None
    try:
        return round(float(value) * unit, 3)
    except (TypeError, ValueError):
        raise ValueError(f"a time that is not a number ({type(value).__name__})") from None


def dumps_like(value, original: str) -> str:
    """``value`` as JSON written the way ``original`` was: compact or spaced, escaped or not."""
    spaced = '": ' in original or '", "' in original
    return json.dumps(
        value,
        ensure_ascii="\\u" in original,
        separators=(", ", ": ") if spaced else (",", ":"),
    )


def file_like(value, original: str) -> str:
    """A whole JSON file written as ``original`` was laid out: one line (as the services return
    it) stays one line, an indented file is indented; UTF-8 text, not escapes.

    >>> file_like({"a": [1, "二"]}, '{"a":[1,"x"]}')
    '{"a":[1,"二"]}\\n'
    """
    if "\n" in original.strip():
        return json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    spaced = '": ' in original or '", "' in original
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": ") if spaced else (",", ":")) + "\n"
