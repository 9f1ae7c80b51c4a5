"""Build the labelled set of whole calls ``benchmarks/data/eval_calls.jsonl`` (issue 22).

Each record is one call of 8–30 turns between an agent and a customer, one turn per line with a
speaker label (坐席/客户, 客服/用户, 业务员/客户, A/B, [坐席]/[客户]), in which the customer gives personal data
the way calls give it and both sides say many numbers that are not personal. Every personal
mention belongs to one *shape*:

- ``same_turn``: the number and its word in one turn (a control: this worked before the call layer);
- ``answer``: the agent asks (身份证, 手机, 卡号, 护照 …), the customer answers with no type word;
- ``pieces``: the answer over three or more turns, cut anywhere, the agent backchanneling between;
- ``near_miss``: the answer one character off (a wrong check character, 17 or 19 characters, 10
  or 12 digits, a landline a digit short; labelled ``"validated": false``);
- ``name_answer``: a name given as the answer (林熙蕾。, 免贵姓段，叫段浩, 我姓钟，钟鹏, 芳草的芳);
- ``account_answer``: a QQ number, WeChat ID or plate given as the answer, plain or spelled out
  (``w x 幺二三 下划线 a b c``, ``粤B，嗯，幺二三四五``);
- ``address_followup``: an address given as the answer and completed after 具体一点呢？;
- ``correction``: a number corrected (说错了，是八 / 不对，是七) or stuttered; the wrong attempt is
  labelled too;
- ``memory``: a name or number found elsewhere in the call, said again with no context.

Non-personal spans (``keeps``) carry their kind: amounts, dates, order/policy/contract numbers with
their word, 工号, 验证码, hotlines 95588/400, counts, cities in small talk, also given as the answer
to a question (订单号多少？ → 一三八…).

Record::

    {"id": "call-0001", "text": "坐席：…\\n客户：…", "turns": 14,
     "labels": [{"entity": "CN_PHONE_NUMBER", "start": 40, "end": 43, "shape": "pieces",
                 "mention": 2, "part": 1, "of": 3}],
     "keeps": [{"kind": "order_number", "start": 80, "end": 96}]}

A label covers the characters that must be replaced (every digit or letter of the piece, the
fillers between them included); ``mention`` ties the pieces of one value together. The numbers are
synthetic and checked by sources independent of leadscreen: python-stdnum ``cn.ric`` for IDs,
libphonenumber for phones, the shipped BIN table with stdnum's Luhn for cards. No Faker: the
output is the same on every machine. ``python benchmarks/make_call_set.py`` rewrites it.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from importlib import resources
from pathlib import Path

import phonenumbers
from stdnum import luhn
from stdnum.cn import ric

SEED = 20261207
CALLS = 320
LONG_ENOUGH = 18  # turns after which no more small talk or distractors are added
OUT = Path(__file__).resolve().parent / "data" / "eval_calls.jsonl"
SHAPES = (
    "same_turn",
    "answer",
    "pieces",
    "near_miss",
    "name_answer",
    "account_answer",
    "address_followup",
    "correction",
    "memory",
)
ID, PHONE, CARD, PASSPORT = "CN_RESIDENT_ID", "CN_PHONE_NUMBER", "CN_BANK_CARD", "CN_PASSPORT"
PERSON, ADDRESS, QQ, WECHAT, PLATE = "PERSON", "CN_ADDRESS", "CN_QQ_NUMBER", "CN_WECHAT_ID", "CN_LICENSE_PLATE"

SPOKEN = dict(zip("0123456789", "零一二三四五六七八九"))
RADIO = {"0": "洞", "1": "幺", "2": "两", "7": "拐"}
SPEAKERS = (("坐席", "客户"), ("客服", "用户"), ("业务员", "客户"), ("A", "B"), ("销售", "客户"), ("[坐席]", "[客户]"))
BACKCHANNELS = (
    "嗯",
    "嗯。",
    "您说。",
    "好的，您说",
    "后面呢？",
    "好",
    "还有呢？",
    "嗯嗯，继续",
    "对，然后呢？",
    "收到，您继续",
)
FILLERS = ("，", "，嗯，", "……", "，那个，", " ", "。")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢钟段"
COMPOUND = ("欧阳", "司马", "上官", "诸葛")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红鹏浩宇轩熙蕾婷雪琳晨阳欣怡子涵梓睿博文佳"
# A character spelled out by a word holding it (王芳，芳草的芳).
SPELLINGS = {"芳": "芳草的芳", "浩": "浩然的浩", "静": "安静的静", "明": "明天的明", "杰": "杰出的杰", "阳": "太阳的阳",
             "晨": "早晨的晨", "雪": "雪花的雪", "红": "红色的红", "华": "中华的华", "宇": "宇宙的宇", "琳": "王字旁的琳"}  # fmt: skip
# A surname spelled out by its parts (木子李, 弓长张).
SURNAME_SPELLINGS = {"李": "木子李", "张": "弓长张", "陈": "耳东陈", "吴": "口天吴", "林": "双木林", "黄": "草头黄",
                     "胡": "古月胡", "许": "言午许", "王": "三横王", "杨": "木易杨", "徐": "双人徐"}  # fmt: skip
PLACES = (
    ("湖北省", "武汉市", "洪山区"), ("广东省", "深圳市", "南山区"), ("浙江省", "杭州市", "西湖区"),
    ("江苏省", "南京市", "鼓楼区"), ("四川省", "成都市", "武侯区"), ("湖南省", "长沙市", "岳麓区"),
    ("山东省", "济南市", "历下区"), ("河南省", "郑州市", "金水区"), ("福建省", "厦门市", "思明区"),
)  # fmt: skip
ROADS = ("珞喻路", "科技园南路", "文三路", "中山北路", "人民南路", "麓山路", "泉城路", "花园路", "湖滨南路")
ESTATES = ("光谷花园", "阳光小区", "翠苑新村", "金色家园", "丽景公寓", "万科城", "锦绣花园", "和平小区")
PROVINCES = "京沪粤鄂浙苏川湘鲁豫闽皖"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
WECHAT_WORDS = ("xiaoyu", "zhangwei", "lili", "happy", "sunny", "tiger", "wang", "chen", "mumu", "lucky")
CITIES_SMALL_TALK = ("武汉", "北京", "上海", "成都", "杭州", "深圳", "南京", "西安")


def _spoken(digits: str, rng: random.Random, radio: float = 0.5) -> str:
    return "".join(RADIO[d] if d in RADIO and rng.random() < radio else SPOKEN.get(d, d) for d in digits)


class Values:
    """Valid numbers and plausible names, addresses and accounts."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        data = resources.files("recognizers") / "data"
        with (data / "bank_bins.csv").open(encoding="utf-8") as rows:
            self.bins = [
                (row["bin"], int(row["length"])) for row in csv.DictReader(rows) if row["bin"].startswith("62")
            ]

    def digits(self, count: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(count))

    def resident_id(self) -> str:
        while True:
            area = self.rng.choice(("110105", "310104", "420111", "440305", "330106", "510107", "430104", "370102"))
            year = self.rng.randrange(1955, 2004)
            body = f"{area}{year}{self.rng.randrange(1, 13):02d}{self.rng.randrange(1, 29):02d}{self.digits(3)}"
            number = body + ric.calc_check_digit(body)
            if ric.is_valid(number):
                return number

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(
                ("138", "139", "135", "186", "150", "158", "177", "189", "152", "131")
            ) + self.digits(8)
            parsed = phonenumbers.parse(number, "CN")
            if (
                phonenumbers.is_valid_number(parsed)
                and phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE
            ):
                return number

    def landline(self) -> str:
        while True:
            area = self.rng.choice(("010", "021", "020", "027", "025", "028", "0755", "0571", "0731"))
            number = area + self.rng.choice("2345678") + self.digits(7)
            parsed = phonenumbers.parse(number, "CN")
            if (
                phonenumbers.is_valid_number(parsed)
                and phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.FIXED_LINE
            ):
                return number

    def card(self) -> str:
        while True:
            prefix, length = self.rng.choice(self.bins)
            body = prefix + self.digits(length - 1 - len(prefix))
            number = body + luhn.calc_check_digit(body)
            if not ric.is_valid(number) if len(number) == 18 else True:
                return number

    def passport(self) -> str:
        return self.rng.choice(("E", "E", "G")) + self.digits(8)

    def qq(self) -> str:
        return self.rng.choice("123456789") + self.digits(self.rng.randrange(5, 10))

    def wechat(self) -> str:
        word = self.rng.choice(WECHAT_WORDS)
        return word + self.rng.choice(("_", "", "")) + self.digits(self.rng.randrange(2, 5))

    def plate(self) -> str:
        return self.rng.choice(PROVINCES) + self.rng.choice(PLATE_LETTERS) + self.digits(5)

    def name(self) -> str:
        surname = self.rng.choice(COMPOUND) if self.rng.random() < 0.06 else self.rng.choice(SURNAMES)
        return surname + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))

    def address(self) -> tuple[str, str]:
        """(divisions, the rest: road, estate, building, room)."""
        province, city, district = self.rng.choice(PLACES)
        road = f"{self.rng.choice(ROADS)}{self.rng.randrange(1, 999)}号"
        estate = self.rng.choice(ESTATES)
        rest = f"{road}{estate}{self.rng.randrange(1, 30)}栋{self.rng.randrange(1, 6)}单元{self.rng.randrange(1, 30)}0{self.rng.randrange(1, 5)}"
        return province + city + district, rest


