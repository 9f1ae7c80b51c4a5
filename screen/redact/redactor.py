"""Redact personal numbers from texts, ASR segment lists and table cells.

The rules are the recognizers' (:func:`recognizers.scan`); this module decides what to replace
and with what (:class:`screen.redact.operators.Operator`), resolving overlaps so each character is
replaced at most once.

ASR transcripts split a number across segments (``我的手机号是一三八`` | ``一二三四五六七八``), and
a customer says it over several turns while the agent backchannels (客户：幺三八。客服：嗯。客户：
一二三四…). The segments of one call are scanned as one text, each speaker's turns marked as a
transcript line marks them (:func:`joined_call`); a number whose pieces lie in several segments
or turns is replaced piece by piece, each by its share of the replacement (:func:`piece_text`),
so times, speakers and the other speaker's words stay as they were and an encrypt/unredact round
trip gives back every piece exactly.

>>> from screen.redact.operators import Operator
>>> redactor = Redactor(Operator("mask"))
>>> redactor.redact_text("手机幺三八 一二三四 五六七八")[0]
'手机138****5678'
>>> redactor.redact_segments(["我的手机号是一三八", "一二三四五六七八，记一下"])[0]
['我的手机号是138', '****5678，记一下']
>>> redactor.redact_text("客户：幺三八。客服：嗯，您说。客户：一二三四五六七八。")[0]
'客户：138。客服：嗯，您说。客户：****5678。'
>>> redactor.redact_segments(["幺", "三", "八", "一二三四", "5678"], words=True)[0]
['1', '3', '8', '****', '5678']
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from recognizers import PERSONAL_ENTITIES
from recognizers.call import could_hold_answers, whole_mask, without_overlaps
from recognizers.call import scan_text as scan  # a two-speaker transcript is read as a call
from recognizers.normalize import SPOKEN_DIGITS, fold
from recognizers.text_entities import MIN_TEXT_CHARACTERS
from recognizers.text_entities import could_hold as could_hold_words
from screen.redact.operators import Operator

NO_REPLACEMENTS: Counter = Counter()  # shared "nothing replaced"; callers only read it

# Every number finding holds a digit (written, full-width, spoken or formal) or an '@', and is at
# least five characters long (a five-digit service number; an address a@b.cn is six). A name, an
# address, a QQ number, a WeChat ID or a plate follows a word of its own (我叫, 地址, 微信 …) or
# starts with a province character; the shortest text holding one has four characters (我叫王伟).
MIN_FINDING_CHARACTERS = 5
KNOWN_CLEAN_LENGTH = 64  # texts up to this long are remembered when clean …
KNOWN_CLEAN_SIZE = 4096  # … this many at most
_MAYBE_PERSONAL = re.compile("[0-9\uff10-\uff19@" + "".join(SPOKEN_DIGITS.values()) + "]")


def could_hold_a_finding(text: str, names: bool = True) -> bool:
    """False for a text the recognizers cannot find anything in: too short, or no digit, no '@'
    and none of the words a name, an address or an account identifier follows, and (with
    ``names``) no surname a name may start with."""
    length = len(text)
    if length < MIN_TEXT_CHARACTERS:
        return False
    if length <= KNOWN_CLEAN_LENGTH:
        # Field names, ids, speakers and stock phrases (好的，您稍等) repeat on every line of a
        # call: the answer for a short text is remembered.
        answers = _SHORT_ANSWERS[names]
        known = answers.get(text)
        if known is None:
            if len(answers) >= KNOWN_CLEAN_SIZE:
                answers.clear()
            known = answers[text] = _could_hold(text, length, names)
        return known
    return _could_hold(text, length, names)


_SHORT_ANSWERS: dict[bool, dict[str, bool]] = {True: {}, False: {}}  # with names, without


def _could_hold(text: str, length: int, names: bool) -> bool:
    if length >= MIN_FINDING_CHARACTERS and _MAYBE_PERSONAL.search(text) is not None:
        return True
    return could_hold_words(text, names)


def _could_be_a_number(value) -> bool:
    """A JSON number of five digits or more (NaN and infinities too: they are not remembered)."""
    return value.__class__ in (int, float) and not -10_000 < value < 10_000


class Replacement(NamedTuple):  # a tuple: one is made per finding, and a dataclass is slower to make
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
        # Values known to hold nothing, so that a record whose every value is in the set is
        # known clean in one lookup (jobs.redact_flat_record): the ids, labels and stock phrases
        # repeated on every line of a call (scanned once), and nulls, flags and small numbers.
        # Only "nothing found" is remembered, so no replacement (an encryption, say) is reused.
        self.known_clean: set[str | int | float | bool | None] = set()

    def remember_clean(self, value: str | int | float | bool | None) -> None:
        """Remember a value that holds nothing (the set is emptied when full: memory stays flat).

        The invariant that makes a lookup in the set safe: a set matches by equality, and
        ``13812345678.0 == 13812345678`` and ``1 == True`` in Python, so a value is clean only for
        its type and text. A string is remembered as the text it is (and strings equal only
        strings); a non-string only when no value equal to it can hold a finding whatever its
        type (null, a flag, a number under five digits). A long number is never remembered: its
        text is (``"13812345678"``), which no number equals.
        """
        if value.__class__ is not str and _could_be_a_number(value):
            return
        if len(self.known_clean) >= KNOWN_CLEAN_SIZE:
            self.known_clean.clear()
        self.known_clean.add(value)

    def findings(self, text: str) -> list:
        if text in self.known_clean:
            return []  # most fields of a record (ids, speakers, stock phrases): seen before
        # a text that cannot hold a finding is remembered too: the speaker of every line
        # a transcript of two speakers (one turn per line) is read as a call (recognizers.call)
        holds = could_hold_a_finding(text, "PERSON" in self._wanted) or could_hold_answers(text)
        found = scan(text, entities=self._wanted) if holds else []
        if not found:
            if len(text) <= KNOWN_CLEAN_LENGTH:
                self.remember_clean(text)
            return found  # most texts: nothing to resolve
        kept = [f for f in found if f.score >= self.min_score]
        if any(f.parts for f in kept):
            return without_overlaps(kept)  # pieces compared: the words between them stay free
        return _without_overlaps(kept)

    def redact_text(self, text: str) -> tuple[str, Counter]:
        """The redacted text and the count of replacements per entity."""
        findings = self.findings(text)
        if not findings:
            return text, NO_REPLACEMENTS
        replacements = []
        for finding in findings:
            if not finding.parts:
                whole = self._replace(finding, text[finding.start : finding.end])
                replacements.append(Replacement(finding.start, finding.end, whole))
                continue
            for start, end, piece in piece_spans(text, finding.parts):
                replacements.append(Replacement(start, end, self._piece_replacement(finding, text[start:end], piece)))
        return _apply(text, replacements), Counter(f.entity for f in findings)

    def segment_spans(
        self, texts: Sequence[str], speakers: Sequence | None = None, words: bool = False
    ) -> list[list[tuple]]:
        """For each segment of one call, its non-overlapping ``(start, end, finding, piece)`` spans:
        ``piece`` is None for a number inside the segment (the finding's offsets are into the
        segment), else a :class:`Piece` of a number whose characters lie in several segments or
        turns (its offsets run from its first segment to its last).

        With ``words``, the texts are the words of a word list (``["幺", "三", "八", …]``): they
        are read joined as they are spoken, without a pause, and each word on its own too, so that
        two whole numbers side by side (``["13812345678", "13912345678"]``) are each found.
        """
        per_segment: list[list] = [[] for _ in texts]
        if len(texts) == 1:
            per_segment[0] = [(f.start, f.end, f, None) for f in self.findings(texts[0])]
            return per_segment
        if words:
            joined, starts = "".join(texts), list(itertools.accumulate((len(text) for text in texts[:-1]), initial=0))
            found = _without_overlaps(self.findings(joined) + _each_word_findings(self, texts, starts))
        else:
            joined, starts = joined_call(texts, speakers, label_first=speakers is not None)
            found = self.findings(joined)
        for finding in found:
            located = list(_segment_pieces(finding, starts, texts))
            (first, first_start, _end), (_last, _start, last_end) = located[0], located[-1]
            shifted = dataclasses.replace(finding, start=first_start, end=last_end, parts=())
            if len(located) == 1:
                per_segment[first].append((first_start, last_end, shifted, None))
                continue
            holding = tuple(dict.fromkeys(index for index, _start, _end in located))
            pieces = pieces_of([texts[index][start:end] for index, start, end in located])
            for (index, start, end), piece in zip(located, pieces):
                per_segment[index].append((start, end, shifted, dataclasses.replace(piece, segments=holding)))
        return per_segment

    def redact_segments(
        self, texts: Sequence[str], speakers: Sequence | None = None, words: bool = False
    ) -> tuple[list[str], Counter]:
        """Redact the segments of one call, including numbers split across segments and turns
        (or, with ``words``, the words of a word list: see :meth:`segment_spans`)."""
        return self.apply_segment_spans(texts, self.segment_spans(texts, speakers, words))

    def apply_segment_spans(self, texts: Sequence[str], spans: list[list[tuple]]) -> tuple[list[str], Counter]:
        """Redact the segments at ``spans`` (what :meth:`segment_spans` gave for them): a caller
        that also needs the spans (the audio redaction, screen.audio) finds them only once."""
        counts: Counter = Counter()
        redacted = []
        for text, chosen in zip(texts, spans):
            replacements = []
            for start, end, finding, piece in chosen:
                if piece is None or piece.index == 0:
                    counts[finding.entity] += 1
                original = text[start:end]
                if piece is None:
                    replacement = self._replace(finding, original)
                else:
                    replacement = self._piece_replacement(finding, original, piece)
                replacements.append(Replacement(start, end, replacement))
            redacted.append(_apply(text, replacements))
        return redacted, counts

    def _replace(self, finding, original: str) -> str:
        """The operator's replacement; under ``mask``, stars only for a near miss, a corrected
        number or a spelled-out character (every mention of a number in a call then shows no
        more than one mask does)."""
        replaced = self.operator.replace(finding.entity, finding.value, original)
        if finding.metadata and whole_mask(finding) and self.operator.operator_for(finding.entity) == "mask":
            return "*" * len(replaced)
        return replaced

    def _piece_replacement(self, finding, original_piece: str, piece: Piece) -> str:
        """One piece of a number said or written in several places."""
        whole = self._replace(finding, original_piece)
        if self.operator.operator_for(finding.entity) != "mask":
            return whole  # tag and hash: the same token on each piece; encrypt: each piece sealed
        return piece_text(whole, piece)

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


@dataclass(frozen=True, slots=True)
class Piece:
    """One piece of a number whose characters lie in several segments or turns."""

    index: int  # 0 for the first piece
    count: int  # pieces in all
    digits_before: int  # the number's characters in the pieces before this one
    digits: int  # and in this one
    segments: tuple[int, ...] = ()  # the segments holding the number's pieces, in order


def pieces_of(originals: Sequence[str]) -> list[Piece]:
    """The pieces of one number, written as ``originals`` in order."""
    count = _digit_count
    if not any(count(original) for original in originals):  # a name or a word: shared by characters
        count = len
    pieces, before = [], 0
    for index, original in enumerate(originals):
        digits = count(original)
        pieces.append(Piece(index, len(originals), before, digits))
        before += digits
    return pieces


def piece_spans(text: str, parts) -> list[tuple[int, int, Piece]]:
    """``(start, end, piece)`` for each of a finding's ``parts`` in ``text``."""
    pieces = pieces_of([text[start:end] for start, end in parts])
    return [(start, end, piece) for (start, end), piece in zip(parts, pieces)]


