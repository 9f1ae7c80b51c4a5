"""CN_PHONE_NUMBER and CN_BUSINESS_NUMBER: the rule module and the scanner on transcript forms.

Table rows mark the expected finding with ⟦ ⟧ (see ``strategies.unmark``).
"""

from __future__ import annotations

import phonenumbers
import pytest
from strategies import MOBILE_PREFIXES, unmark

from recognizers import phone
from recognizers.scanner import scan

ENTITY, BUSINESS = phone.ENTITY, phone.BUSINESS_ENTITY


def _found(text: str, entity: str = ENTITY) -> list[tuple[int, int, str]]:
    return [(f.start, f.end, f.value) for f in scan(text) if f.entity == entity]


# ---------------------------------------------------------------------------------------------
# Allocated ranges (docs/number-rules.md, MIIT table as of March 2023)


@pytest.mark.parametrize("prefix", MOBILE_PREFIXES + ("1349", "1700", "1705", "1709", "17400", "17405"))
@pytest.mark.parametrize("tail", ["00000000", "12345678", "98765432"])
def test_allocated_mobile_ranges_are_valid(prefix, tail):
    number = (prefix + tail)[:11]
    assert phone.is_valid_mobile(number)
    assert phone.normalize_mobile(number) == number


@pytest.mark.parametrize(
    "prefix",
    [
        "154",
        "194",
        "140",
        "141",
        "142",
        "143",
        "144",
        "17406",
        "17499",
        "100",
        "110",
        "120",
        "129",
        "160",
        "168",
        "179",
    ],
)
def test_unallocated_or_iot_prefixes_are_not_mobiles(prefix):
    number = (prefix + "12345678")[:11]
    assert not phone.is_valid_mobile(number)
    assert phone.normalize_mobile(number) is None


@pytest.mark.parametrize("number", ["1381234567", "138123456789", "1381234567a", ""])
def test_a_mobile_has_exactly_eleven_digits(number):
    assert not phone.is_valid_mobile(number)


# ---------------------------------------------------------------------------------------------
# Prefixes, classification, E.164


