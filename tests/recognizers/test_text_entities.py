"""The word entities together: the quick check for texts that may hold one, and how their findings
meet the number findings."""

from __future__ import annotations

import pytest
import test_address
import test_license_plate
import test_person
import test_qq
import test_wechat
from strategies import unmark

from recognizers.scanner import scan
from recognizers.text_entities import ENTITIES, could_hold

MARKED = [
    *test_person.POSITIVES,
    *test_person.EMBEDDED,
    *test_address.ADDRESSES,
    *test_address.SPLIT_BY_ASR,
    *test_address.EMBEDDED,
    *(marked for marked, _value in test_qq.QQ_NUMBERS),
    *test_wechat.WECHAT_IDS,
    *(marked for marked, _value in test_license_plate.PLATES),
]


@pytest.mark.parametrize("marked", MARKED)
def test_every_text_with_a_finding_passes_the_quick_check(marked):
    text, _spans = unmark(marked)
    assert could_hold(text)


@pytest.mark.parametrize(
    "text", ["好的，谢谢", "嗯", "王伟", "您好，这边是客服中心", "13812345678", "对，谢谢您", "好的，明天再说"]
)
def test_texts_without_trigger_words_fail_the_quick_check(text):
    assert not could_hold(text)
    assert [f for f in scan(text) if f.entity in ENTITIES] == []


@pytest.mark.parametrize(
    "text, entities",
    [
        ("地址是武汉市洪山区珞喻路10086号", ["CN_ADDRESS"]),  # 10086 is a service number elsewhere
        ("QQ号13812345678", ["CN_QQ_NUMBER"]),
        ("车牌鄂A95588", ["CN_LICENSE_PLATE"]),
        ("微信13812345678", ["CN_PHONE_NUMBER"]),
        ("我叫王建国，手机13812345678", ["PERSON", "CN_PHONE_NUMBER"]),
    ],
)
def test_a_number_inside_an_address_qq_number_or_plate_belongs_to_it(text, entities):
    assert [f.entity for f in scan(text)] == entities