def piece_text(whole: str, piece: Piece) -> str:
    """The share of ``whole`` (a masked number, character for digit) that replaces ``piece``: the
    next characters, as many as the piece has digits; the last piece takes the rest."""
    start = min(len(whole), piece.digits_before)
    return whole[start:] if piece.index == piece.count - 1 else whole[start : start + piece.digits]


# How the segments of one call are joined for scanning: a segment of the same speaker (or of a
# transcript without speakers) goes on after a pause; another speaker's starts a new line with a
# label, as transcripts write turns, so that a number said over several turns with the other
# speaker backchanneling in between is one number (recognizers.normalize.TURN_RE).
_SAME_TURN = "，"


def joined_call(
    texts: Sequence[str], speakers: Sequence | None = None, label_first: bool = False
) -> tuple[str, list[int]]:
    """The segments as one text, and where each segment starts in it. With ``label_first`` the
    first turn has its label too, so that every turn is one (the call layer reads turns)."""
    labels: dict = {}
    chunks: list[str] = []
    starts: list[int] = []
    position = 0
    if label_first and texts:
        first = f"{_speaker_label(labels, speakers[0])}："
        chunks.append(first)
        position = len(first)
    for index, text in enumerate(texts):
        speaker = speakers[index] if speakers is not None else None
        if index:
            same = speaker == speakers[index - 1] if speakers is not None else True
            joiner = _SAME_TURN if same else f"。\n{_speaker_label(labels, speaker)}："
            chunks.append(joiner)
            position += len(joiner)
        starts.append(position)
        chunks.append(text)
        position += len(text)
    return "".join(chunks), starts


