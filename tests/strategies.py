"""Shared test helpers: span markers for the parametrized tables, valid-number builders and the
hypothesis strategies that write a number in every form a transcript uses.

Imported as a plain module (``import strategies``): ``tests/`` has no ``__init__.py``, and pytest's
default ``prepend`` import mode puts the directory of each test file on ``sys.path``.

The digit forms below are written out from ``docs/number-rules.md``, not taken from
:mod:`recognizers.normalize`, so the tests do not inherit a mistake from the code they check.
Check characters come from python-stdnum (``cn.ric.calc_check_digit``, ``luhn.calc_check_digit``),
an implementation independent of :mod:`recognizers.resident_id`.

>>> unmark("手机⟦138 1234 5678⟧，谢谢")
('手机138 1234 5678，谢谢', [(2, 15)])
>>> make_resident_id("360426", "19910101", 7)
'360426199101010071'
>>> make_card("622260026000107244", 19)
'6222600260001072444'
"""

from __future__ import annotations

import csv
import datetime
from importlib import resources

import phonenumbers
from hypothesis import assume
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.cn import ric

from recognizers import resident_id, text_entities
from recognizers.context import NON_PERSONAL_LABELS
from recognizers.scanner import ENTITIES

# ---------------------------------------------------------------------------------------------
# Span markers: a table row writes the expected finding inside ⟦ ⟧, the test derives the offsets.

OPEN, CLOSE = "⟦", "⟧"


