"""Build the labelled evaluation set ``benchmarks/data/eval_snippets.jsonl``.

Call-center style snippets (agent 坐席/客服 and customer 客户 lines) with Chinese personal numbers
written the ways transcripts write them, plus look-alikes that are not personal numbers.

- Generated part: Faker ``zh_CN`` (names, companies, cities, dates, postcodes, e-mail addresses)
  with a fixed seed, filled into dialogue templates. Roughly half of the numbers are written in a
  transcript form (spoken digits with 幺/两/洞/拐, formal digits, full-width, grouped with spaces,
  dashes or commas, mixed written/spoken, +86/0086 prefixes), the rest as plain ASCII digits.
- Hand-written part: hard cases, including some leadscreen is known to get wrong (they are not
  tuned away; see the ``note`` field).
- ASR-shaped part (issue 12, ``asr-NNNN``, ``source`` ``asr``): fillers and pauses between digit
  groups, one number over several turns (one label per piece, with ``part``/``of``), near misses
  in strong context (labelled personal with ``"validated": false``), spoken X, radio digits,
  data-only mobile ranges, exit-entry documents, landlines a digit short or long, IIN-only cards,
  and look-alikes alone or beside a personal number. Each record has a ``shape``; they come from
  their own seed and no Faker, so they are the same whatever the Faker version.
- Entity part (issue 13, ``ent-NNNN``, ``source`` ``entities``): names, addresses, QQ numbers,
  WeChat IDs and licence plates in dialogue, and hard negatives; built in ``eval_entities.py``
  (its docstring gives the span conventions) with its own seed.

The numbers are synthetic but valid, and validity is decided by sources independent of
leadscreen's rules: python-stdnum ``cn.ric`` for IDs (Faker's own IDs are kept only when stdnum
accepts them), libphonenumber for phones, the shipped BIN table plus stdnum's Luhn for cards.

Each line of the output is one snippet::

    {"id": "gen-0001", "source": "generated", "text": "...",
     "labels": [{"entity": "CN_PHONE_NUMBER", "start": 7, "end": 20, "form": "spoken"}],
     "lookalikes": ["amount"]}

Labels are exact character offsets into ``text`` (``text[start:end]`` is the written number,
including a ``+86`` prefix or the brackets of an area code). ``CN_BUSINESS_NUMBER`` labels mark
400/800 and service numbers, which must never count as personal phones.

Run ``python benchmarks/make_eval_set.py`` to regenerate; the output is deterministic for a given
Faker version, and the generated file is committed so evaluations are reproducible without it.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import eval_entities
import phonenumbers
from faker import Faker
from stdnum import luhn
from stdnum.cn import ric

SEED = 20251122
GENERATED = 420
OUT = Path(__file__).resolve().parent / "data" / "eval_snippets.jsonl"

ID, PHONE, CARD, PASSPORT, EMAIL, BUSINESS = (
    "CN_RESIDENT_ID",
    "CN_PHONE_NUMBER",
    "CN_BANK_CARD",
    "CN_PASSPORT",
    "EMAIL_ADDRESS",
    "CN_BUSINESS_NUMBER",
)

# Transcript digit forms (docs/number-rules.md).
SPOKEN = {"0": "零", "1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}
SPOKEN_VARIANTS = {"0": "洞〇", "1": "幺", "2": "两", "7": "拐"}
FORMAL = dict(zip("0123456789", "零壹贰叁肆伍陆柒捌玖"))
FULL_WIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}


# ---------------------------------------------------------------------------------------------
# Valid numbers


def _stdnum_valid_id(number: str) -> bool:
    # python-stdnum 2.2 raises KeyError instead of answering for a few codes whose database entry
    # has no county name (e.g. 620201); those numbers are simply not used.
    try:
        return ric.is_valid(number)
    except KeyError:
        return False


class Numbers:
    def __init__(self, rng: random.Random, fake: Faker):
        self.rng, self.fake = rng, fake
        data = resources.files("recognizers") / "data"
        with (data / "bank_bins.csv").open(encoding="utf-8") as rows:
            self.bins = [(row["bin"], int(row["length"]), row["bank"]) for row in csv.DictReader(rows)]
        with (data / "bank_names.csv").open(encoding="utf-8") as rows:
            self.bank_names = {row["bank"]: row["name"] for row in csv.DictReader(rows)}

    def resident_id(self) -> str:
        while True:
            number = self.fake.ssn()
            if _stdnum_valid_id(number) and ric.get_birth_date(number).year >= 1930:
                return number

    def mobile(self) -> str:
        while True:
            number = self.fake.phone_number()
            parsed = phonenumbers.parse(number, "CN")
            if (
                phonenumbers.is_valid_number(parsed)
                and phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE
            ):
                return number

    def landline(self) -> str:
        while True:
            area = self.rng.choice(
                ("010", "021", "020", "022", "023", "0755", "0571", "028", "0591", "027", "025", "0731")
            )
            number = area + self.rng.choice("2345678") + "".join(self.rng.choice("0123456789") for _ in range(7))
            parsed = phonenumbers.parse(number, "CN")
            if (
                phonenumbers.is_valid_number(parsed)
                and phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.FIXED_LINE
            ):
                return number

    def card(self) -> tuple[str, str]:
        """A card number (debit-card BINs starting with 62 twice as often) and its bank's name."""
        while True:
            prefix, length, bank = self.rng.choice(self.bins)
            if not prefix.startswith("62") and self.rng.random() < 0.5:
                continue
            body = prefix + "".join(self.rng.choice("0123456789") for _ in range(length - 1 - len(prefix)))
            number = body + luhn.calc_check_digit(body)
            if not _stdnum_valid_id(number):
                return number, self.bank_names.get(bank, bank)

    def passport(self) -> str:
        letters = self.rng.choice(("E", "E", "G", "E" + self.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")))
        return letters + "".join(self.rng.choice("0123456789") for _ in range(9 - len(letters)))

    def service(self) -> str:
        return self.rng.choice(
            ("95588", "95533", "95599", "95566", "95555", "95559", "10086", "10010", "10000", "12315", "12345")
        )

    def toll_free(self) -> str:
        return self.rng.choice(("400", "800")) + "".join(self.rng.choice("0123456789") for _ in range(7))


# ---------------------------------------------------------------------------------------------
# Writing a number as a transcript would

ID_GROUPINGS = ((6, 8, 4), (6, 4, 4, 4), (3, 3, 4, 4, 4))


def _groups(number: str, sizes: tuple[int, ...]) -> list[str]:
    """``number`` cut into groups of ``sizes``; the last group takes whatever is left."""
    out, position = [], 0
    for size in sizes:
        if position >= len(number):
            break
        out.append(number[position : position + size])
        position += size
    if position < len(number):
        out[-1] += number[position:]
    return out


class Writer:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def spoken_digit(self, digit: str, phone_style: bool) -> str:
        if digit in "Xx":
            return self.rng.choice(("X", "x", "叉"))
        variants = SPOKEN_VARIANTS.get(digit)
        # Agents read 1 as 幺 and 0 as 洞 far more often in phone numbers than elsewhere.
        if variants and self.rng.random() < (0.7 if phone_style else 0.3):
            return self.rng.choice(variants)
        return SPOKEN[digit]

    def split(self, entity: str, number: str) -> list[str]:
        """The groups people say or write a number in: 3-4-4 phones, area code apart, 6-8-4 IDs, 4s."""
        if entity == ID:
            return _groups(number, self.rng.choice(ID_GROUPINGS))
        if entity == PHONE and number.startswith("0"):
            area = 3 if number[1] in "12" else 4
            return _groups(number, (area, 4, 4))
        if entity == PHONE:
            return _groups(number, (3, 4, 4))
        return _groups(number, (4, 4, 4, 4, 4))

    def write(self, entity: str, number: str, form: str) -> str:
        """``number`` in ``form``: ascii, grouped, spoken, spoken_grouped, full_width, formal, mixed."""
        phone_style = entity == PHONE
        if form == "ascii":
            return number
        if form == "grouped":
            return self.rng.choice((" ", " ", "-")).join(self.split(entity, number))
        if form == "spoken":
            return "".join(self.spoken_digit(d, phone_style) for d in number)
        if form == "spoken_grouped":
            separator = self.rng.choice((" ", "，", "、"))
            return separator.join(
                "".join(self.spoken_digit(d, phone_style) for d in group) for group in self.split(entity, number)
            )
        if form == "full_width":
            return "".join(FULL_WIDTH.get(d, "Ｘ") for d in number)
        if form == "formal":
            return "".join(FORMAL.get(d, "X") for d in number)
        if form == "mixed":
            # a stretch in the middle spoken, the rest written (ASR switching mid-number)
            start = self.rng.randrange(1, len(number) // 2)
            end = self.rng.randrange(start + 2, len(number) - 1)
            middle = "".join(self.spoken_digit(d, phone_style) for d in number[start:end])
            return number[:start] + middle + number[end:]
        raise ValueError(form)

    def form(self) -> str:
        """About half plain ASCII, the other half spread over the transcript forms."""
        return self.rng.choices(
            ("ascii", "grouped", "spoken", "spoken_grouped", "full_width", "formal", "mixed"),
            weights=(50, 14, 12, 10, 6, 2, 6),
        )[0]

    def phone(self, number: str) -> tuple[str, str]:
        form = self.form()
        written = self.write(PHONE, number, form)
        if number.startswith("1") and form in ("ascii", "grouped") and self.rng.random() < 0.25:
            prefix = self.rng.choice(("+86 ", "+86", "0086 ", "+86-"))
            return prefix + written, "prefixed"
        return written, form


# ---------------------------------------------------------------------------------------------
# Templates. {P} mobile, {L} landline, {I} ID, {C} card, {S} passport, {E} e-mail, {B} service
# or 400/800 number; {name} {company} {bank} {city} {date} {amount} ... are Faker fillers and
# look-alikes (no label).

PERSONAL_TEMPLATES = [
    "坐席：您好，请问是{name}先生吗？\n客户：对，我是。\n坐席：跟您核对一下手机号，是{P}吗？",
    "客户：我的手机号是{P}，你们有事打这个。",
    "坐席：您留的联系电话是{P}对吧？\n客户：对的。",
    "客户：号码{P}，我姓{surname}。",
    "坐席：请您报一下身份证号码。\n客户：{I}。",
    "客户：身份证号是{I}，名字叫{name}。",
    "坐席：为了核实身份，麻烦提供一下证件号。\n客户：好，{I}。",
    "客户：我银行卡号是{C}，{bank}的。",
    "坐席：请问还款的卡号是多少？\n客户：{C}。",
    "客户：卡号{C}，开户行是{city}支行。",
    "坐席：{name}女士您好，您{date}在我们这里登记的手机{P}还在用吗？",
    "客户：座机{L}，白天有人接。",
    "坐席：公司电话是{L}吗？\n客户：是的，{company}。",
    "客户：手机{P}，身份证{I}，你记一下。",
    "客户：卡号是{C}，预留手机号{P}。",
    "坐席：身份证{I}，银行卡{C}，信息都对上了。",
    "客户：我换号了，新号码{P}，旧的不用了。",
    "坐席：系统显示您的手机号是{P}，需要更新吗？\n客户：不用。",
    "客户：你打我老婆电话{P}也行。",
    "客户：护照号{S}，我现在在国外。",
    "客户：邮箱是{E}，账单发这里就行。",
    "坐席：请问{name}先生的手机是{P}吗？客户：是我。",
    "客户：我的身份证是{I}，住在{city}。",
    "坐席：您提供的身份证号{I}与姓名不符，请再确认。",
    "客户：联系我{P}或者{L}都可以。",
    "坐席：您{date}的还款{amount}元已经到账，卡号{C}。",
    "客户：嗯，电话{P}，地址{address}。",
    "客户：我弟弟的号码，{P}，你们别打了。",
    "客户：我那个号{P}一直打不通，你们换个时间。",
    "客户：身份证号{I}，户口在{city}。",
]

LOOKALIKE_TEMPLATES = [
    ("坐席：您本期账单金额{amount}元，最低还款{small_amount}元。", "amount"),
    ("客户：我们公司去年营收{wan}万元，今年目标{yi}亿。", "amount"),
    ("坐席：您的订单号{order}已经发货了。", "order_number"),
    ("坐席：快递单号是{tracking}，请注意查收。", "tracking_number"),
    ("坐席：保单号{policy}，保障期限一年。", "policy_number"),
    ("坐席：验证码是{code}，五分钟内有效。", "verification_code"),
    ("客户：验证码{spoken_code}。", "verification_code"),
    ("客户：邮编是{postcode}，地址{address}。", "postcode"),
    ("客户：我买的股票代码{stock}，最近跌了不少。", "stock_code"),
    ("坐席：您尾号{tail}的银行卡本月有一笔扣款。", "card_tail"),
    ("坐席：为保护隐私，系统只显示{masked_phone}，是您本人吗？", "masked_value"),
    ("坐席：证件号显示为{masked_id}，请核对。", "masked_value"),
    ("坐席：{date}的还款记录已经更新了。", "date"),
    ("客户：我是{date_spoken}办的卡。", "date"),
    ("坐席：我的工号是{employee}，有问题可以找我。", "employee_number"),
    ("坐席：请您{date}之前还款，金额{amount}元。", "amount"),
    ("坐席：流水号{serial}，交易成功。", "serial_number"),
    ("坐席：您的订单号{order_phone}已经签收了。", "order_number"),
    ("坐席：运单号{order_phone}，明天送到。", "tracking_number"),
    ("坐席：您好，这里是{company}，占用您两分钟时间。", "none"),
    ("客户：不需要，谢谢，以后别打了。", "none"),
]

BUSINESS_TEMPLATES = [
    "坐席：有问题请拨打客服电话{B}。",
    "坐席：您也可以拨打我们的全国热线{T}咨询。",
    "客户：我打过{B}了，没人管。",
    "坐席：详情请致电{T}，工作日九点到六点。",
]


def _fill(template: str, values: dict) -> tuple[str, list[dict]]:
    """Fill ``{key}`` fields; values are plain strings or ``(written, entity, form)`` for labels."""
    text, labels, position = "", [], 0
    for field in re.finditer(r"\{(\w+)\}", template):
        text += template[position : field.start()]
        value = values[field.group(1)]
        if isinstance(value, tuple):
            written, entity, form = value
            labels.append({"entity": entity, "start": len(text), "end": len(text) + len(written), "form": form})
            text += written
        else:
            text += value
        position = field.end()
    return text + template[position:], labels


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def generated(count: int, seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    numbers, writer = Numbers(rng, fake), Writer(rng)
    snippets = []
    for index in range(count):
        draw = rng.random()
        if draw < 0.68:
            template, lookalike = rng.choice(PERSONAL_TEMPLATES), None
        elif draw < 0.93:
            template, lookalike = rng.choice(LOOKALIKE_TEMPLATES)
        else:
            template, lookalike = rng.choice(BUSINESS_TEMPLATES), "service_number"
        fields = set(re.findall(r"\{(\w+)\}", template))
        values: dict = {}
        if "P" in fields:
            written, form = writer.phone(numbers.mobile())
            values["P"] = (written, PHONE, form)
        if "L" in fields:
            number = numbers.landline()
            form = writer.rng.choice(("ascii", "grouped", "grouped", "spoken_grouped"))
            written = writer.write(PHONE, number, form)
            if form == "ascii" and rng.random() < 0.3:
                area = 3 if number[1] in "12" else 4
                written = f"({number[:area]}){number[area:]}"
                form = "grouped"
            values["L"] = (written, PHONE, form)
        if "I" in fields:
            form = writer.form()
            values["I"] = (writer.write(ID, numbers.resident_id(), form), ID, form)
        if "C" in fields:
            card, bank = numbers.card()
            form = writer.form()
            values["C"] = (writer.write(CARD, card, form), CARD, form)
            values["bank"] = bank
        if "S" in fields:
            values["S"] = (numbers.passport(), PASSPORT, "ascii")
        if "E" in fields:
            values["E"] = (fake.free_email(), EMAIL, "ascii")
        if "B" in fields:
            values["B"] = (numbers.service(), BUSINESS, "ascii")
        if "T" in fields:
            number = numbers.toll_free()
            form = rng.choice(("ascii", "grouped"))
            values["T"] = (number if form == "ascii" else f"{number[:3]}-{number[3:6]}-{number[6:]}", BUSINESS, form)
        date = fake.date_between("-3y", "today")
        values.update(
            name=fake.name(),
            surname=fake.last_name(),
            company=fake.company(),
            city=fake.city(),
            address=fake.address(),
            postcode=fake.postcode(),
            bank=values.get("bank", fake.bank()),
            date=rng.choice(
                (f"{date.year}年{date.month}月{date.day}日", date.isoformat(), f"{date.month}月{date.day}号")
            ),
            date_spoken="".join(SPOKEN[d] for d in str(date.year)) + "年",
            amount=rng.choice(
                (
                    f"{rng.randint(100, 99999)}.{rng.randint(0, 99):02d}",
                    f"{rng.randint(1000, 200000):,}",
                    str(rng.randint(100, 99999)),
                )
            ),
            small_amount=f"{rng.randint(10, 999)}.{rng.randint(0, 99):02d}",
            wan=str(rng.randint(100, 9999)),
            yi=f"{rng.randint(1, 99)}.{rng.randint(1, 99)}",
            order=rng.choice(("", "DD", "SO")) + _digits(rng, rng.choice((12, 14, 16, 18, 19, 20))),
            tracking=rng.choice(("SF", "YT", "JDV", "")) + _digits(rng, rng.choice((12, 13, 15))),
            policy=rng.choice(("P", "")) + _digits(rng, rng.choice((16, 18, 20))),
            code=_digits(rng, rng.choice((4, 6))),
            spoken_code="".join(writer.spoken_digit(d, True) for d in _digits(rng, 6)),
            stock=rng.choice(("600519", "000001", "300750", "601318", "002594", "688981")),
            tail=_digits(rng, 4),
            masked_phone=numbers.mobile()[:3] + "****" + _digits(rng, 4),
            masked_id=numbers.resident_id()[:6] + "********" + _digits(rng, 3) + rng.choice("0123456789X"),
            employee=_digits(rng, rng.choice((5, 6, 8))),
            serial=_digits(rng, rng.choice((16, 20, 24))),
            # shaped like a mobile number: only its label says it is not one
            order_phone=rng.choice(("13", "15", "18", "19")) + _digits(rng, 9),
        )
        text, labels = _fill(template, values)
        snippets.append(
            {
                "id": f"gen-{index + 1:04d}",
                "source": "generated",
                "text": text,
                "labels": labels,
                "lookalikes": [lookalike] if lookalike and lookalike != "none" else [],
            }
        )
    return snippets


# ---------------------------------------------------------------------------------------------
# Hand-written hard cases. ⟦P:…⟧ marks a label: P phone, I ID, C card, S passport, E e-mail,
# B business number. ``note`` says what the case is about; cases leadscreen is known to miss or
# over-report are kept (marked "known weakness") so the figures stay honest.

CODES = {"P": PHONE, "I": ID, "C": CARD, "S": PASSPORT, "E": EMAIL, "B": BUSINESS}

HARD_CASES = [
    # transcript forms
    ("客户：⟦P:幺三八 幺二三四 五六七八⟧，对，就是这个。", "spoken_grouped", "phone read in groups with 幺"),
    ("客户：我手机是⟦P:138一二三四5678⟧。", "mixed", "ASR switched form mid-number"),
    ("客户：号码是⟦P:１３８１２３４５６７８⟧。", "full_width", "full-width digits"),
    ("坐席：您的号码是⟦P:+86 138-1234-5678⟧吗？", "prefixed", "+86 with dashes"),
    ("客户：⟦P:洞洞八六 幺三九 幺二三四 五六七八⟧。", "prefixed", "0086 spoken"),
    ("客户：电话⟦P:幺五洞 两拐幺洞 洞拐洞八⟧。", "spoken_grouped", "洞/两/拐 variants"),
    ("客户：座机⟦P:（021）6234 5678⟧。", "grouped", "area code in full-width brackets"),
    ("客户：北京的座机，⟦P:+86 10 6234 5678⟧。", "prefixed", "Beijing landline after +86"),
    ("客户：身份证⟦I:幺幺零幺零五幺九四九幺二三幺零零二叉⟧。", "spoken", "spoken ID ending in 叉"),
    ("客户：身份证号码⟦I:110105 19491231 002X⟧。", "grouped", "ID in 6-8-4 groups"),
    ("客户：⟦I:三一零一零四一九八五零三一二一二三五⟧，这是我的身份证。", "spoken", "ID before its label"),
    ("客户：身份证⟦I:１１０１０５１９４９１２３１００２Ｘ⟧。", "full_width", "full-width ID"),
    ("客户：老身份证号⟦I:110105491231002⟧，十五位的。", "ascii", "old 15-digit ID with context"),
    ("客户：卡号⟦C:六二二二 零二幺二 三四五六 七八九零 幺两八⟧。", "spoken_grouped", "spoken card in groups"),
    ("客户：卡号⟦C:6222-0212-3456-7890-128⟧。", "grouped", "card with dashes"),
    ("客户：信用卡⟦C:370247123456781⟧。", "ascii", "15-digit card"),
    (
        "客户：卡号⟦C:6222021234567890121⟧，可能报错了一位。",
        "ascii",
        "Luhn-invalid card with a known BIN (such cards exist)",
    ),
    ("客户：护照号⟦S:E 1234 5678⟧。", "grouped", "grouped passport"),
    ("客户：邮箱⟦E:zhangwei@163.com⟧谢谢。", "ascii", "e-mail glued to Chinese"),
    # digit words next to numbers
    ("客户：我号码⟦P:13812345678⟧一直打不通。", "ascii", "digit word 一直 after a written number"),
    ("坐席：打⟦P:13912345678⟧两次都没人接。", "ascii", "digit word 两次 after a written number"),
    ("客户：第一⟦P:13812345678⟧，第二⟦P:13912345678⟧。", "ascii", "digit word 第一 before a written number"),
    (
        "客户：⟦P:幺三八一二三四五六七八⟧一直打不通。",
        "spoken",
        "一直 right after a spoken number: the validators decide where it ends",
    ),
    (
        "客户：号码是⟦P:幺三八杠幺二三四杠五六七八⟧。",
        "spoken_grouped",
        "the dash read out as 杠 (a known weakness until 杠 became a separator)",
    ),
    # several numbers in one line
    ("客户：⟦P:13812345678⟧，⟦P:13912345678⟧，这两个都是我的。", "ascii", "two phones with a comma"),
    ("客户：身份证⟦I:11010519491231002X⟧ 手机⟦P:13812345678⟧。", "ascii", "ID and phone"),
    ("客户：卡号⟦C:6222021234567890128⟧ ⟦P:13812345678⟧是预留手机。", "ascii", "card and phone separated by a space"),
    # business numbers
    ("坐席：有问题打⟦B:400-820-8820⟧。", "grouped", "400 number"),
    ("坐席：客服电话⟦B:95588⟧。", "ascii", "bank service number"),
    ("客户：我拨打⟦B:10086⟧问过了。", "ascii", "carrier service number"),
    ("坐席：热线⟦B:800 810 8888⟧。", "grouped", "800 number"),
    # look-alikes (no labels)
    ("坐席：您的额度是3800万元？不对，是38000元。", "", "amounts"),
    ("客户：公司估值4.68亿。", "", "amount"),
    ("坐席：2018年6月6日开的户。", "", "date"),
    ("坐席：验证码382916，请勿泄露。", "", "verification code"),
    ("坐席：验证码是幺三八二五六。", "", "spoken verification code"),
    ("客户：邮编100080。", "", "postcode"),
    ("客户：股票代码600519。", "", "stock code"),
    ("坐席：系统显示138****5678。", "", "masked phone"),
    ("坐席：证件号110105********0123。", "", "masked ID"),
    ("坐席：您尾号1234的卡。", "", "card tail"),
    ("坐席：订单号13812345678已经签收。", "", "phone-shaped order number"),
    ("坐席：保单号2026112200013579。", "", "policy number"),
    ("坐席：快递单号SF1234567890123。", "", "tracking number with letters"),
    ("坐席：运单号773123456789012。", "", "tracking number"),
    ("坐席：工号10086。", "", "employee number that is also a service number"),
    ("坐席：客服⟦B:95588⟧。", "ascii", "service number without a phone word"),
    (
        "客户：价格分别是1.38、12.34、56.78元。",
        "",
        "decimal amounts joined into a phone shape (caught by the 元 after it; without 元 still a weakness)",
    ),
    (
        "客户：转了13800000000元。",
        "",
        "a phone-shaped amount with 元 (a known weakness until a unit after a number meant an amount)",
    ),
]


def _unmark(marked: str) -> tuple[str, list[tuple[str, int, int]]]:
    text, labels = "", []
    for piece in re.split(r"(⟦[A-Z]:[^⟧]*⟧)", marked):
        if piece.startswith("⟦"):
            code, written = piece[1:-1].split(":", 1)
            labels.append((CODES[code], len(text), len(text) + len(written)))
            text += written
        else:
            text += piece
    return text, labels


def hand_written() -> list[dict]:
    snippets = []
    for index, (marked, form, note) in enumerate(HARD_CASES):
        text, labels = _unmark(marked)
        snippets.append(
            {
                "id": f"hard-{index + 1:03d}",
                "source": "hand",
                "text": text,
                "labels": [{"entity": e, "start": s, "end": t, "form": form} for e, s, t in labels],
                "lookalikes": [] if labels else [note],
                "note": note,
            }
        )
    return snippets


# ---------------------------------------------------------------------------------------------
# ASR shapes (issue 12): numbers as call-center speech recognition really writes them, each record
# tagged with its ``shape``. Built from their own seeded ``random.Random`` and no Faker, so they
# do not depend on the Faker version and adding them leaves the records above unchanged.

ASR_SEED = 20261202
RADIO = {"0": "洞", "1": "幺", "2": "两", "7": "拐", "9": "勾"}
FILLERS = ("，嗯，", "，呃，", "……", " 啊 ", "，那个，", "，就是，", "，对，", "，然后", "、", " ", "。嗯，", "，呃……")
SPOKEN_X = ("叉", "艾克斯", "大写的X", "小写x")
# Region codes python-stdnum accepts (checked against its database; many current codes fail there).
REGIONS = ("110101", "310103", "440127", "330104", "510113", "320125", "350105", "430105", "210102", "370122", "410104")
MOBILE_PREFIXES = ("130", "135", "138", "139", "150", "158", "177", "186", "189", "199")
DATA_ONLY_PREFIXES = ("146", "148", "149")
# Cities whose subscriber numbers have 8 digits.
AREA_CODES = ("010", "021", "020", "0755", "0571", "028", "027", "025")
# (IIN prefix, length): Visa, Mastercard 51-55 and 2221-2720, UnionPay 62, JCB 35, Amex 34/37
# (Amex numbers are 15 digits long in reality; kept that way).
CARD_NETWORKS = (
    (("4",), (16, 19)),
    (("51", "52", "53", "54", "55"), (16,)),
    (tuple(str(n) for n in (2221, 2300, 2500, 2720)), (16,)),
    (("62",), (16, 17, 18, 19)),
    (("35",), (16,)),
    (("34", "37"), (15,)),
)
BACKCHANNELS = ("嗯。", "嗯，您说。", "好的。", "嗯嗯。", "对。", "您继续。")


class AsrShapes:
    """One method per shape; each returns ``(pieces, lookalikes)`` where a piece is plain text or a
    ``dict`` label with its ``written`` text."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    # numbers -----------------------------------------------------------------------------------
    def digits(self, count: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(count))

    def mobile(self, prefixes: tuple[str, ...] = MOBILE_PREFIXES) -> str:
        return self.rng.choice(prefixes) + self.digits(8)

    def resident_id(self, check_x: bool = False) -> str:
        while True:
            birth = f"{self.rng.randint(1950, 2005)}{self.rng.randint(1, 12):02d}{self.rng.randint(1, 28):02d}"
            body = self.rng.choice(REGIONS) + birth + self.digits(3)
            number = body + ric.calc_check_digit(body + "0")  # stdnum ignores the last character
            if _stdnum_valid_id(number) and (number.endswith("X") or not check_x):
                return number

    def card(self) -> str:
        prefixes, lengths = self.rng.choice(CARD_NETWORKS)
        prefix, length = self.rng.choice(prefixes), self.rng.choice(lengths)
        while True:
            body = prefix + self.digits(length - 1 - len(prefix))
            number = body + luhn.calc_check_digit(body)
            if not _stdnum_valid_id(number):
                return number

    # writing -------------------------------------------------------------------------------------
    def say(self, digits: str, radio: float = 0.5) -> str:
        out = []
        for digit in digits:
            if digit in "Xx":
                out.append(self.rng.choice(SPOKEN_X))
            elif digit in RADIO and self.rng.random() < radio:
                out.append(RADIO[digit])
            else:
                out.append(SPOKEN[digit])
        return "".join(out)

    def groups(self, entity: str, number: str) -> list[str]:
        if entity == ID:
            return _groups(number, self.rng.choice(ID_GROUPINGS))
        if entity == PHONE:
            return _groups(number, (3, 4, 4))
        return _groups(number, (4, 4, 4, 4))

    def with_fillers(self, entity: str, number: str, spoken: bool) -> str:
        parts = [self.say(g) if spoken else g for g in self.groups(entity, number)]
        out = parts[0]
        for part in parts[1:]:
            out += self.rng.choice(FILLERS) + part
        return out

    @staticmethod
    def label(written: str, entity: str, form: str, **extra) -> dict:
        return {"written": written, "entity": entity, "form": form, **extra}

    # shapes ----------------------------------------------------------------------------------------
    def filler(self, entity: str) -> tuple[list, list]:
        number = {PHONE: self.mobile, ID: self.resident_id, CARD: self.card}[entity]()
        spoken = self.rng.random() < 0.5
        written = self.with_fillers(entity, number, spoken)
        lead = {
            PHONE: ("客户：我手机是", "客户：电话号码是", "客户：你记一下我手机，"),
            ID: ("客户：身份证号是", "客户：我身份证，", "坐席：请报一下证件号码。\n客户：好，"),
            CARD: ("客户：卡号是", "客户：银行卡号，", "坐席：还款卡号是多少？\n客户："),
        }[entity]
        form = "spoken_filler" if spoken else "written_filler"
        return [self.rng.choice(lead), self.label(written, entity, form), "。"], []

    def turns(self, entity: str) -> tuple[list, list]:
        number = {PHONE: self.mobile, ID: self.resident_id, CARD: self.card}[entity]()
        spoken = self.rng.random() < 0.6
        word = {PHONE: "手机号", ID: "身份证号", CARD: "卡号"}[entity]
        agent = self.rng.choice(("客服", "坐席"))
        separator = self.rng.choice(("\n", ""))
        pieces: list = [f"{agent}：请说一下您的{word}。{separator}"]
        parts = self.groups(entity, number)
        for index, part in enumerate(parts):
            written = self.say(part) if spoken else part
            pieces += ["客户：", self.label(written, entity, "turns", part=index + 1, of=len(parts)), "。"]
            if index < len(parts) - 1:
                pieces.append(f"{separator}{agent}：{self.rng.choice(BACKCHANNELS)}{separator}")
        return pieces, []

    def near_miss_id(self) -> tuple[list, list]:
        number = self.resident_id()
        if self.rng.random() < 0.6:
            wrong = self.rng.choice([c for c in "0123456789X" if c != number[-1]])
            number, form = number[:-1] + wrong, "wrong_check"
        else:
            cut = self.rng.randrange(6, 17)
            number, form = number[:cut] + number[cut + 1 :], "17_characters"
        written = self.say(number) if self.rng.random() < 0.3 else number
        lead = self.rng.choice(("客户：身份证号", "客户：身份证号是", "坐席：您的证件号码", "客户：证件号码是"))
        return [lead, self.label(written, ID, form, validated=False), "。"], []

    def near_miss_phone(self) -> tuple[list, list]:
        number = self.mobile()
        cut = self.rng.randrange(3, 11)
        if self.rng.random() < 0.5:
            number, form = number[:cut] + number[cut + 1 :], "10_digits"
        else:
            number, form = number[:cut] + number[cut] + number[cut:], "12_digits"
        written = self.say(number) if self.rng.random() < 0.4 else number
        return ["客户：我手机号是", self.label(written, PHONE, form, validated=False), "，你们打这个。"], []

    def spoken_x(self) -> tuple[list, list]:
        number = self.resident_id(check_x=True)
        spoken = self.rng.random() < 0.5
        body = self.say(number[:-1]) if spoken else number[:-1]
        written = body + self.rng.choice(SPOKEN_X)
        lead = self.rng.choice(("客户：身份证号是", "客户：我身份证", "坐席：核对一下身份证，"))
        form = "spoken_x_spoken" if spoken else "spoken_x_written"
        return [lead, self.label(written, ID, form), "，对。"], []

    def radio(self) -> tuple[list, list]:
        if self.rng.random() < 0.6:
            number, entity, lead = self.mobile(), PHONE, "客户：号码是"
        else:
            number, entity, lead = self.resident_id(), ID, "客户：身份证号码"
        return [lead, self.label(self.say(number, radio=1.0), entity, "radio"), "。"], []

    def data_only(self) -> tuple[list, list]:
        number = self.mobile(DATA_ONLY_PREFIXES)
        written = self.say(number) if self.rng.random() < 0.3 else number
        lead = self.rng.choice(("客户：我手机号", "客户：手机是", "坐席：您留的电话是"))
        return [lead, self.label(written, PHONE, "data_only"), "。"], []

    def exit_entry(self) -> tuple[list, list]:
        kinds = (
            ("护照号", lambda: "E" + self.digits(8)),
            ("护照号码", lambda: "E" + self.rng.choice("ABCDFGHJKLM") + self.digits(7)),
            ("护照", lambda: "G" + self.digits(8)),
            ("外交护照", lambda: "D" + self.digits(self.rng.choice((7, 8)))),
            ("公务护照", lambda: "S" + self.digits(self.rng.choice((7, 8)))),
            ("因公普通护照", lambda: "P" + self.digits(7)),
            ("护照号", lambda: self.rng.choice(("14", "15")) + self.digits(7)),
            ("港澳通行证", lambda: "C" + self.digits(8)),
            ("往来港澳通行证", lambda: "C" + self.rng.choice("ABCDEFGH") + self.digits(7)),
            ("港澳通行证", lambda: "W" + self.digits(8)),
            ("回乡证", lambda: self.rng.choice("HM") + self.digits(self.rng.choice((8, 10)))),
            ("台胞证", lambda: self.digits(8)),
            ("大陆居民往来台湾通行证", lambda: "L" + self.digits(8)),
        )
        word, make = self.rng.choice(kinds)
        number = make()
        if number[0].isalpha() and self.rng.random() < 0.25:
            number = number.lower()
        lead = self.rng.choice((f"客户：我的{word}是", f"坐席：请提供{word}号码。\n客户：", f"客户：{word}，"))
        return [lead, self.label(number, PASSPORT, "exit_entry", document=word), "。"], []

    def landline_off_by_one(self) -> tuple[list, list]:
        area = self.rng.choice(AREA_CODES)
        subscriber = self.rng.choice("2345678") + self.digits(7)
        if self.rng.random() < 0.5:
            subscriber, form = subscriber[:-1], "one_short"
        else:
            subscriber, form = subscriber + self.digits(1), "one_long"
        written = self.rng.choice((area + subscriber, f"{area}-{subscriber}", f"({area}){subscriber}"))
        lead = self.rng.choice(("客户：座机", "客户：家里电话是", "坐席：您的联系电话", "客户：单位固话"))
        return [lead, self.label(written, PHONE, form), "。"], []

    def iin_card(self) -> tuple[list, list]:
        number = self.card()
        lead = self.rng.choice(("客户：那个号是", "客户：", "坐席：您说的是", "客户：我记下来是"))
        return [lead, self.label(number, CARD, "iin_only"), self.rng.choice(("。", "，对吧？", "，没错。"))], []

    def lookalike_text(self) -> tuple[str, str]:
        rng = self.rng
        low = rng.randint(5, 50)
        choices = (
            (f"每条{low}到{low + rng.randint(5, 30)}元", "amount"),
            (f"{rng.choice((1000, 3000, 5000, 8000))}万", "amount"),
            (f"{rng.randint(100, 99999)}.{rng.randint(0, 99):02d}元", "amount"),
            (f"{rng.randint(2019, 2026)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", "date"),
            (f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "date"),
            (f"{rng.randint(8, 21)}点{rng.choice((0, 15, 30, 45)):02d}分", "time"),
            (f"{rng.randint(8, 21)}:{rng.choice((0, 15, 30, 45)):02d}", "time"),
            ("订单号" + self.digits(rng.choice((16, 18, 19, 20))), "order_number"),
            ("保单号" + rng.choice(("P", "")) + self.digits(rng.choice((16, 18, 20))), "policy_number"),
            ("发票号码" + self.digits(rng.choice((8, 12, 20))), "invoice_number"),
            ("快递单号" + rng.choice(("SF", "YT", "")) + self.digits(rng.choice((12, 13, 15))), "tracking_number"),
            ("工号" + self.digits(rng.choice((5, 6, 8))), "employee_number"),
            ("验证码" + rng.choice((self.digits(6), self.say(self.digits(6)))), "verification_code"),
            (f"{rng.randint(2, 99)}个人", "count"),
            (f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%", "percentage"),
            (f"百分之{self.say(str(rng.randint(10, 99)))}", "percentage"),
        )
        return rng.choice(choices)

    def lookalike(self) -> tuple[list, list]:
        text, kind = self.lookalike_text()
        filler = self.rng.choice(FILLERS)
        pieces = [
            self.rng.choice(("坐席：", "客户：")),
            self.rng.choice(("那个", "", "就是")),
            filler.lstrip("，"),
            text,
        ]
        if self.rng.random() < 0.4:
            other, other_kind = self.lookalike_text()
            pieces += [self.rng.choice(FILLERS), other]
            return [*pieces, "。"], [kind, other_kind]
        return [*pieces, "。"], [kind]

    def service_number(self) -> tuple[list, list]:
        number = self.rng.choice(("95588", "95533", "95555", "10086", "12315"))
        if self.rng.random() < 0.5:
            number = "400-" + self.digits(3) + "-" + self.digits(4)
        text, kind = self.lookalike_text()
        pieces = ["坐席：客服电话", self.label(number, BUSINESS, "service"), self.rng.choice(FILLERS), text, "。"]
        return pieces, ["service_number", kind]

    def lookalike_beside_personal(self) -> tuple[list, list]:
        before, kind = self.lookalike_text()
        after, other_kind = self.lookalike_text()
        entity = self.rng.choice((PHONE, ID, CARD))
        number = {PHONE: self.mobile, ID: self.resident_id, CARD: self.card}[entity]()
        word = {PHONE: "手机", ID: "身份证", CARD: "卡号"}[entity]
        written = self.with_fillers(entity, number, self.rng.random() < 0.4) if self.rng.random() < 0.5 else number
        pieces = ["客户：", before, self.rng.choice(FILLERS), word, self.label(written, entity, "beside_lookalike")]
        pieces += [self.rng.choice(FILLERS), after, "。"]
        return pieces, [kind, other_kind]


# shape name -> (how many records, how to make one)
ASR_SHAPES: dict[str, tuple[int, Callable[[AsrShapes], tuple[list, list]]]] = {
    "filler_phone": (24, lambda s: s.filler(PHONE)),
    "filler_id": (20, lambda s: s.filler(ID)),
    "filler_card": (20, lambda s: s.filler(CARD)),
    "turns_phone": (16, lambda s: s.turns(PHONE)),
    "turns_id": (8, lambda s: s.turns(ID)),
    "turns_card": (6, lambda s: s.turns(CARD)),
    "near_miss_id": (20, AsrShapes.near_miss_id),
    "near_miss_phone": (16, AsrShapes.near_miss_phone),
    "spoken_x": (20, AsrShapes.spoken_x),
    "radio_digits": (16, AsrShapes.radio),
    "data_only_mobile": (15, AsrShapes.data_only),
    "exit_entry_document": (40, AsrShapes.exit_entry),
    "landline_off_by_one": (18, AsrShapes.landline_off_by_one),
    "iin_only_card": (30, AsrShapes.iin_card),
    "lookalike": (50, AsrShapes.lookalike),
    "lookalike_service_number": (12, AsrShapes.service_number),
    "lookalike_beside_personal": (30, AsrShapes.lookalike_beside_personal),
}


def _assemble(pieces: list) -> tuple[str, list[dict]]:
    text, labels = "", []
    for piece in pieces:
        if isinstance(piece, dict):
            label = {key: value for key, value in piece.items() if key != "written"}
            labels.append({**label, "start": len(text), "end": len(text) + len(piece["written"])})
            text += piece["written"]
        else:
            text += piece
    return text, labels


def shaped_records(shapes, table: dict, prefix: str, source: str) -> list[dict]:
    """One record per draw of each shape in ``table`` (``shape: (count, make)``), in its order,
    each tagged with its shape; ids ``{prefix}-0001`` on."""
    records = []
    for shape, (count, make) in table.items():
        for _ in range(count):
            pieces, lookalikes = make(shapes)
            text, labels = _assemble(pieces)
            records.append(
                {
                    "id": f"{prefix}-{len(records) + 1:04d}",
                    "source": source,
                    "shape": shape,
                    "text": text,
                    "labels": labels,
                    "lookalikes": lookalikes,
                }
            )
    return records


def asr_shaped(seed: int = ASR_SEED) -> list[dict]:
    """The issue-12 records, in shape order, each tagged with its shape."""
    return shaped_records(AsrShapes(random.Random(seed)), ASR_SHAPES, "asr", "asr")


def entity_shaped(seed: int = eval_entities.SEED) -> list[dict]:
    """The issue-13 records (names, addresses, QQ, WeChat, plates and hard negatives)."""
    return shaped_records(eval_entities.entity_shapes(seed), eval_entities.SHAPES, "ent", "entities")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=GENERATED, help="generated snippets")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--asr-only",
        action="store_true",
        help="rebuild only the ASR-shaped records, keeping the others of the output file as they are",
    )
    parser.add_argument(
        "--entities-only",
        action="store_true",
        help="rebuild only the issue-13 entity records, keeping the others of the output file as they are",
    )
    args = parser.parse_args()
    rebuilt = {"asr": asr_shaped, "entities": entity_shaped}
    if args.asr_only or args.entities_only:
        # The Faker-made generated records change with Faker's version; this keeps the committed ones.
        with args.out.open(encoding="utf-8") as lines:
            kept = [json.loads(line) for line in lines if line.strip()]
        source = "asr" if args.asr_only else "entities"
        snippets = [s for s in kept if s["source"] != source]
        snippets = [s for s in snippets if s["source"] != "entities"] + rebuilt[source]()
        if source == "asr":
            snippets += [s for s in kept if s["source"] == "entities"]
    else:
        snippets = generated(args.count) + hand_written() + asr_shaped() + rebuilt["entities"]()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for snippet in snippets:
            out.write(json.dumps(snippet, ensure_ascii=False) + "\n")
    labels = [label for snippet in snippets for label in snippet["labels"]]
    written = sum(1 for label in labels if label["form"] not in ("ascii",))
    print(
        f"{len(snippets)} snippets, {len(labels)} labelled numbers "
        f"({written} in transcript forms), written to {args.out}"
    )


if __name__ == "__main__":
    main()
