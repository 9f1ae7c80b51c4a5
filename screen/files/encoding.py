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
"""

from __future__ import annotations

import codecs

from screen.errors import UsageError

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
            return encoding, codecs.getincrementaldecoder(encoding)("strict").decode(head, final=False)
        except UnicodeDecodeError:
            continue
    raise UsageError(f"{name}: unknown text encoding (neither UTF-8 nor GBK/GB18030); save it as UTF-8")
