"""Calls in JSON Lines: one utterance per record, consecutive records with one call id are one call.

A call-center export often writes a call as one record per utterance::

    {"call_id": "c1", "speaker": "agent", "text": "请问您的手机号是多少？"}
    {"call_id": "c1", "speaker": "customer", "text": "幺三八"}
    {"call_id": "c1", "speaker": "customer", "text": "一二三四五六七八"}

A number said over several utterances is in no single record, so the records of a call are read
together: the utterances' texts go to the redactor as one call
(:meth:`screen.redact.redactor.Redactor.redact_segments`, the speakers marking the turns), and
each record is written back with only its own text changed (its other fields are redacted as
any record's are).

Which fields: the call id, the text and the speaker are found by their usual names
(:data:`CALL_FIELDS`, :data:`TEXT_FIELDS`, :data:`SPEAKER_FIELDS`, any case) in the first
records, or named (``--call-field``; ``--call-field none`` for no grouping). A file whose records
carry no call id is redacted record by record, on the fast path, as before.

What a call is: a run of consecutive records with the same call id. A record without the id
ends the run; records of the same id after it are a new call. A blank line or a line that cannot
be read (not JSON, not an object) is passed over: it neither ends nor starts a call. The rule
looks at neighbouring lines only, so the file's worker ranges can end at call boundaries
(:func:`ends_a_call`) and a call is never split between workers.

Fail closed, per record and per call: a line that cannot be read, or a record whose text field
is not text, is quarantined itself, and the rest of its call is redacted without it (the
records around a broken line stay one call, so a number said across it is still found, less the
broken line's piece). When the redactor fails on a call, every record of that call is
quarantined (none is written half-read).

Bounded: a call of more than :data:`MAX_CALL_RECORDS` records is read in windows of that many,
each with :data:`CALL_OVERLAP` records of the neighbouring windows as context on both sides, so
a number said across a window's edge is still found; the summary says how many calls were read
so. (2,000 utterances is a call of hours; reading a call costs about 30 us per utterance up to a
few thousand and grows faster beyond: 42 us at 5,000, 83 us at 10,000, measured on 2026-12-07.) (The records of one call stay together in one worker's range, up to
:data:`MAX_RANGE_CALL_RECORDS` records past a range's cut.)
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import orjson

from screen.errors import UsageError

MAX_CALL_RECORDS = 2000  # a call longer than this is read in overlapping windows (see the module doc)
CALL_OVERLAP = 20  # records of context on each side of a window
MAX_RANGE_CALL_RECORDS = 50_000  # a worker range goes on to its call's end for at most this many records
LAYOUT_SAMPLE = 50  # records looked at to find the fields
NO_CALL_FIELD = "none"  # --call-field none: records are not grouped

# Field names, compared case-folded, without "_", "-" and spaces (callId, Call-ID, call id).
CALL_FIELDS = (
    "callid", "call", "calluuid", "sessionid", "session", "conversationid", "conversation",
    "dialogid", "dialogueid", "dialog", "recordingid", "uniqueid", "contactid",
    "通话id", "通话编号", "通话流水号", "会话id", "会话编号", "对话id", "录音id", "录音编号", "呼叫id",
)  # fmt: skip
TEXT_FIELDS = (
    "text", "content", "sentence", "utterance", "transcript", "asrtext", "onebest", "message",
    "内容", "文本", "识别文本", "识别结果", "话术", "对话内容", "语句",
)  # fmt: skip
SPEAKER_FIELDS = (
    "speaker", "role", "channel", "spk", "speakerid", "speakerrole", "party", "side",
    "说话人", "角色", "发言人", "声道", "讲话人",
)  # fmt: skip
_NAME_NOISE = re.compile(r"[\s_\-]")


def _plain(name: str) -> str:
    return _NAME_NOISE.sub("", name).casefold()


@dataclass(frozen=True)
class CallLayout:
    """Where a record keeps its call id, its utterance's text and its speaker (picklable)."""

    call_field: str
    text_field: str
    speaker_field: str | None = None


