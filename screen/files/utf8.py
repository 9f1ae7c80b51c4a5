"""Reading small UTF-8 files (policy, manifest) with one-line errors a user can act on."""

from __future__ import annotations

import os
from pathlib import Path

from screen.errors import UsageError


def read_utf8(path: str | os.PathLike, what: str) -> str:
    """The text of ``path`` (UTF-8, BOM allowed); :class:`UsageError` naming ``what`` otherwise.
    >>> read_utf8("/nonexistent/leadscreen.toml", "policy")
    Traceback (most recent call last):
    screen.errors.UsageError: policy /nonexistent/leadscreen.toml: cannot read (No such file or directory)
    """
    return read_utf8_and_bytes(path, what)[0]


def read_utf8_and_bytes(path: str | os.PathLike, what: str) -> tuple[str, bytes]:
    """Like :func:`read_utf8`, with the file's bytes too (for a checksum of exactly those)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UsageError(f"{what} {path}: cannot read ({error.strerror})") from None
    try:
        return raw.decode("utf-8-sig"), raw
    except UnicodeDecodeError:
        raise UsageError(f"{what} {path}: not UTF-8 text") from None
