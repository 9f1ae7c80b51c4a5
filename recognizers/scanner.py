"""One pass over a text that finds every Chinese personal number the recognizers know.

This is leadscreen's scanning path and the single home of the rules: the Presidio recognizers in
:mod:`recognizers.presidio_pack` call :func:`scan` too and keep the findings of their entity, so
both paths return the same findings by construction (a test checks it).

How it works:

1. :func:`recognizers.normalize.number_runs` finds, in the original text, runs of digit groups
   (written, full-width, spoken or formal digits) joined by separators, and folds each run to
   ASCII digits keeping every character at its index; it also splits groups where a digit word
   of the sentence may touch a number (``13812345678一直``, ``幺三八一二三四五六七八一直``).
3. For each run, consecutive groups are joined left to right and the joined digits are offered to
   the validators (resident ID, bank card, phone). The longest valid candidate starting at a group
   wins; the next candidate starts after it. Two numbers written side by side with a comma are
   therefore two findings, and ``138 1234 5678`` is one.
4. Context words are looked up in the raw text around the candidate; an order/policy/code label
   closer than any personal label suppresses weak phone and card matches.
5. Passport numbers and e-mail addresses have their own shapes and are found separately; a number
   inside an e-mail address is part of the address.
6. Names, street addresses, QQ numbers, WeChat IDs and plates are found by
   :mod:`recognizers.text_entities`; a number inside one of them is part of it.

>>> [(f.entity, f.start, f.end, f.masked) for f in scan("客户手机幺三八 一二三四 五六七八，谢谢")]
[('CN_PHONE_NUMBER', 4, 17, '138****5678')]
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import string
from collections.abc import Callable, Iterable

from recognizers import bank_card, email, passport, person, phone, resident_id, text_entities
from recognizers.context import (
    CONTEXT_AFTER,
    CONTEXT_BEFORE,
    has_context_word,
    labelled_non_personal,
    literal_alternation,
    nearest_label_distance,
    windows_around,
    words_pattern,
)
from recognizers.findings import Finding
from recognizers.matches import Match
from recognizers.normalize import NumberRun, fold, holds_a_label, number_runs

ENTITIES = (
    resident_id.ENTITY,
    phone.ENTITY,
    bank_card.ENTITY,
    passport.ENTITY,
    email.ENTITY,
    *text_entities.ENTITIES,
    phone.BUSINESS_ENTITY,
)
PERSONAL_ENTITIES = tuple(entity for entity in ENTITIES if entity != phone.BUSINESS_ENTITY)

# Lengths some validator can accept: a 5-digit service number, 10–15 for phones with prefixes
# (with 0086, a landline reaches 15), 15–19 for cards and IDs. Longer joins are not tried.
_CANDIDATE_LENGTHS = frozenset((5, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19))
MAX_CANDIDATE_DIGITS = max(_CANDIDATE_LENGTHS)
_PERSONAL_WORDS = phone.CONTEXT + resident_id.CONTEXT + bank_card.CONTEXT
_OPENING_BRACKETS = "(（"


def _validate(text: str, digits: str, plus: bool, start: int, end: int, words_near: bool = True) -> Match | None:
    """Offer one candidate to the validators, strictest first.

    Context words are looked up only once a validator has found the digits valid (a function
    the validator calls), because most candidates are not; and what the digits alone decide is
    known from them (:func:`_validity`). ``words_near`` False: no card, phone or ID word is
    anywhere near the candidate's run.
    """
    if len(digits) not in _CANDIDATE_LENGTHS:
        return None
    validity = _validity(digits, plus)
    if validity == _NEVER:
        return None
    if validity == _WITH_CONTEXT_ONLY and not (words_near and has_context_word(text, start, end, _PERSONAL_WORDS)):
        return None  # only a card, phone or ID word could make it valid, and none is near
    return _judge(
        digits,
        plus,
        lambda words: has_context_word(text, start, end, words),
        lambda: labelled_non_personal(text, start, _PERSONAL_WORDS),
    )


_NEVER, _WITH_CONTEXT_ONLY, _MAYBE = 0, 1, 2


@functools.lru_cache(maxsize=1 << 15)
def _validity(digits: str, plus: bool) -> int:
    """What the digits alone say: no validator accepts them in any context (``_NEVER``), only with
    a context word near (``_WITH_CONTEXT_ONLY``), or perhaps without one (``_MAYBE``). A context
    word only ever adds and an order label only ever takes away, so the first two are final.

    Cached on the digits: a run of short groups offers up to a dozen candidates at every group,
    and a repetitive run (``1-1-1-…``, ``0 0 0 …``) offers the same few again and again; a 1 MB
    record of them took 19 s through the validators, 40 times a record of random digits.
    """
    if _judge(digits, plus, lambda words: False, lambda: False) is not None:
        return _MAYBE
    if _judge(digits, plus, lambda words: True, lambda: False) is not None:
        return _WITH_CONTEXT_ONLY
    return _NEVER


def _judge(
    digits: str, plus: bool, near: Callable[[tuple[str, ...]], bool], labelled: Callable[[], bool]
) -> Match | None:
    """The validators' verdict; ``near(words)``: one of ``words`` is in the context window;
    ``labelled()``: an order, policy or code label sits closer than any personal label."""
    length = len(digits)
    if length not in _CANDIDATE_LENGTHS:
        return None
    if digits[-1] == "X":
        if length != 18:
            return None
        return resident_id.match(digits, lambda: near(resident_id.CONTEXT))
    if length in (15, 18):
        found = resident_id.match(digits, lambda: near(resident_id.CONTEXT))
        if found:
            return found
    return _card_or_phone(digits, plus, near, labelled)


def _card_or_phone(
    digits: str, plus: bool, near: Callable[[tuple[str, ...]], bool], labelled: Callable[[], bool]
) -> Match | None:
    """A bank card, else a phone number; a weak personal match is dropped when an order, policy or
    code label sits closer than any personal label (looked up once, and only for a valid match)."""
    length = len(digits)
    negative = None
    if bank_card.MIN_LENGTH <= length <= bank_card.MAX_LENGTH and not plus and not digits.startswith("0086"):
        found = bank_card.match(digits, lambda: near(bank_card.CONTEXT))
        if found:
            negative = labelled()
            if not negative or found.score >= 0.9:
                return found
    if length > 15:
        return None
    found = phone.match(digits, plus, lambda: near(phone.CONTEXT))
    if not found or found.entity == phone.BUSINESS_ENTITY:
        return found
    if negative is None:
        negative = labelled()
    return None if negative else found


# Near misses: right after a strong label (身份证号是…, 我手机号是…) a number one character off (a
# digit misheard, dropped or doubled by ASR) is still someone's number. Reported with a lower score
# and ``validated: False``; the dialing-side checks never see them.
_STRONG_LABELS = {
    resident_id.ENTITY: ("身份证号", "身份证", "证件号码", "证件号"),
    phone.ENTITY: ("手机号码", "手机号", "手机", "电话号码"),
}
_NEAR_MISS_ENTITY = {17: resident_id.ENTITY, 18: resident_id.ENTITY, 10: phone.ENTITY, 12: phone.ENTITY}
_STRONG_LABEL_DISTANCE = 3  # what may stand between the label and the number: 码是：
NEAR_MISS_SCORE = 0.5


def _near_miss(text: str, run: NumberRun, valid: list[tuple[int, int, Match]]) -> Match | None:
    """A resident ID (17 or 18 characters) or a mobile number (10 or 12 digits) that fails its
    check, written right after a strong label for it, when the run holds no valid number of that
    kind (手机13812345678，9点 keeps its valid phone and leaves the 9 alone)."""
    digits = run.digits
    entity = _NEAR_MISS_ENTITY.get(len(digits))
    if entity is None or digits[0] == "0" or not digits[:-1].isdigit():
        return None
    if any(_blocks_near_miss(found, entity, run) for _start, _end, found in valid):
        return None
    if entity == phone.ENTITY and not (digits[0] == "1" and digits[-1].isdigit()):
        return None
    labels = _STRONG_LABELS[entity]
    distance = nearest_label_distance(text, run.start, labels, before=_STRONG_LABEL_DISTANCE + len(labels[0]))
    if distance is None or distance > _STRONG_LABEL_DISTANCE:
        return None
    return Match(entity, NEAR_MISS_SCORE, digits, "fails its check, right after a strong label", {"validated": False})


def _blocks_near_miss(found: Match, entity: str, run: NumberRun) -> bool:
    """Whether a valid number inside the run keeps a near miss of ``entity`` from being reported.

    A valid number of the same kind does (手机13812345678，9点 keeps its phone and leaves the 9),
    except eleven valid digits inside twelve written without a break: one was doubled. A card
    known only by its network's IIN range does not block an ID after an ID label (an 18-digit ID
    with a misheard check character starting 62 is Luhn-valid one time in ten)."""
    if found.entity == bank_card.ENTITY:
        return entity != resident_id.ENTITY or found.score >= 0.9
    if found.entity != entity:
        return False
    unbroken = all(left.end == right.start for left, right in zip(run.groups, run.groups[1:]))
    return not (entity == phone.ENTITY and unbroken)


# Phone words that say a landline follows: one digit short or long, it is still someone's number.
_LANDLINE_LABELS = ("联系电话", "电话号码", "固定电话", "电话", "座机", "固话")


def _landline_near_miss(text: str, run: NumberRun, valid: list[tuple[int, int, Match]]) -> Match | None:
    """A landline whose subscriber part is one digit short or long for its city, right after a
    phone word, when the run holds no valid phone number."""
    if not phone.is_landline_off_by_one(run.digits):
        return None
    if any(found.entity == phone.ENTITY for _start, _end, found in valid):
        return None
    distance = nearest_label_distance(text, run.start, _LANDLINE_LABELS, before=_STRONG_LABEL_DISTANCE + 4)
    if distance is None or distance > _STRONG_LABEL_DISTANCE:
        return None
    reason = "landline one digit short or long for its area code, right after a phone word"
    return Match(phone.ENTITY, NEAR_MISS_SCORE, run.digits, reason, {"kind": "landline", "validated": False})


def _scan_run(text: str, run: NumberRun) -> list[tuple[int, int, Match]]:
    """The valid numbers of a run; a near miss instead when none of them covers the whole run."""
    found = list(_valid_numbers(text, run))
    if len(found) == 1 and found[0][0] <= run.start and found[0][1] == run.end and not _weak_18_digit_card(found[0][2]):
        return found  # the common case
    near = _near_miss(text, run, found) or _landline_near_miss(text, run, found)
    if near is None:
        return found
    return [(_widened_start(text, run.groups[0], near), run.end, near)]


def _weak_18_digit_card(found: Match) -> bool:
    """An 18-digit card with no known issuer or no card word: an ID near miss may beat it."""
    return found.entity == bank_card.ENTITY and len(found.value) == 18 and found.score < 0.9


def _valid_numbers(text: str, run: NumberRun) -> Iterable[tuple[int, int, Match]]:
    groups = run.groups
    if len(groups) == 1:  # the common case: one unbroken number
        group = groups[0]
        found = _validate(text, group.digits, group.plus, group.start, group.end)
        if found:
            yield _widened_start(text, group, found), group.end, found
        return
    # Candidates join consecutive groups; they are cut from the run's digits by offsets, and only
    # lengths some validator takes are offered (a run of one-digit groups has 19 joins per group).
    joined = "".join(group.digits for group in groups)
    # every candidate's context window lies in the run's: one search there instead of one each
    words_near = (
        words_pattern(_PERSONAL_WORDS).search(text, max(0, run.start - CONTEXT_BEFORE), run.end + CONTEXT_AFTER)
        is not None
    )
    bounds = list(itertools.accumulate((len(group.digits) for group in groups), initial=0))
    count = len(groups)
    first = 0
    while first < count:
        best = None
        low = bounds[first]
        for last in range(first, count):
            if last > first and groups[last - 1].digits[-1] == "X":
                break  # a check character ends a number
            length = bounds[last + 1] - low
            if length > MAX_CANDIDATE_DIGITS:
                break
            if length not in _CANDIDATE_LENGTHS:
                continue
            found = _validate(
                text,
                joined[low : bounds[last + 1]],
                groups[first].plus,
                groups[first].start,
                groups[last].end,
                words_near,
            )
            if found:
                best = (last, found)
        if best is None:
            first += 1
            continue
        last, found = best
        yield _widened_start(text, groups[first], found), groups[last].end, found
        first = last + 1


def _widened_start(text: str, first_group, found: Match) -> int:
    """Cover a leading '+' (+86) and the bracket of ``(021)62345678``."""
    start = first_group.start
    if first_group.plus:
        return start - 1
    if start > 0 and text[start - 1] in _OPENING_BRACKETS and found.entity == phone.ENTITY:
        return start - 1
    return start


_LETTERS = frozenset(string.ascii_letters + "Ｘｘ叉")  # what folds to an ASCII letter


# A number directly followed by a currency or magnitude word is an amount (转了13812345678元).
_AMOUNT_UNITS = frozenset("元块圆万亿")


def _is_amount(text: str, end: int, found: Match) -> bool:
    return end < len(text) and text[end] in _AMOUNT_UNITS and found.entity in (phone.ENTITY, bank_card.ENTITY)


def _is_inside_identifier(text: str, start: int, end: int) -> bool:
    """A number glued to ASCII letters (``AB13812345678``, ``13812345678kg``) is a code."""
    return (start > 0 and text[start - 1] in _LETTERS) or (end < len(text) and text[end] in _LETTERS)


def _mention_pattern(words: tuple[str, ...]) -> re.Pattern:
    """A case-sensitive pattern that finds each word as word, Word or WORD (English words are
    matched without their first letter, in lower and upper case)."""
    needles = {
        word if not word.isascii() else spelling
        for word in words
        for spelling in ((word[1:].lower(), word[1:].upper()) if word.isascii() else (word,))
    }
    return re.compile(literal_alternation(needles))


# A passport number is never reported without a passport word, so a text without one skips the
# passport search (a case-sensitive search: case-insensitive ones are slow on long texts).
_PASSPORT_MENTION = _mention_pattern(passport.CONTEXT)
# A document number counts only within the context window of a document word, so the document
# patterns run on the stretches around each word, not over a whole long transcript (a call names
# 护照 once and runs on for a thousand characters). The margin keeps a number and its labels whole.
_DOCUMENT_MARGIN = CONTEXT_BEFORE + CONTEXT_AFTER + 64


def _documents(text: str) -> list[tuple[int, int, Match]]:
    """Exit-entry document numbers (:func:`recognizers.passport.find`) near each document word."""
    if _PASSPORT_MENTION.search(text) is None:
        return []  # most texts: no document word, nothing more to do
    mentions = (mention.span() for mention in _PASSPORT_MENTION.finditer(text))
    found = []
    for low, high in windows_around(mentions, _DOCUMENT_MARGIN, len(text)):
        piece = text[low:high]
        found.extend((start + low, end + low, match) for start, end, match in passport.find(piece, fold(piece)))
    return found


def _inside_any(item: tuple[int, int, Match], addresses: list[tuple[int, int, Match]]) -> bool:
    """True when ``item`` lies inside one of ``addresses`` (in text order, never overlapping).

    Only the last address starting at or before the item can hold it: a binary search, where
    trying every address for every number made a long text with many of both quadratic.
    """
    index = bisect.bisect_right(addresses, item[0], key=lambda address: address[0]) - 1
    return index >= 0 and item[1] <= addresses[index][1]


def _turn_parts(text: str, run: NumberRun, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The pieces of the number at ``start:end`` of ``run`` when it crosses turns of a dialogue
    (a gap between its groups holds a speaker label); empty when it does not."""
    parts: list[list[int]] = []
    for group in run.groups:
        if group.end <= start or group.start >= end:
            continue
        if parts and not holds_a_label(text[parts[-1][1] : group.start]):
            parts[-1][1] = group.end
        else:
            parts.append([group.start if parts else start, group.end])  # start: with its +
    return tuple((low, high) for low, high in parts) if len(parts) > 1 else ()


