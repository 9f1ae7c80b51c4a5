"""CN_QQ_NUMBER: 5–11 digits right after a QQ word.

Table rows mark the expected finding with ⟦ ⟧ (see ``strategies.unmark``).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import unmark

from recognizers import qq
from recognizers.scanner import scan

ENTITY = qq.ENTITY


def _found(text: str) -> list[tuple[int, int, str]]:
    return [(f.start, f.end, f.value) for f in scan(text) if f.entity == ENTITY]


QQ_NUMBERS = [
    ("QQ号⟦12345678⟧", "12345678"),
    ("客户：我QQ是⟦10001⟧", "10001"),
    ("加我qq：⟦987654321⟧，谢谢", "987654321"),
    ("我的QQ号码是 ⟦2850123456⟧", "2850123456"),
    ("扣扣号⟦幺二三四五六七八⟧", "12345678"),
    ("企鹅号⟦５５６６７７８８⟧", "55667788"),
    ("QQ⟦13812345678⟧", "13812345678"),  # phone-shaped, but said as a QQ number
    ("客服：方便留个QQ吗？客户：QQ⟦3344556677⟧", "3344556677"),
]


@pytest.mark.parametrize("marked, value", QQ_NUMBERS)
def test_qq_numbers_after_a_qq_word_are_found(marked, value):
    text, spans = unmark(marked)
    assert _found(text) == [(start, end, value) for start, end in spans]


NOT_QQ_NUMBERS = [
    "12345678",  # no QQ word
    "QQ号是0123456",  # starts with 0
    "QQ号1234",  # four digits
    "QQ号123456789012",  # twelve digits
    "QQ音乐会员12345678元",
    "QQ群里说的，订单号12345678",
    "QQ12345678abc",
    "加我QQ吧",
]


@pytest.mark.parametrize("text", NOT_QQ_NUMBERS)
def test_not_qq_numbers(text):
    assert _found(text) == []


def test_a_phone_shaped_qq_number_is_reported_once_as_qq():
    assert [f.entity for f in scan("我QQ号13812345678")] == [ENTITY]


def test_the_mask_keeps_two_digits_at_each_end():
    (finding,) = scan("QQ号12345678")
    assert finding.masked == "12****78"


@settings(max_examples=150, deadline=None)
@given(
    number=st.integers(10_000, 99_999_999_999).map(str),
    word=st.sampled_from(("QQ", "qq", "QQ号", "QQ号码是", "扣扣", "企鹅号：")),
    before=st.sampled_from(("", "客户：我的", "加一下")),
    after=st.sampled_from(("", "，谢谢", "。")),
)
def test_any_qq_number_after_a_qq_word(number, word, before, after):
    text = before + word + number + after
    start = len(before + word)
    assert _found(text) == [(start, start + len(number), number)]
