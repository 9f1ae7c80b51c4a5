"""Redacted texts back into the speech service's own document: every field that holds the words.

The redacted segment texts go into the fields that hold them exactly; the same replacements into
the fields that hold the same words spaced or punctuated otherwise (:mod:`screen.asr.align`); the
redacted words into each word list; the segments' redacted texts into a field holding the whole
call. A field that does not line up is handed back to the caller, who redacts it on its own.
Nested JSON strings are written again last, innermost first, in their own style, and only when
something in them changed: every other field keeps its value.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from screen.asr.align import same_replacements, segments_in_whole
from screen.asr.model import Call, Place, Segment, dumps_like


def write_back(
    call: Call,
    texts: Sequence[str],
    replacements: Sequence[Sequence[tuple[int, int, str]]],
    word_texts: Sequence[Sequence[str] | None],
) -> list[tuple[Place, int | None]]:
    """Write the redacted ``texts`` (with the ``replacements`` made in each segment's text, and
    each word's redacted text) into the document; the fields that could not be aligned, each
    with its segment (None: a whole-call field), for the caller to redact on their own."""
    left: list[tuple[Place, int | None]] = []
    for index, (segment, text, made, words) in enumerate(zip(call.segments, texts, replacements, word_texts)):
        if text != segment.text or made or words is not None:
            left += [(place, index) for place in _write_segment(segment, text, made, words)]
    originals = [segment.text for segment in call.segments]
    if list(texts) != originals:
        for place in call.whole_texts:
            whole = segments_in_whole(place.get(), originals, texts)
            if whole is None:
                left.append((place, None))
            else:
                place.set(whole)
    return left


def _write_segment(segment: Segment, text: str, made, words) -> list[Place]:
    """One segment's fields; the variants that do not line up with its text."""
    left = []
    for place in segment.places:
        place.set(text)
    for place in segment.variants:
        moved = same_replacements(segment.text, place.get(), made)
        if moved is None:
            left.append(place)
        else:
            place.set(moved)
    for place in segment.derived:
        place.set([])
    for word, new in zip(segment.words, words or ()):
        for place in word.places:
            place.set(_spaced_like(place.get(), new))
    return left


def _spaced_like(old: str, new: str) -> str:
    """``new`` with ``old``'s leading and trailing spaces (Whisper's words start with one)."""
    stripped = old.strip()
    if not stripped:
        return old
    head = old[: len(old) - len(old.lstrip())]
    tail = old[len(old.rstrip()) :]
    return head + new + tail


def finish(call: Call) -> None:
    """Write the nested JSON strings again, innermost first, where their content changed."""
    for nested in call.nested:
        if nested.value != json.loads(nested.original):
            nested.place.set(dumps_like(nested.value, nested.original))