def _number_findings(text: str) -> list[tuple[int, int, Match, tuple]]:
    """``(start, end, match, parts)`` of each number (ID, phone, card) in ``text``."""
    located: list[tuple[int, int, Match, tuple]] = []
    for run in number_runs(text):
        for start, end, found in _scan_run(text, run):
            if not _is_inside_identifier(text, start, end) and not _is_amount(text, end, found):
                located.append((start, end, found, _turn_parts(text, run, start, end) if run.turns else ()))
    return located


def _numbers_between(text: str, low: int, high: int) -> list[tuple[int, int, Match, tuple]]:
    """:func:`_number_findings` of ``text[low:high]``, at their offsets in ``text``."""
    return [
        (start + low, end + low, found, tuple((a + low, b + low) for a, b in parts))
        for start, end, found, parts in _number_findings(text[low:high])
    ]


def scan(text: str, entities: Iterable[str] | None = None) -> list[Finding]:
    """All findings in ``text``, sorted by position; only ``entities`` if given."""
    located = _number_findings(text)
    located.extend((start, end, found, ()) for start, end, found in _documents(text))
    if "@" in text:
        addresses = email.find(text)
        if addresses:
            located = [item for item in located if not _inside_any(item, addresses)]
            located.extend((start, end, found, ()) for start, end, found in addresses)
    wanted = entities if entities is None or isinstance(entities, (set, frozenset)) else set(entities)
    # names are looked for only when asked for: the name search is the dearest, and holds no number
    located = text_entities.merge(
        located,
        text,
        names=wanted is None or person.ENTITY in wanted,
        rescan=lambda low, high: _numbers_between(text, low, high),
    )
    findings = [
        Finding(
            entity=found.entity,
            start=start,
            end=end,
            score=found.score,
            value=found.value,
            reason=found.reason,
            metadata=found.metadata,
            parts=parts,
        )
        for start, end, found, parts in located
        if wanted is None or found.entity in wanted
    ]
    findings.sort(key=lambda finding: (finding.start, finding.end))
    return findings
