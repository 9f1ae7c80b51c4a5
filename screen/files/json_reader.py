"""One JSON reader for every command: a value, or a one-line ``ValueError`` saying why not.

Redaction, scanning, spot checks, opt-out detection and list imports all read JSON written by
someone else. A broken or deeply nested document (``[[[[…`` a hundred thousand deep) must become
a reason the caller can quarantine or report, never a ``RecursionError`` traceback:

>>> parse_json('{"a": [1, 2]}')
{'a': [1, 2]}
>>> parse_json("[" * 100_000 + "]" * 100_000)
Traceback (most recent call last):
...
ValueError: not valid JSON (nested too deeply)
>>> parse_json_object("[1]")
Traceback (most recent call last):
...
ValueError: not a JSON object

orjson reads almost everything, four times faster; what it refuses (``NaN``, depth past its
limit) or would read inexactly (integers past 64 bits) goes to the standard library.
"""

from __future__ import annotations

import json
import re

import orjson

# An integer of 19 digits or more where a JSON value starts: perhaps past 64 bits, which orjson
# would read as a float and so lose digits (a bank card number written as a bare number).
_WIDE_INTEGER = re.compile(r"[:,\[]\s*-?[0-9]{19}")


def parse_json(text: str | bytes) -> object:
    """The JSON value in ``text``; ``ValueError`` with a one-line reason when there is none."""
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return parse_json_exactly(text)
    if _WIDE_INTEGER.search(text if isinstance(text, str) else text.decode("utf-8", "replace")):
        return parse_json_exactly(text)
    return value


def parse_json_exactly(text: str | bytes) -> object:
    """:func:`parse_json` by the standard library alone: integers of any width stay exact."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        # a line number helps in a document of many lines; in one JSON Lines record it is noise
        at = f" at line {error.lineno}" if error.lineno > 1 else ""
        raise ValueError(f"not valid JSON ({error.msg}{at})") from None
    except RecursionError:
        raise ValueError("not valid JSON (nested too deeply)") from None
    except UnicodeDecodeError:
        raise ValueError("not valid JSON (not UTF-8 text)") from None


def parse_json_object(text: str | bytes) -> dict:
    """:func:`parse_json` of a value that must be an object (a JSON Lines record)."""
    value = parse_json(text)
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value
