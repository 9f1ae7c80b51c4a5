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

Spoken digit characters (see ``docs/number-rules.md``): 零〇洞 = 0, 一幺壹 = 1, 二两贰 = 2,
三叁 = 3, 四肆 = 4, 五伍 = 5, 六陆 = 6, 七拐柒 = 7, 八捌 = 8, 九勾玖 = 9 (幺 两 拐 勾 洞 are the radio-style
readings). The check character X may be said 叉, 艾克斯, 大写的X or 小写x.

>>> fold("幺三八 一二三四 ５６７８")
'138 1234 5678'
>>> [(run.digits, run.start, run.end) for run in number_runs(fold("电话：幺三八-一二三四-五六七八。"))]
[('13812345678', 3, 16)]
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from recognizers.context import windows_around

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
    "9": "九勾玖",
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
# area code, and 杠 — how ASR writes a dash read out ("幺三八杠幺二三四杠五六七八").
SEPARATORS = " \t\u00a0\u3000-\u2010\u2011\u2012\u2013\u2014\uff0d.\u00b7\u30fb,\uff0c\u3001()\uff08\uff09杠"
_SEP = "[" + re.escape(SEPARATORS) + "]"

# What ASR writes between the groups of a number read out in pieces: pauses (full stops and
# ellipses, besides the separators above) and filler words (我手机是幺三八，嗯，一二三四，五六七八。).
# Only these words: a gap holding any other word ends the run, so 每条20到30元 stays two numbers.
PAUSES = "\u3002\u2026\u22ef"
SINGLE_CHARACTER_FILLERS = "嗯呃啊额哦噢唔对"
FILLER_WORDS = ("那个", "这个", "就是", "然后")
# Up to three separators or pauses in a row, as before, and up to two filler words among them
# ("，嗯，", "……那个……", "，嗯，就是，"): so "138    1234" with four spaces stays two numbers.
_PAUSE = "[" + re.escape(SEPARATORS + PAUSES) + "]{0,3}"
_FILLER = "(?:[" + SINGLE_CHARACTER_FILLERS + "]|" + "|".join(FILLER_WORDS) + ")"
_FILLERS = "(?:" + _FILLER + _PAUSE + "){0,2}"

# One number said over several turns of the same speaker, the other speaker backchanneling in
# between (客户：幺三八。客服：嗯，您说。客户：一二三四。): a gap may also hold one short turn of the
# other speaker — a speaker label, only backchannel words, and the next speaker label. Labels are
# what transcripts write before a colon: 客服, 坐席, 客户, A, 说话人1, speaker_0.
BACKCHANNEL_WORDS = (
    "嗯嗯", "好的", "好", "是的", "是", "对的", "对", "您说", "你说", "请说", "您继续", "继续",
    "请继续", "然后呢", "还有呢", "收到", "明白", "行", "记下了", "我记一下",
)  # fmt: skip
# A label never starts with a digit word: a turn is tried after every digit of a spoken number,
# and this ends the try at once where the next digit follows.
_SPEAKER = "(?![" + "".join(SPOKEN_DIGITS.values()) + "])[A-Za-z\u4e00-\u9fff][A-Za-z0-9_ \u4e00-\u9fff]{0,7}?[:：]"
_BACKCHANNEL = "(?:" + "|".join(BACKCHANNEL_WORDS) + "|" + _FILLER + ")"
_TURN_PAUSE = "[" + re.escape(SEPARATORS + PAUSES + "？?！!") + "]{0,3}"  # 然后呢？
_TURN = "\n?" + _SPEAKER + _PAUSE + "(?:" + _BACKCHANNEL + _TURN_PAUSE + "){0,4}\n?" + _SPEAKER + _PAUSE
TURN_RE = re.compile(_TURN)


def holds_a_label(text: str) -> bool:
    """Whether ``text`` (a run, or a gap inside one) holds a speaker label: only a turn of the
    other speaker puts a colon between the digits of a number."""
    return ":" in text or "：" in text


_GAP = _PAUSE + _FILLERS
# The turn is tried only after a pause (客户：幺三八。客服：…), and only in a text that has such a turn
# at all (:data:`_TURN_HINT`): trying it after every digit of every text made scanning 20% slower.
_PAUSE_BEHIND = "(?<=[\n" + re.escape(SEPARATORS + PAUSES) + "])"
_GAP_WITH_TURN = _GAP + "(?:" + _PAUSE_BEHIND + _TURN + _FILLERS + ")?"