@pytest.mark.parametrize(
    "written, national",
    [
        ("13812345678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("0086 138 1234 5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("013812345678", "13812345678"),  # trunk 0 before a mobile
        ("(010) 6234-5678", "01062345678"),
        ("+86 10 6234 5678", "01062345678"),  # Beijing's area code starts with 1
        ("+86 21 6234 5678", "02162345678"),
        ("0086 755 8888 6666", "075588886666"),
        ("0755-88886666", "075588886666"),
    ],
)
def test_normalizing_prefixed_numbers(written, national):
    kind, digits = phone.classify(written)
    assert digits == national
    assert kind == ("mobile" if national.startswith("1") else "landline")
    # the E.164 form is the same number for libphonenumber
    parsed = phonenumbers.parse(phone.to_e164(national))
    assert phonenumbers.is_valid_number(parsed)
    assert phonenumbers.national_significant_number(parsed) == national.lstrip("0")


@pytest.mark.parametrize("number", ["4008208820", "800-810-8888", "95588", "10086", "12315", "96777"])
def test_business_numbers_are_classified_as_business(number):
    assert phone.classify(number)[0] == "business"
    assert phone.normalize_mobile(number) is None


@pytest.mark.parametrize(
    "number", ["8613812345678x", "abc", "13579", "0000000000", "+86 154 1234 5678", "01012345", "86 10 6234 5678"]
)
def test_classify_rejects_what_is_no_phone(number):
    assert phone.classify(number) is None


@pytest.mark.parametrize("national, e164", [("13812345678", "+8613812345678"), ("01062345678", "+861062345678")])
def test_to_e164(national, e164):
    assert phone.to_e164(national) == e164


@pytest.mark.parametrize(
    "digits, plus, context, expected",
    [
        ("13812345678", False, False, (ENTITY, 0.75)),
        ("13812345678", False, True, (ENTITY, 1.0)),
        ("8613812345678", True, False, (ENTITY, 0.75)),
        ("01062345678", False, False, (ENTITY, 0.5)),
        ("01062345678", False, True, (ENTITY, 0.85)),
        ("4008208820", False, False, (BUSINESS, 0.6)),
        ("95588", False, True, (BUSINESS, 0.6)),
        ("95588", False, False, None),  # five bare digits are more often a code
        ("15412345678", False, True, None),
        ("62345678", False, True, None),  # a subscriber number without area code
    ],
)
def test_match_scores(digits, plus, context, expected):
    found = phone.match(digits, plus, context)
    if expected is None:
        assert found is None
    else:
        assert (found.entity, found.score) == expected


# ---------------------------------------------------------------------------------------------
# Scanner: every form a transcript writes a phone number in

VALID = [
    # plain and embedded
    ("⟦13812345678⟧", "13812345678"),
    ("客户手机⟦13812345678⟧，谢谢", "13812345678"),
    ("您好，请问是⟦19212345678⟧机主吗？", "19212345678"),
    ("新号段⟦16212345678⟧和⟦19012345678⟧都行", None),
    ("手机号⟦13812345678⟧订单号", "13812345678"),  # the label after the number is not its label
    # spoken, 幺/两/洞/拐
    ("电话是⟦一三八一二三四五六七八⟧", "13812345678"),
    ("⟦幺三八 幺二三四 五六七八⟧您记一下", "13812345678"),
    ("号码⟦幺五洞两拐幺洞洞拐洞八⟧", "15027100708"),
    ("⟦幺八六两零零拐洞洞幺幺⟧", "18620070011"),
    ("⟦壹叁捌壹贰叁肆伍陆柒捌⟧", "13812345678"),
    # full-width
    ("号码是⟦１３８１２３４５６７８⟧", "13812345678"),
    ("⟦１３８－１２３４－５６７８⟧", "13812345678"),
    # grouped
    ("手机 ⟦138 1234 5678⟧", "13812345678"),
    ("⟦138-1234-5678⟧", "13812345678"),
    ("⟦138.1234.5678⟧", "13812345678"),
    ("⟦138、1234、5678⟧", "13812345678"),
    ("⟦1 3 8 1 2 3 4 5 6 7 8⟧", "13812345678"),
    ("⟦幺三八，幺二三四，五六七八⟧", "13812345678"),
    # mixed written and spoken
    ("⟦138一二三四5678⟧", "13812345678"),
    ("⟦１３８幺二三四5678⟧", "13812345678"),
    ("⟦幺38 1234 五六七八⟧", "13812345678"),
    # country code and trunk prefixes
    ("⟦+86 138-1234-5678⟧", "13812345678"),
    ("⟦＋８６ １３８ １２３４ ５６７８⟧", "13812345678"),
    ("⟦0086 13812345678⟧", "13812345678"),
    ("⟦8613812345678⟧", "13812345678"),
    ("⟦洞洞八六 幺三八 幺二三四 五六七八⟧", "13812345678"),
    ("⟦013812345678⟧", "13812345678"),
    # landlines
    ("座机⟦010-62345678⟧", "01062345678"),
    ("⟦(021)62345678⟧", "02162345678"),
    ("⟦（021）6234 5678⟧", "02162345678"),
    ("⟦0755 8888 6666⟧转123", "075588886666"),
    ("⟦+86 10 6234 5678⟧", "01062345678"),
    ("⟦洞幺洞 六两三四 五六拐八⟧", "01062345678"),
    # two numbers side by side
    ("⟦13812345678⟧,⟦13912345678⟧", None),
    ("⟦138 1234 5678⟧ ⟦139 1234 5678⟧", None),
    ("⟦13812345678⟧、⟦010-62345678⟧", None),
]


@pytest.mark.parametrize("marked, value", VALID)
def test_valid_phone_numbers_are_found_in_every_form(marked, value):
    text, spans = unmark(marked)
    found = _found(text)
    assert [(start, end) for start, end, _value in found] == spans
    if value is not None:
        assert [v for _s, _e, v in found] == [value] * len(spans)


INVALID = [
    "15412345678",  # unallocated
    "19412345678",
    "1381234567",  # 10 digits
    "1381234567890",  # 13 digits
    "12345678901",
    "62345678",  # subscriber number without area code
    "86 10 6234 5678",  # '86' without a plus is not read as a country code before a landline
    "AB13812345678",  # glued to letters: a code
    "13812345678kg",
    "SN:X13812345678Y",
]


@pytest.mark.parametrize("text", INVALID)
def test_invalid_numbers_are_not_phones(text):
    assert _found(text) == []


LOOK_ALIKES = [
    # amounts, dates, times
    "金额3800万元",
    "4.68亿",
    "共计13,812,345元",
    "2018年6月6日",
    "2023-11-22 10:30",
    "20231122",
    "交易金额13812345678元",
    # order / policy / tracking / verification numbers with their label
    "订单号13812345678",
    "订单13812345678",
    "快递单号13812345678",
    "运单号：幺三八一二三四五六七八",
    "保单号 138 1234 5678",
    "验证码138123",
    "验证码是 幺三八二五六",
    "工号13812345678",
    "编号：13812345678",
    # postcodes, stock codes, already masked values, tails
    "邮编100080",
    "股票代码600519",
    "138****5678",
    "手机号138****5678",
    "1381234****",
    "手机尾号5678",
    "尾号幺二三四",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_are_not_reported(text):
    assert scan(text) == []


BUSINESS_NUMBERS = [
    ("客服电话⟦95588⟧", "95588"),
    ("拨打⟦10086⟧查询", "10086"),
    ("投诉热线⟦12315⟧", "12315"),
    ("⟦400-820-8820⟧", "4008208820"),
    ("⟦400 820 8820⟧", "4008208820"),
    ("服务电话⟦四零零八二零八八二零⟧", "4008208820"),
    ("⟦800-810-8888⟧", "8008108888"),
]


@pytest.mark.parametrize("marked, value", BUSINESS_NUMBERS)
def test_service_and_400_800_numbers_are_business_not_personal(marked, value):
    text, spans = unmark(marked)
    assert _found(text) == []
    assert _found(text, BUSINESS) == [(start, end, value) for start, end in spans]


@pytest.mark.parametrize("text", ["95588", "打10086", "代码12315", "验证码96777"])
def test_five_bare_digits_without_a_phone_word_are_nothing(text):
    assert scan(text) == []


def test_a_phone_word_closer_than_an_order_label_keeps_the_phone():
    text, spans = unmark("订单已发货，联系手机⟦13812345678⟧")
    assert [(s, e) for s, e, _v in _found(text)] == spans
    text, spans = unmark("编号：13812345678，手机⟦13912345678⟧")
    assert [(s, e) for s, e, _v in _found(text)] == spans