def _first_named(record: dict, names: tuple[str, ...], string_only: bool = False) -> str | None:
    wanted = {_plain(name) for name in names}
    for key, value in record.items():
        if _plain(key) in wanted and (not string_only or value.__class__ is str):
            return key
    return None


def detect_layout(
    records: Iterable[dict], call_field: str | None = None, text_fields: tuple[str, ...] = ()
) -> CallLayout | None:
    """The layout of utterance records, from the first :data:`LAYOUT_SAMPLE` of ``records``
    (JSON objects); None when they are not utterances of calls (no call id, or no text field).

    ``call_field`` names the call id (:data:`NO_CALL_FIELD`: no grouping); :class:`UsageError`
    when no sampled record has it. With one ``text_fields`` name, that field is the text.
    """
    if call_field is not None and call_field.casefold() == NO_CALL_FIELD:
        return None
    named_text = text_fields[0] if len(text_fields) == 1 else None
    if text_fields and named_text is None:
        return None  # several fields named: records are redacted as the names say, one by one
    seen_named_field = False
    for count, record in enumerate(records):
        if count >= LAYOUT_SAMPLE:
            break
        if call_field is not None:
            call = call_field if call_field in record else _first_named(record, (call_field,))
        else:
            call = _first_named(record, CALL_FIELDS)
        if call is None:
            continue
        seen_named_field = True
        text = named_text if named_text in record else _first_named(record, TEXT_FIELDS, string_only=True)
        if text is None:
            continue
        return CallLayout(call, text, _first_named(record, SPEAKER_FIELDS))
    if call_field is not None and not seen_named_field:
        raise UsageError(f"no field {call_field!r} in the first records", parameter="call_field")
    return None


def sample_records(lines: Iterable[str]) -> Iterator[dict]:
    """The JSON objects among ``lines`` (the others are passed over)."""
    for line in lines:
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue
        if record.__class__ is dict:
            yield record


def call_key(record: dict | None, layout: CallLayout):
    """The call a record belongs to, or None (no id: a record of no call)."""
    if record is None:
        return None
    value = record.get(layout.call_field)
    if value is None or value.__class__ not in (str, int, float, bool):
        return None
    return value.__class__, value  # 1 and "1" are two calls


UNREAD = ("unread",)  # the key of a blank or unreadable line, passed over; compare with ==: Spark pickles copies


def line_call_key(line: str, layout: CallLayout):
    """:func:`call_key` of a JSON line; :data:`UNREAD` for a blank or unreadable line."""
    if not line.strip():
        return UNREAD
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:  # what the standard library reads too (NaN) is read as redact reads it
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            return UNREAD
    return call_key(record, layout) if record.__class__ is dict else UNREAD


def ends_a_call(previous, following) -> bool:
    """Whether a cut between two read lines with these call keys (the lines passed over between
    them aside) leaves every call whole."""
    return previous is None or previous != following


# --- windows over a long call --------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """Items ``items[low:high]`` are written from this window; the rest is context."""

    items: list
    low: int
    high: int


def call_windows(items: Iterable, cap: int = MAX_CALL_RECORDS, overlap: int = CALL_OVERLAP) -> Iterator[Window]:
    """The items of one call in windows of at most ``cap`` written items, each read with up to
    ``overlap`` items of context on either side; streams (holds ``cap + 2 * overlap`` items).
    A call of ``cap`` items or fewer is one window without context; no items, no window."""
    before: list = []
    body: list = []

    def window() -> Window:
        nonlocal before, body
        written = body[:cap]
        made = Window(before + body[: cap + overlap], len(before), len(before) + len(written))
        before = (before + written)[-overlap:] if overlap else []
        body = body[cap:]
        return made

    for item in items:
        body.append(item)
        if len(body) >= cap + overlap and len(body) > cap:
            yield window()
    while body:
        yield window()


