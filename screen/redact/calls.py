"""Redact a speech service's result file in its own shape (:mod:`screen.asr`).

The call's segments are redacted together, as leadscreen's own transcripts are
(:meth:`Redactor.segment_spans`: a number split across segments or said over several turns is
found); each finding is then cut where the words are, and each word gets its share, the way a
number split across segments is shared out (:func:`screen.redact.redactor.piece_text`). The texts
go back into every field that holds the words (:func:`screen.asr.writeback.write_back`); every
other string of the document is redacted as any JSON is.

Fail closed: a word list that does not line up with its text, a shape not known, or a result
that, read back, still holds more of a finding in its words than the redacted text does, raises
``ValueError`` (the file is quarantined with that reason).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from recognizers.normalize import fold
from screen.asr import Agent, Call, read_call
from screen.asr.agent import NO_AGENT
from screen.asr.align import word_spans
from screen.asr.writeback import finish, write_back
from screen.redact.fields import SegmentSlot, Slot, TextSlot, WordListSlot, document_slots
from screen.redact.redactor import NO_REPLACEMENTS, Piece, Redactor, Replacement, _apply
from screen.redact.slots import redact_slots


def redact_call(
    document, redactor: Redactor, asr_format: str | None = None, agent: Agent = NO_AGENT
) -> tuple[object, Counter]:
    """Redact a vendor's result document in place; ``(document, counts)``."""
    redacted = redact_call_spans(document, redactor, asr_format, agent)
    return redacted.document, redacted.counts


@dataclass
class RedactedCall:
    """A vendor's document redacted, with what the audio redaction (:mod:`screen.audio`) needs to
    replace exactly the same findings in the recording."""

    document: object
    counts: Counter
    call: Call  # as read: its segments keep their original texts and their timings (seconds)
    spans: list[list[tuple]]  # per segment, ``(start, end, finding, piece)`` of its text
    # segment index -> entities found in its other fields only (words that do not spell its text,
    # a written form that does not line up with it): no character of the text to place them by
    elsewhere: dict[int, list[str]] = field(default_factory=dict)


def redact_call_spans(
    document, redactor: Redactor, asr_format: str | None = None, agent: Agent = NO_AGENT
) -> RedactedCall:
    """:func:`redact_call`, also giving the call as read and each segment's spans from the one
    :meth:`Redactor.segment_spans` call the document was redacted from (:class:`RedactedCall`)."""
    call = read_call(document, asr_format, agent)
    texts = [segment.text for segment in call.segments]
    speakers = [segment.speaker for segment in call.segments]
    spans = redactor.segment_spans(texts, speakers)
    counts: Counter = Counter()
    elsewhere: dict[int, list[str]] = {}
    redacted, replacements, word_texts = [], [], []
    for index, (segment, chosen) in enumerate(zip(call.segments, spans)):
        made = [_replacement(redactor, segment.text, span) for span in chosen]
        counts.update(finding.entity for _s, _e, finding, piece in chosen if piece is None or piece.index == 0)
        redacted.append(_apply(segment.text, made))
        replacements.append(made)
        if chosen:
            word_texts.append(_word_texts(redactor, segment, chosen))
        else:  # words that do not spell the text may hold what it does not: read them as one sequence
            words, found = _unspelled_words(redactor, segment)
            word_texts.append(words)
            counts.update(found)
            if found:
                elsewhere.setdefault(index, []).extend(found)
    for place, index in write_back(call, redacted, replacements, word_texts):
        # a field that does not line up with its segment (a written form, 138 for 一三八): alone
        new, found = redactor.redact_text(place.get())
        place.set(new)
        counts.update(found)
        if found and index is not None:
            elsewhere.setdefault(index, []).extend(found)
    counts.update(_redact_rest(call, redactor))
    finish(call)
    written = [  # a text that is only its words put together (iFlytek) is what the words became
        text if segment.places or words is None else "".join(words)
        for segment, text, words in zip(call.segments, redacted, word_texts)
    ]
    _check(call, written, spans, asr_format or call.format)
    return RedactedCall(document, counts, call, spans, elsewhere)


def _unspelled_words(redactor: Redactor, segment) -> tuple[list[str] | None, Counter]:
    """The redacted words of a segment with nothing found in its text, when they do not spell
    that text (another form of it, or another text): read as one sequence, as any word list is."""
    words = [word.text for word in segment.words]
    if not words or _letters("".join(words)) == _letters(segment.text):
        return None, NO_REPLACEMENTS
    redacted, found = redactor.redact_segments(words, words=True)
    return (redacted if found else None), found


def _letters(text: str) -> str:
    """A text without spaces and punctuation: words that leave the punctuation out (张伟 | 我叫
    for 张伟。我叫) still spell their text."""
    return "".join(char for char in text if char.isalnum())


def _replacement(redactor: Redactor, text: str, span) -> Replacement:
    start, end, finding, piece = span
    original = text[start:end]
    if piece is None:
        return Replacement(start, end, redactor.operator.replace(finding.entity, finding.value, original))
    return Replacement(start, end, redactor._piece_replacement(finding, original, piece))