def _speaker_label(labels: dict, speaker) -> str:
    """A label of letters only (a digit in it could join a number) for each speaker of a call."""
    key = str(speaker)
    if key not in labels:
        count = len(labels)
        labels[key] = "P" + string.ascii_uppercase[count % 26] * (1 + count // 26)
    return labels[key]


def _segment_pieces(finding, starts: list[int], texts: Sequence[str]):
    """``(segment, start, end)`` of each piece of ``finding`` (offsets into the joined call),
    cut where it crosses from one segment into the next."""
    for low, high in finding.pieces:
        index = bisect.bisect_right(starts, low) - 1
        while index < len(texts) and starts[index] < high:
            start, end = max(low, starts[index]), min(high, starts[index] + len(texts[index]))
            if start < end:
                yield index, start - starts[index], end - starts[index]
            index += 1


def _each_word_findings(redactor: Redactor, texts: Sequence[str], starts: list[int]) -> list:
    """The findings of each word on its own, at their offsets in the words joined."""
    found = []
    for text, start in zip(texts, starts):
        for finding in redactor.findings(text):
            parts = tuple((low + start, high + start) for low, high in finding.parts)
            found.append(
                dataclasses.replace(finding, start=finding.start + start, end=finding.end + start, parts=parts)
            )
    return found


def _without_overlaps(findings: list) -> list:
    """The findings, in text order, none overlapping another. Among overlapping ones the longer
    finding wins, then the higher score."""

    def strength(finding):
        return finding.end - finding.start, finding.score

    kept: list = []
    for finding in sorted(findings, key=lambda f: (f.start, f.start - f.end, -f.score)):
        if kept and finding.start < kept[-1].end:
            if strength(finding) > strength(kept[-1]):
                kept[-1] = finding
            continue
        kept.append(finding)
    return kept
