"""Every input ``redact`` reads, as records of texts to scan: the same formats, found the same way.

``scan`` (and anything else that only looks) reads through here so that it looks where ``redact``
looks: every string of a JSON record (:mod:`screen.redact.fields`), an ASR transcript's segments
as one call (a number split across segments is found, as ``redact`` finds it), and every
cell of a table, its header and title rows included. (``redact`` also replaces, whole, a cell
the recognizers do not match in a column whose header names an entity, 手机号 say; ``scan``
reports what the recognizers find.) Formats come from the one registry, :mod:`screen.files.formats`.

A record that cannot be read (bad JSON, a missing named field) comes back with ``error`` set and
no texts; nothing is silently skipped.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from screen.errors import UsageError
from screen.files.formats import FORMATS, TABLE_FORMATS, TEXT_FORMATS, format_of
from screen.files.json_reader import parse_json
from screen.files.text import decode_text, decoded_lines, open_input, sniff_format
from screen.redact import utterances
from screen.redact.fields import TextSlot, masked_name
from screen.redact.jobs import asr_slots, json_object, record_slots
from screen.redact.text_calls import LINE_OVERLAP, MAX_CALL_LINES, speakers_of, split_turn, text_calls, text_lines
from screen.redact.utterances import (
    LAYOUT_SAMPLE,
    CallLayout,
    CallTexts,
    CallTurnSlot,
    call_key,
    call_windows,
    detect_layout,
    sample_records,
)

# transcripts (txt, jsonl, asr) first, then the tables; JSON Lines, in both, counts as records
INPUT_FORMATS = tuple(dict.fromkeys(TEXT_FORMATS + TABLE_FORMATS))


@dataclass
class Record:
    number: int  # JSON Lines: line; tables: row as a spreadsheet shows it; a whole file: 1
    slots: list = field(default_factory=list)  # screen.redact.fields.Slot
    error: str | None = None
    size: int = 0  # bytes read (UTF-8), for progress

    @property
    def text(self) -> str | None:
        """The one text of a plain text file."""
        return self.slots[0].text if self.slots else None


def input_format(path: str, requested: str | None) -> str:
    """``requested`` if given; ``auto`` (text or JSON Lines, by the first character) for standard
    input; else the format the registry gives ``path``'s suffix (:class:`UsageError` if none)."""
    if requested:
        return requested
    if path == "-":
        return "auto"
    return format_of(path, INPUT_FORMATS, what="a transcript or a table")


def read_records(
    path: str, fmt: str, text_fields: tuple[str, ...] = (), call_field: str | None = None
) -> Iterator[Record]:
    """The records of ``path`` (``-``: standard input) in format ``fmt`` (or ``auto``): a text
    file's calls (blank-line blocks), each JSON line (its text read with its call's, when the
    records are utterances of calls: :mod:`screen.redact.utterances`), an ASR file, table rows."""
    if FORMATS.get(fmt) is not None and FORMATS[fmt].holds == "table":
        yield from _table_records(path, fmt)
        return
    stream, name = open_input(path)
    with stream:
        if fmt == "auto":
            fmt, stream = sniff_format(stream)
        if fmt == "jsonl":
            lines = decoded_lines(stream, name)
            head = list(itertools.islice(lines, LAYOUT_SAMPLE))
            lines = itertools.chain(head, lines)
            layout = detect_layout(sample_records(head), call_field, text_fields)
            if layout is None:
                yield from _jsonl_records(lines, text_fields)
            else:
                yield from _jsonl_call_records(lines, layout, text_fields)
        elif fmt == "txt":
            yield from _text_call_records(stream, name)
        elif fmt == "asr":
            yield _whole_file(stream, name, fmt)
        else:
            raise UsageError(f"unknown input format {fmt!r} (use one of: {', '.join(INPUT_FORMATS)})")


def _jsonl_records(lines, text_fields: tuple[str, ...]) -> Iterator[Record]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield Record(number, record_slots(json_object(line), text_fields), size=len(line.encode()))
        except ValueError as error:
            yield Record(number, error=str(error), size=len(line.encode()))


def _jsonl_call_records(lines, layout: CallLayout, text_fields: tuple[str, ...]) -> Iterator[Record]:
    """One record per line, the texts of each call read together (as ``redact`` reads them)."""
    group: list[tuple[int, int, dict]] = []
    last_key = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        size = len(line.encode())
        try:
            record = json_object(line)
        except ValueError as error:  # passed over: the call around it goes on (as redact reads it)
            yield Record(number, error=str(error), size=size)
            continue
        key = call_key(record, layout)
        if group and (key is None or key != last_key):
            yield from _call_records(group, layout, text_fields)
            group = []
        last_key = key
        if key is not None:
            group.append((number, size, record))
        else:
            yield _one_record(number, line, record, text_fields, size)
    if group:
        yield from _call_records(group, layout, text_fields)