def redact_call_texts(redactor, texts: Sequence[str], speakers: Sequence | None) -> tuple[list[str], Counter]:
    """One call's texts redacted together, and the replacements counted (a number said over
    several texts once). A long call is read in windows (:func:`call_windows`)."""
    windows = list(call_windows(range(len(texts)), MAX_CALL_RECORDS, CALL_OVERLAP))
    if len(windows) == 1:
        return redactor.redact_segments(texts, speakers)
    redacted = list(texts)
    counts: Counter = Counter()
    for window in windows:
        first, last = window.items[0], window.items[-1] + 1
        part, found = redact_window(
            redactor, texts[first:last], speakers[first:last] if speakers is not None else None, window
        )
        redacted[first + window.low : first + window.high] = part
        counts.update(found)
    return redacted, counts


def redact_window(
    redactor, texts: Sequence[str], speakers: Sequence | None, window: Window
) -> tuple[list[str], Counter]:
    """The texts a window writes (``low:high`` of ``texts``, the window's items), redacted with
    the window's context, and the replacements whose first piece is among them."""
    redacted, counts = redactor.redact_segments(texts, speakers)
    if window.low == 0 and window.high == len(texts):
        return redacted, counts
    counts = Counter()
    _count_written(redactor, texts, speakers, counts, window.low, window.high)
    return redacted[window.low : window.high], counts


def _count_written(redactor, texts, speakers, counts: Counter, low: int, high: int) -> None:
    """Count each finding whose first piece is in a text the window writes (``low:high``), so a
    finding in the context of two windows is counted once."""
    for index, spans in enumerate(redactor.segment_spans(texts, speakers)):
        if low <= index < high:
            for _start, _end, finding, piece in spans:
                if piece is None or piece.index == 0:
                    counts[finding.entity] += 1


def is_windowed(count: int) -> bool:
    return count > MAX_CALL_RECORDS


# --- calls for readers that only look (scan, spotcheck) -------------------------------------------


class CallTexts:
    """The texts of one call (or of one window of a long call), scanned together once."""

    __slots__ = ("texts", "speakers", "low", "high", "_spans")

    def __init__(self, texts: list[str], speakers: list | None, low: int = 0, high: int | None = None):
        self.texts = texts
        self.speakers = speakers
        self.low, self.high = low, len(texts) if high is None else high  # the texts reported from here
        self._spans: list | None = None

    def spans(self, redactor) -> list[list[tuple]]:
        """:meth:`screen.redact.redactor.Redactor.segment_spans` of the call, computed once."""
        if self._spans is None:
            self._spans = redactor.segment_spans(self.texts, self.speakers)
        return self._spans


class CallTurnSlot:
    """One turn of a call as a slot of a record: its text is read with the whole call, as
    ``redact`` reads it. A number said over several turns is reported at its first piece, in
    the turn holding it (``start``/``end`` of that piece, the finding's ``parts`` left out)."""

    __slots__ = ("path", "call", "index", "line", "column", "offset")

    def __init__(self, path: str, call: CallTexts, index: int, line: int | None = None, column: int = 0, offset=0):
        self.path = path
        self.call = call
        self.index = index
        self.line = line  # a text file: the line the turn is on, where its text starts on it,
        self.column = column
        self.offset = offset  # and in the file (characters)

    @property
    def text(self) -> str:
        return self.call.texts[self.index]

    def findings(self, redactor) -> list:
        """The findings that start in this turn, offsets into its text."""
        import dataclasses

        found = []
        for start, end, finding, piece in self.call.spans(redactor)[self.index]:
            if piece is None:
                found.append(dataclasses.replace(finding, start=start, end=end))
            elif piece.index == 0:
                found.append(dataclasses.replace(finding, start=start, end=end, parts=()))
        return found

    def set(self, text: str) -> None:  # readers only look
        raise TypeError("a call's turn is redacted with its call, not alone")
