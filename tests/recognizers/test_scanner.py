"""The scanner across entities: numbers embedded in call-center lines, several numbers in a line,
mixed forms, look-alikes, and the entity filter.

Rows mark each expected finding with ⟦ ⟧ and list the entities in order of position.
"""

from __future__ import annotations

import pytest
from strategies import unmark

from recognizers.scanner import ENTITIES, PERSONAL_ENTITIES, scan

ID, PHONE, CARD, PASSPORT, EMAIL, BUSINESS = (
    "CN_RESIDENT_ID",
    "CN_PHONE_NUMBER",
    "CN_BANK_CARD",
    "CN_PASSPORT",
    "EMAIL_ADDRESS",
    "CN_BUSINESS_NUMBER",
)


def _assert_finds(marked: str, entities: list[str]) -> None:
    text, spans = unmark(marked)
    assert [(f.entity, f.start, f.end) for f in scan(text)] == [
        (entity, start, end) for entity, (start, end) in zip(entities, spans, strict=True)
    ]


DIALOGUE = [
    ("坐席：您好，请问是⟦幺三八 幺二三四 五六七八⟧的机主吗？", [PHONE]),
    ("客户：对，我身份证是⟦幺幺零幺零五幺九四九幺二三幺零零二叉⟧。", [ID]),
    ("客户：卡号⟦六二二二 零二幺二 三四五六 七八九零 幺两八⟧，工商银行的", [CARD]),
    ("坐席：好的，我这边登记手机⟦13812345678⟧，身份证⟦11010519491231002X⟧", [PHONE, ID]),
    ("客户：手机号是⟦138一二三四5678⟧，座机⟦010-62345678⟧", [PHONE, PHONE]),
    ("客户：⟦+86 138-1234-5678⟧或者⟦0086 13912345678⟧都可以", [PHONE, PHONE]),
    ("客户：护照号⟦E12345678⟧，邮箱⟦zhangwei@163.com⟧", [PASSPORT, EMAIL]),
    ("坐席：有问题可以打客服电话⟦95588⟧或者⟦400-820-8820⟧", [BUSINESS, BUSINESS]),
    ("客户：卡号⟦6222021234567890128⟧，预留手机⟦幺三九 幺二三四 五六七八⟧", [CARD, PHONE]),
    ("客户：⟦１３８１２３４５６７８⟧和⟦138一二三四5678⟧", [PHONE, PHONE]),
    ("客户：我说一下啊，⟦一三八，一二三四，五六七八⟧", [PHONE]),
    ("客户：号码是⟦幺三八杠幺二三四杠五六七八⟧", [PHONE]),  # ASR writes a dash read out as 杠
    ("客户：打过⟦95588⟧，客服⟦10086⟧也问过", [BUSINESS, BUSINESS]),
    # numbers right next to each other
    ("⟦13812345678⟧,⟦13912345678⟧", [PHONE, PHONE]),
    ("⟦11010519491231002X⟧ ⟦13812345678⟧", [ID, PHONE]),
    ("⟦6222021234567890128⟧ ⟦13812345678⟧", [CARD, PHONE]),
]


@pytest.mark.parametrize("marked, entities", DIALOGUE)
def test_numbers_in_call_center_lines(marked, entities):
    _assert_finds(marked, entities)


# A number next to a digit word that belongs to the sentence (一直, 两次, 第一): ITN writes the
# number in digits and leaves the words alone; without ITN the spoken number runs into the word.
DIGIT_WORD_NEIGHBOURS = [
    ("号码⟦13812345678⟧一直打不通", [PHONE]),
    ("打⟦13812345678⟧两次都没人接", [PHONE]),
    ("第一⟦13812345678⟧，第二⟦13912345678⟧", [PHONE, PHONE]),
    ("身份证⟦11010519491231002X⟧一直没变", [ID]),
    ("身份证⟦310104198503121235⟧一下子就查到了", [ID]),
    ("卡号⟦6222021234567890128⟧两张卡都是", [CARD]),
    ("号码⟦１３８１２３４５６７８⟧一直打不通", [PHONE]),
    ("手机⟦138 1234 5678⟧一直关机", [PHONE]),
    # spoken numbers run straight into the word: the validators decide where the number ends
    ("客户：⟦幺三八一二三四五六七八⟧一直打不通", [PHONE]),
    ("我那个号⟦幺三八 幺二三四 五六七八⟧一直关机", [PHONE]),
    ("唯一⟦一三八一二三四五六七八⟧这个号", [PHONE]),
    ("⟦一三八一二三四五六七八⟧九点以后打", [PHONE]),
    ("身份证⟦三一零一零四一九八五零三一二一二三五⟧一直没换", [ID]),
]