@dataclass(
    slots=True
)  # not frozen: a frozen dataclass is three times slower to build, and these are built per candidate
class DigitGroup:
    """A run of consecutive digits, or a lone check character ``X`` ending a run."""

    digits: str
    start: int
    end: int
    plus: bool  # written with a leading '+', as in +86


@dataclass(
    slots=True
)  # not frozen: a frozen dataclass is three times slower to build, and these are built per candidate
class NumberRun:
    """Digit groups joined only by separators; candidates are built from consecutive groups."""

    groups: tuple[DigitGroup, ...]
    turns: bool = False  # said over several turns: a gap between its groups holds speaker labels

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


# The groups of a run: written digits (ASCII or full-width), digit words, or a check character.
# A run is cut where the digits change between written and word form, and a digit word that
# starts or ends the run is cut off by itself: 一, 两, 三 … are also words of the sentence (唯一,
# 一直, 两次), and nothing but the validators can tell whether ``幺三八一二三四五六七八一直`` ends
# with a digit or with the word 一直. Callers join consecutive groups, so nothing is lost by
# cutting.
_X_LETTERS = "Xx\uff38\uff58叉"
# A check character as ASR writes it said aloud: the letter, 叉, 艾克斯, or 大写的X / 小写x (one
# character of the number written with several: the group's span covers them all).
_ANY_X = "(?:[" + _X_LETTERS + "]|艾克斯|[大小]写的?[" + _X_LETTERS + "])"
_TOKEN_RE = re.compile("[0-9\uff10-\uff19]+|[" + _WORD_DIGITS + "]+|" + _ANY_X)


def _run_groups(raw: str, base: int, plus: bool, turns: bool = False) -> list[DigitGroup]:
    """The groups of the run ``raw`` found at ``base`` in a text that is not plain ASCII."""
    if turns:  # a turn of the other speaker: its labels (说话人2) are no digits
        raw = TURN_RE.sub(lambda turn: " " * len(turn.group()), raw)
    tokens = [(token.group(), base + token.start()) for token in _TOKEN_RE.finditer(raw)]
    groups = []
    last = len(tokens) - 1
    for index, (chars, start) in enumerate(tokens):
        if not (chars[0].isdigit() or chars[0] in _WORD_DIGIT_SET):  # a check character
            groups.append(DigitGroup("X", start, start + len(chars), False))
            continue
        folded = chars.translate(_FOLD_TABLE)
        is_word = chars[0] in _WORD_DIGIT_SET
        pieces = [(folded, start)]
        if is_word and index == 0 and len(folded) > 1:
            pieces = [(folded[0], start), (folded[1:], start + 1)]
        if is_word and index == last and len(pieces[-1][0]) > 1:
            tail, tail_start = pieces.pop()
            pieces += [(tail[:-1], tail_start), (tail[-1], tail_start + len(tail) - 1)]
        for digits, piece_start in pieces:
            groups.append(DigitGroup(digits, piece_start, piece_start + len(digits), plus and not groups))
    return groups


_WORD_DIGIT_SET = frozenset(_WORD_DIGITS)


# Runs are found in the original text, with every form of digit in one character class, and only
# the run itself is folded: most of a transcript is words, and folding all of it costs more than
# finding the few runs. The pattern starts with that character class and repeats "digit, up to
# three separators, digit" at least ``min_digits - 1`` times, so the regular-expression engine
# skips ordinary text quickly and the many lone 一/两 of sentences never become runs. A '+' before
# the run is looked at separately: an optional first character would defeat that quick skip.
_ANY_DIGIT = "[0-9\uff10-\uff19" + _WORD_DIGITS + "]"
# Where a number may go on over a turn: a digit, a pause, a turn of the other speaker and a digit
# (幺三八。客服：嗯。客户：一…). The search starts at digits, which are rarer in a call than colons.
_TURN_HINT = re.compile(
    _ANY_DIGIT + "(?=[\\n" + re.escape(SEPARATORS + PAUSES) + "]{1,3}" + _FILLERS + _TURN + _FILLERS + _ANY_DIGIT + ")"
)
_PLUS = "+＋"


