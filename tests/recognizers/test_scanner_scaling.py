"""A long record scans in time linear in its length (issue 11: one 1 MB record took 34 s, 50 MB
never finished); ``scaling_support`` says how linear time is checked.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scaling_support import grows_linearly

from recognizers.scanner import scan


def _addresses_and_numbers(count: int) -> str:
    return "".join(f"邮箱a{index}@qq.com 手机13812345678 " for index in range(count))


def test_a_record_with_many_addresses_and_numbers_scans_in_linear_time():
    """Each number was compared with every e-mail address to see whether it lay inside one."""
    assert grows_linearly(lambda count: scan(_addresses_and_numbers(count)), 1000)


def test_numbers_inside_addresses_are_still_left_to_the_address():
    found = scan("邮箱13812345678@qq.com，手机13912345678")
    assert [(f.entity, f.masked) for f in found] == [
        ("EMAIL_ADDRESS", found[0].masked),
        ("CN_PHONE_NUMBER", "139****5678"),
    ]


# -- a run of one-digit groups (issue 24, item 15: a 1 MB record of 1-1-1-… took 19 s) -------------


def _validator_calls(monkeypatch, text: str) -> int:
    """How many times the scan asks a validator (resident ID, bank card, phone) about a candidate."""
    from recognizers import bank_card, phone, resident_id, scanner

    scanner._validity.cache_clear()
    calls = 0
    for module in (bank_card, phone, resident_id):
        original = module.match

        def counted(*args, _original=original, **kwargs):
            nonlocal calls
            calls += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(module, "match", counted)
    scan(text)
    monkeypatch.undo()
    return calls


@pytest.mark.parametrize("unit", ["1-", "0 ", "1-2-3-", "8 6 "])
def test_a_repetitive_run_asks_the_validators_a_bounded_number_of_times(monkeypatch, unit):
    """Each candidate's digits were validated again at every group: 19 joins per group, each
    through the card, phone and ID rules. A candidate no context could make valid is now known by
    its digits, so a run that repeats itself costs the validators the same at any length."""
    small = _validator_calls(monkeypatch, unit * 2_000)
    large = _validator_calls(monkeypatch, unit * 16_000)
    assert 0 < large <= small <= 200


@given(st.lists(st.sampled_from("0123456789"), min_size=5, max_size=60), st.sampled_from(["-", " ", "—", ""]))
@settings(max_examples=200, deadline=None)
def test_knowing_invalid_digits_changes_no_finding(digits, separator):
    """The shortcut only skips what no context could make valid: the findings are those of the
    validators asked every time, with and without a context word."""
    from recognizers import scanner

    for text in (separator.join(digits), "银行卡号手机号身份证" + separator.join(digits)):
        expected = [(f.entity, f.start, f.end, f.score) for f in _scan_asking_every_time(scanner, text)]
        assert [(f.entity, f.start, f.end, f.score) for f in scan(text)] == expected


def _scan_asking_every_time(scanner, text: str):
    original = scanner._validity
    scanner._validity = lambda digits, plus: scanner._MAYBE
    try:
        return scan(text)
    finally:
        scanner._validity = original


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("电话1-3-8-1-2-3-4-5-6-7-8", "CN_PHONE_NUMBER"),
        ("1 1 1 1 手机 1 3 9 8 7 6 5 4 3 2 1 1 1 1", "CN_PHONE_NUMBER"),
        ("1-" * 500 + "手机13812345678", "CN_PHONE_NUMBER"),
    ],
)
def test_numbers_spoken_digit_by_digit_are_still_found(text, entity):
    assert entity in [finding.entity for finding in scan(text)]
