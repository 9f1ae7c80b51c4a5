"""Landlines one digit short or long for their city, after a phone word (issue 12).

ASR drops or doubles a digit; in phone context the number is still someone's and is redacted,
with a lower score and ``validated: False``. Without a phone word, or as a dialable number,
nothing changes.
"""

from __future__ import annotations

import pytest
from strategies import unmark

from recognizers import phone
from recognizers.scanner import NEAR_MISS_SCORE, scan


@pytest.mark.parametrize(
    "digits, off_by_one",
    [
        ("0106234567", True),  # Beijing, 7 of 8 subscriber digits
        ("010623456789", True),  # Beijing, 9 digits
        ("0755888866667", True),  # Shenzhen, 9 digits
        ("0216684890", True),  # Shanghai, 7 digits
        ("0391234567", True),  # 0391, 6 of 7 digits
        ("01062345678", False),  # valid as written
        ("075588886666", False),
        ("0755888866", False),  # two digits short
        ("0123456789", False),  # no such area code
        ("0086106234567", False),  # a country prefix, not an area code
        ("1381234567", False),  # not a landline
    ],
)
def test_is_landline_off_by_one(digits, off_by_one):
    assert phone.is_landline_off_by_one(digits) is off_by_one


FOUND = [
    "客户：单位固话⟦027-5479735⟧。",
    "客户：单位固话⟦0202921678⟧。",
    "坐席：您的联系电话⟦0755809905177⟧。",
    "客户：座机⟦(021)771543949⟧。",
    "客户：家里电话是⟦(021)8498614⟧。",
    "坐席：您的联系电话⟦020-484516720⟧。",
    "电话号码：⟦0571-857288465⟧",
    "固定电话 ⟦010 6234 567⟧，谢谢",
]


@pytest.mark.parametrize("marked", FOUND)
def test_off_by_one_landlines_in_phone_context_are_redacted_unvalidated(marked):
    text, spans = unmark(marked)
    findings = scan(text)
    assert [(f.start, f.end) for f in findings] == spans
    (finding,) = findings
    assert finding.entity == phone.ENTITY
    assert finding.score == NEAR_MISS_SCORE
    assert finding.metadata == {"kind": "landline", "validated": False}


SURVIVE = [
    "0202921678",  # no phone word
    "编号0202921678",
    "订单号0755809905177",
    "电话是多少？订单号是0202921678",  # the phone word is too far away, an order label is near
    "座机0755888866",  # two digits short
]


@pytest.mark.parametrize("text", SURVIVE)
def test_off_by_one_landlines_need_a_phone_word_right_before(text):
    assert scan(text) == []


def test_a_valid_landline_keeps_its_validated_score():
    (finding,) = scan("座机010-62345678")
    assert finding.score > NEAR_MISS_SCORE
    assert finding.metadata == {"kind": "landline"}