@functools.lru_cache(maxsize=8)
def _raw_run_re(min_digits: int, turns: bool = False) -> re.Pattern:
    gap = _GAP_WITH_TURN if turns else _GAP
    return re.compile(
        _ANY_DIGIT + "(?:" + gap + _ANY_DIGIT + "){" + str(max(0, min_digits - 1)) + ",}"
        r"(?:" + _SEP + "{0,3}" + _ANY_X + r"(?![A-Za-z\uff38\uff58叉]))?"
    )


def number_runs(text: str, min_digits: int = 5) -> list[NumberRun]:
    """Find runs of digit groups with at least ``min_digits`` digits in all.

    ``text`` is the original text (or its :func:`fold`; the runs are the same). Groups are split
    where the digits change between written and word form and where a digit word of the sentence
    may be glued to a number (see :data:`_TOKEN_RE`), as if a separator stood there: ITN writes
    the number in digits and leaves 一直 alone (``13812345678一直``, ``第一13812345678``), and a
    spoken number runs into the next word (``幺三八一二三四五六七八一直``). Callers join consecutive
    groups and prefer the longest valid candidate, so ``138一二三四5678`` is still one number; a
    split only matters when the whole run is not a valid number.

    A run that directly follows an ASCII letter (``AB13812345678``) is still returned; the
    callers decide.
    """
    pattern = _RUN_5 if min_digits == 5 else _raw_run_re(min_digits)
    runs = [_run_of(text, match, False) for match in pattern.finditer(text)]
    hints = [(hint.start(), hint.end()) for hint in _TURN_HINT.finditer(text)]
    return _with_turn_runs(text, runs, hints, min_digits) if hints else runs


def _run_of(source: str, match: re.Match, turns: bool) -> NumberRun:
    """The run the pattern matched, its groups found (the pattern guarantees enough digits)."""
    raw = match.group()
    base, end = match.span()
    plus = base > 0 and source[base - 1] in _PLUS
    if raw.isascii() and raw.isdigit():  # the common case after ITN: one plain group
        return NumberRun((DigitGroup(raw, base, end, plus),))
    if raw.isascii() and raw[:-1].isdigit() and raw[-1] in "Xx" and (end == len(source) or not source[end].isdigit()):
        # an ID written plainly with its check character
        return NumberRun((DigitGroup(raw[:-1], base, end - 1, plus), DigitGroup("X", end - 1, end, False)))
    run_turns = turns and holds_a_label(raw)
    groups = _run_groups(raw, base, plus, run_turns)
    if groups[-1].digits == "X" and end < len(source):
        following = source[end]
        if following in "0123456789" or "\uff10" <= following <= "\uff19":
            # "002X123": an X followed by written digits is not a check character. One
            # followed by a digit word ("002X一直没变") is.
            groups.pop()
    return NumberRun(tuple(groups), run_turns)


# How far around a turn of the other speaker a number's pieces are looked for: a spoken ID's
# piece with fillers, and the labels.
_TURN_WINDOW = 64


def _with_turn_runs(text: str, runs: list[NumberRun], hints: list[tuple[int, int]], min_digits: int) -> list[NumberRun]:
    """``runs`` with the runs that go on over turns of the other speaker (客户：幺三八。客服：嗯。客户：
    一二三四…) in place of their pieces. The turn-aware pattern runs only around each turn: tried
    after every digit of a whole call, it made scanning calls a third slower."""
    pattern = _raw_run_re(min_digits, True)
    joined: list[NumberRun] = []
    for low, high in windows_around(hints, _TURN_WINDOW, len(text)):
        for match in pattern.finditer(text, low, high):
            run = _run_of(text, match, True)
            if not run.turns:
                continue
            if (match.start() == low and low > 0) or (match.end() == high and high < len(text)):
                return [_run_of(text, match, True) for match in pattern.finditer(text)]  # cut by the window
            joined.append(run)
    if not joined:
        return runs
    kept = [run for run in runs if not _overlaps_any(run, joined)]
    return sorted(kept + joined, key=lambda run: run.start)


def _overlaps_any(run: NumberRun, others: list[NumberRun]) -> bool:
    """Whether ``run`` overlaps one of ``others`` (in text order, none overlapping another): found
    by bisection, since a long call holds many of both."""
    index = bisect.bisect_right(others, run.start, key=lambda other: other.end)
    return index < len(others) and others[index].start < run.end


_RUN_5 = _raw_run_re(5)
