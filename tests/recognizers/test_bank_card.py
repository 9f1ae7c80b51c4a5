"""CN_BANK_CARD: BIN table, Luhn, the scoring table, and the scanner on transcript forms.

Table rows mark the expected finding with ⟦ ⟧ (see ``strategies.unmark``). Card numbers are built
from real BINs of the shipped table with python-stdnum's Luhn digit (``strategies.make_card``).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn
from strategies import bank_bins, make_card, unmark

from recognizers import bank_card
from recognizers.scanner import scan

ENTITY = bank_card.ENTITY

ICBC_19 = make_card("622202123456789012", 19)  # 6222021234567890128
CMB_16 = make_card("622588123456789", 16)  # 6225881234567898
ICBC_AMEX_15 = make_card("37024712345678", 15)  # 370247123456781
CCB_VISA_19 = make_card("436742123456789012", 19)  # 4367421234567890129
SHBANK_18 = make_card("62052212345678901", 18)
# The same ICBC number with its last digit changed: known BIN, right length, Luhn invalid.
ICBC_19_BAD_LUHN = ICBC_19[:-1] + str((int(ICBC_19[-1]) + 1) % 10)


def _found(text: str) -> list[tuple[int, int, str]]:
    return [(f.start, f.end, f.value) for f in scan(text) if f.entity == ENTITY]


def test_the_bin_table_is_complete_and_well_formed():
    rows = bank_bins()
    assert len(rows) == 1709  # hexindai/bcbc at de631827 (recognizers/data/README.md)
    assert {length for _prefix, length in rows} == {15, 16, 17, 18, 19}
    assert all(prefix.isdigit() and 3 <= len(prefix) < length for prefix, length in rows)


@pytest.mark.parametrize(
    "number, bank, name, length",
    [
        (ICBC_19, "ICBC", "中国工商银行", 19),
        (CMB_16, "CMB", "招商银行", 16),
        (ICBC_AMEX_15, "ICBC", "中国工商银行", 15),
        (CCB_VISA_19, "CCB", "中国建设银行", 19),
        (SHBANK_18, "SHBANK", "上海银行", 18),
    ],
)
def test_lookup_names_the_issuer(number, bank, name, length):
    issuer = bank_card.lookup(number)
    assert (issuer["bank"], issuer["name"], issuer["length"]) == (bank, name, length)


@pytest.mark.parametrize(
    "short, long, short_bank, long_bank",
    [
        ("621059", "62105900", "JRCB", "XHRCB"),
        ("603265", "60326500", "JSBANK", "WXCCB"),
        ("621260", "621260001", "CSRCB", "XFRCB"),
    ],
)
def test_lookup_takes_the_longest_known_prefix(short, long, short_bank, long_bank):
    assert bank_card.lookup(long + "0" * 10)["bank"] == long_bank
    assert bank_card.lookup(short + "9" * 13)["bank"] == short_bank


@pytest.mark.parametrize("number", ["1234567890123456", "0000000000000000", "5000000000000000"])
def test_numbers_without_a_known_bin_have_no_issuer(number):
    assert bank_card.lookup(number) is None


@pytest.mark.parametrize("number", [ICBC_19, CMB_16, ICBC_AMEX_15, CCB_VISA_19, SHBANK_18, ICBC_19_BAD_LUHN])
def test_luhn_agrees_with_stdnum(number):
    assert bank_card.luhn_valid(number) == luhn.is_valid(number)


# The scoring table of bank_card's docstring, row by row.
@pytest.mark.parametrize(
    "digits, context, score",
    [
        (ICBC_19, False, 0.9),  # known BIN, Luhn valid, length as the BIN
        (ICBC_19, True, 1.0),
        (make_card("622202123456789", 16), False, 0.6),  # known BIN, Luhn valid, other length
        (ICBC_19_BAD_LUHN, False, 0.45),  # known BIN, Luhn invalid, length as BIN
        (ICBC_19_BAD_LUHN, True, 0.7),
        (make_card("1234567890123", 16), True, 0.65),  # unknown BIN, Luhn valid: only with context
        (make_card("1234567890123", 16), False, None),
        (make_card("12345678901234", 15), True, None),  # unknown BIN, 15 digits: too weak even so
        ("6222021234567891", False, None),  # known BIN, other length, Luhn invalid
        (make_card("62220212345678901234", 21), True, None),  # too long
        (make_card("622202123", 14), True, None),  # too short
    ],
)
def test_match_scores(digits, context, score):
    found = bank_card.match(digits, context)
    if score is None:
        assert found is None
    else:
        assert (found.entity, found.value) == (ENTITY, digits)
        assert found.score == pytest.approx(score)


def test_match_reports_the_bank_but_not_the_number_in_metadata():
    found = bank_card.match(ICBC_19, context=True)
    assert found.metadata == {"bank": "ICBC", "bank_name": "中国工商银行", "card_type": "DC"}
    assert ICBC_19 not in found.reason


# ---------------------------------------------------------------------------------------------
# Scanner: every form a transcript writes a card number in

VALID = [
    (f"⟦{ICBC_19}⟧", ICBC_19),
    (f"卡号⟦{ICBC_19}⟧，开户行工商银行", ICBC_19),
    (f"请把钱转到⟦{CMB_16}⟧这张卡", CMB_16),
    (f"信用卡⟦{ICBC_AMEX_15}⟧", ICBC_AMEX_15),
    (f"⟦{CCB_VISA_19}⟧", CCB_VISA_19),
    (f"借记卡⟦{SHBANK_18}⟧", SHBANK_18),
    (f"卡号⟦{ICBC_19_BAD_LUHN}⟧", ICBC_19_BAD_LUHN),  # Luhn-invalid cards exist
    # spoken, formal, full-width
    ("银行卡 ⟦六二二二 零二幺二 三四五六 七八九零 幺两八⟧", ICBC_19),
    ("卡号是⟦六两两五八八幺两三四五六拐八九八⟧", CMB_16),
    ("⟦陆贰贰贰零贰壹贰叁肆伍陆柒捌玖零壹贰捌⟧", ICBC_19),
    ("卡号⟦６２２２０２１２３４５６７８９０１２８⟧", ICBC_19),
    # grouped
    ("⟦6222 0212 3456 7890 128⟧", ICBC_19),
    ("⟦6222-0212-3456-7890-128⟧", ICBC_19),
    ("卡号⟦6225 8812 3456 7898⟧。", CMB_16),
    ("⟦3702 471234 56781⟧", ICBC_AMEX_15),
    # mixed
    ("⟦6222零二幺二3456七八九零128⟧", ICBC_19),
    # beside other numbers
    (f"转账3800元到⟦{ICBC_19}⟧", ICBC_19),
]


@pytest.mark.parametrize("marked, value", VALID)
def test_valid_cards_are_found_in_every_form(marked, value):
    text, spans = unmark(marked)
    assert _found(text) == [(start, end, value) for start, end in spans]


INVALID = [
    make_card("1234567890123", 16),  # unknown BIN, no card word
    "6222021234567891",  # known BIN, wrong length, Luhn invalid
    make_card("62220212345678901234", 21),  # 21 digits
    "622202123456",  # 12 digits
    f"订单号{ICBC_19_BAD_LUHN}",  # weak match next to an order label
    f"流水号 {ICBC_19_BAD_LUHN}",
    f"ABC{ICBC_19}",  # glued to letters: a code
]


@pytest.mark.parametrize("text", INVALID)
def test_invalid_cards_are_not_reported(text):
    assert _found(text) == []


LOOK_ALIKES = [
    "尾号1234",
    "卡号尾号0128",
    "尾号为 幺两八 的卡",
    "您尾号0128的储蓄卡",
    "6222 **** **** 0128",
    "************0128",
    "622202*********0128",
    "金额62,220,212.34元",
    "余额 3800.00",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_card_look_alikes_are_not_reported(text):
    assert scan(text) == []


@given(st.text(alphabet="0123456789", min_size=12, max_size=19))
def test_fast_luhn_agrees_with_python_stdnum(number):
    from stdnum import luhn

    from recognizers.bank_card import luhn_valid

    assert luhn_valid(number) == luhn.is_valid(number)
