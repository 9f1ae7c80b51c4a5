"""Redacting the texts of a record where they are (its slots, :mod:`screen.redact.fields`): the
one step that JSON Lines records, ASR documents and the speech services' results share
(:mod:`screen.redact.jobs`, :mod:`screen.redact.calls`)."""

from __future__ import annotations

from collections import Counter

from screen.redact.fields import SegmentSlot, Slot, TextSlot, WordListSlot
from screen.redact.headers import whole_cell
from screen.redact.redactor import Redactor


def redact_string(redactor: Redactor, text: str, entity: str | None) -> tuple[str, Counter]:
    """A string of a record, replaced whole when its field's name says what it is (姓名)."""
    if entity is not None and text.strip():
        return whole_cell(redactor, text, entity)
    return redactor.redact_text(text)


def redact_slots(slots: list[Slot], redactor: Redactor) -> Counter | None:
    """Redact each slot in place; the replacement counts, or None when nothing was replaced."""
    counts: Counter | None = None
    for slot in slots:
        if slot.__class__ is SegmentSlot or slot.__class__ is WordListSlot:
            words = slot.__class__ is WordListSlot
            redacted, found = redactor.redact_segments(slot.texts, slot.speakers, words)
        else:
            entity = slot.entity if slot.__class__ is TextSlot else None
            redacted, found = redact_string(redactor, slot.text, entity)
        if found:
            slot.set(redacted)
            counts = found if counts is None else counts + found
    return counts
