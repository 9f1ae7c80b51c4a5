"""Calling hours (half-open spans, across midnight) and statutory holidays."""

from __future__ import annotations

import datetime

import pytest

from screen.clock import zone
from screen.predial.calling_window import (
    CalendarUnavailable,
    local_day_start,
    statutory_holiday,
    within_hours,
)

NINE_TO_NINE = ((datetime.time(9), datetime.time(21)),)
SPLIT_DAY = ((datetime.time(9), datetime.time(12)), (datetime.time(13, 30), datetime.time(21)))
ACROSS_MIDNIGHT = ((datetime.time(20), datetime.time(2)),)


@pytest.mark.parametrize(
    ("moment", "inside"),
    [
        (datetime.time(8, 59, 59), False),
        (datetime.time(8, 59, 59, 999999), False),
        (datetime.time(9, 0, 0), True),
        (datetime.time(20, 59, 59), True),
        (datetime.time(21, 0, 0), False),  # "no calls between 21:00 and 09:00"
        (datetime.time(0, 0), False),
    ],
)
def test_nine_to_nine_edges(moment, inside):
    assert within_hours(moment, NINE_TO_NINE) is inside


@pytest.mark.parametrize(
    ("moment", "inside"),
    [
        (datetime.time(11, 59, 59), True),
        (datetime.time(12, 0), False),
        (datetime.time(13, 29, 59), False),
        (datetime.time(13, 30), True),
    ],
)
def test_lunch_break_between_two_spans(moment, inside):
    assert within_hours(moment, SPLIT_DAY) is inside


@pytest.mark.parametrize(
    ("moment", "inside"),
    [
        (datetime.time(19, 59, 59), False),
        (datetime.time(20, 0), True),
        (datetime.time(23, 59, 59), True),
        (datetime.time(0, 0), True),
        (datetime.time(1, 59, 59), True),
        (datetime.time(2, 0), False),
        (datetime.time(12, 0), False),
    ],
)
def test_span_across_midnight(moment, inside):
    assert within_hours(moment, ACROSS_MIDNIGHT) is inside


def test_no_spans_means_any_time_and_equal_ends_mean_the_whole_day():
    assert within_hours(datetime.time(3, 0), ()) is True
    whole_day = ((datetime.time(0), datetime.time(0)),)
    assert within_hours(datetime.time(3, 0), whole_day) is True
    assert within_hours(datetime.time(3, 0), NINE_TO_NINE) is False


@pytest.mark.parametrize(
    ("day", "name"),
    [
        ("2026-10-01", "National Day"),
        ("2026-10-03", "National Day"),  # a Saturday inside the break
        ("2026-02-17", "Spring Festival"),
        ("2026-03-02", None),  # an ordinary Monday
        ("2026-03-07", None),  # a plain weekend is not a statutory holiday
        ("2026-02-28", None),  # a Saturday make-up working day (调休)
    ],
)
def test_statutory_holidays(day, name):
    assert statutory_holiday(datetime.date.fromisoformat(day)) == name


def test_a_year_without_calendar_data_is_an_error_not_a_guess():
    with pytest.raises(CalendarUnavailable, match="2099"):
        statutory_holiday(datetime.date(2099, 5, 1))


def test_local_day_starts_at_local_midnight():
    moment = datetime.datetime(2026, 3, 2, 0, 30, tzinfo=zone("Asia/Shanghai"))
    start = local_day_start(moment)
    assert start.isoformat() == "2026-03-02T00:00:00+08:00"
    # 00:30 in Shanghai is still the previous day in UTC: the day is the campaign's, not UTC's.
    assert start.astimezone(datetime.UTC).day == 1


def test_days_off_from_the_policy_answer_for_a_year_the_package_does_not_know():
    listed = frozenset({datetime.date(2099, 1, 1), datetime.date(2099, 10, 1)})
    assert statutory_holiday(datetime.date(2099, 10, 1), listed) == "statutory holiday (policy)"
    assert statutory_holiday(datetime.date(2099, 10, 2), listed) is None
    with pytest.raises(CalendarUnavailable, match=r"\[holidays\] days_off"):
        statutory_holiday(datetime.date(2098, 10, 1), listed)


@pytest.mark.parametrize(
    ("days_off", "expected"),
    [
        ('["2099-01-01"]', {datetime.date(2099, 1, 1)}),
        (
            '["2099-02-03..2099-02-05", 2099-05-01]',
            {datetime.date(2099, 2, d) for d in (3, 4, 5)} | {datetime.date(2099, 5, 1)},
        ),
        ("[]", set()),
    ],
)
def test_policy_days_off(days_off, expected):
    from screen.config.policy import parse_policy

    assert parse_policy(f"[holidays]\ndays_off = {days_off}\n").holidays == expected


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('days_off = ["2099-13-01"]', "write dates as YYYY-MM-DD"),
        ('days_off = ["2099-02-05..2099-02-03"]', "must run forwards"),
        ('days_off = ["2099-01-01..2099-12-31"]', "at most a month"),
        ('days_off = "2099-01-01"', "must be a list"),
        ('workdays = ["2099-01-01"]', "unknown setting"),
    ],
)
def test_bad_policy_days_off_are_one_line_errors(table, message):
    from screen.config.policy import parse_policy
    from screen.errors import ConfigError

    with pytest.raises(ConfigError, match=message):
        parse_policy(f"[holidays]\n{table}\n")


@pytest.mark.parametrize("span", ["09:00:00.5-21:00", "09:00+08:00-21:00", "9-21"])
def test_calling_hours_are_whole_seconds_in_the_campaign_zone(span):
    from screen.config.policy import parse_policy
    from screen.errors import ConfigError

    with pytest.raises(ConfigError, match="HH:MM-HH:MM"):
        parse_policy(f'[campaigns.x]\npurpose = "p"\ncalling_hours = ["{span}"]\n')
