"""The call layer (issue 22): a call read as a whole, the agent's question setting the type of the
answer in the following turns.

Rows mark with ⟦ ⟧ every stretch that must be redacted as the row's entity: each character of it
that is not a pause or filler must lie in a finding of that entity. Keep rows must give no personal
finding at all.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scaling_support import grows_linearly
from strategies import unmark

from recognizers.call import scan_call, scan_text, scan_turns, turns_of
from recognizers.masking import mask
from recognizers.scanner import PERSONAL_ENTITIES, scan
from screen.redact.operators import Operator
from screen.redact.redactor import Redactor

ID, PHONE, CARD, PASSPORT = "CN_RESIDENT_ID", "CN_PHONE_NUMBER", "CN_BANK_CARD", "CN_PASSPORT"
PERSON, ADDRESS, QQ, WECHAT, PLATE = "PERSON", "CN_ADDRESS", "CN_QQ_NUMBER", "CN_WECHAT_ID", "CN_LICENSE_PLATE"
MOBILE, RESIDENT_ID, BANK_CARD = "13812345678", "11010519491231002X", "6222021234567890128"
_EMPTY = set("，,。.…、 嗯呃")

SHAPES = {
    "answer": [
        ("坐席：请问您的身份证号码是多少？\n客户：⟦11010519491231002X⟧。", ID),
        ("坐席：您的手机号是多少？\n客户：是⟦幺三八一二三四五六七八⟧，就这个。", PHONE),
        ("坐席：还款的卡号报一下？\n客户：好的，⟦6222021234567890128⟧。", CARD),
        ("坐席：留一个联系电话吧？\n客户：⟦15529355⟧，就这个。", PHONE),  # no area code
        ("坐席：您的护照号码是多少？\n客户：⟦E12345678⟧。", PASSPORT),
        ("客服：您的联系方式是？\n用户：嗯，⟦13812345678⟧。", PHONE),
        ("A：方便说一下手机号码吗？\nB：⟦138 1234 5678⟧", PHONE),
    ],
    "pieces": [
        (
            "坐席：您的手机号是多少？\n客户：⟦幺三⟧，\n坐席：嗯。\n客户：⟦八一二三四⟧\n坐席：后面呢？\n客户：⟦五六七八⟧。",
            PHONE,
        ),
        (
            "坐席：身份证号码说一下？\n客户：⟦一一零一零五一⟧\n坐席：您说。\n客户：⟦九四九一二三一零⟧\n"
            "坐席：还有呢？\n客户：⟦零二叉⟧。",
            ID,
        ),
        (
            "坐席：卡号？\n客户：⟦6222⟧\n坐席：好\n客户：⟦021234⟧\n坐席：嗯\n客户：⟦5678901⟧\n坐席：好的，您说\n客户：⟦28⟧",
            CARD,
        ),
        ("坐席：QQ号多少？\n客户：⟦二八七⟧，\n坐席：嗯。\n客户：⟦六五四⟧。\n坐席：然后呢？\n客户：⟦三二一⟧", QQ),
        ("坐席：单位电话是多少？\n客户：⟦0⟧……\n坐席：嗯。\n客户：⟦21，6234⟧\n坐席：还有呢？\n客户：⟦5678⟧", PHONE),
        # the agent reads each piece back: the read-backs are as personal as the pieces
        (
            "坐席：您的手机号是多少？\n客户：⟦幺三八⟧\n坐席：⟦幺三八⟧，好的\n客户：⟦一二三四⟧\n坐席：⟦一二三四⟧\n客户：⟦五六七八⟧",
            PHONE,
        ),
        ("坐席：您的手机号是多少？\n客户：⟦幺三八⟧，然后是⟦一二三四⟧，最后是⟦五六七八⟧。", PHONE),
        ("客户：要我的身份证号吗？\n坐席：对。\n客户：⟦一一零一零五⟧\n坐席：嗯\n客户：⟦一九四九一二三一零零二叉⟧", ID),
        # connectors and backchannels other words than 然后/后面呢 (held-out calls)
        (
            "坐席：手机号多少？\n客户：⟦幺三八⟧\n坐席：嗯\n客户：再往后是⟦一二三四⟧\n坐席：好\n客户：接下来是⟦五六七八⟧",
            PHONE,
        ),
        (
            "坐席：手机号多少？\n客户：⟦幺三八⟧\n坐席：嗯，记着呢\n客户：⟦一二三四⟧\n坐席：接着说\n客户：⟦五六七八⟧",
            PHONE,
        ),
        # the check character alone in the last turn, after a turn ending with a full stop
        ("坐席：身份证号？\n客户：⟦一一零一零五⟧\n坐席：嗯\n客户：⟦一九四九一二三一零零二⟧。\n坐席：嗯\n客户：⟦X⟧", ID),
        (
            "坐席：卡号念一下？\n客户：⟦6222 0212⟧\n坐席：嗯哼\n客户：⟦3456 7890⟧\n坐席：OK，还有吗？\n客户：⟦128⟧",
            CARD,
        ),
        ("坐席：您手机号码是多少？\n客户：订单号我不知道，手机是⟦一三八二四五六七八九零⟧。", PHONE),
        # a request asks as a question does (登记一下…，您说)
        (
            "坐席：这边登记一个联系方式，您说。\n客户：⟦幺三八⟧\n坐席：嗯\n客户：⟦一二三四⟧\n坐席：好\n客户：⟦五六七八⟧",
            PHONE,
        ),
    ],
    "near_miss": [
        ("坐席：请问您的身份证号码是多少？\n客户：⟦1101051949123100⟧\n坐席：嗯\n客户：⟦2⟧", ID),  # 17
        ("坐席：身份证号？\n客户：⟦110105194912310023⟧。", ID),  # wrong check character
        ("坐席：证件号是多少？\n客户：⟦1101051949123110023⟧。", ID),  # 19
        ("坐席：您的手机号是多少？\n客户：⟦幺三八一二三四五六七⟧。", PHONE),  # 10
        ("坐席：您的手机号是多少？\n客户：⟦一三八一二三四四五六七八⟧。", PHONE),  # 12
        ("坐席：家里座机电话多少？\n客户：⟦0216234567⟧。", PHONE),  # a digit short
        # a valid number with digits said right against it: the whole run, not the valid part
        ("坐席：手机号码？\n客户：嗯，⟦1 3 8 1 2 3 4 5 6 7 8 8⟧，就这个。", PHONE),  # 12, 11 valid
        ("坐席：单位电话留一个？\n客户：⟦零二一六二三四五六七八九⟧，就这个。", PHONE),  # a digit long
        ("坐席：身份证号？\n客户：⟦11010519491231002X 1⟧。", ID),  # 19, 18 valid
        ("坐席：身份证号？\n客户：⟦110 1051 9491 2310 0231⟧。", ID),  # 19 around a 15-digit old ID
        ("坐席：手机号码？\n客户：⟦13812345678⟧ 三点以后打。", PHONE),  # a time after it is not a digit of it
    ],
    "name_answer": [
        ("坐席：请问您怎么称呼？\n客户：⟦林熙蕾⟧。", PERSON),
        ("坐席：您贵姓？\n客户：免贵姓⟦段⟧，叫⟦段浩⟧。\n坐席：好的。\n坐席：⟦段浩⟧，您的问题我记下了。", PERSON),
        ("坐席：持卡人叫什么名字？\n客户：我姓⟦钟⟧，⟦钟鹏⟧。", PERSON),
        ("坐席：收件人姓名是？\n客户：⟦王芳⟧，⟦芳草的芳⟧。", PERSON),
        ("坐席：您的姓名是？\n客户：⟦欧阳娜娜⟧。", PERSON),
        ("坐席：请问您贵姓？\n客户：⟦苏平琳⟧，⟦王字旁的琳⟧。", PERSON),
    ],
    "account_answer": [
        ("坐席：您的微信号是多少？\n客户：⟦xiaoyu_317⟧，全小写", WECHAT),
        ("坐席：加一下您微信吧？\n客户：⟦w x 幺二三 下划线 a b c⟧。", WECHAT),
        ("坐席：微信多少？\n客户：⟦大写的A b c 幺二三⟧", WECHAT),
        ("坐席：微信多少？\n客户：字母⟦w x，数字幺二三四⟧", WECHAT),
        ("坐席：您的QQ号是多少？\n客户：⟦2 8 7 6 5 4 3 2 1⟧。", QQ),
        ("坐席：QQ多少？\n客户：⟦二八七，嗯，六五四，三二一⟧。", QQ),
        ("坐席：您的车牌号是多少？\n客户：是⟦皖F零两幺七五⟧", PLATE),
        ("坐席：车牌报一下？\n客户：⟦粤B，嗯，幺二三四五⟧。", PLATE),
        ("坐席：登记一下车牌号码。\n客户：⟦川D，嗯，九八七八三⟧。", PLATE),
        # a letter described after the account shows it as the letter does
        ("坐席：您微信号是什么？\n客户：⟦S u n n y 六二幺三⟧，第一个是大写的⟦S⟧。", WECHAT),
    ],
    "address_followup": [
        (
            "坐席：您现在住哪里？\n客户：⟦湖北省武汉市洪山区珞喻路1037号⟧。\n坐席：具体一点呢？\n客户：⟦光谷花园3栋2单元501⟧。",
            ADDRESS,
        ),
        (
            "坐席：收货地址是哪里？\n客户：⟦浙江省杭州市西湖区文三路88号⟧。\n坐席：哪个小区，几栋几单元？\n客户：⟦翠苑新村5栋1单元302⟧。",
            ADDRESS,
        ),
        # an estate named alone, and a room number said after the building and unit
        (
            "坐席：收货地址是哪里？\n客户：⟦杭州市西湖区科技园南路803号⟧。\n坐席：小区叫什么？\n客户：⟦万科城⟧。\n"
            "坐席：几栋几单元？\n客户：⟦12栋3单元，769⟧。",
            ADDRESS,
        ),
        ("坐席：哪个小区？\n客户：⟦和平里社区⟧。\n坐席：几栋几单元？\n客户：⟦8栋6单元，1087⟧。", ADDRESS),
        ("坐席：收货地址是哪里？\n客户：⟦杭州市西湖区科技园南路803号⟧，三点以后在家。", ADDRESS),
    ],
    "correction": [
        ("坐席：您的手机号？\n客户：⟦幺三八一二⟧，不对，是⟦三⟧，\n坐席：嗯\n客户：⟦三四五六七八⟧。", PHONE),
        ("坐席：您的手机号？\n客户：⟦幺三八一二三四五六七九⟧……说错了，是⟦八⟧。", PHONE),
        ("坐席：身份证号码？\n客户：⟦一一零⟧，⟦一一零一零五一九四九一二三一零零二叉⟧。", ID),  # a stutter
        ("坐席：您的手机号？\n客户：⟦幺三八一二九⟧，不对，应该是⟦幺三八一二三四五六七八⟧。", PHONE),  # said again
        ("坐席：您的手机号？\n客户：⟦幺三八九二⟧，说错了，是⟦一二三四五六七八⟧。", PHONE),  # the rest after it
        ("坐席：您的手机号？\n客户：⟦幺三八一二三四⟧……哎我重说一下，⟦幺三八一二三四五六七八⟧。", PHONE),
        # words between the wrong digit and the correction word go with the correction
        (
            "坐席：您的手机号？\n客户：⟦幺三八一二九⟧，\n坐席：嗯\n客户：不对，刚才说错了，是⟦三⟧，\n坐席：好的\n"
            "客户：⟦四五六七八⟧。",
            PHONE,
        ),
        ("坐席：您的手机号？\n客户：⟦幺三八一二九⟧，哎呀我念错了，应该是⟦三四五六七八⟧。", PHONE),
        ("坐席：您手机号？\n客户：⟦幺三八幺二⟧，哦不，是⟦幺三八一二三四五六七八⟧。", PHONE),  # 不，是
        # 一 of 等一下 and 最后一个 is a word, not a digit: neither the wrong digit nor redacted
        (
            "坐席：您的手机号？\n客户：⟦幺三八一二九⟧，\n坐席：嗯\n客户：等一下，最后一个不是，是⟦三⟧，\n坐席：好的\n"
            "客户：⟦四五六七八⟧。",
            PHONE,
        ),
    ],
    "memory": [
        (
            "坐席：请问您怎么称呼？\n客户：⟦林熙蕾⟧。\n坐席：好的，稍等我查一下。\n坐席：好的，⟦林熙蕾⟧，我这边记下了。",
            PERSON,
        ),
        ("坐席：您的微信号是多少？\n客户：⟦xiaoyu_317⟧。\n坐席：好的。\n客户：对，加⟦xiaoyu_317⟧就行。", WECHAT),
    ],
}
ROWS = [
    pytest.param(marked, entity, id=f"{shape}-{index}")
    for shape, rows in SHAPES.items()
    for index, (marked, entity) in enumerate(rows)
]


def _covered(findings, entity: str) -> set[int]:
    return {i for f in findings if f.entity == entity for start, end in f.pieces for i in range(start, end)}


@pytest.mark.parametrize(("marked", "entity"), ROWS)
def test_every_marked_stretch_is_found_as_its_entity(marked, entity):
    text, spans = unmark(marked)
    covered = _covered(scan_call(text), entity)
    missed = [text[s:e] for s, e in spans if any(i not in covered for i in range(s, e) if text[i] not in _EMPTY)]
    assert missed == []


@pytest.mark.parametrize(("marked", "entity"), ROWS)
def test_no_finding_reaches_beyond_the_marked_stretches_and_the_words_between_pieces(marked, entity):
    """The agent's backchannels between pieces are never part of a finding's pieces."""
    text, spans = unmark(marked)
    inside = {i for s, e in spans for i in range(s, e)}
    for finding in scan_call(text):
        for start, end in finding.pieces:
            assert all(i in inside or text[i] in _EMPTY for i in range(start, end)), text[start:end]


@pytest.mark.parametrize(
    "call",
    [
        "坐席：您的订单号是多少？\n客户：13812345678。",
        "坐席：订单编号报一下？\n客户：幺三八，\n坐席：嗯。\n客户：一二三四，\n坐席：后面呢？\n客户：五六七八。",
        "坐席：您的保单号是多少？\n客户：110105194912310023。",
        "坐席：合同号报一下？\n客户：6222021234567890128。",
        "坐席：验证码多少？\n客户：三八二九一零。",
        "客户：你工号多少？\n坐席：我工号是10086123。",
        "坐席：这期应还金额是3580元。\n客户：好的。",
        "坐席：最晚2026年3月5日之前还款。\n客户：知道了。",
        "坐席：有问题可以打我们客服热线95588。\n客户：好。",
        "坐席：您是哪天办的卡？\n客户：2019年3月吧。",
        "坐席：您的手机号是多少？\n客户：稍等。\n坐席：好的，不着急。\n客户：我们家三口人，分12期还。",
        "坐席：请问您怎么称呼？\n客户：好的，稍等。",
        "坐席：您现在住哪里？\n客户：我现在在武汉上班，挺忙的。",
        "坐席：您住哪？\n客户：我在市区上班，路上堵。",
        "坐席：您叫什么名字？\n客户：明白了，周末吧。",
        "坐席：您的微信号是多少？\n客户：没有微信。",
        "坐席：您的联系电话是？\n客户：打400-820-8820就行。",
        "坐席：您的联系电话是？\n客户：我打的4008208820。",
        "坐席：您说的那个电话我查到了。\n客户：好，我们家3口人，分12期还。",
        "坐席：您现在住哪？\n客户：住在城里，公司宿舍。",
        # the answer names what it gives: a number right after its own non-personal word
        "坐席：您手机号码是多少？\n客户：我没带手机，订单号是一三八二四五六七八九零可以吗？",
        "坐席：您手机号码是多少？\n客户：快递单号是幺三八二四五六七八九。",
    ],
)
def test_non_personal_answers_and_small_talk_are_kept(call):
    assert [f.entity for f in scan_call(call, PERSONAL_ENTITIES)] == []


@pytest.mark.parametrize(
    ("said_after", "personal"),
    [
        ("95588", False),  # 你们客服电话多少？ answered by the agent: a new number
        ("四零零八二零八八二零", False),
        ("一二三四", True),  # the digits just heard: a read-back
    ],
)
def test_the_askers_digits_after_an_answer_are_a_read_back_only_when_just_heard(said_after, personal):
    text = (
        "坐席：您的手机号？\n客户：幺三八\n坐席：嗯\n客户：一二三四五六七八。\n客户：你们客服电话多少？\n"
        f"坐席：{said_after}"
    )
    start = text.rindex(said_after)
    touched = any(f.start < len(text) and f.end > start for f in scan_call(text, PERSONAL_ENTITIES))
    assert touched is personal


def test_a_number_said_over_turns_inside_one_line_keeps_the_other_speakers_words_out():
    call = "坐席：您好。\n客户：身份证号是多少来着\n坐席：请问您的身份证号码是多少？\n客户：一一零一零五。坐席：嗯。客户：一九四九一二三一零零二叉"
    [finding] = scan_call(call)
    assert [call[start:end] for start, end in finding.pieces] == ["一一零一零五", "一九四九一二三一零零二叉"]


def test_an_answer_naming_its_own_kind_is_personal_even_after_an_order_question():
    found = scan_call("坐席：订单号是多少？\n客户：我手机号是13812345678。")
    assert [f.entity for f in found] == [PHONE]


def test_near_misses_are_not_validated_score_lower_and_are_masked_whole():
    [finding] = scan_call("坐席：您的手机号是多少？\n客户：幺三八一二三四五六七。")
    assert finding.metadata["validated"] is False and finding.score < 0.5
    assert finding.masked == "*" * 10


def test_a_single_sentence_gives_what_the_scanner_gives():
    for text in ("我手机号是13812345678", "您好，我叫王建国，身份证号11010519491231002X", "坐席：手机13812345678"):
        assert scan_text(text) == scan(text)


def test_labels_in_brackets_are_turns_too():
    call = (
        "[坐席] 您贵姓？\n[客户] 林熙蕾。\n【坐席】您的手机号？\n【客户】幺三八，\n【坐席】嗯\n【客户】一二三四五六七八"
    )
    assert {(f.entity, call[f.start : f.end]) for f in scan_call(call) if not f.parts} == {(PERSON, "林熙蕾")}
    assert [f.entity for f in scan_call(call) if f.parts] == [PHONE]


def test_turns_need_two_speakers():
    assert turns_of("手机：13812345678\n电话：02162345678") != []  # two labels: read as turns
    assert turns_of("客户：幺三八\n客户：一二三四") == []
    assert turns_of("no labels here\nat all") == []


def test_scan_turns_gives_offsets_into_each_turn():
    turns = [("坐席", "您的手机号是多少？"), ("客户", "幺三八，"), ("坐席", "嗯。"), ("客户", "一二三四五六七八。")]
    per_turn = scan_turns(turns)
    assert [[(f.entity, turns[i][1][f.start : f.end]) for f in found] for i, found in enumerate(per_turn)] == [
        [],
        [(PHONE, "幺三八")],
        [],
        [(PHONE, "一二三四五六七八")],
    ]


# --------------------------------------------------------------------------------------------
# Redaction of a call: every piece, and masks that together reveal no more than one mask


def test_redact_text_of_a_call_replaces_every_piece_and_keeps_the_backchannels():
    call = "坐席：您的手机号是多少？\n客户：幺三，\n坐席：嗯。\n客户：八一二三四\n坐席：后面呢？\n客户：五六七八。"
    redacted, counts = Redactor(Operator("mask")).redact_text(call)
    assert counts == {PHONE: 1}
    assert "坐席：嗯。" in redacted and "坐席：后面呢？" in redacted
    assert "".join(c for c in redacted if c.isdigit()) == "1385678"  # one mask: 138****5678


def test_a_corrected_number_and_its_read_back_reveal_no_more_than_one_mask():
    call = (
        "坐席：您的手机号？\n客户：幺三八一二三四五六七九……说错了，是八。\n"
        "坐席：好的，我复述一下，13812345678，对吗？\n客户：对。"
    )
    redacted, _counts = Redactor(Operator("mask")).redact_text(call)
    shown = [c for c in redacted if c.isdigit()]
    assert len(shown) <= 7, redacted
    assert "13812345678" not in redacted and "九" not in redacted


def test_redact_segments_reads_the_segments_as_one_call():
    texts = ["请问您的身份证号码是多少？", "一一零一零五一九四九一二三一零零", "嗯", "二叉"]
    speakers = ["agent", "customer", "agent", "customer"]
    redacted, counts = Redactor(Operator("tag")).redact_segments(texts, speakers)
    assert counts == {ID: 1}
    assert redacted == ["请问您的身份证号码是多少？", "<CN_RESIDENT_ID>", "嗯", "<CN_RESIDENT_ID>"]


def test_redact_segments_finds_a_name_given_alone_after_the_question():
    redacted, counts = Redactor(Operator("mask")).redact_segments(["请问您怎么称呼？", "林熙蕾。"], ["a", "b"])
    assert redacted == ["请问您怎么称呼？", "林**。"] and counts == {PERSON: 1}


def test_read_backs_between_pieces_are_masked_whole():
    call = "坐席：您的手机号是多少？\n客户：幺三八\n坐席：幺三八，好的\n客户：一二三四五六七八"
    redacted, _counts = Redactor(Operator("mask")).redact_text(call)
    assert redacted == "坐席：您的手机号是多少？\n客户：138\n坐席：***，好的\n客户：****5678"


def test_every_mention_of_a_number_in_a_call_has_the_same_mask():
    call = "坐席：您的手机号是多少？\n客户：13812345678。\n坐席：好的，13812345678，对吗？\n客户：对，幺三八一二三四五六七八。"
    redacted, counts = Redactor(Operator("mask")).redact_text(call)
    assert redacted.count(mask(PHONE, MOBILE)) == 3 and counts == {PHONE: 3}


# --------------------------------------------------------------------------------------------
# Properties

SPOKEN = dict(zip("0123456789", "零幺二三四五六七八九"))
BACKCHANNELS = ("嗯", "嗯。", "您说。", "后面呢？", "好", "还有呢？", "对，然后呢？", "好的，您继续")
NUMBERS = {
    PHONE: ("您的手机号是多少？", MOBILE),
    ID: ("请问您的身份证号码是多少？", RESIDENT_ID),
    CARD: ("您的卡号是多少？", BANK_CARD),
}


def _call(question: str, pieces: list[str], backchannels: list[list[str]], fillers: list[str]) -> str:
    lines = [f"坐席：{question}"]
    for index, piece in enumerate(pieces):
        if index:
            lines.extend(f"坐席：{word}" for word in backchannels[index - 1])
        lines.append(f"客户：{piece}{fillers[index]}")
    return "\n".join(lines)


@st.composite
def said_in_pieces(draw):
    entity = draw(st.sampled_from(sorted(NUMBERS)))
    question, value = NUMBERS[entity]
    spoken = draw(st.booleans())
    written = "".join(SPOKEN.get(c, "叉") for c in value) if spoken else value
    count = draw(st.integers(3, 5))
    cuts = sorted(draw(st.lists(st.integers(1, len(written) - 1), min_size=count - 1, max_size=count - 1, unique=True)))
    pieces = [written[a:b] for a, b in zip([0, *cuts], [*cuts, len(written)])]
    backchannels = [draw(st.lists(st.sampled_from(BACKCHANNELS), min_size=1, max_size=2)) for _ in pieces[1:]]
    fillers = [draw(st.sampled_from(("", "，", "。", "……"))) for _ in pieces]
    return entity, question, pieces, backchannels, fillers


@settings(max_examples=60, deadline=None)
@given(said_in_pieces(), st.data())
def test_a_backchannel_turn_between_pieces_never_changes_whether_the_number_is_found(case, data):
    entity, question, pieces, backchannels, fillers = case
    found = entity in {f.entity for f in scan_call(_call(question, pieces, backchannels, fillers))}
    where = data.draw(st.integers(0, len(backchannels) - 1))
    more = [list(words) for words in backchannels]
    more[where].append(data.draw(st.sampled_from(BACKCHANNELS)))
    assert found
    assert entity in {f.entity for f in scan_call(_call(question, pieces, more, fillers))}


@settings(max_examples=60, deadline=None)
@given(said_in_pieces(), st.sampled_from(("，嗯，", "，那个，", "……", " ")), st.data())
def test_a_filler_between_pieces_never_changes_whether_the_number_is_found(case, filler, data):
    entity, question, pieces, backchannels, fillers = case
    where = data.draw(st.integers(0, len(pieces) - 1))
    padded = list(fillers)
    padded[where] = filler
    assert entity in {f.entity for f in scan_call(_call(question, pieces, backchannels, padded))}


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(
        ("您的订单号是多少？", "订单编号报一下？", "保单号是多少？", "合同号报一下？", "验证码多少？", "工号多少？")
    ),
    st.text(alphabet="0123456789", min_size=5, max_size=19),
    st.booleans(),
    st.integers(1, 3),
    st.sampled_from(BACKCHANNELS),
)
def test_an_answer_to_a_non_personal_question_is_never_redacted(question, digits, spoken, count, backchannel):
    written = "".join(SPOKEN[c] for c in digits) if spoken else digits
    size = max(1, len(written) // count)
    pieces = [written[i : i + size] for i in range(0, len(written), size)]
    call = _call(question, pieces, [[backchannel]] * (len(pieces) - 1), ["。"] * len(pieces))
    assert scan_call(call, PERSONAL_ENTITIES) == []


def _long_call(count: int) -> str:
    """Many questions and answers: names, numbers in pieces, near misses, order numbers."""
    lines = []
    for index in range(count):
        name = "王李张刘陈"[index % 5] + "伟芳娜敏静"[(index // 5) % 5]
        lines += [
            "坐席：请问您怎么称呼？",
            f"客户：{name}。",
            "坐席：您的手机号是多少？",
            "客户：幺三八，",
            "坐席：嗯。",
            "客户：一二三四五六七。",
            "坐席：订单号是多少？",
            f"客户：{13800000000 + index}。",
            f"坐席：好的，{name}，稍等。",
        ]
    return "\n".join(lines)


def test_a_long_call_is_read_in_linear_time():
    """Every answer compared with every finding, or every finding with every other, is quadratic."""
    assert grows_linearly(lambda count: scan_call(_long_call(count)), 100)
