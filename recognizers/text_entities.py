"""Personal data written in words rather than digit runs: names, addresses, QQ numbers, WeChat
IDs and licence plates, found by their own modules and merged into :func:`recognizers.scanner.scan`.

Each finder first searches for its trigger words or the first characters of its shape, with a
case-sensitive alternation of literals (the fastest search Python's ``re`` has: one joined
pattern, or a character class in front, is several times slower), and looks further only there.

A number inside one of these (the 1037 of 珞喻路1037号, a QQ number that is also phone-shaped)
belongs to it: the number finding is dropped, as a number inside an e-mail address is.

>>> [(entity, start, end) for start, end, entity in ((s, e, m.entity) for s, e, m in find("我叫王建国，QQ号12345678"))]
[('PERSON', 2, 5), ('CN_QQ_NUMBER', 9, 17)]
"""

from __future__ import annotations

import dataclasses
import re

from recognizers import address, license_plate, person, qq, wechat
from recognizers.context import literal_alternation
from recognizers.matches import Match

ENTITIES = (person.ENTITY, address.ENTITY, qq.ENTITY, wechat.ENTITY, license_plate.ENTITY)
CONTEXT = person.CONTEXT + address.CONTEXT + qq.CONTEXT + wechat.CONTEXT + license_plate.CONTEXT
_FINDERS = (person.find, address.find, qq.find, wechat.find, license_plate.find)
# Whose findings hold digits that the number scan may also report.
_HOLDERS = frozenset((address.ENTITY, qq.ENTITY, wechat.ENTITY, license_plate.ENTITY))
MASKS = {
    person.ENTITY: person.mask,
    address.ENTITY: address.mask,
    qq.ENTITY: qq.mask,
    wechat.ENTITY: wechat.mask,
    license_plate.ENTITY: license_plate.mask,
}


_MENTIONS = tuple(
    re.compile(pattern)
    for pattern in (*person.MENTIONS, address.MENTION, qq.MENTION, wechat.MENTION, license_plate.MENTION)
)
# All of them in one pattern, for engines that test a whole column at once (polars).
ANY_MENTION = "|".join(f"(?:{pattern.pattern})" for pattern in _MENTIONS)
# With where a name said with no name word may be (王建国来过电话), for engines that test a whole
# column at once: what may hold a name is wider than what may hold the rest.
ANY_MENTION_OR_NAME = f"{ANY_MENTION}|(?:{person.UNANNOUNCED})"
# The shortest text looked in: a trigger word and a two-character name (王伟先生, 我叫王伟), or a
# QQ word and five digits. A name alone in fewer (王伟) is left to the column's or field's name
# (姓名): field names themselves are this short (姓名, 联系人) and hold no finding.
MIN_TEXT_CHARACTERS = 4


# Every word any of the finders starts from, in one search of literals, and the own phrase of a
# name (，刘建军，) in a search of its own: most texts (好的，您稍等) hold none of them, and two searches
# tell so where the five finders took six (on a line of a call, 2 µs instead of 11). A text either
# finds something in is searched by every finder.
GATES = (
    re.compile(
        literal_alternation(
            {word for module in (person, address, qq, wechat, license_plate) for word in module.GATE_WORDS}
        )
    ),
    re.compile(person.MENTIONS[1]),
)


def _holds_no_start_word(text: str, names: bool = True) -> bool:
    """True when no finder can find anything in ``text``: none of the gates finds a word, and
    (with ``names``) no surname begins a name the model could find."""
    if any(gate.search(text) is not None for gate in GATES):
        return False
    return not (names and person.could_hold_unannounced(text))


def could_hold(text: str, names: bool = True) -> bool:
    """False for a text none of these finders can find anything in: too short, or none of their
    trigger words or shape starts in it, and (with ``names``) no surname starts a name. For quick
    skips before :func:`recognizers.scan` (a text without a digit can still hold a name or an
    address).

    >>> could_hold("我叫王建国"), could_hold("好的，谢谢"), could_hold("王伟来过"), could_hold("王伟来过", names=False)
    (True, False, True, False)
    """
    return len(text) >= MIN_TEXT_CHARACTERS and not _holds_no_start_word(text, names)


