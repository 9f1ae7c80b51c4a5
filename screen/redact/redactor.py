"""Redact personal numbers from texts, ASR segment lists and table cells.

The rules are the recognizers' (:func:`recognizers.scan`); this module decides what to replace
and with what (:class:`screen.redact.operators.Operator`), resolving overlaps so each character is
replaced at most once.

ASR transcripts split a number across segments (``我的手机号是一三八`` | ``一二三四五六七八``).
Each segment is scanned alone, and each pair of neighbouring segments is scanned joined; a number
that crosses the boundary is replaced in both segments, each part by its share of the
replacement, so times and speakers stay as they were and an encrypt/unredact round trip gives
back both parts exactly.

>>> from screen.redact.operators import Operator
>>> redactor = Redactor(Operator("mask"))
>>> redactor.redact_text("手机幺三八 一二三四 五六七八")[0]
'手机138****5678'
>>> redactor.redact_segments(["我的手机号是一三八", "一二三四五六七八，记一下"])[0]
['我的手机号是138', '****5678，记一下']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from recognizers import PERSONAL_ENTITIES, scan
from recognizers.normalize import SPOKEN_DIGITS, fold
from screen.redact.operators import Operator

NO_REPLACEMENTS: Counter = Counter()  # shared "nothing replaced"; callers only read it

# Every finding holds a digit (written, full-width, spoken or formal) or an '@', and is at least
# five characters long (a five-digit service number; an address a@b.cn is six).
MIN_FINDING_CHARACTERS = 5
KNOWN_CLEAN_LENGTH = 64  # texts up to this long are remembered when clean …
KNOWN_CLEAN_SIZE = 4096  # … this many at most
_MAYBE_PERSONAL = re.compile("[0-9\uff10-\uff19@" + "".join(SPOKEN_DIGITS.values()) + "]")


def could_hold_a_finding(text: str) -> bool:
    """False for a text the recognizers cannot find anything in (too short, no digit, no '@')."""
    return len(text) >= MIN_FINDING_CHARACTERS and _MAYBE_PERSONAL.search(text) is not None


@dataclass(frozen=True, slots=True)
class Replacement:
    start: int
    end: int
    text: str


def _apply(text: str, replacements: Sequence[Replacement]) -> str:
    pieces = []
    position = 0
    for replacement in sorted(replacements, key=lambda r: r.start):
        pieces.append(text[position : replacement.start])
        pieces.append(replacement.text)
        position = replacement.end
    pieces.append(text[position:])
    return "".join(pieces)


def _digit_count(text: str) -> int:
    return sum(1 for char in fold(text) if char.isdigit() or char in "Xx")


@dataclass
class Redactor:
    operator: Operator
    entities: tuple[str, ...] = PERSONAL_ENTITIES  # business numbers are not personal: left alone
    min_score: float = 0.0

    def __post_init__(self):
        self._wanted = frozenset(self.entities)
        # Short texts known to hold nothing: the ids and labels repeated on every line of a call
        # (call_id, agent id) are scanned once. Only "nothing found" is remembered, so no
        # replacement (an encryption, say) is ever reused.
        self._known_clean: set[str] = set()

    def findings(self, text: str) -> list:
        if not could_hold_a_finding(text) or text in self._known_clean:
            return []  # most fields of a record (ids, names, speakers): nothing to scan
        found = scan(text, entities=self._wanted)
        if not found:
            if len(text) <= KNOWN_CLEAN_LENGTH:
                if len(self._known_clean) >= KNOWN_CLEAN_SIZE:
                    self._known_clean.clear()
                self._known_clean.add(text)
            return found  # most texts: nothing to resolve
        candidates = [(f.start, f.end, f, None) for f in found if f.score >= self.min_score]
        return [candidate[2] for candidate in _resolve_spans(candidates)]

    def redact_text(self, text: str) -> tuple[str, Counter]:
        """The redacted text and the count of replacements per entity."""
        findings = self.findings(text)
        if not findings:
            return text, NO_REPLACEMENTS
        replacements = [
            Replacement(f.start, f.end, self.operator.replace(f.entity, f.value, text[f.start : f.end]))
            for f in findings
        ]
        return _apply(text, replacements), Counter(f.entity for f in findings)

    def segment_spans(self, texts: Sequence[str]) -> list[list[tuple]]:
        """For each segment of one call, its non-overlapping ``(start, end, finding, part)`` spans:
        ``part`` is None for a number inside the segment, ``"head"``/``"tail"`` for the two sides
        of a number split across it and the next/previous one (whose finding's offsets are into
        the two segments joined)."""
        per_segment: list[list] = [[(f.start, f.end, f, None) for f in self.findings(text)] for text in texts]
        for index in range(len(texts) - 1):
            left, right = texts[index], texts[index + 1]
            if not left or not right:
                continue
            for finding in self.findings(left + right):
                if finding.start < len(left) < finding.end:
                    per_segment[index].append((finding.start, len(left), finding, "head"))
                    per_segment[index + 1].append((0, finding.end - len(left), finding, "tail"))
        return [_resolve_spans(candidates) for candidates in per_segment]

    def redact_segments(self, texts: Sequence[str]) -> tuple[list[str], Counter]:
        """Redact the segments of one call, including numbers split across two segments."""
        counts: Counter = Counter()
        redacted = []
        for text, chosen in zip(texts, self.segment_spans(texts)):
            replacements = []
            for start, end, finding, part in chosen:
                if part is None:
                    counts[finding.entity] += 1
                    replacement = self.operator.replace(finding.entity, finding.value, text[start:end])
                else:
                    if part == "head":
                        counts[finding.entity] += 1
                    replacement = self._part_replacement(finding, text[start:end], part)
                replacements.append(Replacement(start, end, replacement))
            redacted.append(_apply(text, replacements))
        return redacted, counts

    def _part_replacement(self, finding, original_part: str, part: str) -> str:
        """One side of a number split across two segments."""
        operator = self.operator.operator_for(finding.entity)
        if operator == "encrypt":
            return self.operator.replace(finding.entity, finding.value, original_part)
        whole = self.operator.replace(finding.entity, finding.value, original_part)
        if operator != "mask":
            return whole  # tag and hash: the same token on both sides
        head_digits = _digit_count(original_part) if part == "head" else len(whole) - _digit_count(original_part)
        head_digits = max(0, min(len(whole), head_digits))
        return whole[:head_digits] if part == "head" else whole[head_digits:]

    def redact_cell(self, value: str, column_entity: str | None = None) -> tuple[str, Counter]:
        """Redact a table cell. In a column whose header names an entity (手机号, 身份证号, 银行卡号),
        a non-empty cell is that entity as a whole, even when short or oddly written."""
        if column_entity is None or not value.strip():
            return self.redact_text(value)
        redacted, counts = self.redact_text(value)
        if counts.get(column_entity):
            return redacted, counts
        compact = "".join(char for char in fold(value) if char.isalnum())
        return self.operator.replace(column_entity, compact, value), Counter({column_entity: 1})


def _resolve_spans(candidates: list[tuple]) -> list[tuple]:
    """Non-overlapping ``(start, end, finding, part)`` spans. Among overlapping ones the longer
    finding wins (a number crossing two segments over a fragment of it), then the higher score."""

    def strength(candidate):
        return candidate[2].end - candidate[2].start, candidate[2].score

    kept: list[tuple] = []
    for candidate in sorted(candidates, key=lambda c: (c[0], -c[2].end + c[2].start, -c[2].score)):
        if kept and candidate[0] < kept[-1][1]:
            if strength(candidate) > strength(kept[-1]):
                kept[-1] = candidate
            continue
        kept.append(candidate)
    return kept
