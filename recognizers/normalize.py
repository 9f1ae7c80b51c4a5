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
# An X glued to letters is part of a word; one glued to digits is checked in number_runs.
_RUN_RE = re.compile(r"\+?[0-9]+(?:" + _SEP + r"{1,3}[0-9]+)*(?:" + _SEP + r"{0,3}[Xx](?![A-Za-z]))?")
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


# Digit characters that are Chinese words (spoken and formal digits), as opposed to written ones.
_WORD_DIGITS = "".join(SPOKEN_DIGITS.values())
_WORD_DIGITS_RE = re.compile("[" + _WORD_DIGITS + "]+")


def _cut_points(text: str, start: int, end: int) -> list[int]:
    """Offsets in the run ``text[start:end]`` where its digit groups are split further.

    - where the digits change between written and word form;
    - after a word digit that starts the run and before one that ends it: 一, 两, 三 … are also
      words of the sentence (唯一, 一直, 两次), and nothing but the validators can tell whether
      ``幺三八一二三四五六七八一直`` ends with a digit or with the word 一直.
    """
    cuts = []
    for words in _WORD_DIGITS_RE.finditer(text, start, end):
        cuts += words.span()
        if words.start() == start:
            cuts.append(start + 1)
        if words.end() == end:
            cuts.append(end - 1)
    return sorted(set(cuts))


def _split_at_word_digits(text: str, folded: str, groups: list[DigitGroup]) -> list[DigitGroup]:
    """``groups`` with each one cut at the :func:`_cut_points` inside it."""
    start, end = groups[0].start, groups[-1].end
    if text[start:end].isascii():
        return groups  # written digits only, the common case after ITN
    cuts = _cut_points(text, start, end)
    if not cuts:
        return groups
    split = []
    for group in groups:
        inner = [cut for cut in cuts if group.start < cut < group.end]
        if not inner:
            split.append(group)
            continue
        begin = group.start
        for cut in (*inner, group.end):
            split.append(DigitGroup(folded[begin:cut].upper(), begin, cut, group.plus and begin == group.start))
            begin = cut
    return split


def number_runs(folded: str, min_digits: int = 5, text: str | None = None) -> list[NumberRun]:
    """Find runs of digit groups in folded text with at least ``min_digits`` digits in all.

    A run that directly follows an ASCII letter or digit-like identifier character is part of an
    identifier (``AB13812345678``) and is still returned; the callers decide.

    With the original ``text``, groups are also split where a digit word of the sentence may be
    glued to a number (see :func:`_cut_points`), as if a separator stood there: ITN writes the
    number in digits and leaves 一直 alone (``13812345678一直``, ``第一13812345678``), and a spoken
    number runs into the next word (``幺三八一二三四五六七八一直``). Callers join consecutive groups
    and prefer the longest valid candidate, so ``138一二三四5678`` is still one number; a split
    only matters when the whole run is not a valid number.
    """
    runs: list[NumberRun] = []
    for match in _RUN_RE.finditer(folded):
        run_text = match.group()
        base = match.start()
        plus = run_text.startswith("+")
        groups = []
        for group in _GROUP_RE.finditer(run_text):
            groups.append(
                DigitGroup(
                    digits=group.group().upper(),
                    start=base + group.start(),
                    end=base + group.end(),
                    plus=plus and not groups,
                )
            )
        if text is not None:
            groups = _split_at_word_digits(text, folded, groups)
        end = groups[-1].end
        if groups[-1].digits == "X" and end < len(folded) and folded[end] in "0123456789" and (
            text is None or text[end] not in _WORD_DIGITS
        ):
            # "002X123": an X followed by written digits is not a check character. One followed
            # by a digit word ("002X一直没变") is, when the original text tells the two apart.
            groups.pop()
        if sum(len(g.digits) for g in groups) >= min_digits:
            runs.append(NumberRun(tuple(groups)))
    return runs
