"""A held-out set of whole calls (issue 22), written without reading the call layer.

``make_call_set.py`` was written by the engineer who wrote :mod:`recognizers.call`; this generator
was not, and uses its own phrasing, templates, speakers and distractors (insurance, bank, telecom
and e-commerce calls). Records have the same form as ``benchmarks/data/eval_calls.jsonl`` so
``benchmarks/call_scoring.py`` scores them (recall per shape, keep per kind)::

    python benchmarks/make_heldout_calls.py            # writes benchmarks/out/heldout_calls.jsonl
    python benchmarks/make_heldout_calls.py --score --errors 20
    python benchmarks/make_heldout_calls.py --score --labelled-only
    python benchmarks/call_scoring.py --data benchmarks/out/heldout_calls.jsonl

About one call in twenty has no speaker labels at all (the issue's "or none": one turn per line);
``--labelled-only`` scores the others alone.

Numbers are checked by sources independent of leadscreen: python-stdnum ``cn.ric`` for IDs and
``luhn`` for cards (BINs from the shipped table), libphonenumber for phones. Seeded: the output is
the same on every run. The output is not committed (``benchmarks/out/`` is ignored).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import phonenumbers
from stdnum import luhn
from stdnum.cn import ric

OUT = Path(__file__).resolve().parent / "out" / "heldout_calls.jsonl"
SEED = 20261207

# (agent label, customer label, colon); None: no speaker labels at all.
SPEAKERS = [
    ("坐席", "客户", "："),
    ("客服", "用户", "："),
    ("业务员", "客户", "："),
    ("销售", "先生", "："),
    ("客服", "女士", "："),
    ("A", "B", ":"),
    ("A", "B", "："),
    ("坐席", "客户", ":"),
    (None, None, ""),
]
DOMAINS = {
    "insurance": ("您好，这里是平安车险理赔中心，我是理赔专员。", ["我想问一下理赔进度。", "我车上周被追尾了。"]),
    "bank": ("您好，招商银行信用卡中心，很高兴为您服务。", ["我想办个分期。", "我卡好像被锁了。"]),
    "telecom": ("您好，中国移动客服，请问有什么可以帮您？", ["我想换个套餐。", "宽带老是断。"]),
    "shop": ("您好，这里是京东售后，请问有什么需要帮助的？", ["我买的冰箱还没到。", "我要退货。"]),
}
SPOKEN = "零一二三四五六七八九"
BACKCHANNELS = ["嗯", "您说", "后面呢？", "好", "还有呢", "嗯嗯", "好的，然后呢？", "对，继续", "嗯，记着呢"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉玲红鹏飞鑫宇浩凯晨欣怡佳琪雪梅海波志刚晓东婷颖斌俊峰"
# how a customer spells a character of the name
CHAR_WORDS = {
    "芳": "芳草的芳",
    "伟": "伟大的伟",
    "明": "明天的明",
    "华": "中华的华",
    "丽": "美丽的丽",
    "静": "安静的静",
    "杰": "杰出的杰",
    "涛": "波涛的涛",
    "红": "红色的红",
    "敏": "敏捷的敏",
    "鹏": "大鹏的鹏",
    "玲": "玲珑的玲",
    "雪": "雪花的雪",
    "海": "大海的海",
    "飞": "飞机的飞",
    "宇": "宇宙的宇",
    "晨": "早晨的晨",
    "佳": "佳节的佳",
    "梅": "梅花的梅",
    "峰": "山峰的峰",
}
SURNAME_WORDS = {
    "张": "弓长张",
    "陈": "耳东陈",
    "吴": "口天吴",
    "李": "木子李",
    "林": "双木林",
    "黄": "草头黄",
    "徐": "双人徐",
    "杨": "木易杨",
    "胡": "古月胡",
    "许": "言午许",
}
AREAS = ["110105", "440305", "330106", "420106", "320102", "370202", "610113", "110101"]
BINS = ["622202", "621700", "622848", "622588", "621226", "621483", "622262", "436742"]
CARD_LENGTH = {"622588": 16, "621483": 16}
PROVINCES = [
    ("浙江省", "杭州市", "西湖区"),
    ("广东省", "深圳市", "南山区"),
    ("四川省", "成都市", "武侯区"),
    ("江苏省", "南京市", "鼓楼区"),
    ("湖北省", "武汉市", "洪山区"),
    ("山东省", "青岛市", "崂山区"),
]
ROADS = ["文三路", "科技园南路", "人民南路", "中山北路", "珞喻路", "香港东路", "建设大道", "解放西路"]
ESTATES = ["金色家园", "万科城", "碧桂园", "阳光小区", "保利花园", "和平里社区", "紫荆苑", "东方名都"]
PLATE_PROVINCES = "京沪粤浙苏川鄂湘鲁豫皖闽"
CITIES = ["杭州", "深圳", "成都", "武汉", "北京", "上海", "重庆", "西安", "苏州", "长沙"]


def _speak(rng: random.Random, digits: str, style: str | None = None) -> str:
    """Digits as a customer says them: ASCII, spoken (幺/两/拐/洞 sometimes), grouped or mixed."""
    style = style or rng.choice(["ascii", "spoken", "spoken", "grouped", "spaced"])
    if style == "ascii":
        return digits
    if style == "grouped":
        out, i = [], 0
        while i < len(digits):
            step = rng.choice([3, 4, 4])
            out.append(digits[i : i + step])
            i += step
        return " ".join(out)
    if style == "spaced":
        return " ".join(digits)
    words = []
    for char in digits:
        if not char.isdigit():
            words.append(char)
        elif char == "1" and rng.random() < 0.6:
            words.append("幺")
        elif char == "0" and rng.random() < 0.25:
            words.append("洞")
        elif char == "7" and rng.random() < 0.15:
            words.append("拐")
        elif char == "2" and rng.random() < 0.15:
            words.append("两")
        else:
            words.append(SPOKEN[int(char)])
    return "".join(words)


def _cuts(rng: random.Random, length: int, pieces: int) -> list[int]:
    return sorted(rng.sample(range(1, length), pieces - 1))


def _split(rng: random.Random, text: str, pieces: int) -> list[str]:
    bounds = [0, *_cuts(rng, len(text), pieces), len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


def resident_id(rng: random.Random) -> str:
    while True:  # stdnum also checks that the area code existed in the birth year
        year = rng.randint(1962, 2003)
        body = f"{rng.choice(AREAS)}{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
        number = body + ric.calc_check_digit(body + "0")  # stdnum takes the number with a check place
        if ric.is_valid(number):
            return number


def mobile(rng: random.Random) -> str:
    while True:
        number = rng.choice(["13", "15", "18", "17", "19"]) + str(rng.randint(0, 9)) + f"{rng.randint(0, 99999999):08d}"
        if phonenumbers.is_valid_number(phonenumbers.parse(number, "CN")):
            return number


def landline(rng: random.Random) -> str:
    while True:
        area = rng.choice(["010", "021", "0755", "0571", "028", "027"])
        number = area + str(rng.randint(2, 8)) + f"{rng.randint(0, 9999999):07d}"
        if phonenumbers.is_valid_number(phonenumbers.parse(number, "CN")):
            return number


def bank_card(rng: random.Random) -> str:
    bin_ = rng.choice(BINS)
    length = CARD_LENGTH.get(bin_, 19)
    body = bin_ + "".join(str(rng.randint(0, 9)) for _ in range(length - len(bin_) - 1))
    number = body + luhn.calc_check_digit(body)
    assert luhn.is_valid(number)
    return number


def passport(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice("EG") + "".join(str(rng.randint(0, 9)) for _ in range(8))
    return "E" + rng.choice("ABCDEFGH") + "".join(str(rng.randint(0, 9)) for _ in range(7))


def qq(rng: random.Random) -> str:
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(rng.randint(6, 9)))


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))


def near_miss(rng: random.Random, digits: str) -> str:
    """One character off: a digit dropped or doubled, or (an ID) a wrong check character."""
    how = rng.choice(["drop", "double", "check"] if len(digits) == 18 else ["drop", "double"])
    at = rng.randint(3, len(digits) - 2)
    if how == "drop":
        return digits[:at] + digits[at + 1 :]
    if how == "double":
        return digits[:at] + digits[at] + digits[at:]
    wrong = rng.choice([c for c in "0123456789X" if c != digits[-1]])
    return digits[:-1] + wrong


class Call:
    """Turns as lists of segments; a segment is text or (text, tag)."""

    def __init__(self, rng: random.Random, speakers: tuple) -> None:
        self.rng = rng
        self.agent_label, self.customer_label, self.colon = speakers
        self.turns: list[tuple[str | None, list]] = []
        self.mention = 0

    def new_mention(self) -> int:
        self.mention += 1
        return self.mention

    def agent(self, *segments) -> None:
        self.turns.append((self.agent_label, list(segments)))

    def customer(self, *segments) -> None:
        self.turns.append((self.customer_label, list(segments)))

    def record(self, call_id: str) -> dict:
        text, labels, keeps = "", [], []
        for index, (speaker, segments) in enumerate(self.turns):
            if index:
                text += "\n"
            if speaker:
                text += speaker + self.colon
            for segment in segments:
                if isinstance(segment, str):
                    text += segment
                    continue
                piece, tag = segment
                start, end = len(text), len(text) + len(piece)
                text += piece
                if tag[0] == "keep":
                    keeps.append({"kind": tag[1], "start": start, "end": end})
                else:
                    _, entity, shape, mention, validated = tag
                    label = {"entity": entity, "shape": shape, "mention": mention, "start": start, "end": end}
                    if validated is False:
                        label["validated"] = False
                    labels.append(label)
        counts: dict[int, int] = {}
        for label in labels:
            counts[label["mention"]] = counts.get(label["mention"], 0) + 1
        seen: dict[int, int] = {}
        for label in labels:
            if counts[label["mention"]] > 1:
                seen[label["mention"]] = seen.get(label["mention"], 0) + 1
                label["part"], label["of"] = seen[label["mention"]], counts[label["mention"]]
        return {"id": call_id, "text": text, "turns": len(self.turns), "labels": labels, "keeps": keeps}


def L(entity: str, shape: str, mention: int, validated: bool | None = None) -> tuple:
    return ("label", entity, shape, mention, validated)


def K(kind: str) -> tuple:
    return ("keep", kind)


QUESTIONS = {
    "CN_RESIDENT_ID": [
        "麻烦报一下您的身份证号码。",
        "核实一下身份，证件号码您说一下？",
        "您身份证多少号？",
        "请提供一下投保人的身份证号。",
        "开户时用的证件号是？",
    ],
    "mobile": [
        "您留个联系电话吧？",
        "方便说一下您的手机号码吗？",
        "这边登记一个联系方式，您说。",
        "预留的手机号是哪个？",
        "您现在用的号码是多少？",
    ],
    "landline": ["您家里座机多少？", "单位电话留一个？", "固话方便留一下吗？"],
    "CN_BANK_CARD": [
        "您要绑定的银行卡卡号是多少？",
        "还款账号报一下？",
        "您的卡号我核对下，您念一下。",
        "扣款的储蓄卡号是？",
    ],
    "CN_PASSPORT": ["您护照号码是多少？", "出境用的护照号报一下。"],
    "CN_QQ_NUMBER": ["您QQ号多少？", "加个QQ吧，号码是？", "方便留个QQ吗？"],
    "CN_WECHAT_ID": ["您微信号是什么？", "加一下您微信，微信号报一下。", "方便留个微信吗？"],
    "CN_LICENSE_PLATE": ["出险车辆的车牌号是多少？", "您的车牌？", "登记一下车牌号码。"],
    "PERSON": [
        "请问怎么称呼您？",
        "您贵姓？",
        "持卡人姓名是？",
        "收件人写谁？",
        "您叫什么名字？",
        "被保险人姓名？",
        "机主姓名是？",
    ],
    "CN_ADDRESS": ["您现在住哪？", "收货地址是哪里？", "您的通讯地址说一下。", "保单寄到哪个地址？"],
}
LEADS = ["", "", "嗯，", "是", "我的是", "哦，", "好的，"]
TAILS = ["。", "。", "，就这个。", "，对。", "，您记一下。", ""]


def _number_for(rng: random.Random, kind: str) -> tuple[str, str]:
    """(entity, value) for a number kind."""
    if kind == "CN_RESIDENT_ID":
        return kind, resident_id(rng)
    if kind == "mobile":
        return "CN_PHONE_NUMBER", mobile(rng)
    if kind == "landline":
        return "CN_PHONE_NUMBER", landline(rng)
    if kind == "CN_BANK_CARD":
        return kind, bank_card(rng)
    if kind == "CN_QQ_NUMBER":
        return kind, qq(rng)
    return kind, passport(rng)


def block_answer(call: Call) -> None:
    rng = call.rng
    kind = rng.choice(["CN_RESIDENT_ID", "mobile", "mobile", "landline", "CN_BANK_CARD", "CN_PASSPORT"])
    entity, value = _number_for(rng, kind)
    call.agent(rng.choice(QUESTIONS[kind]))
    said = value if kind == "CN_PASSPORT" else _speak(rng, value)
    call.customer(rng.choice(LEADS), (said, L(entity, "answer", call.new_mention())), rng.choice(TAILS))


def block_same_turn(call: Call) -> None:
    rng = call.rng
    kind = rng.choice(["CN_RESIDENT_ID", "mobile", "CN_BANK_CARD"])
    entity, value = _number_for(rng, kind)
    word = {"CN_RESIDENT_ID": "我身份证号是", "mobile": "我手机号码是", "CN_BANK_CARD": "我那张卡的卡号是"}[kind]
    call.customer(word, (_speak(rng, value), L(entity, "same_turn", call.new_mention())), "。")


def _pieces(call: Call, entity: str, value: str, shape: str, mention: int, count: int) -> None:
    rng = call.rng
    style = rng.choice(["ascii", "spoken", "spoken"])
    said = _speak(rng, value, style)
    for index, piece in enumerate(_split(rng, said, count)):
        piece = piece.strip()
        if not piece:
            continue
        lead = "" if index == 0 else rng.choice(["", "", "然后是", "接着", "嗯，", "再往后是"])
        if index == count - 1 and rng.random() < 0.3:
            lead = "最后是"
        call.customer(lead, (piece, L(entity, shape, mention)), rng.choice(["，", "。", "……", ""]))
        if index < count - 1 and rng.random() < 0.8:
            call.agent(rng.choice(BACKCHANNELS))


def block_pieces(call: Call) -> None:
    rng = call.rng
    kind = rng.choice(["CN_RESIDENT_ID", "mobile", "mobile", "CN_BANK_CARD", "CN_QQ_NUMBER", "landline"])
    entity, value = _number_for(rng, kind)
    call.agent(rng.choice(QUESTIONS[kind]))
    if rng.random() < 0.3:
        call.customer(rng.choice(["稍等，我找一下。", "我看看啊。", "好的，您记一下。"]))
        call.agent(rng.choice(["好的，不着急。", "嗯，您说。"]))
    _pieces(call, entity, value, "pieces", call.new_mention(), rng.randint(3, 5))


def block_near_miss(call: Call) -> None:
    rng = call.rng
    kind = rng.choice(["CN_RESIDENT_ID", "mobile", "mobile", "landline"])
    entity, value = _number_for(rng, kind)
    wrong = near_miss(rng, value)
    call.agent(rng.choice(QUESTIONS[kind]))
    call.customer(
        rng.choice(LEADS), (_speak(rng, wrong), L(entity, "near_miss", call.new_mention(), False)), rng.choice(TAILS)
    )
    if rng.random() < 0.5:
        call.agent(rng.choice(["好的，我记下了。", "嗯，收到。", "好，稍等。"]))


def block_correction(call: Call) -> None:
    rng = call.rng
    kind = rng.choice(["CN_RESIDENT_ID", "mobile", "mobile"])
    entity, value = _number_for(rng, kind)
    mention = call.new_mention()
    call.agent(rng.choice(QUESTIONS[kind]))
    style = rng.choice(["ascii", "spoken", "spoken"])
    said = _speak(rng, value, style)
    at = rng.randint(4, len(said) - 4)
    form = rng.choice(["same_turn", "next_turn", "stutter", "restart"])
    wrong_char = rng.choice([c for c in (SPOKEN if style == "spoken" else "0123456789") if c != said[at]])
    tag = L(entity, "correction", mention)
    if form == "same_turn":
        word = rng.choice(["说错了，是", "不对，是", "不是，是", "哦不对，是"])
        call.customer((said[:at] + wrong_char, tag), "……" + word, (said[at], tag), "，", (said[at + 1 :], tag), "。")
    elif form == "next_turn":
        call.customer((said[:at] + wrong_char, tag), "，")
        call.agent(rng.choice(BACKCHANNELS))
        call.customer(
            rng.choice(["不对，刚才说错了，是", "等一下，最后一个不是，是", "哎说错了，应该是"]), (said[at], tag), "，"
        )
        call.agent(rng.choice(["好的", "嗯，然后呢？"]))
        call.customer((said[at + 1 :], tag), "。")
    elif form == "stutter":
        cut = rng.randint(2, 3)
        call.customer(
            (said[:cut], tag), "，", (said[:cut], tag), "……", (said[cut:at], tag), "，", (said[cut:], tag), "。"
        )
    else:
        call.customer((said[:at], tag), "，", (said[at : at + 2], tag), "……")
        call.customer("算了我重新说一遍，", (said, tag), "。")


def block_name(call: Call) -> None:
    rng = call.rng
    full = name(rng)
    surname, given = full[0], full[1:]
    mention = call.new_mention()
    tag = L("PERSON", "name_answer", mention)
    call.agent(rng.choice(QUESTIONS["PERSON"]))
    form = rng.choice(["plain", "plain", "honour", "surname_word", "char_word", "woxing"])
    if form == "plain":
        call.customer(rng.choice(["", "我叫", "嗯，", "写"]), (full, tag), rng.choice(["。", "", "，就这个。"]))
    elif form == "honour":
        call.customer("免贵姓", (surname, tag), "，叫", (full, tag), "。")
    elif form == "woxing":
        call.customer("我姓", (surname, tag), "，", (full, tag), "。")
    elif form == "surname_word" and surname in SURNAME_WORDS:
        word = SURNAME_WORDS[surname]
        call.customer((full, tag), "，", word[:-1], (word[-1], tag), "。")
    else:
        chars = [c for c in given if c in CHAR_WORDS]
        if not chars:
            call.customer((full, tag), "。")
        else:
            word = CHAR_WORDS[chars[0]]
            call.customer((full, tag), "，", word[:-1], (word[-1], tag), "。")
    if rng.random() < 0.5:
        call.agent(rng.choice(["好的。", "嗯，好的。", "收到。"]))
        filler(call)
        if rng.random() < 0.5:
            call.agent(
                "好的，", (full, L("PERSON", "memory", mention)), rng.choice(["，我这边给您登记了。", "，您稍等。"])
            )
        else:
            call.customer("对，", (full, L("PERSON", "memory", mention)), "本人。")


def block_account(call: Call) -> None:
    rng = call.rng
    kind = rng.choice(["CN_QQ_NUMBER", "CN_WECHAT_ID", "CN_LICENSE_PLATE"])
    mention = call.new_mention()
    tag = L(kind, "account_answer", mention)
    call.agent(rng.choice(QUESTIONS[kind]))
    if kind == "CN_QQ_NUMBER":
        value = qq(rng)
        if rng.random() < 0.5:
            call.customer(rng.choice(LEADS), (_speak(rng, value), tag), rng.choice(TAILS))
        else:
            cut = rng.randint(3, len(value) - 3)
            said = _speak(rng, value[:cut]) + rng.choice(["，嗯，", "，那个，", " "]) + _speak(rng, value[cut:])
            call.customer((said, tag), "。")
    elif kind == "CN_WECHAT_ID":
        word = rng.choice(["xiaoyu", "lucky", "sunny", "chen", "wang", "tom", "lily", "mike"])
        digits = str(rng.randint(10, 9999))
        form = rng.choice(["plain", "underscore", "letters"])
        if form == "plain":
            call.customer(
                rng.choice(["", "是", "嗯，"]),
                (word + digits, tag),
                rng.choice(["，全小写。", "。", "，都是小写字母。"]),
            )
        elif form == "underscore":
            said = " ".join(word) + " 下划线 " + _speak(rng, digits, "spoken")
            call.customer((said, tag), rng.choice(["，全小写。", "。"]))
        else:
            said = word[0].upper() + " " + " ".join(word[1:]) + " " + _speak(rng, digits, "spoken")
            call.customer((said, tag), "，第一个是大写的", (word[0].upper(), tag), "。")
    else:
        province = rng.choice(PLATE_PROVINCES)
        letter = rng.choice("ABCDEFGHJK")
        tail = "".join(rng.choice("0123456789") for _ in range(5))
        form = rng.choice(["plain", "filler", "spoken"])
        if form == "plain":
            call.customer(rng.choice(["", "是", "嗯，"]), (province + letter + tail, tag), "。")
        elif form == "filler":
            call.customer(
                (province + letter + rng.choice(["，嗯，", "，那个，", " "]) + _speak(rng, tail, "spoken"), tag), "。"
            )
        else:
            call.customer((province + letter + " " + _speak(rng, tail, "spoken"), tag), "。")


def block_address(call: Call) -> None:
    rng = call.rng
    mention = call.new_mention()
    tag = L("CN_ADDRESS", "address_followup", mention)
    province, city, district = rng.choice(PROVINCES)
    road = rng.choice(ROADS) + str(rng.randint(1, 999)) + "号"
    call.agent(rng.choice(QUESTIONS["CN_ADDRESS"]))
    first = (province if rng.random() < 0.5 else "") + city + district + road
    call.customer(rng.choice(["", "在", "嗯，"]), (first, tag), "。")
    estate, building, unit, room = rng.choice(ESTATES), rng.randint(1, 30), rng.randint(1, 6), rng.randint(101, 2808)
    if rng.random() < 0.5:
        call.agent(rng.choice(["具体一点呢？", "小区和门牌号呢？", "具体到门牌呢？"]))
        call.customer((f"{estate}{building}栋{unit}单元{room}室", tag), "。")
    else:
        call.agent(rng.choice(["哪个小区？", "小区叫什么？"]))
        call.customer((estate, tag), "。")
        call.agent("几栋几单元？")
        call.customer((f"{building}栋{unit}单元", tag), "，", (f"{room}", tag), "。")


def filler(call: Call) -> None:
    """Small talk, maybe with a distractor."""
    rng = call.rng
    choice = rng.randrange(12)
    if choice == 0:
        city = rng.choice(CITIES)
        call.customer("我现在在", (city, K("city")), rng.choice(["出差，信号不太好。", "，这边在下雨。"]))
    elif choice == 1:
        city = rng.choice(CITIES)
        call.agent("您那边", (city, K("city")), "今天天气怎么样？")
    elif choice == 2:
        call.customer(rng.choice(["好的。", "嗯嗯。", "明白了。", "行。"]))
    elif choice == 3:
        n = rng.choice(["三", "四", "五", "3", "4"])
        call.customer("我们家", (n + "口人", K("count")), "，都用这个套餐。")
    elif choice == 4:
        call.agent("这个活动送", (rng.choice(["200", "五百", "1000"]) + "积分", K("count")), "。")
    else:
        call.agent(rng.choice(["请您稍等。", "我帮您查一下。", "系统有点慢，您稍等。", "好的，明白。"]))


def distractor(call: Call) -> None:
    rng = call.rng
    choice = rng.randrange(20)
    if choice == 0:
        amount = rng.choice(
            [
                f"{rng.randint(100, 99999)}.{rng.randint(0, 99):02d}元",
                f"{rng.randint(1, 9)}万{rng.randint(1, 9)}千",
                "四千二百块",
                f"{rng.randint(200, 50000)}块钱",
            ]
        )
        call.agent("您这个月应还金额是", (amount, K("amount")), "。")
    elif choice == 1:
        call.agent(
            "年化利率是",
            (rng.choice(["3.85%", "百分之四点三", "7.2%", "18.25%"]), K("rate")),
            "，分",
            (str(rng.choice([6, 12, 24, 36])) + "期", K("count")),
            "。",
        )
    elif choice == 2:
        date = rng.choice(
            [
                f"{rng.randint(2023, 2026)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                f"{rng.randint(1, 12)}月{rng.randint(1, 28)}号",
                "下个月8号",
                "三月十五号",
            ]
        )
        call.agent("保单是", (date, K("date")), "到期。")
    elif choice == 3:
        number = str(rng.randint(10**15, 10**19 - 1))
        call.customer("我的订单号是", (number, K("order_number")), "。")
    elif choice == 4:
        call.agent(rng.choice(["您的订单号多少？", "订单编号报一下？", "快递单号是多少？"]))
        number = str(rng.randint(10**10, 10**16 - 1))
        call.customer(rng.choice(["", "是", "嗯，"]), (_speak(rng, number), K("order_answer")), "。")
    elif choice == 5:
        call.agent(rng.choice(["保单号是多少？", "您的保单号码说一下？", "合同编号是？"]))
        number = rng.choice(["P", "", "HT"]) + str(rng.randint(10**11, 10**17 - 1))
        call.customer((number, K("policy_answer")), "。")
    elif choice == 6:
        call.agent(rng.choice(["订单号报一下？", "工单号是多少？"]))
        number = str(rng.randint(10**10, 10**14 - 1))
        said = _speak(rng, number, rng.choice(["ascii", "spoken"]))
        for index, piece in enumerate(_split(rng, said, 3)):
            call.customer((piece, K("order_answer")), "，")
            if index < 2:
                call.agent(rng.choice(BACKCHANNELS))
    elif choice == 7:
        call.agent(
            "我的工号是",
            (
                rng.choice([str(rng.randint(1000, 999999)), _speak(rng, str(rng.randint(10000, 99999)), "spoken")]),
                K("staff_number"),
            ),
            "，有问题随时找我。",
        )
    elif choice == 8:
        call.customer(rng.choice(["你工号多少？", "您工号是？"]))
        call.agent(
            rng.choice(["", "我工号", "工号是"]),
            (_speak(rng, str(rng.randint(10000, 999999))), K("staff_answer")),
            "。",
        )
    elif choice == 9:
        call.agent("验证码已经发到您手机上了，您念一下？")
        call.customer(
            rng.choice(["", "是", "嗯，"]), (_speak(rng, f"{rng.randint(0, 999999):06d}"), K("code_answer")), "。"
        )
    elif choice == 10:
        call.customer("验证码是", (f"{rng.randint(0, 9999):04d}", K("code")), "。")
    elif choice == 11:
        call.agent(
            rng.choice(["有问题可以拨打我们的客服热线", "后续可以打全国服务热线"]),
            (
                rng.choice(["95588", "95511", "10086", "400-820-8820", "4008208820", "四零零八八八三三六六", "95555"]),
                K("hotline"),
            ),
            "。",
        )
    elif choice == 12:
        call.agent(rng.choice(["您想借多少？", "退款金额您看一下对吗？", "您要充多少？"]))
        call.customer(
            (rng.choice(["五万块", "两万三", "199", "三千", "一百"]), K("amount_answer")), rng.choice(["。", "吧。"])
        )
    elif choice == 13:
        call.agent(rng.choice(["出险是哪天？", "什么时候下的单？"]))
        call.customer((rng.choice(["上个月12号", "11月3号", "前天", "2025年6月1日"]), K("date_answer")), "。")
    elif choice == 14:
        call.agent(
            "您名下有",
            (rng.choice(["两张", "3张", "一张"]) + "卡", K("count")),
            "，尾号",
            (f"{rng.randint(0, 9999):04d}", K("tail")),
            "的那张是主卡。",
        )
    elif choice == 16:  # the customer asks for the company's number: a hotline is the answer
        call.customer(rng.choice(["你们客服电话多少？", "投诉电话是多少？", "你们热线号码是？"]))
        hotline = rng.choice(["95588", "九五五八八", "400-820-8820", "四零零八二零八八二零", "10086", "95511"])
        call.agent(rng.choice(["", "您可以拨打", "是"]), (hotline, K("hotline_answer")), "。")
    elif choice == 17:
        call.agent(rng.choice(["您名下有几个手机号？", "您有几张我行的卡？", "家里几台电视要装？"]))
        call.customer((rng.choice(["两个", "三张", "一个", "2台", "就一张"]), K("count_answer")), "。")
    elif choice == 18:
        call.agent(rng.choice(["几点方便回访您？", "什么时候方便给您打电话？"]))
        call.customer(
            (rng.choice(["下午三点以后", "明天上午十点", "晚上7点半", "周六下午两点"]), K("time_answer")), "吧。"
        )
    elif choice == 19:
        call.agent(rng.choice(["您的合同编号是？", "报一下理赔案件号？", "您的流水号是多少？"]))
        number = _speak(rng, str(rng.randint(10**9, 10**12 - 1)), rng.choice(["spoken", "ascii", "grouped"]))
        for index, piece in enumerate(_split(rng, number.replace(" ", ""), 3)):
            call.customer((piece, K("contract_answer")), "，")
            if index < 2 and rng.random() < 0.7:
                call.agent(rng.choice(BACKCHANNELS))
    else:
        call.agent(
            "我们这个套餐每月",
            (rng.choice(["58元", "一百二十八块", "99块"]), K("amount")),
            "，含",
            (rng.choice(["30G", "100分钟", "20个G"]), K("count")),
            "流量通话。",
        )


PERSONAL_BLOCKS = [
    block_answer,
    block_pieces,
    block_pieces,
    block_near_miss,
    block_correction,
    block_name,
    block_name,
    block_account,
    block_address,
    block_same_turn,
]


def make_call(rng: random.Random, call_id: str) -> dict:
    speakers = SPEAKERS[rng.randrange(len(SPEAKERS))] if rng.random() < 0.92 else SPEAKERS[-1]
    if speakers[0] is None and rng.random() < 0.7:
        speakers = SPEAKERS[0]
    domain = rng.choice(list(DOMAINS))
    greeting, reasons = DOMAINS[domain]
    call = Call(rng, speakers)
    call.agent(greeting)
    call.customer("你好，" + rng.choice(reasons))
    blocks = [rng.choice(PERSONAL_BLOCKS) for _ in range(rng.randint(2, 4))]
    blocks += [distractor] * rng.randint(2, 5) + [filler] * rng.randint(1, 3)
    rng.shuffle(blocks)
    for block in blocks:
        saved = (list(call.turns), call.mention)
        block(call)
        if len(call.turns) > 29:
            call.turns, call.mention = saved
    while len(call.turns) < 7:
        filler(call)
    call.agent(rng.choice(["好的，还有别的问题吗？", "好的，感谢您的来电，再见。", "那就这样，祝您生活愉快。"]))
    return call.record(call_id)


def calls(count: int = 320, seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    return [make_call(rng, f"held-{index:04d}") for index in range(1, count + 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description="Write the held-out call set; --score scores it.")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--count", type=int, default=320)
    parser.add_argument("--score", action="store_true", help="score with benchmarks/call_scoring.py")
    parser.add_argument("--errors", type=int, default=0)
    parser.add_argument(
        "--labelled-only", action="store_true", help="score only the calls whose turns carry speaker labels"
    )
    args = parser.parse_args()
    records = calls(args.count)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(records)} calls written to {args.out}")
    if args.score:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import call_scoring

        if args.labelled_only:
            records = [record for record in records if _has_speaker_labels(record["text"])]
            print(f"scoring the {len(records)} calls with speaker labels")
        call_scoring.report(records, args.errors)


def _has_speaker_labels(text: str) -> bool:
    first = text.split("\n", 1)[0]
    return "：" in first[:5] or ":" in first[:5]


if __name__ == "__main__":
    main()
