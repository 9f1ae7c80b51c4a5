"""Read text inputs: decode UTF-8 or GB18030, read JSON Lines line by line, tell JSON Lines from
text on standard input.

Text is UTF-8 (with or without BOM) or GB18030 (which covers GBK), detected per file; anything
else is refused with a one-line error. What the records of each format are is decided by the
jobs (:mod:`screen.redact.sources` for scanning).

>>> import io
>>> sniff_format(io.BytesIO(b' {"text": 1}'))[0], sniff_format(io.BytesIO("你好".encode()))[0]
('jsonl', 'txt')
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from screen.errors import UsageError
from screen.files.encoding import decode_bytes, head_encoding, mixed_encoding, stream_file_encoding


def decode_text(raw: bytes, name: str) -> str:
    """Decode UTF-8 (BOM or not) or GB18030, one of them throughout; refuse binary data or a mix
    with a one-line error."""
    return decode_bytes(raw, name)


def open_input(path: str) -> tuple[BinaryIO, str]:
    """A binary stream for ``path`` (``-`` is stdin) and a name for messages."""
    if path == "-":
        return sys.stdin.buffer, "standard input"
    try:
        return open(path, "rb"), path
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None


def stream_encoding(head: bytes, name: str) -> str:
    """The encoding of a stream judged by its first chunk (see :mod:`screen.files.encoding`)."""
    return head_encoding(head, name)


def decoded_lines(stream: BinaryIO, name: str) -> Iterator[str]:
    """Decode a JSONL stream line by line, in the encoding of the whole file (a stream that cannot
    be read twice: of its first chunk, and a later break is an error)."""
    # a file is checked to its end before its first line is given out
    whole = stream_file_encoding(stream, name) if stream.seekable() else None
    head = stream.read(65536)
    if not head.strip():
        raise UsageError(f"{name} is empty")
    encoding = whole or stream_encoding(head, name)
    reader = io.TextIOWrapper(io.BufferedReader(_Prepend(head, stream)), encoding=encoding, newline=None)
    try:
        yield from reader
    except UnicodeDecodeError:
        raise mixed_encoding(name) from None


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


def sniff_format(stream: BinaryIO) -> tuple[str, BinaryIO]:
    """``jsonl`` when the first non-blank character of ``stream`` is ``{``, else ``txt``; and a
    stream that still starts at the beginning."""
    head = stream.read(65536)
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return ("jsonl" if first == b"{" else "txt"), io.BufferedReader(_Prepend(head, stream))


def input_size(path: str) -> int | None:
    """Bytes in ``path`` for a progress bar, or None for stdin."""
    return None if path == "-" else Path(path).stat().st_size