def _one_record(number: int, line: str, record: dict, text_fields: tuple[str, ...], size: int) -> Record:
    try:
        return Record(number, record_slots(record, text_fields), size=size)
    except ValueError as error:
        return Record(number, error=str(error), size=size)


def _call_records(group: list[tuple[int, int, dict]], layout: CallLayout, text_fields) -> Iterator[Record]:
    text_field, speaker_field = layout.text_field, layout.speaker_field
    said = [index for index, (_n, _s, record) in enumerate(group) if record.get(text_field).__class__ is str]
    texts = [group[index][2][text_field] for index in said]
    speakers = [group[index][2].get(speaker_field) for index in said] if speaker_field else None
    turn_of: dict[int, CallTurnSlot] = {}
    for window in call_windows(range(len(said)), utterances.MAX_CALL_RECORDS, utterances.CALL_OVERLAP):
        first, last = (window.items[0], window.items[-1] + 1) if window.items else (0, 0)
        call = CallTexts(texts[first:last], speakers[first:last] if speakers is not None else None, window.low)
        for place in range(window.low, window.high):
            turn_of[said[first + place]] = CallTurnSlot(text_field, call, place)
    rest_fields = tuple(name for name in text_fields if name != text_field)
    for index, (number, size, record) in enumerate(group):
        text = record.get(text_field)
        if text is not None and text.__class__ is not str:
            yield Record(number, error=f"field {masked_name(text_field)!r} is not text", size=size)
            continue
        rest = {key: value for key, value in record.items() if key != text_field or text is None}
        try:
            slots = record_slots(rest, rest_fields) if rest and (rest_fields or not text_fields) else []
        except ValueError as error:
            yield Record(number, error=str(error), size=size)
            continue
        turn = turn_of.get(index)
        yield Record(number, ([turn] if turn is not None else []) + slots, size=size)


def _text_call_records(stream, name: str) -> Iterator[Record]:
    """One record per call of a text file (blank-line blocks), streamed; a long call in windows."""
    number = offset = 0  # lines and characters before the call
    for is_call, run in text_calls(text_lines(stream, name)):
        if not is_call:
            for line in run:
                number += 1
                offset += len(line)
            continue
        for window in call_windows(map(split_turn, run), MAX_CALL_LINES, LINE_OVERLAP):
            turns = window.items
            call = CallTexts([turn.body for turn in turns], speakers_of(turns), window.low, window.high)
            slots, size = [], 0
            for place in range(window.low, window.high):
                turn = turns[place]
                number += 1
                slots.append(CallTurnSlot("", call, place, number, len(turn.prefix), offset + len(turn.prefix)))
                offset += len(turn.prefix) + len(turn.body) + len(turn.ending)
                size += len((turn.prefix + turn.body + turn.ending).encode())
            yield Record(slots[0].line if slots else number, slots, size=size)


def _whole_file(stream, name: str, fmt: str) -> Record:
    raw = stream.read()
    if not raw.strip():
        raise UsageError(f"{name} is empty")
    text = decode_text(raw, name)
    size = len(raw)
    if fmt == "txt":
        return Record(1, [TextSlot("", [text], 0)], size=size)
    try:
        return Record(1, asr_slots(parse_json(text)), size=size)
    except ValueError as error:
        return Record(1, error=str(error), size=size)


def _table_records(path: str, fmt: str) -> Iterator[Record]:
    """One record per row, one text per non-empty cell (the columns are the slots' paths). The
    rows above the header and the header itself are records too: a list without a header starts
    with a record, and a title row can hold a number."""
    from screen.files.tables import collect, load_table
    from screen.lists.columns import is_phone_header

    if path == "-":
        raise UsageError("tables are read from a file, not standard input")
    with tempfile.TemporaryDirectory(prefix="leadscreen-") as workdir:
        table = load_table(path, workdir=workdir, header_finder=is_phone_header)
        frame = collect(table.frame, path, engine="auto")
    for index, row in enumerate(table.rows_above):
        yield Record(
            index + 1, [TextSlot(f"column {place + 1}", row, place) for place in range(len(row)) if row[place]]
        )
    header = list(frame.columns)
    yield Record(table.header_row + 1, [TextSlot("header", header, place) for place in range(len(header))])
    first_line = table.header_row + 2  # the header is line header_row + 1
    for index, row in enumerate(frame.iter_rows(named=True)):
        slots = [TextSlot(name, row, name) for name, value in row.items() if value]
        yield Record(index + first_line, slots)
