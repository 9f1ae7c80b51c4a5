"""Calling hours (half-open spans, across midnight) and statutory holidays."""

from __future__ import annotations

import datetime

import pytest

from screen.calling_window import CalendarUnavailable, local_day_start, statutory_holiday, within_hours, zone

NINE_TO_NINE = ((datetime.time(9), datetime.time(21)),)
SPLIT_DAY = ((datetime.time(9), datetime.time(12)), (datetime.time(13, 30), datetime.time(21)))
ACROSS_MIDNIGHT = ((datetime.time(20), datetime.time(2)),)


@pytest.mark.parametrize(("moment", "inside"), [
    (datetime.time(8, 59, 59), False),
    (datetime.time(8, 59, 59, 999999), False),
    (datetime.time(9, 0, 0), True),
    (datetime.time(20, 59, 59), True),
    (datetime.time(21, 0, 0), False),  # "no calls between 21:00 and 09:00"
    (datetime.time(0, 0), False),
])
def test_nine_to_nine_edges(moment, inside):
    assert within_hours(moment, NINE_TO_NINE) is inside


@pytest.mark.parametrize(("moment", "inside"), [
    (datetime.time(11, 59, 59), True),
    (datetime.time(12, 0), False),
    (datetime.time(13, 29, 59), False),
    (datetime.time(13, 30), True),
])
def test_lunch_break_between_two_spans(moment, inside):
    assert within_hours(moment, SPLIT_DAY) is inside


@pytest.mark.parametrize(("moment", "inside"), [
    (datetime.time(19, 59, 59), False),
    (datetime.time(20, 0), True),
    (datetime.time(23, 59, 59), True),
    (datetime.time(0, 0), True),
    (datetime.time(1, 59, 59), True),
    (datetime.time(2, 0), False),
    (datetime.time(12, 0), False),
])
def test_span_across_midnight(moment, inside):
    assert within_hours(moment, ACROSS_MIDNIGHT) is inside


def test_no_spans_means_any_time_and_equal_ends_mean_the_whole_day():
    assert within_hours(datetime.time(3, 0), ()) is True
    whole_day = ((datetime.time(0), datetime.time(0)),)
    assert within_hours(datetime.time(3, 0), whole_day) is True
    assert within_hours(datetime.time(3, 0), NINE_TO_NINE) is False


@pytest.mark.parametrize(("day", "name"), [
    ("2026-10-01", "National Day"),
    ("2026-10-03", "National Day"),        # a Saturday inside the break
    ("2026-02-17", "Spring Festival"),
    ("2026-03-02", None),                  # an ordinary Monday
    ("2026-03-07", None),                  # a plain weekend is not a statutory holiday
    ("2026-02-28", None),                  # a Saturday make-up working day (调休)
])
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
    assert start.astimezone(datetime.timezone.utc).day == 1
