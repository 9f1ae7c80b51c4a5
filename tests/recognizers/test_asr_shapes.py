"""Numbers as call-center ASR writes them (issue 12): a number read out in pieces with pauses and
filler words between the pieces, and the numbers that must survive next to those fillers.

Rows mark each expected finding with ⟦ ⟧ and list the entities in order of position.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import (
    NUMBER_ENTITIES,
    filler,
    transcript_numbers,
    unmark,
    written,
)

from recognizers.normalize import fold
from recognizers.phone import is_valid_mobile, national_number
from recognizers.scanner import PERSONAL_ENTITIES, scan

ID, PHONE, CARD, BUSINESS = "CN_RESIDENT_ID", "CN_PHONE_NUMBER", "CN_BANK_CARD", "CN_BUSINESS_NUMBER"


def _found(text: str) -> list[tuple[str, int, int]]:
    return [(f.entity, f.start, f.end) for f in scan(text)]


def _assert_finds(marked: str, entities: list[str]) -> None:
    text, spans = unmark(marked)
    assert _found(text) == [(entity, start, end) for entity, (start, end) in zip(entities, spans, strict=True)]


FILLERS_BETWEEN_GROUPS = [
    ("我手机是⟦幺三八，嗯，一二三四，五六七八⟧。", [PHONE]),
    ("我手机是⟦138，嗯，1234，5678⟧。", [PHONE]),
    ("手机⟦幺三八。一二三四。五六七八⟧。", [PHONE]),
    ("电话是⟦幺三八……那个……幺二三四……五六七八⟧", [PHONE]),
    ("号码⟦幺三八 呃 幺二三四 就是 五六七八⟧对吧", [PHONE]),
    ("号码⟦幺三八，对，幺二三四，然后五六七八⟧", [PHONE]),
    ("身份证号是⟦幺幺零幺零五，嗯，幺九四九幺二三幺零零二叉⟧", [ID]),
    ("身份证号是⟦110105，嗯，19491231，啊，002X⟧", [ID]),
    ("身份证号是⟦一一零一零五，嗯，一九八五零三一二一零零七⟧", [ID]),  # not a phone plus a region code
    ("证件号码⟦一一零一零五、一九四九一二三一、零零二X⟧", [ID]),
    ("卡号⟦六二二二，嗯，零二幺二，三四五六，那个，七八九零幺二八⟧", [CARD]),
    ("卡号是⟦6222 0212，呃，3456 7890，128⟧，工商银行", [CARD]),
    # two numbers, each read out in pieces
    ("手机⟦幺三八，嗯，一二三四，五六七八⟧，身份证⟦一一零一零五，嗯，一九四九一二三一零零二叉⟧", [PHONE, ID]),
]


@pytest.mark.parametrize("marked, entities", FILLERS_BETWEEN_GROUPS)
def test_a_number_read_out_in_pieces_is_found_whole(marked, entities):
    _assert_finds(marked, entities)


# The check character said aloud, and radio-style digits (幺 1, 两 2, 拐 7, 勾 9, 洞 0).
SPOKEN_CHECK_CHARACTER_AND_RADIO_DIGITS = [
    ("身份证⟦幺幺零幺零五幺九四九幺二三幺零零二叉⟧", [ID]),
    ("身份证⟦幺幺零幺零五幺九四九幺二三幺零零二艾克斯⟧，对", [ID]),
    ("身份证⟦11010519491231002大写的X⟧", [ID]),
    ("身份证⟦一一零一零五一九四九一二三一零零二大写X⟧", [ID]),
    ("身份证⟦11010519491231002小写x⟧，没错", [ID]),
    ("身份证⟦一一零一零五，嗯，一九四九一二三一零零二，小写的x⟧", [ID]),
    ("手机⟦幺三勾 幺两三四 五六拐八⟧", [PHONE]),
    ("座机⟦洞幺洞 六两三四 五六拐八⟧", [PHONE]),
    ("手机⟦幺勾勾 洞洞洞洞 拐拐拐拐⟧", [PHONE]),
]


@pytest.mark.parametrize("marked, entities", SPOKEN_CHECK_CHARACTER_AND_RADIO_DIGITS)
def test_spoken_check_character_and_radio_digits(marked, entities):
    _assert_finds(marked, entities)


def test_a_spoken_x_after_a_number_that_is_no_id_is_not_swallowed():
    # 13812345678 is a phone; the 艾克斯 after it is a word of the sentence
    assert _found("手机13812345678艾克斯那边") == [(PHONE, 2, 13)]


# Not personal: amounts, dates, times, order and policy numbers, staff numbers, codes, service
# numbers, counts and percentages, also with a filler or a pause next to them.
SURVIVE_NEXT_TO_FILLERS = [
    "每条20到30元，嗯，对",
    "嗯，5000万，然后，3000万",
    "就是2023年5月，嗯，12号",
    "嗯，下午3点，那个，15分",
    "订单号，嗯，202305121234，就是这个",
    "保单号是，嗯，8812345678901",
    "我工号，嗯，12345，就是",
    "验证码，嗯，幺二三四，五六",
    "嗯，三个，然后，五个",
    "百分之三十，嗯，百分之二十",
    "20%，嗯，30%",
    "那个，12，嗯，30，然后，45",
]


@pytest.mark.parametrize("text", SURVIVE_NEXT_TO_FILLERS)
def test_non_personal_numbers_next_to_fillers_survive(text):
    assert [f for f in scan(text) if f.entity in PERSONAL_ENTITIES] == []


def test_service_numbers_next_to_fillers_stay_business():
    assert [f.entity for f in scan("客服电话，嗯，95588，然后，400-820-8820")] == [BUSINESS, BUSINESS]


# ---------------------------------------------------------------------------------------------
# Properties: a pause or a filler between the groups of a number changes nothing.

GAPS = ("，嗯，", "。", "……", " 那个 ", "，就是，", "、然后、", "，呃，", "，对，", "…啊…", " ")
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def with_gaps(draw, written_number: str) -> str:
    """``written_number`` with up to three gaps drawn between two of its digits."""
    folded = fold(written_number)
    places = [index for index in range(1, len(folded)) if folded[index - 1].isdigit() and folded[index].isdigit()]
    chosen = sorted(draw(st.sets(st.sampled_from(places), max_size=3))) if places else []
    out, previous = [], 0
    for index in chosen:
        out += [written_number[previous:index], draw(st.sampled_from(GAPS))]
        previous = index
    return "".join(out) + written_number[previous:]


@st.composite
def numbers_with_gaps(draw) -> tuple[str, str, str]:
    kind, number, value = draw(transcript_numbers())
    return kind, draw(with_gaps(number)), value


@SETTINGS
@given(number=numbers_with_gaps(), before=filler(), after=filler())
def test_a_gap_between_groups_keeps_a_valid_number_found_whole(number, before, after):
    entity, text_of_number, value = number
    text = before + text_of_number + after
    assert [(f.entity, f.start, f.end, f.value) for f in scan(text, entities=NUMBER_ENTITIES)] == [
        (entity, len(before), len(before) + len(text_of_number), value)
    ]


# 154 is not an allocated mobile range: eleven digits starting with it look like a phone number
# and are none, whatever stands between their groups.
@SETTINGS
@given(
    rest=st.text(st.sampled_from("0123456789"), min_size=8, max_size=8), data=st.data(), before=filler(), after=filler()
)
def test_a_gap_between_groups_keeps_a_look_alike_unfound(rest, data, before, after):
    number = data.draw(with_gaps(data.draw(written("154" + rest))))
    assert [f for f in scan(before + number + after, entities=NUMBER_ENTITIES) if f.entity in PERSONAL_ENTITIES] == []


# ---------------------------------------------------------------------------------------------
# Near misses in strong context: one character misheard, dropped or doubled.

NEAR_MISSES = [
    ("身份证号是⟦110105194912310021⟧", ID),  # wrong check character
    ("身份证号码是：⟦11010519491231002⟧", ID),  # a digit dropped
    ("证件号码⟦一一零一零五，嗯，一九八五零三一二一零零八⟧", ID),  # not a phone plus leftovers
    ("我手机号是⟦1381234567⟧", PHONE),
    ("我手机号是⟦138123456789⟧", PHONE),
    ("手机号码⟦幺三八 幺二三四 五六七⟧，对", PHONE),
    ("我手机号是⟦幺三八一二三四五六七八九⟧，你们打这个", PHONE),  # a doubled digit, spoken unbroken
    # 62…: a Gansu region code and UnionPay's IIN; Luhn-valid, but after an ID label an ID
    ("您的证件号码⟦620102198503121000⟧", ID),
]


@pytest.mark.parametrize("marked, entity", NEAR_MISSES)
def test_a_near_miss_after_a_strong_label_is_found_unvalidated(marked, entity):
    text, [(start, end)] = unmark(marked)
    [finding] = scan(text)
    assert (finding.entity, finding.start, finding.end) == (entity, start, end)
    assert finding.metadata["validated"] is False
    assert finding.score < 0.6
    assert finding.value not in str(finding.public_dict())


NOT_NEAR_MISSES = [
    "110105194912310021",  # no label
    "订单号110105194912310021",
    "编号1381234567",
    "身份证的事情我们之后再说，订单号1381234567",  # the label is far from the number
    "我手机号是0123456789",
    "身份证号是2023年，12345",
]


@pytest.mark.parametrize("text", NOT_NEAR_MISSES)
def test_a_look_alike_without_a_strong_label_is_no_near_miss(text):
    assert [f for f in scan(text) if f.entity in PERSONAL_ENTITIES] == []


def test_a_valid_phone_in_the_run_is_kept_rather_than_a_near_miss():
    [finding] = scan("我手机号是13812345678，9点以后打")
    assert (finding.end, finding.score, finding.metadata) == (16, 1.0, {"kind": "mobile"})


@pytest.mark.parametrize("number", ["14612345678", "14812345678", "14912345678"])
def test_data_only_mobile_ranges_are_found_in_transcripts_but_not_dialable(number):
    [finding] = scan(f"客户说他的号码是{number}，流量卡")
    assert (finding.entity, finding.metadata["data_only"]) == (PHONE, True)
    assert not is_valid_mobile(number)
    assert national_number(number) is None
