"""File names as messages, reports and spans files show them: call recordings are often named by
the caller's number (13812345678_20261207.wav), which must not reach a log."""

from __future__ import annotations

from pathlib import Path

from screen.redact.fields import masked_name


def shown_name(path) -> str:
    """``path``'s file name, any number in it masked.

    >>> shown_name("/calls/13812345678_0930.wav")
    '138****5678_0930.wav'
    """
    return masked_name(Path(path).name)
