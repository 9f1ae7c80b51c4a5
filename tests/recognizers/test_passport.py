"""CN_PASSPORT: exit-entry documents (passports and travel permits), only with a document word near.

Table rows mark the expected finding with ⟦ ⟧ (see ``strategies.unmark``).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
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
        ("D12345678", True),  # diplomatic
        ("D1234567", True),
        ("DE1234567", True),  # electronic diplomatic
        ("S1234567", True),
        ("s12345678", True),
        ("SE1234567", True),
        ("P1234567", True),
        ("PE1234567", True),
        ("141234567", True),  # old public-affairs booklets
        ("151234567", True),
        ("P12345678", False),
        ("161234567", False),
        ("14123456", False),
        ("F12345678", False),
        ("12345678", False),  # a 台胞证 shape, not a passport
        ("", False),
    ],
)
def test_passport_shapes(number, valid):
    assert (passport.document_kind(number) == "passport") is valid


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
    # every passport type
    ("外交护照⟦D12345678⟧", "D12345678"),
    ("外交护照号⟦DE1234567⟧", "DE1234567"),
    ("公务护照⟦S1234567⟧", "S1234567"),
    ("公务护照号码⟦se1234567⟧", "SE1234567"),
    ("公务普通护照⟦P1234567⟧", "P1234567"),
    ("护照⟦PE1234567⟧", "PE1234567"),
    ("老护照号码是⟦141234567⟧", "141234567"),
    ("护照号⟦15 1234567⟧", "151234567"),
    ("护照编号⟦E12345678⟧", "E12345678"),  # 编号 is an order label, but 护照编号 is the document
    ("护照号是⟦EB 幺二三 四五六七⟧", "EB1234567"),
    ("证件号码：⟦E12345678⟧", "E12345678"),  # the letter forms also take the generic word
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
    "护照号P12345678",  # P has seven digits
    "护照号161234567",  # only 14 and 15 start an old booklet number
    "证件号141234567",  # digits only: needs the document's own name
    "护照办理的订单号E12345678",  # the order label is closer
    "运单号SF1234567890，护照已寄出",
    "工号S1234567",
    "验证码D1234567",
    "产品型号DE1234567",
]


@pytest.mark.parametrize("text", NOT_PASSPORTS)
def test_not_passports(text):
    assert _found(text) == []


def test_the_document_kind_is_in_the_metadata():
    (finding,) = scan("护照号DE1234567")
    assert finding.metadata == {"document": "passport"}


# The document patterns are tried only where a run of letters and digits starts; the answers must be
# those of searching with each pattern.
_PIECES = st.sampled_from(["E", "e", "EA", "C", "W", "H", "M", "L", "P", "G", "D", "S", "1", "4", "5", "9", "0",
                           " ", "-", "(", ")", "B", "护照", "号", "，", "x"])  # fmt: skip


@given(st.lists(_PIECES, max_size=40))
def test_trying_the_patterns_at_run_starts_finds_what_searching_finds(pieces):
    folded = "".join(pieces)
    starts = [token.start() for token in passport._TOKEN.finditer(folded)]
    for _document, pattern in passport._FIND:
        assert [m.span() for m in passport._matches_at(pattern, folded, starts)] == [
            m.span() for m in pattern.finditer(folded)
        ]
