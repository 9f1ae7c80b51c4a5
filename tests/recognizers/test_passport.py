"""CN_PASSPORT: E + 8 digits, E + letter + 7 digits, G + 8 digits, only with a passport word near.

Table rows mark the expected finding with ⟦ ⟧ (see ``strategies.unmark``).
"""

from __future__ import annotations

import pytest
from strategies import unmark

from recognizers import passport
from recognizers.scanner import scan

ENTITY = passport.ENTITY


def _found(text: str) -> list[tuple[int, int, str]]:
    return [(f.start, f.end, f.value) for f in scan(text) if f.entity == ENTITY]


@pytest.mark.parametrize(
    "number, valid",
    [
        ("E12345678", True),
        ("G12345678", True),
        ("EA1234567", True),
        ("EH1234567", True),
        ("EJ1234567", True),
        ("EZ1234567", True),
        ("e12345678", True),
        (" ea1234567 ", True),
        ("EI1234567", False),
        ("EO1234567", False),  # I and O read like 1 and 0
        ("E1234567", False),
        ("E123456789", False),
        ("EA12345678", False),
        ("A12345678", False),
        ("D12345678", False),
        ("12345678", False),
        ("", False),
    ],
)
def test_is_valid(number, valid):
    assert passport.is_valid(number) is valid


VALID = [
    ("护照号⟦E12345678⟧", "E12345678"),
    ("他的护照号码是⟦EA1234567⟧，有效期到明年", "EA1234567"),
    ("旧护照⟦G12345678⟧", "G12345678"),
    ("passport: ⟦e12345678⟧", "E12345678"),
    ("护照号码 ⟦ea1234567⟧。", "EA1234567"),
    # spoken and full-width digits
    ("护照号⟦E幺二三四五六七八⟧", "E12345678"),
    ("护照⟦E一二三四五六七八⟧", "E12345678"),
    ("护照⟦EA１２３４５６７⟧", "EA1234567"),
    # grouped
    ("护照号 ⟦E 1234 5678⟧", "E12345678"),
    ("护照号⟦E-幺二三四-五六七八⟧", "E12345678"),
    ("护照⟦EA 123 4567⟧", "EA1234567"),
    # beside another number
    ("护照号⟦E12345678⟧，手机13812345678", "E12345678"),
]


@pytest.mark.parametrize("marked, value", VALID)
def test_passport_numbers_with_a_passport_word_are_found(marked, value):
    text, spans = unmark(marked)
    assert _found(text) == [(start, end, value) for start, end in spans]


NOT_PASSPORTS = [
    "E12345678",  # no passport word: a letter and eight digits is any code
    "订单号E12345678",
    "护照号EI1234567",
    "护照号AE12345678",  # glued to another letter
    "护照号E123456789",  # nine digits
    "护照号E1234567",  # seven digits
    "护照号E12345678X",
    "护照号E****5678",  # masked
    "型号GE12345678",
]


@pytest.mark.parametrize("text", NOT_PASSPORTS)
def test_not_passports(text):
    assert _found(text) == []
