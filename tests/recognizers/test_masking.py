"""Masking conventions (docs/number-rules.md, "Masking conventions")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recognizers.masking import DEFAULT_KEEP, mask, mask_middle
from recognizers.scanner import scan


@pytest.mark.parametrize(
    "entity, value, masked",
    [
        ("CN_PHONE_NUMBER", "13812345678", "138****5678"),  # first 3, last 4
        ("CN_PHONE_NUMBER", "01062345678", "010****5678"),  # landline: area code kept
        ("CN_PHONE_NUMBER", "02162345678", "021****5678"),
        ("CN_PHONE_NUMBER", "075588886666", "0755****6666"),
        ("CN_RESIDENT_ID", "11010519491231002X", "110105********002X"),  # first 6, last 4
        ("CN_RESIDENT_ID", "110105491231002", "110105*****1002"),
        ("CN_BANK_CARD", "6222021234567890128", "***************0128"),  # last 4
        ("CN_PASSPORT", "E12345678", "E*****678"),
        ("EMAIL_ADDRESS", "zhang.wei@example.com", "z********@example.com"),
        ("CN_BUSINESS_NUMBER", "95588", "95588"),  # not personal: shown as is
        ("UNKNOWN_ENTITY", "123456789", "*****6789"),
    ],
)
def test_default_conventions(entity, value, masked):
    assert mask(entity, value) == masked


@pytest.mark.parametrize(
    "entity, value, keep_first, keep_last, masked",
    [
        ("CN_RESIDENT_ID", "11010519491231002X", 3, 4, "110***********002X"),  # first 3 / last 4
        ("CN_RESIDENT_ID", "11010519491231002X", 1, 2, "1***************2X"),  # hutool: first 1 / last 2
        ("CN_BANK_CARD", "6222021234567890128", 6, 4, "622202*********0128"),  # first 6 + last 4
        ("CN_BUSINESS_NUMBER", "4008208820", 3, 4, "400***8820"),
        ("EMAIL_ADDRESS", "zhang.wei@example.com", 2, 1, "zh******i@example.com"),
    ],
)
def test_overriding_the_kept_ends(entity, value, keep_first, keep_last, masked):
    assert mask(entity, value, keep_first=keep_first, keep_last=keep_last) == masked


@pytest.mark.parametrize(
    "value, keep_first, keep_last, masked",
    [
        ("1234", 3, 4, "1**4"),  # too short to keep both ends: at most a quarter each
        ("12", 3, 4, "**"),
        ("", 3, 4, ""),
        ("12345678", 0, 0, "********"),
    ],
)
def test_short_values_still_hide_something(value, keep_first, keep_last, masked):
    assert mask_middle(value, keep_first, keep_last) == masked


@given(
    value=st.text(st.characters(exclude_characters="\0"), min_size=1, max_size=40),
    keep_first=st.integers(0, 10),
    keep_last=st.integers(0, 10),
)
def test_mask_middle_keeps_length_and_ends_and_hides_the_middle(value, keep_first, keep_last):
    masked = mask_middle(value, keep_first, keep_last, char="\0")
    assert len(masked) == len(value)
    shown = [i for i, char in enumerate(masked) if char != "\0"]
    assert all(masked[i] == value[i] for i in shown)
    assert len(shown) < len(value) or len(value) == 0  # something is always hidden


def test_every_personal_entity_has_a_convention():
    assert set(DEFAULT_KEEP) >= {"CN_PHONE_NUMBER", "CN_RESIDENT_ID", "CN_BANK_CARD", "CN_PASSPORT"}


def test_findings_carry_the_masked_value_and_public_dicts_no_raw_value():
    text = "手机幺三八 幺二三四 五六七八，身份证11010519491231002X，卡号6222021234567890128"
    findings = scan(text)
    assert [f.masked for f in findings] == ["138****5678", "110105********002X", "***************0128"]
    for finding in findings:
        public = str(finding.public_dict())
        assert finding.value not in public
        assert text[finding.start : finding.end] not in public