@pytest.mark.parametrize("marked, entities", DIGIT_WORD_NEIGHBOURS)
def test_a_written_number_next_to_a_digit_word(marked, entities):
    _assert_finds(marked, entities)


LOOK_ALIKES = [
    # amounts, phone- or card-shaped ones included
    "转了13812345678元",
    "一共6222021234567890128元",
    "价格分别是1.38、12.34、56.78元",
    "这个项目投资3800万元",
    "年营收4.68亿",
    "总额13,800,000元",
    "还款金额12345.67元",
    "两千三百块",
    # dates and times
    "2018年6月6日",
    "二零一八年六月六日",
    "2023-11-22",
    "2023/11/22 10:30:45",
    "20231122103045",
    # order / policy / tracking numbers with their label
    "订单号202311221234567890",
    "保单号2026112200013579",
    "快递单号 SF1234567890123",
    "运单号773123456789012",
    "订单号13812345678",
    "工单号 幺三八一二三四五六七八",
    # verification codes, postcodes, stock codes, employee numbers
    "验证码382916",
    "验证码是幺二三四五六",
    "邮编100080",
    "邮政编码 200120",
    "股票代码600519",
    "工号10086",
    # masked values and tails
    "138****5678",
    "110105********0123",
    "6222 **** **** 0128",
    "尾号1234",
    "卡号尾号0128",
    "身份证后四位002X",
    # five-digit service numbers without a phone word
    "95588",
    "10086",
    # numbers inside codes
    "SN20231122138123456",
    "model AB13812345678",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_give_no_personal_finding(text):
    assert [f.entity for f in scan(text) if f.entity in PERSONAL_ENTITIES] == []


@pytest.mark.parametrize("text", ["400-820-8820", "800 810 8888", "客服电话95588", "拨打10086", "热线12315"])
def test_business_numbers_are_never_personal_phones(text):
    assert [f.entity for f in scan(text)] == [BUSINESS]


def test_findings_are_sorted_by_position():
    text = "邮箱a@qq.com，护照E12345678，卡号6222021234567890128，手机13812345678，身份证11010519491231002X"
    starts = [f.start for f in scan(text)]
    assert len(starts) == 5
    assert starts == sorted(starts)


@pytest.mark.parametrize("entity", ENTITIES)
def test_asking_for_one_entity_returns_exactly_its_findings(entity):
    text = (
        "手机13812345678，身份证11010519491231002X，卡号6222021234567890128，护照E12345678，"
        "邮箱zhangwei@163.com，客服电话95588，我叫王建国，地址是武汉市洪山区珞喻路1037号，QQ12345678，"
        "微信zhangwei_88，车牌鄂A12345"
    )
    everything = scan(text)
    assert {f.entity for f in everything} == set(ENTITIES)
    assert scan(text, entities=[entity]) == [f for f in everything if f.entity == entity]


def test_no_entities_asked_gives_no_findings():
    assert scan("手机13812345678", entities=[]) == []


@pytest.mark.parametrize("text", ["", "   ", "你好", "\n\n", "12", "X"])
def test_texts_without_numbers(text):
    assert scan(text) == []


def test_context_words_raise_the_score():
    [bare] = scan("13812345678")
    [labelled] = scan("手机13812345678")
    assert bare.score < labelled.score


def test_leaving_names_out_changes_no_other_finding():
    """scan skips the name search when names are not asked for (it is the dearest); a name holds
    no number, so every other finding of the evaluation set stays as it was."""
    import json
    from pathlib import Path

    from recognizers.scanner import PERSONAL_ENTITIES

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "eval_snippets.jsonl"
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    without_names = frozenset(PERSONAL_ENTITIES) - {"PERSON"}
    names_found = 0
    for text in texts:
        everything = scan(text)
        names_found += sum(f.entity == "PERSON" for f in everything)
        assert scan(text, entities=without_names) == [f for f in everything if f.entity in without_names]
    assert names_found > 200