def _word_texts(redactor: Redactor, segment, chosen) -> list[str] | None:
    """Each word's redacted text: a finding inside one word is replaced as in the text; one that
    runs over several words is cut at the words, each piece replaced by its share."""
    if not segment.words or not any(word.places for word in segment.words):
        return None
    text = segment.text
    spans = word_spans(text, [word.text for word in segment.words])
    if spans is None:
        raise ValueError("a word list that does not spell its segment's text: cannot tell which word to redact")
    result = []
    for word_start, word_end in spans:
        pieces, position = [], word_start
        for span in chosen:
            start, end, finding, piece = span
            low, high = max(start, word_start), min(end, word_end)
            if low >= high:
                continue
            pieces.append(text[position:low])
            if low == start and high == end:
                pieces.append(_replacement(redactor, text, span).text)
            else:
                last = (piece is None or piece.index == piece.count - 1) and not any(
                    s < end and e > high for s, e in spans
                )
                # a number is shared out by its digits; a name or an address, by its characters
                count = _digits if _digits(text[start:end]) else len
                share = Piece(
                    index=1 if last else 0,
                    count=2,
                    digits_before=(piece.digits_before if piece else 0) + count(text[start:low]),
                    digits=count(text[low:high]),
                )
                pieces.append(redactor._piece_replacement(finding, text[low:high], share))
            position = high
        pieces.append(text[position:word_end])
        result.append("".join(pieces))
    return result


def _digits(text: str) -> int:
    return sum(1 for char in fold(text) if char.isdigit() or char in "Xx")


def _redact_rest(call: Call, redactor: Redactor) -> Counter:
    """Every other string of the document (and of its nested JSON), as any JSON is redacted."""
    bound = call.bound()
    counts: Counter = Counter()
    for value in [call.document, *(nested.value for nested in call.nested)]:
        slots = [slot for slot in document_slots(value) if not _is_bound(slot, bound)]
        counts.update(redact_slots(slots, redactor) or NO_REPLACEMENTS)
    return counts


# The vendors' time fields (milliseconds, seconds, 10 ms frames) and FunASR's [start, end] pairs:
# a number there under 10^9 is a time, shorter than any phone or ID, and a long call has tens of
# thousands of them, each of which the recognizers would otherwise be asked about.
TIME_FIELDS = frozenset(
    "BeginTime EndTime StartMs EndMs OffsetStartMs OffsetEndMs start_time end_time start end bg ed wb we".split()
)


def _is_time(slot: TextSlot) -> bool:
    value = slot.container[slot.key]
    if value.__class__ is not int or not 0 <= value < 10**9:
        return False
    pair = slot.container.__class__ is list and len(slot.container) == 2
    return pair or slot.key in TIME_FIELDS


def _is_bound(slot, bound: set) -> bool:
    if slot.__class__ is TextSlot:
        return (id(slot.container), slot.key) in bound or _is_time(slot)
    if slot.__class__ is SegmentSlot:
        return all((id(segment), "text") in bound for segment in slot.segments if "text" in segment)
    if slot.__class__ is WordListSlot:  # a word list the call's reader wrote back word by word
        return all((id(container), key) in bound for container, key in slot.words)
    return False  # a field name (KeySlot), or a kind of slot this module does not know: redacted


def _check(call: Call, redacted: list[str], spans, asr_format: str) -> None:
    """Read the written document back: its segments must read as the redacted texts, and its
    words (and other text fields) hold no more of any finding than those texts do."""
    found = {finding.value for chosen in spans for _s, _e, finding, _p in chosen}
    if not found:
        return
    again = read_call(call.document, asr_format, NO_AGENT)
    if [_unspaced(segment.text) for segment in again.segments] != [_unspaced(text) for text in redacted]:
        raise ValueError("the redacted text did not read back the same: not written")
    text = "".join(redacted)
    words = "".join(word.text for segment in again.segments for word in segment.words)
    others = [place.get() for segment in again.segments for place in segment.variants]
    others += [place.get() for place in again.whole_texts]
    for value in found:
        allowed = _occurrences(value, text)
        for where, stream in (("word list", words), *(("text field", other) for other in others)):
            if _occurrences(value, stream) > allowed:
                raise ValueError(f"a finding would remain in a {where} after redaction: not written")


def _unspaced(text: str) -> str:
    """A text without its spaces: a word keeps the spaces around it (Whisper's leading one)."""
    return re.sub(r"\s", "", text)


def _occurrences(value: str, text: str) -> int:
    """How often ``value`` is in ``text``: a number by its digits (spoken or written, spaced or not)."""
    digits = re.sub(r"[^0-9Xx]", "", fold(value))
    if len(digits) >= 5:
        return re.sub(r"[^0-9Xx]", "", fold(text)).count(digits)
    return re.sub(r"\s", "", text).count(value)


def call_slots(document) -> list[Slot]:
    """The texts of a vendor's result document as ``scan`` and spot checks read them: the call's
    segments as one :class:`SegmentSlot` (copies: for reading only), then every other string."""
    call = read_call(document)
    segments = [{"text": segment.text, "speaker": segment.speaker} for segment in call.segments]
    bound = call.bound()
    slots: list[Slot] = [SegmentSlot("segments", segments)] if segments else []
    for value in [call.document, *(nested.value for nested in call.nested)]:
        slots += [slot for slot in document_slots(value) if not _is_bound(slot, bound)]
    return slots
