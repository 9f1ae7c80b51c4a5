"""Fold the ways a number is written in Chinese text and ASR transcripts to ASCII digits.

Transcripts write the same phone number as ``13812345678``, ``１３８１２３４５６７８``,
``一三八一二三四五六七八``, ``幺三八 幺二三四 五六七八``, ``138一二三四5678`` or
``+86 138-1234-5678``. Every recognizer works on one folded view of the text.

The folding is *length-preserving by design*: each spoken or full-width digit is one character and
is replaced by exactly one ASCII character, so an index into the folded text is the same index into
the original. Separators between digit groups are not removed from the folded text; instead
:func:`number_runs` returns, for each run of digit groups, the digits with the exact original
position of every digit. A finding's ``start``/``end`` therefore always cover the original
characters, whatever form they were written in.

Spoken digit characters (see ``shared/reference/cn-rules.md``): 零〇洞 = 0, 一幺壹 = 1, 二两贰 = 2,
三叁 = 3, 四肆 = 4, 五伍 = 5, 六陆 = 6, 七拐柒 = 7, 八捌 = 8, 九玖 = 9.

>>> fold("幺三八 一二三四 ５６７８")
'138 1234 5678'
>>> [(run.digits, run.start, run.end) for run in number_runs(fold("电话：幺三八-一二三四-五六七八。"))]
[('13812345678', 3, 16)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SPOKEN_DIGITS = {
    "0": "零〇洞",
    "1": "一幺壹",
    "2": "二两贰",
    "3": "三叁",
    "4": "四肆",
    "5": "五伍",
    "6": "六陆",
    "7": "七拐柒",
    "8": "八捌",
    "9": "九玖",
}

_FOLD_TABLE: dict[int, str] = {}
for _digit, _chars in SPOKEN_DIGITS.items():
    for _char in _chars:
        _FOLD_TABLE[ord(_char)] = _digit
    # full-width digits U+FF10..U+FF19
    _FOLD_TABLE[0xFF10 + int(_digit)] = _digit
# 叉 is how ASR writes a spoken "X" check character ("...零零二叉"); it only counts right after digits.
_FOLD_TABLE.update({ord("Ｘ"): "X", ord("ｘ"): "x", ord("叉"): "X", ord("＋"): "+"})


def fold(text: str) -> str:
    """Return ``text`` with spoken, formal and full-width digits replaced by ASCII digits.

    The result has the same length as ``text``.
    """
    return text.translate(_FOLD_TABLE)


# Characters that may stand between the digit groups of one number: spaces (ASCII, full-width,
# no-break), dashes of every width, dots, commas, the ideographic comma and brackets around an
# area code. At most three in a row, so that two numbers separated by words are never joined.
SEPARATORS = " \t\u00a0\u3000-\u2010\u2011\u2012\u2013\u2014\uff0d.\u00b7\u30fb,\uff0c\u3001()\uff08\uff09"
_SEP = "[" + re.escape(SEPARATORS) + "]"
_RUN_RE = re.compile(r"\+?[0-9]+(?:" + _SEP + r"{1,3}[0-9]+)*(?:" + _SEP + r"{0,3}[Xx](?![A-Za-z0-9]))?")
_GROUP_RE = re.compile(r"[0-9]+|[Xx]")


@dataclass(frozen=True, slots=True)
class DigitGroup:
    """A run of consecutive digits, or a lone check character ``X`` ending a run."""

    digits: str
    start: int
    end: int
    plus: bool  # written with a leading '+', as in +86


@dataclass(frozen=True, slots=True)
class NumberRun:
    """Digit groups joined only by separators; candidates are built from consecutive groups."""

    groups: tuple[DigitGroup, ...]

    @property
    def start(self) -> int:
        return self.groups[0].start

    @property
    def end(self) -> int:
        return self.groups[-1].end

    @property
    def digits(self) -> str:
        return "".join(group.digits for group in self.groups)


def number_runs(folded: str, min_digits: int = 5) -> list[NumberRun]:
    """Find runs of digit groups in folded text with at least ``min_digits`` digits in all.

    A run that directly follows an ASCII letter or digit-like identifier character is part of an
    identifier (``AB13812345678``) and is still returned; the callers decide.
    """
    runs: list[NumberRun] = []
    for match in _RUN_RE.finditer(folded):
        text = match.group()
        base = match.start()
        plus = text.startswith("+")
        groups = []
        for group in _GROUP_RE.finditer(text):
            groups.append(
                DigitGroup(
                    digits=group.group().upper(),
                    start=base + group.start(),
                    end=base + group.end(),
                    plus=plus and not groups,
                )
            )
        if sum(len(g.digits) for g in groups) >= min_digits:
            runs.append(NumberRun(tuple(groups)))
    return runs