def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without markers, and the ``(start, end)`` of every marked part in it."""
    text, spans, start = [], [], None
    for char in marked:
        if char == OPEN:
            assert start is None, "nested marker"
            start = len(text)
        elif char == CLOSE:
            assert start is not None, "unbalanced marker"
            spans.append((start, len(text)))
            start = None
        else:
            text.append(char)
    assert start is None, "unbalanced marker"
    return "".join(text), spans


# ---------------------------------------------------------------------------------------------
# Digit forms (docs/number-rules.md, "Numbers in ASR transcripts").

FULL_WIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}
SPOKEN = {
    "0": ("零", "〇", "洞"),
    "1": ("一", "幺"),
    "2": ("二", "两"),
    "3": ("三",),
    "4": ("四",),
    "5": ("五",),
    "6": ("六",),
    "7": ("七", "拐"),
    "8": ("八",),
    "9": ("九", "勾"),
}
FORMAL = dict(zip("0123456789", "零壹贰叁肆伍陆柒捌玖"))
X_FORMS = ("X", "x", "Ｘ", "ｘ", "叉")
# The check character said aloud in several characters; the scanner's span covers them all.
SPOKEN_X_FORMS = ("艾克斯", "大写的X", "大写X", "小写x", "小写的x")

# Every character that reads as a digit (or as the check character X) in a transcript.
DIGIT_CHARACTERS = frozenset(
    "0123456789"
    + "".join(FULL_WIDTH.values())
    + "".join("".join(v) for v in SPOKEN.values())
    + "".join(FORMAL.values())
    + "".join(X_FORMS)
)

# Separators between digit groups as transcripts and forms write them.
SEPARATORS = (" ", "-", "－", "—", ".", "·", "、", "，", ",", "\u3000", " - ")


# ---------------------------------------------------------------------------------------------
# Valid numbers.

# Real county-level codes (GB/T 2260) from several provinces, and the residence-permit codes.
ADDRESS_CODES = (
    "110105",
    "110108",
    "310104",
    "310115",
    "440305",
    "440106",
    "330106",
    "320102",
    "510107",
    "420111",
    "610113",
    "360426",
    "130102",
    "230102",
    "650102",
    "810000",
    "820000",
    "830000",
)
# Three-digit mobile prefixes allocated by MIIT (docs/number-rules.md) that are allocated as a whole.
MOBILE_PREFIXES = tuple(
    [f"13{d}" for d in range(10)]
    + ["145", "147"]
    + [f"15{d}" for d in "012356789"]
    + ["162", "165", "166", "167"]
    + [f"17{d}" for d in "01235678"]
    + [f"18{d}" for d in range(10)]
    + [f"19{d}" for d in "012356789"]
)
# Area codes (all with 8-digit subscriber numbers).
AREA_CODES = ("010", "021", "020", "022", "023", "0755", "0571", "028", "0591", "0311", "0898", "0931")


def make_resident_id(address: str, birth: str, sequence: int) -> str:
    """An 18-character ID with the check character computed by python-stdnum."""
    body = f"{address}{birth}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def make_card(body: str, length: int) -> str:
    """``body`` padded with zeros to ``length - 1`` digits, plus the Luhn check digit."""
    body = body.ljust(length - 1, "0")
    return body + luhn.calc_check_digit(body)


def bank_bins() -> list[tuple[str, int]]:
    """``(bin, card length)`` for every row of the shipped BIN table."""
    data = resources.files("recognizers") / "data" / "bank_bins.csv"
    with data.open(encoding="utf-8") as rows:
        return [(row["bin"], int(row["length"])) for row in csv.DictReader(rows)]


# ---------------------------------------------------------------------------------------------
# Strategies for valid numbers.

birth_dates = st.dates(datetime.date(1900, 1, 1), datetime.date(2020, 12, 31))


@st.composite
def resident_ids(draw) -> str:
    birth = draw(birth_dates).strftime("%Y%m%d")
    return make_resident_id(draw(st.sampled_from(ADDRESS_CODES)), birth, draw(st.integers(0, 999)))


@st.composite
def mobiles(draw) -> str:
    return draw(st.sampled_from(MOBILE_PREFIXES)) + draw(st.text("0123456789", min_size=8, max_size=8))


def _is_fixed_line(national: str) -> bool:
    number = phonenumbers.parse(national, "CN")
    return phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


# A fixed-line number with its trunk 0 (``01062345678``): area code + subscriber number, kept
# when libphonenumber (the reference for allocated ranges, docs/number-rules.md) calls it a fixed line.
landlines = st.builds(
    lambda area, first, rest: area + first + rest,
    st.sampled_from(AREA_CODES),
    st.sampled_from("2345678"),
    st.text("0123456789", min_size=7, max_size=7),
).filter(_is_fixed_line)


@st.composite
def bank_cards(draw) -> str:
    """A card with a BIN from the table, the BIN's length and a valid Luhn digit.

    Excluded: the rare 18-digit card that is also a valid resident ID (the scanner reports the
    ID, which is the stricter reading) — the ID is a different entity, not a missed number.
    """
    prefix, length = draw(st.sampled_from(bank_bins()))
    body = prefix + draw(st.text("0123456789", min_size=length - 1 - len(prefix), max_size=length - 1 - len(prefix)))
    card = make_card(body, length)
    assume(not resident_id.is_valid(card))
    return card


# ---------------------------------------------------------------------------------------------
# Writing a number in transcript forms.


def _digit_forms(char: str) -> tuple[str, ...]:
    if char in "Xx":
        return X_FORMS + SPOKEN_X_FORMS
    return (char, FULL_WIDTH[char], *SPOKEN[char], FORMAL[char])


@st.composite
def written(draw, number: str) -> str:
    """``number`` (digits, possibly ending in X) in one form throughout, or mixed per digit."""
    style = draw(st.sampled_from(("ascii", "full_width", "spoken", "formal", "mixed")))
    out = []
    for char in number:
        if char in "Xx":
            out.append(draw(st.sampled_from(X_FORMS + SPOKEN_X_FORMS)))
        elif style == "ascii":
            out.append(char)
        elif style == "full_width":
            out.append(FULL_WIDTH[char])
        elif style == "spoken":
            out.append(draw(st.sampled_from(SPOKEN[char])))
        elif style == "formal":
            out.append(FORMAL[char])
        else:
            out.append(draw(st.sampled_from(_digit_forms(char))))
    return "".join(out)


@st.composite
def grouped(draw, characters: str) -> str:
    """``characters`` with separators drawn into some of the gaps (none, some, or many)."""
    out = [characters[0]]
    for char in characters[1:]:
        if draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(SEPARATORS)))
        out.append(char)
    return "".join(out)


@st.composite
def transcript_number(draw, number: str) -> str:
    """A number written and grouped as a transcript might (the number's own characters only)."""
    text = draw(written(number))
    for form in SPOKEN_X_FORMS:  # one check character: no separator inside it
        if text.endswith(form):
            return draw(grouped(text[: -len(form)])) + draw(st.sampled_from(("", " ", "，"))) + form
    return draw(grouped(text))


@st.composite
def transcript_phone(draw) -> tuple[str, str]:
    """``(written form, national number)`` of a mobile or landline with an optional prefix.

    Prefixes: +86 / ＋86 / 0086 / 86 and the trunk 0 before a mobile number. After a country code
    a landline drops its trunk 0 (``+86 10 6234 5678``). The digits of a prefix are written in
    transcript forms too (``洞洞八六``); the ``+`` sign stays right before them.
    """
    if draw(st.booleans()):
        national = draw(mobiles())
        prefix = draw(st.sampled_from(("", "", "+86", "＋86", "0086", "86", "0")))
        digits = national
    else:
        # "86" without a plus before a landline is not a prefix anyone writes; a landline
        # after a country code drops its trunk 0.
        national = draw(landlines)
        prefix = draw(st.sampled_from(("", "", "+86", "＋86", "0086")))
        digits = national[1:] if prefix else national
    if prefix.startswith(("+", "＋")):
        sign, prefix_digits = prefix[0], prefix[1:]
    else:
        sign, prefix_digits = "", prefix
    return sign + draw(transcript_number(prefix_digits + digits)), national


# ---------------------------------------------------------------------------------------------
# Surrounding text.
#
# Filler is drawn from CJK characters and Chinese punctuation that are NOT digits, digit words,
# brackets or parts of an order/policy/code label:
# - a digit word next to a number is a genuine ambiguity of transcripts. The scanner copes with
#   one word digit of the sentence at either end of a number (一直, 唯一; the scanner tables cover
#   them), but not with two (两三次), and not with digit words that make a longer valid number:
#   零 + a mobile is a mobile with its trunk 0, 八六 + a mobile is +86 without the plus. A
#   generator that puts digit words next to the number tests that ambiguity, not the recognizer;
# - brackets and '+' change what a phone span legitimately covers (``(010)``, ``+86``);
# - label words (订单号, 验证码, ...) legitimately suppress weak matches.
# - 杠 is how ASR writes a dash read out, so it joins digit groups like any separator;
# - 元 块 圆 万 亿 right after a number make it an amount.
# ASCII letters are left out because a number glued to letters is treated as part of a code.
# Separators (，、) are allowed: without digits on both sides they join nothing.

# The entities of digit runs. Random filler may hold a name said after a name word (名字是丁丁) or a
# QQ word; the properties about numbers look at number findings only.
NUMBER_ENTITIES = tuple(entity for entity in ENTITIES if entity not in text_entities.ENTITIES)

_LABEL_CHARACTERS = frozenset("".join(NON_PERSONAL_LABELS))
_EXCLUDED = "".join(sorted(DIGIT_CHARACTERS | _LABEL_CHARACTERS | set("杠元块圆万亿")))
filler_characters = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5, exclude_characters=_EXCLUDED),
    st.sampled_from("，。？！：；“”"),
)


def filler(min_size: int = 0, max_size: int = 12) -> st.SearchStrategy[str]:
    return st.text(filler_characters, min_size=min_size, max_size=max_size)


def separating_filler(max_size: int = 12) -> st.SearchStrategy[str]:
    """Filler between two numbers: at least one CJK character, so the numbers are not one run."""
    return st.builds(
        lambda a, b, c: a + b + c,
        filler(0, max_size // 2),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5, exclude_characters=_EXCLUDED),
        filler(0, max_size // 2),
    )


@st.composite
def transcript_numbers(draw) -> tuple[str, str, str]:
    """``(entity, written, value)``: a valid resident ID, mobile number or bank card, written the
    way a transcript writes it, and its canonical value."""
    entity = draw(st.sampled_from(("CN_RESIDENT_ID", "CN_PHONE_NUMBER", "CN_BANK_CARD")))
    if entity == "CN_PHONE_NUMBER":
        written, value = draw(transcript_phone())
    else:
        value = draw(resident_ids() if entity == "CN_RESIDENT_ID" else bank_cards())
        written = draw(transcript_number(value))
    return entity, written, value
