"""One number said over several turns of the same speaker while the other backchannels (issue 12):
客户：幺三八。客服：嗯，您说。客户：一二三四。… is one phone number in three pieces.

Rows mark each piece of the one expected number with ⟦ ⟧; the finding spans from the first piece
to the last and lists the pieces in ``parts``, so the other speaker's words are never replaced.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import transcript_numbers, unmark

from recognizers.normalize import BACKCHANNEL_WORDS, fold
from recognizers.scanner import PERSONAL_ENTITIES, scan

ID, PHONE, CARD = "CN_RESIDENT_ID", "CN_PHONE_NUMBER", "CN_BANK_CARD"

ONE_NUMBER_OVER_TURNS = [
    ("客户：⟦幺三八⟧。客服：嗯，您说。客户：⟦一二三四⟧。客服：嗯。客户：⟦五六七八⟧。", PHONE),
    ("客户：⟦138⟧。坐席：好的。客户：⟦1234 5678⟧。", PHONE),
    (
        "坐席：请说一下您的手机号。\n客户：⟦138⟧。\n坐席：嗯，您说。\n客户：⟦1234⟧。\n坐席：好的。\n客户：⟦5678⟧。",
        PHONE,
    ),
    ("说话人1：⟦幺三八⟧。说话人2：嗯。说话人1：⟦一二三四五六七八⟧", PHONE),  # labels with digits
    ("A: ⟦138⟧ B: 嗯嗯 A: ⟦12345678⟧", PHONE),
    ("客户：身份证号⟦一一零一零五⟧。客服：嗯，您继续。客户：⟦一九四九一二三一⟧。客服：对。客户：⟦零零二叉⟧。", ID),
    ("客户：卡号⟦6222 0212⟧。客服：嗯。客户：⟦3456 7890⟧。客服：然后呢？客户：⟦128⟧", CARD),
    ("客户：⟦幺三八⟧，嗯，客服：好的，记下了。客户：嗯，⟦一二三四五六七八⟧", PHONE),  # fillers around the turn
]


@pytest.mark.parametrize("marked, entity", ONE_NUMBER_OVER_TURNS)
def test_a_number_said_over_turns_is_one_finding_in_pieces(marked, entity):
    text, pieces = unmark(marked)
    found = [f for f in scan(text) if f.entity in PERSONAL_ENTITIES]
    assert [(f.entity, f.start, f.end, f.parts) for f in found] == [
        (entity, pieces[0][0], pieces[-1][1], tuple(pieces))
    ]


NOT_ONE_NUMBER = [
    # the other speaker says more than a backchannel: two numbers (or none), never one across
    "客户：幺三八。客服：请问您的订单号是多少？客户：一二三四五六七八",
    "客户：我的工号是12345。客服：好的。客户：订单号67890123456",
    # the agent reads digits back: the run stops at the agent's words
    "客户：幺三八。客服：幺三八是吧。客户：一二三四五六七八",
    # a label on its own is not a turn of the other speaker
    "电话：138。手机：12345678",
]


@pytest.mark.parametrize("text", NOT_ONE_NUMBER)
def test_other_words_between_turns_keep_the_pieces_apart(text):
    assert [f for f in scan(text) if f.parts] == []
    assert all(f.entity != PHONE or fold(text[f.start : f.end]).count("1") < 12 for f in scan(text))


def test_a_number_in_one_turn_has_no_parts():
    (finding,) = scan("客户：我手机是13812345678。客服：好的。")
    assert finding.parts == ()
    assert finding.pieces == ((finding.start, finding.end),)


def test_parts_are_in_the_public_dict_and_hold_no_digits():
    (finding,) = scan("客户：138。客服：嗯。客户：12345678")
    public = finding.public_dict()
    assert public["parts"] == [[3, 6], [15, 23]]
    assert "13812345678" not in repr(public)


# ---------------------------------------------------------------------------------------------
# Property: a backchannel turn of the other speaker between two groups changes nothing but parts.

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SPEAKERS = (("客户", "客服"), ("客户", "坐席"), ("A", "B"), ("说话人1", "说话人2"))


@st.composite
def turns_between(draw, written_number: str) -> tuple[str, list[tuple[int, int]]]:
    """``written_number`` cut between two digits into pieces, with a backchannel turn in each cut."""
    folded = fold(written_number)
    places = [i for i in range(1, len(folded)) if folded[i - 1].isdigit() and folded[i].isdigit()]
    assume(places)
    cuts = sorted(draw(st.sets(st.sampled_from(places), min_size=1, max_size=2)))
    customer, agent = draw(st.sampled_from(SPEAKERS))
    out, pieces, previous = f"{customer}：", [], 0
    for cut in [*cuts, len(written_number)]:
        pieces.append((len(out), len(out) + cut - previous))
        out += written_number[previous:cut]
        if cut < len(written_number):
            out += f"。{agent}：{draw(st.sampled_from(BACKCHANNEL_WORDS))}。{customer}："
        previous = cut
    return out, pieces


@st.composite
def numbers_over_turns(draw):
    kind, number, value = draw(transcript_numbers())
    text, pieces = draw(turns_between(number))
    return kind, text, pieces, value


@SETTINGS
@given(number=numbers_over_turns())
def test_a_backchannel_turn_between_groups_keeps_a_valid_number_found(number):
    entity, text, pieces, value = number
    found = [f for f in scan(text) if f.entity in PERSONAL_ENTITIES]
    assert [(f.entity, f.value, f.pieces) for f in found] == [(entity, value, tuple(pieces))]
