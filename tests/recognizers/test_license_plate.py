"""CN_LICENSE_PLATE: province character, office letter, five characters (six for new energy).

Table rows mark the expected finding with ⟦ ⟧ (see ``strategies.unmark``).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import unmark

from recognizers import license_plate
from recognizers.scanner import scan

ENTITY = license_plate.ENTITY


def _found(text: str) -> list[tuple[int, int, str]]:
    return [(f.start, f.end, f.value) for f in scan(text) if f.entity == ENTITY]


PLATES = [
    ("车牌⟦鄂A12345⟧", "鄂A12345"),
    ("客户：我车牌号是⟦粤B8K2M9⟧，白色的", "粤B8K2M9"),
    ("⟦京A·12345⟧", "京A12345"),
    ("车号⟦沪AD12345⟧", "沪AD12345"),  # new energy, small
    ("⟦粤B12345F⟧新能源大巴", "粤B12345F"),  # new energy, large
    ("挂车⟦冀A1234挂⟧", "冀A1234挂"),
    ("教练车⟦川A1234学⟧", "川A1234学"),
    ("⟦京A1234警⟧", "京A1234警"),
    ("⟦沪A1234领⟧", "沪A1234领"),
    ("⟦粤Z1234港⟧", "粤Z1234港"),
    ("⟦使123456⟧", "使123456"),
    ("车牌⟦鄂a12345⟧", "鄂A12345"),  # ASR lower case
    ("⟦浙A12345⟧和⟦浙B54321⟧", None),
]


@pytest.mark.parametrize("marked, value", PLATES)
def test_plates_are_found(marked, value):
    text, spans = unmark(marked)
    found = _found(text)
    assert [(start, end) for start, end, _value in found] == spans
    if value is not None:
        assert found[0][2] == value


NOT_PLATES = [
    "鄂AI2345",  # I is not used
    "鄂AO2345",
    "京A123456789",
    "京A1234",  # too short
    "A12345",
    "型号XA12345",
    "鄂A12345678",
    "中A12345",  # not a province abbreviation
]


@pytest.mark.parametrize("text", NOT_PLATES)
def test_not_plates(text):
    assert _found(text) == []


def test_a_plate_word_raises_the_score():
    [bare] = scan("鄂A12345")
    [worded] = scan("车牌鄂A12345")
    assert bare.score < worded.score


def test_the_digits_of_a_plate_are_not_a_service_number():
    assert [f.entity for f in scan("车牌鄂A95588")] == [ENTITY]


def test_the_mask_keeps_the_province_and_office():
    (finding,) = scan("车牌鄂A12345")
    assert finding.masked == "鄂A*****"


@settings(max_examples=150, deadline=None)
@given(
    province=st.sampled_from("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"),
    office=st.sampled_from("ABCDEFGHJKLMNPQRSTUVWXYZ"),
    tail=st.text(st.sampled_from("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"), min_size=5, max_size=5),
    before=st.sampled_from(("", "车牌", "客户：我的车是", "，")),
    after=st.sampled_from(("", "，谢谢", "的车")),
)
def test_any_ordinary_plate_is_found(province, office, tail, before, after):
    plate = province + office + tail
    text = before + plate + after
    assert _found(text) == [(len(before), len(before) + len(plate), plate)]
