"""CN_BANK_CARD without a card word: Luhn-valid numbers in a card network's IIN range (issue 12).

Each number is built with its Luhn digit (``strategies.make_card``) on a prefix the shipped BIN
table does not know, so only the network range can make it a card.
"""

from __future__ import annotations

import pytest
from strategies import make_card, unmark

from recognizers import bank_card
from recognizers.scanner import scan

ENTITY = bank_card.ENTITY

VISA_19 = make_card("400211993355943359", 19)
VISA_16 = make_card("400211993355943", 16)
MASTERCARD_16 = make_card("510000123456789", 16)
MASTERCARD_2_SERIES_16 = make_card("250059500525912", 16)
UNIONPAY_19 = make_card("629999123456789012", 19)
JCB_16 = make_card("359999123456789", 16)
AMEX_15 = make_card("34999912345678", 15)
# Luhn-valid, card length, but outside every network's range (1, 2220, 2721, 30, 60, 9…).
OUTSIDE = [
    make_card("123456789012345", 16),
    make_card("222012345678901", 16),
    make_card("272112345678901", 16),
    make_card("300012345678901", 16),
    make_card("600012345678901", 16),
    make_card("900012345678901234", 19),
    make_card("36999912345678", 15),  # 15 digits: only 34/37 (Amex) count
    make_card("62999912345678", 15),
]
NETWORK_CARDS = [VISA_19, VISA_16, MASTERCARD_16, MASTERCARD_2_SERIES_16, UNIONPAY_19, JCB_16, AMEX_15]


def _cards(text: str) -> list[tuple[int, int, str]]:
    return [(f.start, f.end, f.value) for f in scan(text) if f.entity == ENTITY]


@pytest.mark.parametrize("number", NETWORK_CARDS + OUTSIDE)
def test_the_numbers_have_no_known_issuer(number):
    assert bank_card.lookup(number) is None and bank_card.luhn_valid(number)


@pytest.mark.parametrize(
    "number, network",
    [
        (VISA_19, "Visa"),
        (MASTERCARD_16, "Mastercard"),
        (MASTERCARD_2_SERIES_16, "Mastercard"),
        (make_card("222100000000000", 16), "Mastercard"),
        (make_card("272099999999999", 16), "Mastercard"),
        (UNIONPAY_19, "UnionPay"),
        (JCB_16, "JCB"),
        (AMEX_15, "American Express"),
        (make_card("37999912345678", 15), "American Express"),
        (make_card("4999991234567", 14), None),  # too short for any network
        (make_card("34999912345678901", 18), None),  # Amex is 15 digits only
    ]
    + [(number, None) for number in OUTSIDE],
)
def test_card_network_by_iin_range_and_length(number, network):
    assert bank_card.card_network(number) == network


@pytest.mark.parametrize(
    "digits, context, score",
    [
        (VISA_19, False, 0.5),  # unknown BIN in a network's range, Luhn valid
        (VISA_19, True, 0.75),
        (AMEX_15, False, 0.5),
        (OUTSIDE[0], False, None),  # unknown BIN outside the ranges: only with context
        (OUTSIDE[0], True, 0.65),
        (VISA_19[:-1] + str((int(VISA_19[-1]) + 1) % 10), True, None),  # Luhn invalid
    ],
)
def test_match_scores_network_numbers(digits, context, score):
    found = bank_card.match(digits, context)
    if score is None:
        assert found is None
    else:
        assert (found.entity, found.score) == (ENTITY, pytest.approx(score))


def test_the_network_is_named_in_metadata_but_not_the_number():
    found = bank_card.match(UNIONPAY_19, context=False)
    assert found.metadata == {"network": "UnionPay"}
    assert UNIONPAY_19 not in found.reason


FOUND = [
    f"坐席：您说的是⟦{VISA_19}⟧，没错。",
    f"客户：⟦{MASTERCARD_2_SERIES_16}⟧。",
    f"客户：那个号是⟦{UNIONPAY_19}⟧，对吧？",
    f"⟦{JCB_16}⟧",
    f"号码⟦{AMEX_15}⟧",
    f"我记下来是⟦{VISA_16[:4]} {VISA_16[4:8]} {VISA_16[8:12]} {VISA_16[12:]}⟧",
    f"对，⟦{MASTERCARD_16}⟧，然后转3800元",
]


@pytest.mark.parametrize("marked", FOUND)
def test_network_cards_are_found_without_a_card_word(marked):
    text, spans = unmark(marked)
    assert [(start, end) for start, end, _value in _cards(text)] == spans


SURVIVE = [
    # an explicit non-card label nearby wins, even over a Luhn-valid network number
    f"订单号{VISA_19}",
    f"订单号：{MASTERCARD_16}",
    f"保单号 {UNIONPAY_19}",
    f"快递单号{JCB_16}",
    f"运单号是{MASTERCARD_2_SERIES_16}",
    f"工号{VISA_16}",
    f"验证码{AMEX_15}",
    f"流水号{VISA_16}",
    # amounts and codes
    f"转了{VISA_16}元",
    f"SN{UNIONPAY_19}",
    # outside every network range
    *OUTSIDE,
    # dates and times
    "20231122103045",
    "2023112210304512",
    "订单号202311221234567890",
]


@pytest.mark.parametrize("text", SURVIVE)
def test_non_card_numbers_survive(text):
    assert _cards(text) == []
