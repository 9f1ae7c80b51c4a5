"""Which text encoding a file or stream is in, judged on its first bytes: the one rule that lists,
transcripts and standard input share.

Chinese lead lists and transcripts arrive in UTF-8 (with or without a BOM, the BOM being what
Excel writes) or in GBK, whose superset GB18030 decodes them all. Strict UTF-8 is tried first:
GB18030 would also "decode" most UTF-8 bytes, into the wrong characters. UTF-16/32 (what some
Windows tools save as "Unicode") and binary data are refused with their own one-line message.

>>> head_encoding("手机号".encode("utf-8"), "a.csv")
'utf-8'
>>> head_encoding(codecs.BOM_UTF8 + "手机号".encode("utf-8"), "a.csv")
'utf-8-sig'
>>> head_encoding("手机号".encode("gbk"), "a.csv")
'gb18030'
>>> head_encoding("手机号".encode("utf-16"), "a.csv")
Traceback (most recent call last):
...
screen.errors.UsageError: a.csv: the file is UTF-16/UTF-32 text; save it as UTF-8 (or GBK/GB18030)

A file is one encoding throughout. One that mixes UTF-8 and GBK (rows pasted together from two
exports) is refused, not decoded as GB18030 into garbled names: a UTF-8 start with non-UTF-8
bytes later, or GBK text in which lines carry runs of UTF-8-encoded Chinese. Files are checked to
their last byte (:func:`file_encoding`, :func:`decode_bytes`); a stream that cannot be read twice
(standard input) is judged on its first chunk, and its reader reports a later break
(:func:`mixed_encoding`).

>>> decode_head("张三\\n".encode("utf-8") + "李四\\n".encode("gbk"), "a.csv")
Traceback (most recent call last):
...
screen.errors.InputError: a.csv: mixes text encodings (UTF-8 and GBK or another); save it all in one, UTF-8 preferred
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from screen.errors import InputError, UsageError

HEAD_BYTES = 1 << 20  # a file's encoding is judged on its first MiB, then checked to the end
CHECK_CHUNK = 1 << 20
# Two Chinese characters in a row encoded as UTF-8 (three bytes each: E3-E9 then two of 80-BF).
# GBK text shows this pattern by chance in well under one line in a thousand; a file in which one
# line in MIXED_SHARE does is UTF-8 and GBK mixed.
_UTF8_CHINESE_RUN = re.compile(
    rb"[\xe3-\xe9][\x80-\xbf][\x80-\xbf][\xe3-\xe9][\x80-\xbf][\x80-\xbf]"
)  # spelled out: 5x faster
MIXED_SHARE = 100
_NON_ASCII_LINE = re.compile(rb"(?m)^[^\n\x80-\xff]*[\x80-\xff]")

_UTF16_32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def head_encoding(head: bytes, name: str) -> str:
    """``utf-8-sig``, ``utf-8`` or ``gb18030`` for text starting with ``head``; :class:`UsageError` otherwise.

    ``head`` may end inside a character (it is a chunk of a longer file or stream).
    """
    return decode_head(head, name)[0]


def decode_head(head: bytes, name: str) -> tuple[str, str]:
    """:func:`head_encoding` and the text of ``head`` in it (a character cut at the end is left out)."""
    if head.startswith(_UTF16_32_BOMS):
        raise UsageError(f"{name}: the file is UTF-16/UTF-32 text; save it as UTF-8 (or GBK/GB18030)")
    if b"\x00" in head:
        raise UsageError(f"{name}: looks like a binary file (it has NUL bytes), not text")
    for encoding in ("utf-8-sig", "utf-8", "gb18030"):
        if encoding == "utf-8-sig" and not head.startswith(codecs.BOM_UTF8):
            continue
        try:
            text = codecs.getincrementaldecoder(encoding)("strict").decode(head, final=False)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and _mixed(lambda: (head,)):
            raise mixed_encoding(name)
        return encoding, text
    if _mixed(lambda: (head,)):  # UTF-8 Chinese next to bytes that are not UTF-8
        raise mixed_encoding(name)
    raise unknown_encoding(name)


def mixed_encoding(name: str) -> InputError:
    """The error for a text that is not one encoding throughout (it quotes none of the text)."""
    return InputError(f"{name}: mixes text encodings (UTF-8 and GBK or another); save it all in one, UTF-8 preferred")


def unknown_encoding(name: str) -> UsageError:
    return UsageError(f"{name}: unknown text encoding (neither UTF-8 nor GBK/GB18030); save it as UTF-8")


def file_encoding(path: str | os.PathLike, head: bytes | None = None, name: str | None = None) -> str:
    """The encoding of the whole file at ``path`` (``head``: its first bytes, if already read),
    judged on the head and checked to the last byte; :class:`InputError` for a mix."""
    name = name or str(path)

    def chunks() -> Iterator[bytes]:
        with open(path, "rb") as handle:
            while chunk := handle.read(CHECK_CHUNK):
                yield chunk

    if head is None:
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    return _whole_encoding(chunks, head, name)


def stream_file_encoding(stream: BinaryIO, name: str) -> str:
    """:func:`file_encoding` of an open file, which is left at its start."""
    start = stream.tell()
    head = stream.read(HEAD_BYTES)

    def chunks() -> Iterator[bytes]:
        stream.seek(start)
        while chunk := stream.read(CHECK_CHUNK):
            yield chunk

    try:
        return _whole_encoding(chunks, head, name)
    finally:
        stream.seek(start)


def decode_bytes(raw: bytes, name: str) -> str:
    """``raw`` decoded in its one encoding (see :func:`file_encoding`)."""
    encoding = _whole_encoding(lambda: iter((raw,)), raw[:HEAD_BYTES], name)
    return raw.decode(encoding)


def _whole_encoding(chunks: Callable[[], Iterable[bytes]], head: bytes, name: str) -> str:
    encoding = head_encoding(head, name)
    # an ASCII start says nothing: English headers and digits first, Chinese names further down
    says_nothing = encoding == "utf-8" and head.isascii()
    for candidate in ("utf-8", "gb18030") if says_nothing else (encoding,):
        if _decodes(chunks(), candidate):
            if candidate == "gb18030" and _mixed(chunks):
                raise mixed_encoding(name)
            return candidate
    if says_nothing and not _mixed(chunks):
        raise unknown_encoding(name)
    raise mixed_encoding(name)


def _decodes(chunks: Iterable[bytes], encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        for chunk in chunks:
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _mixed(chunks: Callable[[], Iterable[bytes]]) -> bool:
    """Whether lines with UTF-8-encoded Chinese are one in :data:`MIXED_SHARE` or more of the
    lines of ``chunks()`` that hold anything but ASCII (counted only when there is any: GBK text
    almost never has one)."""
    evidence = 0
    for chunk in chunks():
        position = 0
        for match in _UTF8_CHINESE_RUN.finditer(chunk):
            if match.start() >= position:  # one piece of evidence per line
                evidence += 1
                end = chunk.find(b"\n", match.end())
                position = len(chunk) if end < 0 else end
    if not evidence:
        return False
    lines = sum(len(_NON_ASCII_LINE.findall(chunk)) for chunk in chunks())
    return evidence * MIXED_SHARE >= lines
