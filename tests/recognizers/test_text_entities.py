"""The word entities together: the quick check for texts that may hold one, and how their findings
meet the number findings."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
import test_address
import test_license_plate
import test_person
import test_qq
import test_wechat
from hypothesis import given
from hypothesis import strategies as st
from strategies import unmark

from recognizers import address, license_plate, person, qq, text_entities, wechat
from recognizers.scanner import scan
from recognizers.text_entities import ENTITIES, GATES, could_hold

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
    "text",
    ["好的，谢谢", "嗯", "您好，这边是客服中心", "13812345678", "对，谢谢您", "好的，明天再说", "麻烦您商量一下"],
)
def test_texts_without_trigger_words_fail_the_quick_check(text):
    assert not could_hold(text)
    assert [f for f in scan(text) if f.entity in ENTITIES] == []


@pytest.mark.parametrize("text", ["王伟来了", "昨天王建国来过电话", "张伟 13812345678", "是李明吗"])
def test_a_name_with_no_name_word_passes_the_quick_check_only_when_names_are_wanted(text):
    assert could_hold(text) and not could_hold(text, names=False)
    assert [f.entity for f in scan(text) if f.entity == "PERSON"] == ["PERSON"]
    assert [f for f in scan(text, entities=["CN_ADDRESS"])] == []


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


# --- the gate: one search for every finder's start words --------------------------------------

EVAL_SET = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "eval_snippets.jsonl"


def _texts() -> list[str]:
    with EVAL_SET.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines if line.strip()]
    return texts + [unmark(marked)[0] for marked in MARKED]


def test_no_finder_finds_anything_where_the_gate_finds_no_word():
    # the finders on their own, without the gate: whatever they find, the gate lets through
    missed = [
        text
        for text in _texts()
        if text_entities._holds_no_start_word(text) and any(finder(text) for finder in text_entities._FINDERS)
    ]
    assert missed == []


# The search each finder starts with; the person's second one (the own phrase) is a gate itself.
START_SEARCHES = [
    (person, person._TRIGGERS[0]),
    (address, address._ANCHORS),
    (qq, qq._MENTION),
    (wechat, wechat._MENTION),
    (license_plate, license_plate._MENTION),
]


@pytest.mark.parametrize("module, search", START_SEARCHES, ids=lambda item: getattr(item, "__name__", ""))
def test_every_start_a_finder_searches_for_begins_with_one_of_its_gate_words(module, search):
    starts = {text[match.start() : match.end()] for text in _texts() for match in search.finditer(text)}
    assert starts
    assert [start for start in sorted(starts) if not any(start.startswith(word) for word in module.GATE_WORDS)] == []


def test_the_own_phrase_of_a_name_is_a_gate_of_its_own():
    assert person._TRIGGERS[1].pattern in [gate.pattern for gate in GATES]
    assert not could_hold("好的，谢谢")  # 谢 is a surname, but no name follows
    assert could_hold("好的，刘建军，谢谢")


def test_the_plate_gate_words_are_exactly_the_plate_starts():
    assert all(license_plate._MENTION.fullmatch(word) for word in license_plate.GATE_WORDS)
    two_characters = {province + letter for province in license_plate._PROVINCES for letter in string.ascii_letters}
    assert {word for word in two_characters if license_plate._MENTION.fullmatch(word)} <= set(license_plate.GATE_WORDS)


@given(st.text(alphabet="，王李张伟明华丽先生女士我叫地址市区QqVx微信京A使1 ", max_size=30))
def test_the_gate_never_hides_a_finding(text):
    if text_entities._holds_no_start_word(text):
        assert [finding for finder in text_entities._FINDERS for finding in finder(text)] == []


@pytest.mark.parametrize(
    "text, entity, value",
    [
        ("丁乡1-0 3 0000000000000006", "CN_BANK_CARD", "1030000000000000006"),  # a unit code of a town? no: a card
        ("丁乡0-1 0 20000000", "CN_PHONE_NUMBER", "01020000000"),
    ],
)
def test_an_address_that_took_only_the_first_digits_of_a_number_gives_way_to_it(text, entity, value):
    assert [(f.entity, f.value) for f in scan(text)] == [(entity, value)]


@pytest.mark.parametrize("text", ["丁乡3-030000000000008", "丁乡 3-030000000000008"])
def test_a_card_written_with_a_dash_after_a_town_is_no_unit_code(text):
    assert [(f.entity, f.value) for f in scan(text)] == [("CN_BANK_CARD", "3030000000000008")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("丁乡3-0-30000000000008", [("CN_BANK_CARD", "3030000000000008")]),
        ("地址：九曲小区22-494 13812345678", [("CN_ADDRESS", "九曲小区22-494"), ("CN_PHONE_NUMBER", "13812345678")]),
    ],
)
def test_a_whole_number_is_never_a_house_or_room_number(text, expected):
    assert [(f.entity, f.value) for f in scan(text)] == expected


@pytest.mark.parametrize(
    "text, entity, value",
    [
        # a phone read inside the rest of an ID after an address would leave the ID's digits
        ("住在阳光花园1 1 01052000010 10008", "CN_RESIDENT_ID", "110105200001010008"),
        # formal digits with a pause are no transliterated name (found by the turns property)
        ("客户：伍肆·壹。客服：嗯嗯。客户：柒 零 玖零零零零零零零零零柒", "CN_BANK_CARD", "5417090000000007"),
        ("客户：6 2 1 0。客服：嗯嗯。客户：660 000 陆拐 0 0 00009", "CN_BANK_CARD", "6210660000670000009"),  # 拐 = 7
    ],
)
def test_a_number_is_not_lost_to_an_address_or_a_name_before_it(text, entity, value):
    assert (entity, value) in [(f.entity, f.value) for f in scan(text)]
    assert not [f for f in scan(text) if f.entity == "PERSON"]
