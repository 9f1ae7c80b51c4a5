"""Chinese exit-entry document numbers (出入境证件号码): passports and the travel permits for Hong Kong,
Macao and Taiwan. All are reported as ``CN_PASSPORT``; the document kind is in the match's
``metadata["document"]``.

Formats, and where they are stated:

* ``passport`` (护照). Ordinary passports: ``E`` + 8 digits; ``E`` + letter (not I or O) + 7 digits
  since the E-digit series ran out; the older ``G`` + 8 digits. Diplomatic ``D``, service ``S`` and
  public-affairs ``P`` passports: the letter + 7 or 8 digits, electronic ones ``DE``/``SE``/``PE`` +
  7 digits. Old public-affairs booklets: ``14`` or ``15`` + 7 digits. (National Immigration
  Administration notices on the ordinary passport series; the validation rule widely used by
  Chinese booking forms, ``^1[45][0-9]{7}$|[PS]\\d{7}$|[SGE]\\d{8}$|[DS…]\\d{8}$``.)
* ``hk_macao_permit`` (往来港澳通行证, issued to mainland residents). Card since 2014: ``C`` + 8
  digits, and once that series ran out ``C`` + letter (not I or O) + 7 digits, starting at
  ``CA0000001`` (National Immigration Administration, "电子往来港澳通行证号码编制规则调整",
  2018-12-10). The older booklet: ``W`` + 8 digits.
* ``home_return_permit`` (港澳居民来往内地通行证, 回乡证). ``H`` (Hong Kong) or ``M`` (Macao) + an
  8-digit lifelong number, optionally followed by a 2-digit renewal count (Ministry of Public
  Security exit-entry bureau, "港澳居民来往内地通行证号码规则", 2010-03-10).
* ``taiwan_compatriot_permit`` (台湾居民来往大陆通行证, 台胞证). Card since 2015: 8 digits. Older
  forms: 10 digits, sometimes followed by a letter in brackets, ``1234567890(B)`` (common
  validation rules ``^\\d{8}$|^\\d{10}$`` and ``\\d{10}\\(B\\)``).
* ``taiwan_travel_permit`` (大陆居民往来台湾通行证, issued to mainland residents). Card since 2016:
  ``L`` + 8 digits.

A letter and a few digits is a common shape for codes of all kinds (order, tracking and product
numbers), so a number is only reported with a word for its document nearby. Digits-only forms
(old passports, 台胞证) need the document's own name; the letter forms also take a generic
``证件号`` (document number).

>>> is_valid("E12345678"), is_valid("EA1234567"), is_valid("EI1234567")
(True, True, False)
>>> document_kind("DE1234567"), document_kind("141234567"), document_kind("c12345678")
('passport', 'passport', 'hk_macao_permit')
>>> document_kind("H1234567801"), document_kind("12345678"), document_kind("L12345678")
('home_return_permit', 'taiwan_compatriot_permit', 'taiwan_travel_permit')
>>> [(start, end, m.value) for start, end, m in find("护照号E 1234 5678", "护照号E 1234 5678")]
[(3, 14, 'E12345678')]
>>> [(m.value, m.metadata) for _, _, m in find("外交护照D1234567", "外交护照D1234567")]
[('D1234567', {'document': 'passport'})]
>>> [(m.value, m.metadata) for _, _, m in find("回乡证号码H12345678", "回乡证号码H12345678")]
[('H12345678', {'document': 'home_return_permit'})]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from recognizers.context import has_context_word, labelled_non_personal
from recognizers.matches import Match

ENTITY = "CN_PASSPORT"

# Generic "document number" words: enough for the letter forms, whose shapes are rarer.
_GENERIC_WORDS = ("证件号", "证件编号", "证件号码")
_PASSPORT_WORDS = ("护照", "护照编号", "passport")


@dataclass(frozen=True, slots=True)
class _Document:
    kind: str
    shape: str  # regular expression, upper case; "#" stands for one digit (with optional gap)
    words: tuple[str, ...]
    reason: str


# I and O are not used as a second letter: they read like 1 and 0.
_SECOND_LETTER = "[A-HJ-NP-Z]"
_DOCUMENTS = (
    _Document(
        "passport",
        "(?:[EGDS]#{8}|E" + _SECOND_LETTER + "#{7}|[DSP]E#{7}|[DSP]#{7})",
        (*_PASSPORT_WORDS, *_GENERIC_WORDS),
        "passport number shape, passport word nearby",
    ),
    _Document("passport", "1[45]#{7}", _PASSPORT_WORDS, "old passport number shape, passport word nearby"),
    _Document(
        "hk_macao_permit",
        "(?:[CW]#{8}|C" + _SECOND_LETTER + "#{7})",
        ("港澳通行证", "往来港澳通行证", "双程证", "通行证", *_GENERIC_WORDS),
        "往来港澳通行证 number shape, permit word nearby",
    ),
    _Document(
        "home_return_permit",
        "[HM]#{8}(?:#{2})?",
        ("回乡证", "回乡卡", "来往内地通行证", "通行证", *_GENERIC_WORDS),
        "回乡证 number shape, permit word nearby",
    ),
    _Document(
        "taiwan_compatriot_permit",
        # The first digit takes no gap before it; old numbers end in a bracketed letter.
        "[0-9]#{7}(?:#{2})?(?:[(（][A-Z][)）])?",
        ("台胞证", "来往大陆通行证"),
        "台胞证 number shape, permit word nearby",
    ),
    _Document(
        "taiwan_travel_permit",
        "L#{8}",
        ("往来台湾通行证", "赴台通行证", "大通证", "通行证", *_GENERIC_WORDS),
        "往来台湾通行证 number shape, permit word nearby",
    ),
)

# Transcripts and forms group the number like any other ("E 1234 5678", "E-幺二三四五六七八"), so a
# space or dash may stand after the letters and between digits; the value is compacted.
_GAP_RE = re.compile(r"[ \u3000\-－]")
_DIGIT = "(?:" + _GAP_RE.pattern + "?[0-9])"


# Digits only: not a piece of a longer grouped number ("1234 5678 9012"). A letter form may be
# followed by a space and another number ("护照号E12345678 13812345678").
_NOT_IN_GROUPED_NUMBER = r"(?<![0-9][ \-])", r"(?![ \-][0-9])"


def _find_pattern(shape: str) -> re.Pattern:
    body = shape.replace("#", _DIGIT)
    digits_only = shape[0].isdigit() or shape.startswith("[0-9]")
    lead, tail = _NOT_IN_GROUPED_NUMBER if digits_only else ("", "")
    return re.compile(r"(?<![A-Za-z0-9])" + lead + "(" + body + r")(?![A-Za-z0-9])" + tail, re.IGNORECASE)


_FIND = tuple((document, _find_pattern(document.shape)) for document in _DOCUMENTS)
_FULL = tuple((document, re.compile(document.shape.replace("#", "[0-9]"))) for document in _DOCUMENTS)

# Every word that can make a document number reportable (the scanner skips texts without one).
CONTEXT = tuple(dict.fromkeys(word for document in _DOCUMENTS for word in document.words))


_BRACKETS = str.maketrans("（）", "()")


def compact(number: str) -> str:
    return _GAP_RE.sub("", "".join(number.split())).upper().translate(_BRACKETS)


def document_kind(number: str) -> str | None:
    """The kind of exit-entry document ``number`` has the shape of, or None."""
    value = compact(number)
    for document, pattern in _FULL:
        if pattern.fullmatch(value):
            return document.kind
    return None


def is_valid(number: str) -> bool:
    return document_kind(number) is not None


# Every document number has at least seven digits in a row (gaps allowed): a text without them is
# not searched with each document's pattern (those start with a look-behind, which no quick search
# can skip ahead with).
_SEVEN_DIGITS = re.compile(r"[0-9](?:" + _GAP_RE.pattern + r"?[0-9]){6}")


# A number starts where a run of letters and digits starts (each pattern says so with a
# look-behind): trying the patterns there only, rather than searching with them, is several times
# quicker, since a search cannot skip ahead past a look-behind.
_TOKEN = re.compile("[A-Za-z0-9]+")


def _matches_at(pattern: re.Pattern, folded: str, starts: list[int]):
    """What ``pattern.finditer(folded)`` gives, trying only at ``starts``."""
    reached = 0
    for start in starts:
        if start < reached:
            continue
        candidate = pattern.match(folded, start)
        if candidate is not None:
            reached = candidate.end()
            yield candidate


def find(text: str, folded: str) -> list[tuple[int, int, Match]]:
    """``(start, end, match)`` for each document number with a word for its document nearby."""
    if _SEVEN_DIGITS.search(folded) is None:
        return []
    found = []
    starts = [token.start() for token in _TOKEN.finditer(folded)]
    for document, pattern in _FIND:
        for candidate in _matches_at(pattern, folded, starts):
            start, end = candidate.span()
            if not has_context_word(text, start, end, document.words):
                continue
            if labelled_non_personal(text, start, document.words):
                continue  # 订单号 / 运单号 closer than the document word
            value = compact(candidate.group(1))
            found.append((start, end, Match(ENTITY, 0.85, value, document.reason, {"document": document.kind})))
    found.sort(key=lambda item: item[0])
    return found
