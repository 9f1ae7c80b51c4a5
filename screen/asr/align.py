"""Where the words of a segment are in its text, and the same replacements in a text spaced or
punctuated otherwise.

Letters and digits must line up exactly; only spaces and punctuation may differ or lie between
words. Anything else (a word the text writes otherwise, 一三八 against 138) is no alignment
(``None``): the caller refuses the call rather than guess which piece of a word holds what.

>>> word_spans("我叫张伟，手机一三八", ["我", "叫", "张伟", "手机", "一三八"])
[(0, 1), (1, 2), (2, 4), (5, 7), (7, 10)]
>>> word_spans("手机138", ["手机", "一三八"]) is None
True
>>> same_replacements("我的手机一三八。", "我的 手机 一三八", [(4, 7, "138")])
'我的 手机 138'
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence


def _significant(char: str) -> bool:
    return char.isalnum()


def word_spans(text: str, words: Sequence[str]) -> list[tuple[int, int]] | None:
    """``(start, end)`` of each word in ``text`` (a blank word: an empty span where it falls)."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for word in words:
        word = word.strip()
        if not word:
            spans.append((cursor, cursor))
            continue
        index = text.find(word, cursor)
        if index < 0 or any(_significant(char) for char in text[cursor:index]):
            return None
        spans.append((index, index + len(word)))
        cursor = index + len(word)
    if words and any(_significant(char) for char in text[cursor:]):
        return None  # the words leave letters or digits of the text out
    return spans


def same_replacements(original: str, variant: str, replacements: Sequence[tuple[int, int, str]]) -> str | None:
    """``variant`` with the replacements made in ``original``, where both hold the same letters and
    digits in the same order; ``None`` when they do not."""
    places = [index for index, char in enumerate(original) if _significant(char)]
    variant_places = [index for index, char in enumerate(variant) if _significant(char)]
    if [original[i] for i in places] != [variant[i] for i in variant_places]:
        return None
    moved = []
    for start, end, text in replacements:
        first = bisect.bisect_left(places, start)
        last = bisect.bisect_left(places, end) - 1
        if first > last:
            continue  # punctuation only: nothing of it in the variant
        moved.append((variant_places[first], variant_places[last] + 1, text))
    return apply(variant, moved)


def segments_in_whole(whole: str, originals: Sequence[str], redacted: Sequence[str]) -> str | None:
    """A field holding the whole call's text (the segments one after another, maybe with
    timestamps or spaces between them), each segment's text replaced by its redacted text;
    ``None`` when a segment is not found in it, in order."""
    pieces, cursor = [], 0
    for original, new in zip(originals, redacted):
        if not original:
            continue
        index = whole.find(original, cursor)
        if index < 0:
            return None
        pieces += [whole[cursor:index], new]
        cursor = index + len(original)
    pieces.append(whole[cursor:])
    return "".join(pieces)


def apply(text: str, replacements: Sequence[tuple[int, int, str]]) -> str:
    pieces, position = [], 0
    for start, end, new in sorted(replacements):
        pieces += [text[position:start], new]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
