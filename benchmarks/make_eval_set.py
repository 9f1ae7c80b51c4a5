"""Build the labelled evaluation set ``benchmarks/data/eval_snippets.jsonl``.

Call-center style snippets (agent 坐席/客服 and customer 客户 lines) with Chinese personal numbers
written the ways transcripts write them, plus look-alikes that are not personal numbers.

- Generated part: Faker ``zh_CN`` (names, companies, cities, dates, postcodes, e-mail addresses)
  with a fixed seed, filled into dialogue templates. Roughly half of the numbers are written in a
  transcript form (spoken digits with 幺/两/洞/拐, formal digits, full-width, grouped with spaces,
  dashes or commas, mixed written/spoken, +86/0086 prefixes), the rest as plain ASCII digits.
- Hand-written part: hard cases, including some leadscreen is known to get wrong (they are not
  tuned away; see the ``note`` field).

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
from importlib import resources
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=GENERATED, help="generated snippets")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    snippets = generated(args.count) + hand_written()
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
