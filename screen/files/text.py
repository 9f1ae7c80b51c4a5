"""Read transcripts as a stream of text records: plain text, JSON Lines, or stdin.

- ``txt`` (``.txt``): the whole file is one text;
- ``jsonl`` (``.jsonl``, ``.ndjson``): one JSON object per line; the text is the field named by ``text_field``;
- ``-``: standard input, read as JSON Lines when its first non-blank character is ``{``.

Suffixes mean what the one registry, :mod:`screen.files.formats`, says they mean.

Text is UTF-8 (with or without BOM) or GB18030 (which covers GBK), detected per file. A record
that cannot be read (bad JSON, no text field) comes back with ``error`` set and no text, so the
caller decides what to do with it; nothing is silently skipped.

>>> import io
>>> [r.text for r in iter_text_records(io.BytesIO('{"text": "你好"}\\n'.encode()), "jsonl")]
['你好']
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from screen.errors import UsageError
from screen.files.encoding import head_encoding
from screen.files.formats import format_of

# the registry's formats that :func:`iter_text_records` reads
TEXT_RECORD_FORMATS = ("txt", "jsonl")


@dataclass
class TextRecord:
    number: int  # 1-based line number for JSONL, 1 for a whole text file
    text: str | None
    fields: dict = field(default_factory=dict)  # the JSON object, for JSONL
    error: str | None = None


def decode_text(raw: bytes, name: str) -> str:
    """Decode UTF-8 (BOM or not) or GB18030; refuse binary data with a one-line error."""
    encoding = stream_encoding(raw[:65536], name)
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise UsageError(f"{name}: text is not consistently {encoding.replace('-sig', '')}") from None


def input_format(path: str, requested: str | None) -> str:
    """``requested`` if given; ``auto`` for standard input; else the format the registry gives
    ``path``'s suffix, if it is one of :data:`TEXT_RECORD_FORMATS` (:class:`UsageError` if not)."""
    if requested:
        return requested
    if path == "-":
        return "auto"
    return format_of(path, TEXT_RECORD_FORMATS, what="plain text or JSON Lines")


def open_input(path: str) -> tuple[BinaryIO, str]:
    """A binary stream for ``path`` (``-`` is stdin) and a name for messages."""
    if path == "-":
        return sys.stdin.buffer, "standard input"
    try:
        return open(path, "rb"), path
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None


def _jsonl_records(lines: Iterator[str], text_field: str) -> Iterator[TextRecord]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield TextRecord(number, None, error=f"not valid JSON ({error.msg})")
            continue
        if not isinstance(record, dict):
            yield TextRecord(number, None, error="not a JSON object")
            continue
        text = record.get(text_field)
        if not isinstance(text, str):
            yield TextRecord(number, None, record, error=f"no text field {text_field!r}")
            continue
        yield TextRecord(number, text, record)


def stream_encoding(head: bytes, name: str) -> str:
    """The encoding of a stream judged by its first chunk (see :mod:`screen.files.encoding`)."""
    return head_encoding(head, name)


def decoded_lines(stream: BinaryIO, name: str) -> Iterator[str]:
    """Decode a JSONL stream line by line, choosing the encoding from the first chunk."""
    head = stream.read(65536)
    if not head.strip():
        raise UsageError(f"{name} is empty")
    encoding = stream_encoding(head, name)
    reader = io.TextIOWrapper(io.BufferedReader(_Prepend(head, stream)), encoding=encoding, newline=None)
    try:
        yield from reader
    except UnicodeDecodeError:
        raise UsageError(f"{name}: text is not consistently {encoding.replace('-sig', '')}") from None


class _Prepend(io.RawIOBase):
    """A raw stream that first returns ``head``, then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO):
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def iter_text_records(
    stream: BinaryIO, fmt: str, text_field: str = "text", name: str = "input"
) -> Iterator[TextRecord]:
    """Yield the records of ``stream`` in format ``txt``, ``jsonl`` or ``auto`` (stdin)."""
    if fmt == "auto":
        head = stream.read(65536)
        first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        fmt = "jsonl" if first == b"{" else "txt"
        stream = io.BufferedReader(_Prepend(head, stream))
    if fmt == "jsonl":
        yield from _jsonl_records(decoded_lines(stream, name), text_field)
    elif fmt == "txt":
        raw = stream.read()
        if not raw.strip():
            raise UsageError(f"{name} is empty")
        yield TextRecord(1, decode_text(raw, name))
    else:
        raise UsageError(f"unknown input format {fmt!r} (use one of: {', '.join(TEXT_RECORD_FORMATS)})")


def input_size(path: str) -> int | None:
    """Bytes in ``path`` for a progress bar, or None for stdin."""
    return None if path == "-" else Path(path).stat().st_size