class Call:
    """A call being written: turns of chunks, personal chunks labelled, non-personal ones kept."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.agent, self.customer = rng.choice(SPEAKERS)
        self.turns: list[tuple[str, list[tuple[str, dict | None]]]] = []
        self.mentions = 0

    def say(self, speaker: str, *chunks) -> None:
        """``chunks``: plain strings, or ``(text, tag)`` with tag a label or keep dict."""
        self.turns.append((speaker, [chunk if isinstance(chunk, tuple) else (chunk, None) for chunk in chunks]))

    def agent_says(self, *chunks) -> None:
        self.say(self.agent, *chunks)

    def customer_says(self, *chunks) -> None:
        self.say(self.customer, *chunks)

    def mention(self) -> int:
        self.mentions += 1
        return self.mentions

    def record(self, number: int) -> dict:
        lines, labels, keeps, position = [], [], [], 0
        for speaker, chunks in self.turns:
            line = speaker + (" " if speaker.endswith("]") else "：")  # [坐席] 您好 or 坐席：您好
            position += len(line)
            for text, tag in chunks:
                if tag is not None:
                    span = {"start": position, "end": position + len(text)}
                    if "kind" in tag:
                        keeps.append({**tag, **span})
                    else:
                        labels.append({**tag, **span})
                line += text
                position += len(text)
            lines.append(line)
            position += 1
        by_mention: dict[int, list[dict]] = {}
        for label in labels:
            by_mention.setdefault(label["mention"], []).append(label)
        for pieces in by_mention.values():
            if len(pieces) > 1:
                for index, label in enumerate(pieces):
                    label["part"], label["of"] = index + 1, len(pieces)
        return {
            "id": f"call-{number:04d}",
            "text": "\n".join(lines),
            "turns": len(lines),
            "labels": labels,
            "keeps": keeps,
        }


def _label(entity: str, shape: str, mention: int, **extra) -> dict:
    return {"entity": entity, "shape": shape, "mention": mention, **extra}


def _cut(text: str, rng: random.Random, pieces: int) -> list[str]:
    """``text`` cut at ``pieces - 1`` places anywhere (each piece at least one character)."""
    cuts = sorted(rng.sample(range(1, len(text)), pieces - 1))
    return [text[low:high] for low, high in zip([0, *cuts], [*cuts, len(text)])]


QUESTION_WORDS = {
    ID: ("请问您的身份证号码是多少？", "麻烦报一下您的身份证号。", "您的证件号是多少？", "身份证号码说一下？",
         "需要核对一下身份证，您念一下？", "您证件号码多少？"),
    PHONE: ("您的手机号是多少？", "留一个联系电话吧？", "您的联系方式是？", "方便说一下手机号码吗？",
            "方便留个号码吗？", "您的号码是多少？", "回访打哪个号？"),
    CARD: ("您的银行卡号是多少？", "还款的卡号报一下？", "您的账号是多少？", "扣款的银行账户是？"),
    PASSPORT: ("您的护照号码是多少？", "护照号报一下？", "港澳通行证号码是多少？"),
    "LANDLINE": ("家里座机电话多少？", "您的固定电话是？", "单位电话是多少？"),
}  # fmt: skip


def _number_value(values: Values, kind: str) -> tuple[str, str]:
    if kind == ID:
        return ID, values.resident_id()
    if kind == PHONE:
        return PHONE, values.mobile()
    if kind == "LANDLINE":
        return PHONE, values.landline()
    if kind == CARD:
        return CARD, values.card()
    return PASSPORT, values.passport()


def _written(value: str, rng: random.Random) -> str:
    if not value.isdigit() and not value[:-1].isdigit():
        return value  # a passport number: as ASR writes it
    style = rng.random()
    if style < 0.35:
        return value
    return _spoken(value, rng)


def episode_same_turn(call: Call, values: Values) -> None:
    kind = call.rng.choice((ID, PHONE, CARD))
    entity, value = _number_value(values, kind)
    word = {ID: "我的身份证号是", PHONE: "我手机号是", CARD: "我的银行卡号是"}[kind]
    call.agent_says(call.rng.choice(("请提供一下您的信息。", "需要核实一下您的身份。")))
    call.customer_says(word, (_written(value, call.rng), _label(entity, "same_turn", call.mention())), "。")


def episode_answer(call: Call, values: Values) -> None:
    kind = call.rng.choice((ID, PHONE, CARD, PASSPORT, "LANDLINE"))
    entity, value = _number_value(values, kind)
    call.agent_says(call.rng.choice(QUESTION_WORDS[kind]))
    lead = call.rng.choice(("", "是", "好的，", "嗯，"))
    tail = call.rng.choice(("。", "，就这个。", "。", "，对。"))
    call.customer_says(lead, (_written(value, call.rng), _label(entity, "answer", call.mention())), tail)


def episode_pieces(call: Call, values: Values) -> None:
    kind = call.rng.choice((ID, PHONE, CARD, "LANDLINE", QQ))
    if kind == QQ:
        entity, value = QQ, values.qq()
        call.agent_says(call.rng.choice(("您的QQ号是多少？", "留个QQ吧？")))
    else:
        entity, value = _number_value(values, kind)
        call.agent_says(call.rng.choice(QUESTION_WORDS[kind]))
    written = _spoken(value, call.rng) if call.rng.random() < 0.7 else value
    mention = call.mention()
    pieces = _cut(written, call.rng, call.rng.randrange(3, 6 if len(written) > 8 else 4))
    echo = call.rng.random() < 0.2  # the agent reads each piece back
    if call.rng.random() < 0.15:  # one turn, the pieces joined by 然后是 / 最后是
        chunks = []
        for index, piece in enumerate(pieces):
            if index:
                chunks.append("，最后是" if index == len(pieces) - 1 else "，然后是")
            chunks.append((piece, _label(entity, "pieces", mention)))
        call.customer_says(*chunks, "。")
        return
    for index, piece in enumerate(pieces):
        if index:
            if echo:
                call.agent_says((pieces[index - 1], _label(entity, "pieces", mention, echo=True)), "，好的")
            else:
                call.agent_says(call.rng.choice(BACKCHANNELS))
        call.customer_says((piece, _label(entity, "pieces", mention)), call.rng.choice(("，", "。", "……", "")))


def _near_miss(value: str, rng: random.Random, entity: str) -> str:
    way = rng.choice(("drop", "double", "check") if entity == ID else ("drop", "double"))
    at = rng.randrange(3, len(value) - 2)
    if way == "drop":
        return value[:at] + value[at + 1 :]
    if way == "double":
        return value[:at] + value[at] + value[at:]
    wrong = rng.choice([c for c in "0123456789X" if c != value[-1]])
    return value[:-1] + wrong


def episode_near_miss(call: Call, values: Values) -> None:
    kind = call.rng.choice((ID, PHONE, "LANDLINE"))
    entity, value = _number_value(values, kind)
    if kind == "LANDLINE":
        value = value[:-1]  # a digit short
    else:
        value = _near_miss(value, call.rng, entity)
    call.agent_says(call.rng.choice(QUESTION_WORDS[kind]))
    written = _spoken(value, call.rng) if call.rng.random() < 0.6 else value
    call.customer_says(
        call.rng.choice(("", "嗯，", "是")),
        (written, _label(entity, "near_miss", call.mention(), validated=False)),
        "。",
    )


def episode_name(call: Call, values: Values, remember: list) -> None:
    name = values.name()
    surname = name[:2] if name[:2] in COMPOUND else name[0]
    mention = call.mention()
    call.agent_says(
        call.rng.choice(
            (
                "请问您怎么称呼？",
                "您的姓名是？",
                "持卡人叫什么名字？",
                "请问您贵姓？",
                "收件人姓名是？",
                "您叫什么名字？",
                "联系人写谁？",
                "开户名是？",
            )
        )
    )
    way = call.rng.randrange(4)
    label = _label(PERSON, "name_answer", mention)
    if way == 0:
        call.customer_says(call.rng.choice(("", "嗯，", "我叫", "我的名字是", "写", "就写")), (name, label), "。")
    elif way == 1:
        call.customer_says("免贵姓", (surname, label), "，叫", (name, _label(PERSON, "name_answer", mention)), "。")
    elif way == 2:
        call.customer_says("我姓", (surname, label), "，", (name, _label(PERSON, "name_answer", mention)), "。")
    else:
        spelled = [char for char in name[len(surname) :] if char in SPELLINGS]
        if surname in SURNAME_SPELLINGS and call.rng.random() < 0.5:
            call.customer_says(
                (name, label), "，", (SURNAME_SPELLINGS[surname], _label(PERSON, "name_answer", mention)), "。"
            )
        elif spelled:
            call.customer_says(
                (name, label), "，", (SPELLINGS[spelled[0]], _label(PERSON, "name_answer", mention)), "。"
            )
        else:
            call.customer_says((name, label), "。")
    remember.append((PERSON, name))


def episode_account(call: Call, values: Values) -> None:
    kind = call.rng.choice((QQ, WECHAT, PLATE))
    mention = call.mention()
    label = _label(kind, "account_answer", mention)
    if kind == QQ:
        value = values.qq()
        call.agent_says(call.rng.choice(("您的QQ号是多少？", "留个扣扣号吧？", "QQ多少？", "您扣扣号码多少？")))
        if call.rng.random() < 0.5:
            written = call.rng.choice(("，嗯，", " ", "，")).join(_cut(_spoken(value, call.rng), call.rng, 3))
        else:
            written = " ".join(value) if call.rng.random() < 0.5 else value
        call.customer_says(call.rng.choice(("", "是", "嗯，")), (written, label), "。")
    elif kind == WECHAT:
        value = values.wechat()
        call.agent_says(call.rng.choice(("加一下您微信吧，微信号是？", "您的微信号是多少？", "方便留个微信吗？")))
        if call.rng.random() < 0.5:
            spelled = []
            for char in value:
                if char == "_":
                    spelled.append("下划线")
                elif char.isdigit():
                    spelled.append(_spoken(char, call.rng))
                else:
                    spelled.append(char)
            call.customer_says((" ".join(spelled), label), call.rng.choice(("，全小写。", "。", "，都是小写。")))
        else:
            call.customer_says((value, label), call.rng.choice(("，全小写。", "，就这个。", "。")))
    else:
        value = values.plate()
        call.agent_says(call.rng.choice(("您的车牌号是多少？", "车牌报一下？", "您车牌多少？", "车辆牌照是？")))
        head, digits = value[:2], value[2:]
        if call.rng.random() < 0.5:
            written = head + call.rng.choice(("，嗯，", "，", " ")) + _spoken(digits, call.rng)
        else:
            written = head + _spoken(digits, call.rng) if call.rng.random() < 0.5 else value
        call.customer_says(call.rng.choice(("是", "", "嗯，")), (written, label), "。")


def episode_address(call: Call, values: Values, remember: list) -> None:
    divisions, rest = values.address()
    mention = call.mention()
    call.agent_says(
        call.rng.choice(("您现在住哪里？", "收货地址是哪里？", "您的家庭地址是？", "您的住址是？", "寄到哪里？"))
    )
    road_end = rest.index("号") + 1
    estate_end = next(rest.index(estate) + len(estate) for estate in ESTATES if estate in rest)
    call.customer_says((divisions + rest[:road_end], _label(ADDRESS, "address_followup", mention)), "。")
    call.agent_says(call.rng.choice(("具体一点呢？", "哪个小区，几栋几单元？", "好的，具体一点呢？")))
    call.customer_says((rest[road_end:], _label(ADDRESS, "address_followup", mention)), "。")
    del estate_end


def episode_correction(call: Call, values: Values) -> None:
    kind = call.rng.choice((PHONE, ID))
    entity, value = _number_value(values, kind)
    call.agent_says(call.rng.choice(QUESTION_WORDS[kind]))
    mention = call.mention()
    label = _label(entity, "correction", mention)
    if call.rng.random() < 0.5:
        # a wrong digit, corrected: 幺三八九六七……说错了，是八，零六…
        at = call.rng.randrange(4, len(value) - 3)
        wrong = call.rng.choice([d for d in "0123456789" if d != value[at]])
        first = _spoken(value[:at] + wrong, call.rng)
        again = _spoken(value[at], call.rng)
        rest = _spoken(value[at + 1 :], call.rng)
        call.customer_says(
            (first, label),
            call.rng.choice(("……说错了，是", "，不对，是", "，不对不对，是", "，不是，应该是")),
            (again, label),
            "，",
        )
        call.agent_says(call.rng.choice(BACKCHANNELS))
        call.customer_says((rest, _label(entity, "correction", mention)), "。")
    elif call.rng.random() < 0.4:
        # a restart: the number said again from the start after a false one
        cut = call.rng.randrange(4, 8)
        wrong = value[: cut - 1] + call.rng.choice([d for d in "0123456789" if d != value[cut - 1]])
        call.customer_says(
            (_spoken(wrong, call.rng), label), call.rng.choice(("……哎我重说一下，", "，不对，我重新说，"))
        )
        call.agent_says(call.rng.choice(("好的，您说。", "嗯，不着急。")))
        call.customer_says((_spoken(value, call.rng), _label(entity, "correction", mention)), "。")
    else:
        # a stutter: the first group said again
        cut = call.rng.randrange(3, 6)
        first = _spoken(value[:cut], call.rng)
        call.customer_says(
            (first, label), "，", (_spoken(value, call.rng), _label(entity, "correction", mention)), "。"
        )


def episode_memory(call: Call, remember: list) -> None:
    """A name given earlier, said again with no name word."""
    if not remember:
        return
    entity, value = call.rng.choice(remember)
    call.agent_says(
        call.rng.choice(("好的，", "嗯，")),
        (value, _label(entity, "memory", call.mention())),
        call.rng.choice(("，我这边记下了。", "，稍等我查一下。")),
    )


# Non-personal talk: (speaker is agent?, chunks); a keep tag marks what must stay.
def _keep(kind: str) -> dict:
    return {"kind": kind}


def distractor(call: Call, values: Values) -> None:
    rng = call.rng
    choice = rng.randrange(17)
    if choice == 0:
        amount = str(rng.randrange(100, 99999))
        call.agent_says("这期应还金额是", (amount, _keep("amount")), "元。")
    elif choice == 1:
        call.agent_says(
            "最晚",
            (f"{rng.randrange(2024, 2027)}年{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日", _keep("date")),
            "之前还款。",
        )
    elif choice == 2:
        order = values.mobile() if rng.random() < 0.4 else values.digits(rng.choice((12, 16, 18)))
        call.customer_says("我的订单号是", (_written(order, rng), _keep("order_number")), "。")
    elif choice == 3:
        order = values.mobile() if rng.random() < 0.5 else values.digits(rng.choice((12, 16)))
        call.agent_says(rng.choice(("您的订单号是多少？", "订单编号报一下？")))
        written = _spoken(order, rng) if rng.random() < 0.5 else order
        if rng.random() < 0.4:
            pieces = _cut(written, rng, 3)
            for index, piece in enumerate(pieces):
                if index:
                    call.agent_says(rng.choice(BACKCHANNELS))
                call.customer_says((piece, _keep("order_answer")), "，")
        else:
            call.customer_says(rng.choice(("", "是", "嗯，")), (written, _keep("order_answer")), "。")
    elif choice == 4:
        policy = values.digits(rng.choice((11, 15, 18)))
        call.agent_says(rng.choice(("您的保单号是多少？", "合同号报一下？")))
        call.customer_says((_written(policy, rng), _keep("policy_answer")), "。")
    elif choice == 5:
        call.agent_says(
            "我的工号是", (values.digits(rng.choice((5, 6, 8))), _keep("staff_number")), "，有问题可以找我。"
        )
    elif choice == 6:
        call.agent_says("验证码多少？")
        call.customer_says((_spoken(values.digits(6), rng), _keep("code_answer")), "。")
    elif choice == 7:
        call.agent_says(
            "有问题可以打我们客服热线",
            (rng.choice(("95588", "95533", "4008123456", "400-820-8820")), _keep("hotline")),
            "。",
        )
    elif choice == 8:
        call.customer_says(
            "我们家",
            (rng.choice(("三", "五", "两")), _keep("count")),
            "口人，分",
            (str(rng.choice((12, 24, 36))), _keep("count")),
            "期还。",
        )
    elif choice == 9:
        call.customer_says("我现在在", (rng.choice(CITIES_SMALL_TALK), _keep("city")), "上班，挺忙的。")
    elif choice == 10:
        call.agent_says(
            "您这边额度是",
            (str(rng.randrange(10, 200) * 1000), _keep("amount")),
            "，年利率",
            (f"{rng.randrange(3, 18)}.{rng.randrange(0, 10)}", _keep("amount")),
            "%。",
        )
    elif choice == 12:
        call.agent_says("您的账户余额是多少？")
        call.customer_says("大概", (str(rng.randrange(1000, 99999)), _keep("amount_answer")), "块吧。")
    elif choice == 13:
        call.agent_says("卡号尾号是多少？")
        call.customer_says((_spoken(values.digits(4), rng), _keep("tail_answer")), "。")
    elif choice == 14:
        call.customer_says("你的工号是多少？")
        call.agent_says("我的工号是", (_spoken(values.digits(6), rng), _keep("staff_answer")), "。")
    elif choice == 15:
        call.agent_says("快递单号是多少？")
        number = values.digits(rng.choice((12, 13, 15)))
        call.customer_says((number[:5], _keep("order_answer")), "，")
        call.agent_says("嗯。")
        call.customer_says((number[5:], _keep("order_answer")), "。")
    else:
        call.agent_says("您是哪天办的卡？")
        call.customer_says((f"{rng.randrange(2015, 2025)}年{rng.randrange(1, 13)}月", _keep("date_answer")), "吧。")


SMALL_TALK = (
    ("agent", "您好，这里是信用卡中心，请问现在方便接听吗？"),
    ("customer", "方便，你说。"),
    ("agent", "好的，稍等我帮您查一下。"),
    ("customer", "嗯，好的。"),
    ("agent", "感谢您的耐心等待。"),
    ("customer", "没事。"),
    ("agent", "还有别的需要帮您的吗？"),
    ("customer", "没有了，谢谢。"),
)


def build_call(number: int, rng: random.Random, values: Values, shapes: list[str]) -> dict:
    call = Call(rng)
    call.agent_says(rng.choice(("您好，很高兴为您服务。", "喂，您好，这里是客服中心。", "您好，请问有什么可以帮您？")))
    call.customer_says(rng.choice(("你好，我想问一下还款的事。", "喂，你好。", "我想改一下资料。")))
    remember: list = []
    plan = list(shapes) + ["distractor"] * rng.randrange(2, 5)
    rng.shuffle(plan)
    if "memory" in plan:  # a memory mention comes after the name it remembers
        plan.remove("memory")
        plan.append("memory")
        if "name_answer" not in plan:
            plan.insert(0, "name_answer")
    for item in plan:
        if len(call.turns) >= LONG_ENOUGH and item == "distractor":
            continue  # a call stays within 30 turns
        if rng.random() < 0.3 and len(call.turns) < LONG_ENOUGH:
            speaker, words = rng.choice(SMALL_TALK)
            call.say(call.agent if speaker == "agent" else call.customer, words)
        if item == "distractor":
            distractor(call, values)
        elif item == "same_turn":
            episode_same_turn(call, values)
        elif item == "answer":
            episode_answer(call, values)
        elif item == "pieces":
            episode_pieces(call, values)
        elif item == "near_miss":
            episode_near_miss(call, values)
        elif item == "name_answer":
            episode_name(call, values, remember)
        elif item == "account_answer":
            episode_account(call, values)
        elif item == "address_followup":
            episode_address(call, values, remember)
        elif item == "correction":
            episode_correction(call, values)
        elif item == "memory":
            episode_memory(call, remember)
    while len(call.turns) < 8:
        distractor(call, values)
    call.agent_says("好的，感谢您的来电，再见。")
    return call.record(number)


def calls(count: int = CALLS, seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    values = Values(rng)
    records = []
    for number in range(1, count + 1):
        # every shape in turn, two or three per call
        shapes = [SHAPES[(number + offset) % len(SHAPES)] for offset in range(rng.randrange(2, 4))]
        records.append(build_call(number, rng, values, shapes))
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--calls", type=int, default=CALLS)
    args = parser.parse_args()
    records = calls(args.calls)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    labels = sum(len(record["labels"]) for record in records)
    keeps = sum(len(record["keeps"]) for record in records)
    turns = [record["turns"] for record in records]
    print(
        f"{len(records)} calls ({min(turns)}–{max(turns)} turns), {labels} personal spans, {keeps} kept spans: {args.out}"
    )


if __name__ == "__main__":
    main()
