"""CN_PASSPORT for the Hong Kong, Macao and Taiwan travel permits: each shape only with its document
word near, the document kind in the metadata.

Table rows mark the expected finding with ⟦ ⟧ (see ``strategies.unmark``).
"""

from __future__ import annotations

import pytest
from strategies import unmark

from recognizers import passport
from recognizers.scanner import scan

HK_MACAO = "hk_macao_permit"
HOME_RETURN = "home_return_permit"
COMPATRIOT = "taiwan_compatriot_permit"
TAIWAN_TRAVEL = "taiwan_travel_permit"


def _found(text: str) -> list[tuple[int, int, str, str]]:
    return [(f.start, f.end, f.value, f.metadata.get("document")) for f in scan(text) if f.entity == passport.ENTITY]


@pytest.mark.parametrize(
    "number, kind",
    [
        ("C12345678", HK_MACAO),
        ("c12345678", HK_MACAO),
        ("CA1234567", HK_MACAO),
        ("CZ1234567", HK_MACAO),
        ("W12345678", HK_MACAO),
        ("CI1234567", None),  # I and O are not used as the second letter
        ("C1234567", None),
        ("W1234567", None),
        ("H12345678", HOME_RETURN),
        ("M12345678", HOME_RETURN),
        ("h1234567801", HOME_RETURN),
        ("H123456789", None),  # the renewal count has two digits
        ("H1234567", None),
        ("12345678", COMPATRIOT),
        ("1234567890", COMPATRIOT),
        ("1234567890(B)", COMPATRIOT),
        ("1234567890（B）", COMPATRIOT),
        ("123456789", None),
        ("1234567", None),
        ("L12345678", TAIWAN_TRAVEL),
        ("l12345678", TAIWAN_TRAVEL),
        ("L1234567", None),
        ("T12345678", None),
    ],
)
def test_document_kind(number, kind):
    assert passport.document_kind(number) == kind
    assert passport.is_valid(number) is (kind is not None)


FOUND = [
    # 往来港澳通行证
    ("港澳通行证⟦C12345678⟧", "C12345678", HK_MACAO),
    ("往来港澳通行证号码是⟦ca1234567⟧", "CA1234567", HK_MACAO),
    ("旧的通行证⟦W12345678⟧，已经过期", "W12345678", HK_MACAO),
    ("双程证⟦C 1234 5678⟧", "C12345678", HK_MACAO),
    ("港澳通行证号⟦C幺二三四五六七八⟧", "C12345678", HK_MACAO),
    ("证件号码⟦C12345678⟧", "C12345678", HK_MACAO),
    # 回乡证
    ("回乡证⟦H12345678⟧", "H12345678", HOME_RETURN),
    ("回乡证号码⟦H1234567801⟧", "H1234567801", HOME_RETURN),
    ("港澳居民来往内地通行证⟦m12345678⟧", "M12345678", HOME_RETURN),
    ("回乡证号 ⟦M 1234 5678⟧", "M12345678", HOME_RETURN),
    ("回乡证⟦H一二三四五六七八零零⟧", "H1234567800", HOME_RETURN),
    ("回乡证⟦H12345678⟧ 13812345678", "H12345678", HOME_RETURN),  # a letter form may precede a number
    ("电话13812345678 回乡证⟦M12345678⟧", "M12345678", HOME_RETURN),
    # 台胞证
    ("台胞证⟦12345678⟧", "12345678", COMPATRIOT),
    ("台胞证号 ⟦1234 5678⟧", "12345678", COMPATRIOT),
    ("台胞证号是⟦一二三四五六七八⟧，电话13812345678", "12345678", COMPATRIOT),
    ("旧台胞证号码⟦1234567890(B)⟧", "1234567890(B)", COMPATRIOT),
    ("台胞证⟦1234567890（B）⟧", "1234567890(B)", COMPATRIOT),
    ("台湾居民来往大陆通行证⟦87654321⟧", "87654321", COMPATRIOT),
    # 大陆居民往来台湾通行证
    ("大陆居民往来台湾通行证⟦L12345678⟧", "L12345678", TAIWAN_TRAVEL),
    ("赴台通行证号码⟦l1234 5678⟧", "L12345678", TAIWAN_TRAVEL),
    ("证件号⟦L12345678⟧", "L12345678", TAIWAN_TRAVEL),
]


@pytest.mark.parametrize("marked, value, kind", FOUND)
def test_permits_with_a_document_word_are_found(marked, value, kind):
    text, spans = unmark(marked)
    assert _found(text) == [(start, end, value, kind) for start, end in spans]


NOT_PERMITS = [
    # no document word: a letter and eight digits is any code
    "C12345678",
    "H12345678",
    "L12345678",
    "12345678",
    "W12345678",
    # order, tracking and product numbers, 工号, 验证码
    "订单号C12345678",
    "运单号SF1234567890",
    "快递单号SF1234567890，通行证已寄出",
    "通行证办好了，订单号C12345678",
    "工号H12345678",
    "验证码12345678",
    "产品型号L12345678",
    # digits only need the document's own name
    "证件号12345678",
    "通行证12345678",
    # look-alikes
    "港澳通行证CI1234567",
    "港澳通行证C123456789",
    "回乡证H123456789",
    "回乡证AH12345678",
    "回乡证H12345678X",
    "大陆居民往来台湾通行证L1234567",
    "台胞证123456789",
    "台胞证1234 5678 9012",  # a piece of a longer grouped number
    "台胞证号码123 12345678",
    "台胞证C12345678",  # the 港澳 shape needs a 港澳 word
]


@pytest.mark.parametrize("text", NOT_PERMITS)
def test_not_permits(text):
    assert _found(text) == []


def test_a_permit_number_is_not_taken_for_another_identifier():
    assert [f.entity for f in scan("台胞证12345678，回乡证H1234567801")] == [passport.ENTITY, passport.ENTITY]
