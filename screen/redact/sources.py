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

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from screen.errors import UsageError
from screen.files.formats import FORMATS, TABLE_FORMATS, TEXT_FORMATS, format_of
from screen.files.json_reader import parse_json
from screen.files.text import decode_text, decoded_lines, open_input, sniff_format
from screen.redact.fields import TextSlot
from screen.redact.jobs import asr_slots, json_object, record_slots

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


def read_records(path: str, fmt: str, text_fields: tuple[str, ...] = ()) -> Iterator[Record]:
    """The records of ``path`` (``-``: standard input) in format ``fmt`` (or ``auto``)."""
    if FORMATS.get(fmt) is not None and FORMATS[fmt].holds == "table":
        yield from _table_records(path, fmt)
        return
    stream, name = open_input(path)
    with stream:
        if fmt == "auto":
            fmt, stream = sniff_format(stream)
        if fmt == "jsonl":
            yield from _jsonl_records(decoded_lines(stream, name), text_fields)
        elif fmt in ("txt", "asr"):
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
