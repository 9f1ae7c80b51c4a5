"""CN_QQ_NUMBER: a QQ account number (QQ号).

Format: 5 to 11 digits, the first not 0 (Tencent numbers accounts from 10000 up; numbers have
reached 11 digits). Digits are any number is, so one is only reported right after a QQ word
(QQ, QQ号, 扣扣, 企鹅号), the way forms and calls give it: ``QQ号是12345678``. Spoken and
full-width digits count (``扣扣幺二三四五六七八``), as for phone numbers.

Mask: the first two and last two digits stay (``12****78``).

>>> [(s, e, m.value) for s, e, m in find("加我QQ：12345678，谢谢")]
[(5, 13, '12345678')]
>>> [m.value for _, _, m in find("扣扣号是幺二三四五六七八九")]
['123456789']
>>> find("QQ音乐会员12345678元"), find("QQ号是0123456")
([], [])
"""

from __future__ import annotations

import re

from recognizers.matches import Match
from recognizers.normalize import fold

ENTITY = "CN_QQ_NUMBER"
CONTEXT = ("QQ", "qq", "Qq", "ＱＱ", "扣扣", "企鹅号")

# The word, then at most a few label characters (号, 号码, 是, a colon), then the number.
_QQ = re.compile(
    r"(?:QQ|ＱＱ|扣扣|企鹅号)(?:号码|号)?(?:是|为|：|:|\s){0,3}(?<![0-9])([1-9][0-9]{4,10})(?![0-9A-Za-z元块%])",
    re.IGNORECASE,
)
# Case-sensitive spellings: a case-insensitive search is several times slower on long texts.
# The words every QQ finding follows (see :data:`recognizers.text_entities.GATES`).
GATE_WORDS = ("QQ", "qq", "Qq", "qQ", "ＱＱ", "扣扣", "企鹅号")
MENTION = "|".join(GATE_WORDS)
_MENTION = re.compile(MENTION)
# Enough for the word, its label and an 11-digit number written with separators.
_WINDOW = 32


def find(text: str) -> list[tuple[int, int, Match]]:
    """``(start, end, match)`` for each QQ number right after a QQ word."""
    found = []
    searched_to = 0
    for mention in _MENTION.finditer(text):
        if mention.start() < searched_to:
            continue
        piece = fold(text[mention.start() : mention.start() + _WINDOW])
        number = _QQ.match(piece)
        if number is None:
            continue
        start, end = mention.start() + number.start(1), mention.start() + number.end(1)
        found.append((start, end, Match(ENTITY, 0.85, number.group(1), "5–11 digits right after a QQ word")))
        searched_to = end
    return found


def mask(value: str) -> str:
    return value[:2] + "*" * (len(value) - 4) + value[-2:]
