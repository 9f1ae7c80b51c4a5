"""CN_WECHAT_ID: 6–20 characters, a letter first, right after a WeChat word.

Table rows mark the expected finding with ⟦ ⟧ (see ``strategies.unmark``).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import unmark

from recognizers import wechat
from recognizers.scanner import scan

ENTITY = wechat.ENTITY


def _found(text: str) -> list[tuple[int, int, str]]:
    return [(f.start, f.end, f.value) for f in scan(text) if f.entity == ENTITY]


WECHAT_IDS = [
    "加我微信⟦zhangwei_88⟧",
    "客户：我微信号是⟦Li-Na2024⟧，你加一下",
    "微信：⟦wxid_abc123⟧",
    "vx ⟦Sunny_1990⟧",
    "VX号⟦abcdef⟧",
    "wx⟦wang-jianguo⟧谢谢",
    "我的V信是⟦qiqi2023⟧",
    "微信号 ⟦a12345678901234567_9⟧",
]


@pytest.mark.parametrize("marked", WECHAT_IDS)
def test_wechat_ids_after_a_wechat_word_are_found(marked):
    text, spans = unmark(marked)
    assert [(start, end) for start, end, _value in _found(text)] == spans


NOT_WECHAT_IDS = [
    "加我微信",
    "微信13812345678",  # a phone number given for WeChat stays a phone number
    "微信支付abcdef",
    "微信号abc",  # too short
    "微信号a123456789012345678901",  # too long
    "zhangwei_88",  # no WeChat word
    "微信号_abcdef",  # not a letter first
    "微信号zhangwei@163.com",  # an e-mail address
    "我用微信扫一扫",
]


@pytest.mark.parametrize("text", NOT_WECHAT_IDS)
def test_not_wechat_ids(text):
    assert _found(text) == []


def test_a_phone_number_given_for_wechat_is_a_phone_number():
    assert [f.entity for f in scan("加我微信13812345678")] == ["CN_PHONE_NUMBER"]


def test_the_mask_keeps_two_characters():
    (finding,) = scan("微信zhangwei_88")
    assert finding.masked == "zh*********"


@settings(max_examples=150, deadline=None)
@given(
    first=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCXYZ"),
    rest=st.text(st.sampled_from("abcxyz0123456789_-"), min_size=5, max_size=19),
    word=st.sampled_from(("微信", "微信号", "微信号是", "VX", "wx：")),
    after=st.sampled_from(("", "，谢谢", "。")),
)
def test_any_wechat_id_after_a_wechat_word(first, rest, word, after):
    value = first + rest
    text = "客户：加我" + word + value + after
    start = len("客户：加我" + word)
    assert _found(text) == [(start, start + len(value), value)]
