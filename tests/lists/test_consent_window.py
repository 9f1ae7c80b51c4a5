"""The consent window of list screening is pinned to the hour, not only the day: a time-zone or
offset mistake of a few hours either way must fail here (the pre-dial side is pinned to the
second in tests/predial). Local times are written as a list writes them (no offset), in the
campaign's zone (Asia/Shanghai, UTC+8)."""

from __future__ import annotations

import datetime

import polars as pl
import pytest

from screen.lists.columns import assign_roles
from screen.lists.row_checks import CODES, RowChecks
from screen.reasons import codes_from_bits

NOW = datetime.datetime(2026, 11, 20, 4, 0, tzinfo=datetime.UTC)  # 12:00 in Shanghai
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
MAX_AGE_DAYS = 365


def _window_codes(moment: datetime.datetime) -> list[str]:
    local = moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    frame = pl.DataFrame(
        {
            "手机号": ["13812345678"],
            "授权编号": ["C1"],
            "授权时间": [local],
            "授权渠道": ["网页表单"],
            "授权用途": ["保险推荐"],
        }
    )
    checks = RowChecks(
        assign_roles(frame.columns),
        purpose="保险推荐",
        organization=("示例保险",),
        timezone="Asia/Shanghai",
        now=NOW,
        max_consent_age_days=MAX_AGE_DAYS,
    )
    out = checks.annotate(frame.lazy()).collect()
    return [code for code in codes_from_bits(out[CODES][0]) if code.startswith("consent_")]


HOUR = datetime.timedelta(hours=1)
OLDEST = NOW - datetime.timedelta(days=MAX_AGE_DAYS)


@pytest.mark.parametrize(
    "moment, codes",
    [
        (NOW, []),
        (NOW - HOUR, []),
        (NOW + 4 * HOUR, ["consent_in_future"]),
        (NOW + HOUR, ["consent_in_future"]),
        (NOW + datetime.timedelta(minutes=1), ["consent_in_future"]),
        (OLDEST + 4 * HOUR, []),
        (OLDEST + datetime.timedelta(minutes=1), []),
        (OLDEST - 4 * HOUR, ["consent_expired"]),
        (OLDEST - datetime.timedelta(minutes=1), ["consent_expired"]),
        (OLDEST - 8 * HOUR, ["consent_expired"]),  # the zone's offset, the likeliest mistake
        (NOW + 8 * HOUR, ["consent_in_future"]),
    ],
)
def test_the_consent_window_holds_to_the_minute_in_the_campaign_zone(moment, codes):
    assert _window_codes(moment) == codes
