"""Chinese ordinary passport numbers (护照号码): ``E`` + 8 digits, ``E`` + letter + 7 digits (since
the E-digit series ran out), and the older ``G`` + 8 digits.

A letter and eight digits is a common shape for codes of all kinds, so a passport number is only
reported with a passport word nearby (护照, passport).

>>> is_valid("E12345678"), is_valid("EA1234567"), is_valid("EI1234567")
(True, True, False)
>>> [(start, end, m.value) for start, end, m in find("护照号E 1234 5678", "护照号E 1234 5678")]
[(3, 14, 'E12345678')]
"""

from __future__ import annotations

import re

from recognizers.context import has_context_word
from recognizers.matches import Match

ENTITY = "CN_PASSPORT"
CONTEXT = ("护照", "passport")

# I and O are not used as the second letter: they read like 1 and 0.
_PASSPORT = r"(?:[EG][0-9]{8}|E[A-HJ-NP-Z][0-9]{7})"
_PASSPORT_RE = re.compile(_PASSPORT)
# Search the folded text so spoken digits count; upper-case letters only after folding to upper.
# Transcripts and forms group the number like any other ("E 1234 5678", "E-幺二三四五六七八"), so a
# space or dash may stand after the letters and between digits; the value is compacted.
_GAP_RE = re.compile(r"[ \u3000\-－]")
_GAP = _GAP_RE.pattern + "?"
_FIND_RE = re.compile(
    r"(?<![A-Za-z0-9])([EG](?:" + _GAP + r"[0-9]){8}|E[A-HJ-NP-Z](?:" + _GAP + r"[0-9]){7})(?![A-Za-z0-9])",
    re.IGNORECASE,
)


def compact(number: str) -> str:
    return "".join(number.split()).upper()


def is_valid(number: str) -> bool:
    return _PASSPORT_RE.fullmatch(compact(number)) is not None


def find(text: str, folded: str) -> list[tuple[int, int, Match]]:
    """``(start, end, match)`` for each passport number with a passport word nearby."""
    found = []
    for candidate in _FIND_RE.finditer(folded):
        if not has_context_word(text, candidate.start(), candidate.end(), CONTEXT):
            continue
        value = compact(_GAP_RE.sub("", candidate.group(1)))
        found.append(
            (
                candidate.start(),
                candidate.end(),
                Match(ENTITY, 0.85, value, "passport number shape, context word nearby"),
            )
        )
    return found
