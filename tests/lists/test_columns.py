"""Header aliases, sensitive header words and ambiguous headers."""

from __future__ import annotations

import pytest

from screen.errors import UsageError
from screen.lists.columns import (
    ROLE_ALIASES,
    SENSITIVE_HEADER_WORDS,
    assign_roles,
    normalize_header,
    role_of,
    sensitive_header_word,
)

# The aliases issue #3 names, written out here (not taken from the table under test).
REQUIRED_ALIASES = {
    "phone": ["phone", "手机号", "手机号码", "电话", "联系电话", "mobile"],
    "name": ["name", "姓名"],
    "consent_id": ["consent_id", "授权编号", "同意书编号"],
    "consent_time": ["consent_time", "授权时间", "同意时间"],
    "consent_channel": ["consent_channel", "授权渠道"],
    "consent_scope": ["consent_scope", "授权用途"],
    "consent_recipient": ["consent_recipient", "授权对象"],
}


@pytest.mark.parametrize(
    "role, alias", [(role, alias) for role, aliases in REQUIRED_ALIASES.items() for alias in aliases]
)
def test_issue_aliases(role, alias):
    assert role_of(alias) == role


@pytest.mark.parametrize("role, alias", [(role, alias) for role, aliases in ROLE_ALIASES.items() for alias in aliases])
def test_every_documented_alias_maps_to_its_role(role, alias):
    assert role_of(alias) == role


@pytest.mark.parametrize(
    "header, role",
    [
        ("  手机号码（必填） ", "phone"),
        ("*手机号", "phone"),
        ("MOBILE", "phone"),
        ("Ｍｏｂｉｌｅ", "phone"),
        ("Consent Time", "consent_time"),
        ("consent-id", "consent_id"),
        ("授权时间:", "consent_time"),
        ("手机号备注", None),
        ("编号", None),
    ],
)
def test_header_variants(header, role):
    assert role_of(header) == role


@pytest.mark.parametrize(
    "header, word",
    [
        ("芝麻信用分", "信用分"),
        ("信用分", "信用分"),
        ("存款余额", "存款"),
        ("账户余额", "余额"),
        ("贷款金额", "贷款"),
        ("月收入", "收入"),
        ("身份证号码", "身份证"),
        ("银行卡号", "银行卡"),
        ("Credit Score", "creditscore"),
        ("deposit_balance", "deposit"),
        ("Annual Income", "income"),
        ("loan_amount", "loan"),
    ],
)
def test_sensitive_header_words(header, word):
    assert sensitive_header_word(header) == word
    assert word in SENSITIVE_HEADER_WORDS


@pytest.mark.parametrize("header", ["姓名", "备注", "城市", "来源", "授权用途"])
def test_ordinary_headers_are_not_sensitive(header):
    assert sensitive_header_word(header) is None


def test_roles_of_a_list():
    roles = assign_roles(
        ["手机号码", "客户姓名", "授权编号", "授权时间", "授权渠道", "授权用途", "授权对象", "存款", "备注"]
    )
    assert roles.by_role == {
        "phone": "手机号码",
        "name": "客户姓名",
        "consent_id": "授权编号",
        "consent_time": "授权时间",
        "consent_channel": "授权渠道",
        "consent_scope": "授权用途",
        "consent_recipient": "授权对象",
    }
    assert roles.roles["存款"] == "sensitive" and roles.roles["备注"] == "ignored"
    assert roles.missing_consent_roles == ()
    assert assign_roles(["phone", "name"]).missing_consent_roles == (
        "consent_id",
        "consent_time",
        "consent_channel",
        "consent_scope",
    )


def test_two_phone_columns_are_ambiguous():
    with pytest.raises(UsageError, match="two columns could be the phone column"):
        assign_roles(["手机号", "联系电话"])


def test_normalize_header():
    assert normalize_header(" 手机 号码（选填）") == "手机号码"
