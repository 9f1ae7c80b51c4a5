"""Context words looked up in the raw text around a candidate number.

Presidio's lemma-based context enhancer does nothing with a character-tokenised Chinese pipeline,
so the recognizers look at the characters around a match instead: ``before`` characters to the
left and ``after`` to the right (Microsoft Purview uses a window too, of 300 characters; a
transcript names the thing it is about to say just before it, so a short window is enough and
avoids borrowing a word that belongs to another number).

>>> has_context_word("客户的身份证号是", 8, 8, ("身份证",))
True
>>> nearest_label_distance("订单号：", 4, ("订单号",))
1
"""

from __future__ import annotations

import functools
import re

CONTEXT_BEFORE = 24
CONTEXT_AFTER = 8

# Labels that say the number that follows is *not* personal: an order, policy, tracking or
# verification number. Used to suppress weak matches (a phone-shaped order number).
NON_PERSONAL_LABELS = (
    "订单号",
    "订单编号",
    "订单",
    "保单号",
    "保单",
    "运单号",
    "快递单号",
    "单号",
    "物流",
    "验证码",
    "校验码",
    "工号",
    "员工号",
    "邮编",
    "邮政编码",
    "股票代码",
    "证券代码",
    "代码",
    "流水号",
    "交易号",
    "编号",
    "发票号",
    "合同号",
    "批次号",
    "序列号",
    "工单号",
    "案件号",
    "金额",
    "余额",
)


def flag(context) -> bool:
    """A context answer given as a bool, or as a function to call only when it is needed."""
    return context() if callable(context) else bool(context)


@functools.lru_cache(maxsize=64)
def words_pattern(words: tuple[str, ...]) -> re.Pattern:
    """One regular expression for a tuple of words (longest first; English case-insensitive)."""
    return re.compile("|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True)), re.IGNORECASE)


@functools.lru_cache(maxsize=64)
def _every_occurrence(words: tuple[str, ...]) -> re.Pattern:
    """Like :func:`words_pattern`, inside a lookahead: finditer then yields every occurrence,
    overlapping ones included, so the word closest to a number is never hidden inside a longer
    word that starts earlier. (Slower on long texts: only for short windows.)"""
    return re.compile("(?=(" + words_pattern(words).pattern + "))", re.IGNORECASE)


def has_context_word(
    text: str, start: int, end: int, words: tuple[str, ...], before: int = CONTEXT_BEFORE, after: int = CONTEXT_AFTER
) -> bool:
    """True when one of ``words`` occurs in the window around the match."""
    pattern = words_pattern(words)
    # endpos makes the text end there for the search, so a word must lie wholly in the window
    return (
        pattern.search(text, max(0, start - before), start) is not None
        or pattern.search(text, end, end + after) is not None
    )


def nearest_label_distance(text: str, start: int, words: tuple[str, ...], before: int = CONTEXT_BEFORE) -> int | None:
    """Characters between the end of the closest of ``words`` left of ``start`` and ``start``."""
    low = max(0, start - before)
    best_end = -1
    for found in _every_occurrence(words).finditer(text, low, start):
        best_end = max(best_end, found.start() + len(found.group(1)))
    return None if best_end < 0 else start - best_end


LABEL_WINDOW = 12


def labelled_non_personal(text: str, start: int, personal_words: tuple[str, ...]) -> bool:
    """True when an order/policy/code label stands closer to the number than any personal label."""
    low = max(0, start - LABEL_WINDOW)
    if words_pattern(NON_PERSONAL_LABELS).search(text, low, start) is None:
        return False  # the common case, answered with one search
    negative = nearest_label_distance(text, start, NON_PERSONAL_LABELS, before=LABEL_WINDOW)
    positive = nearest_label_distance(text, start, personal_words, before=LABEL_WINDOW)
    return positive is None or negative < positive


def literal_alternation(words) -> str:
    """A regular expression for any of ``words``, their common beginnings merged (请问(?:您是|是)),
    the longest word winning where several start at the same place.

    Python's ``re`` tries an alternation branch by branch, so ``请问是|请问您是`` costs two tries at
    every 请 of a call; merged, one. The trigger-word searches run over every text scanned.

    >>> literal_alternation(["请问是", "请问您是", "本人", "本人是"])
    '(?:本人(?:是)?|请问(?:您是|是))'
    >>> re.findall(literal_alternation(["本人", "本人是"]), "本人是张三，本人")
    ['本人是', '本人']
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    # The branches start with different characters, so at most one of them matches at a place.
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    if "" not in node:
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # a word may end here: what follows is optional, and greedy, so the longer word wins
    return "(?:" + "|".join(branches) + ")?"


def windows_around(spans, margin: int, length: int) -> list[tuple[int, int]]:
    """The stretches of a text of ``length`` characters within ``margin`` of each of ``spans``
    (``(start, end)`` in text order), overlapping stretches merged: where a rule that needs a word
    nearby runs, rather than over a whole long transcript.

    >>> windows_around([(10, 12), (20, 22), (90, 91)], 5, 100)
    [(5, 27), (85, 96)]
    """
    windows: list[list[int]] = []
    for start, end in spans:
        low, high = max(0, start - margin), min(length, end + margin)
        if windows and low <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], high)
        else:
            windows.append([low, high])
    return [(low, high) for low, high in windows]