def find(text: str) -> list[tuple[int, int, Match]]:
    """Every name, address, QQ number, WeChat ID and plate in ``text``, in text order."""
    return _found(text, _FINDERS)


def _found(text: str, finders) -> list[tuple[int, int, Match]]:
    if any(gate.search(text) is not None for gate in GATES):
        pass
    elif person.find in finders and person.could_hold_unannounced(text):
        return person.find(text)  # no word any finder starts from: only the model may find a name
    else:
        return []
    found = [item for finder in finders for item in finder(text)]
    found.sort(key=lambda item: (item[0], item[1]))
    return found


# Without names: a name holds no number, so leaving names out changes no other finding.
_FINDERS_BUT_NAMES = tuple(finder for finder in _FINDERS if finder is not person.find)


_LONGEST_ADDRESS_NUMBER = 11  # digits: a number this long in an "address" is a phone, ID or card


def merge(numbers: list[tuple], text: str, names: bool = True, rescan=None) -> list[tuple]:
    """``numbers`` (``(start, end, match, parts)``, as the scanner locates them) plus the findings
    of :func:`find` in ``text`` (names only if ``names``); a number inside an address, QQ number,
    WeChat ID or plate gives way to it.

    A number that runs on past a holder's end is read again after the holder (``rescan(low,
    high)``: the numbers of ``text[low:high]``): 九曲小区22-494 13812345678 is an address and a
    phone, not a card made of both. When nothing is found there, the holder had taken the first
    digits of the number (丁乡1-0 3 000…6, a card): it gives way to the number."""
    found = _found(text, _FINDERS if names else _FINDERS_BUT_NAMES)
    if not found:
        return numbers
    holders = [(start, end) for start, end, match in found if match.entity in _HOLDERS]
    addresses = {(start, end) for start, end, match in found if match.entity == address.ENTITY}
    kept, dropped = [], set()
    for item in numbers:
        overlapping = [(start, end) for start, end in holders if item[0] < end and start < item[1]]
        if not overlapping:
            kept.append(item)
            continue
        inside = [(start, end) for start, end in overlapping if start <= item[0] and item[1] <= end]
        if inside and not (len(item[2].value) >= _LONGEST_ADDRESS_NUMBER and set(inside) <= addresses):
            continue  # inside the holder: part of it (a house number, a QQ number read as a phone)
        if inside:  # a whole phone, ID or card number is never a house or room number
            kept.append(item)
            dropped.update(inside)
        else:
            after = max(end for _start, end in overlapping)
            again = rescan(after, item[1]) if rescan is not None and after < item[1] else []
            if _covers_the_digits(text, again, after, item[1]):
                kept.extend(again)
            else:
                kept.append(item)
                dropped.update(overlapping)
    if not dropped:
        return kept + [(start, end, match, ()) for start, end, match in found]
    cuts = {holder: min(item[0] for item in kept if holder[0] < item[1] and item[0] < holder[1]) for holder in dropped}
    return kept + [
        item for start, end, match in found for item in _up_to(text, start, end, match, cuts.get((start, end)))
    ]


def _covers_the_digits(text: str, found: list[tuple], low: int, high: int) -> bool:
    """Whether ``found`` (numbers read again in ``text[low:high]``) hold every digit there: a phone
    read inside the rest of an ID (住在阳光花园1 3… ) would leave the ID's other digits in clear."""
    if not found:
        return False
    digits = [index for index in range(low, high) if text[index].isdigit()]
    return all(any(start <= index < end for start, end, *_rest in found) for index in digits)


_MIN_ADDRESS_LEFT = 4  # characters: what is left of an address cut at a number still reads as one


def _up_to(text: str, start: int, end: int, match, cut: int | None) -> list[tuple]:
    """The finding, or (an address cut short by a number: 北京市朝阳区建国路88号 13812345678 read as
    one) what comes before the number; nothing when too little is left, or it is not an address."""
    if cut is None:
        return [(start, end, match, ())]
    value = text[start:cut].rstrip(" ,，、:：;；-")
    if match.entity != address.ENTITY or cut <= start or len(value) < _MIN_ADDRESS_LEFT:
        return []
    return [(start, start + len(value), dataclasses.replace(match, value=value), ())]
