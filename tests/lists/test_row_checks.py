"""Row checks as polars expressions: phone forms, the mobile prefix table, the patched slow paths."""

from __future__ import annotations

import datetime
import random

import phonenumbers
import polars as pl
import pytest

from screen.lists.columns import assign_roles
from screen.lists.row_checks import (
    CHANNELS,
    RowChecks,
    item_pattern,
    mobile_prefixes,
    patch_missing,
)

NOW = datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC)

PHONE_FORMS = {
    "13812345678": 13812345678,
    "+86 138-1234-5678": 13812345678,
    "+8613812345678": 13812345678,
    "008613812345678": 13812345678,
    "8613812345678": 13812345678,
    "013812345678": 13812345678,
    "１３８１２３４５６７８": 13812345678,
    "138 1234 5678": 13812345678,
    " 138.1234.5678 ": 13812345678,
    "13812345678.0": 13812345678,
    "（138）1234-5678": 13812345678,
    "19212345678": 19212345678,  # China Broadnet
    "16212345678": 16212345678,
    "15412345678": None,  # not allocated
    "1381234567": None,
    "138123456789": None,
    "010-62345678": None,  # landline
    "4008208820": None,  # business number
    "95588": None,
    "138abcd5678": None,
    "": None,
}


def checks_for(columns: list[str], **options) -> RowChecks:
    settings = {
        "purpose": "保险产品推荐",
        "organization": ("示例保险",),
        "timezone": "Asia/Shanghai",
        "now": NOW,
        "max_consent_age_days": 365,
        **options,
    }
    return RowChecks(assign_roles(columns), **settings)


def test_phone_forms():
    frame = pl.DataFrame({"phone": list(PHONE_FORMS)})
    keys = frame.select(checks_for(["phone"]).phone_key())["phone"].to_list()
    assert dict(zip(PHONE_FORMS, keys)) == PHONE_FORMS


def test_mobile_prefixes_agree_with_libphonenumber():
    prefixes = set(mobile_prefixes())
    rng = random.Random(7)
    for _ in range(3000):
        number = str(rng.randrange(13 * 10**9, 2 * 10**10))
        parsed = phonenumbers.parse(number, "CN")
        is_mobile = phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        )
        assert (int(number) // 10**6 in prefixes) == is_mobile, number


def test_patch_missing_fills_only_the_rows_that_need_it():
    count = 50_000
    cells = [f"{13800000000 + index}" if index % 997 else f" 138-{index:04d}-0000" for index in range(count)]
    calls = []

    def slow(expr: pl.Expr) -> pl.Expr:
        calls.append(1)
        return expr.str.replace_all(r"[\s-]", "").cast(pl.Int64)

    raw = pl.col("cell")
    fast = raw.cast(pl.Int64, strict=False)
    patched = (
        pl.DataFrame({"cell": cells})
        .lazy()
        .select(patch_missing(fast, raw, slow, pl.Int64))
        .collect(engine="streaming")
    )
    expected = [int(cell.replace(" ", "").replace("-", "")) for cell in cells]
    assert patched["cell"].to_list() == expected
    empty = pl.DataFrame({"cell": ["1", None]}).select(
        patch_missing(raw.cast(pl.Int64, strict=False), raw, slow, pl.Int64)
    )
    assert empty["cell"].to_list() == [1, None]  # a null cell stays null, slow path not needed


@pytest.mark.parametrize(
    "cell, channel",
    [
        ("web_form", "web_form"),
        (" APP ", "app"),
        ("网页表单", "web_form"),
        ("短信回复", "sms_reply"),
        ("通话录音", "call_recording"),
        ("纸质", "paper"),
        ("线下", "in_person"),
        ("Offline", "in_person"),
        ("传真", None),
        ("", None),
        (None, None),
    ],
)
def test_channels(cell, channel):
    frame = pl.DataFrame({"consent_channel": [cell]}, schema={"consent_channel": pl.String})
    value = frame.select(checks_for(["phone", "consent_channel"]).channel())["consent_channel"][0]
    assert value == channel
    assert channel is None or channel in CHANNELS


@pytest.mark.parametrize(
    "cell, holds",
    [
        ("保险产品推荐", True),
        (" 保险产品推荐 ；客户回访", True),
        ("客户回访|保险产品推荐", True),
        ("回访、保险产品推荐", True),
        ("保险产品推荐及其他", False),
        ("非保险产品推荐", False),
        ("", False),
    ],
)
def test_scope_items(cell, holds):
    pattern = item_pattern(("保险产品推荐",))
    assert pl.Series([cell]).str.contains(pattern)[0] is holds


def test_consent_window_in_a_zone_with_daylight_saving():
    frame = pl.DataFrame(
        {
            "phone": ["13812345678"] * 3,
            "consent_id": ["C"] * 3,
            "consent_channel": ["app"] * 3,
            "consent_scope": ["保险产品推荐"] * 3,
            "consent_time": ["2026-11-19 10:00", "2026-11-21 10:00", "2025-01-01 10:00"],
        }
    )
    checks = checks_for(frame.columns, timezone="America/New_York")
    assert checks.offset is None  # the window crosses a DST change: zone-aware comparison
    failures = frame.select(**{code: expr for code, expr in checks.failures().items()})
    assert failures["consent_in_future"].to_list() == [False, True, False]
    assert failures["consent_expired"].to_list() == [False, False, True]
    text = frame.select(checks.consent_time_text(checks.consent_time()))["consent_time"].to_list()
    assert text[0] == "2026-11-19T10:00:00-05:00"


def test_unknown_time_zone_is_a_usage_error():
    from screen.errors import UsageError

    with pytest.raises(UsageError, match="unknown timezone"):
        checks_for(["phone"], timezone="Mars/Olympus")
