"""When a campaign may call: calling hours in the campaign's time zone, statutory holidays, and the
local day that daily caps count.

Calling hours are half-open spans ``[start, end)``: with ``09:00-21:00`` a call at 09:00:00 is
allowed, one at 08:59:59 or at 21:00:00 is not (the insurance rule bars calls "between 21:00 and
09:00"). A span whose end is earlier than its start runs across midnight (``20:00-02:00``); a
span whose start equals its end covers the whole day. No spans at all means any time.

Statutory holidays come from the ``chinese-calendar`` package, which knows the State Council's
holiday arrangement, make-up working days (调休) included, year by year. A plain weekend is not a
statutory holiday; a weekend inside the Spring Festival or National Day break is. For a year the
package has no data for, the policy can list the statutory days off (``[holidays] days_off``);
when it does not, :func:`statutory_holiday` raises :class:`CalendarUnavailable` and the pre-dial
check denies with ``service_error`` rather than guess.

>>> import datetime
>>> spans = ((datetime.time(9), datetime.time(21)),)
>>> within_hours(datetime.time(8, 59, 59), spans), within_hours(datetime.time(9), spans)
(False, True)
>>> within_hours(datetime.time(1), ((datetime.time(20), datetime.time(2)),))
True
>>> statutory_holiday(datetime.date(2025, 10, 1))
'National Day'
>>> statutory_holiday(datetime.date(2025, 10, 11)) is None   # a Saturday make-up working day
True
"""

from __future__ import annotations

import datetime
import functools

Spans = tuple[tuple[datetime.time, datetime.time], ...]


class CalendarUnavailable(Exception):
    """chinese-calendar has no holiday data for the year asked about."""


def within_hours(moment: datetime.time, spans: Spans) -> bool:
    """True if the local wall-clock time ``moment`` falls inside one of ``spans``."""
    if not spans:
        return True
    for start, end in spans:
        if start < end:
            if start <= moment < end:
                return True
        elif start > end:  # runs across midnight
            if moment >= start or moment < end:
                return True
        else:
            return True
    return False


POLICY_HOLIDAY = "statutory holiday (policy)"


@functools.lru_cache(maxsize=4096)
def statutory_holiday(day: datetime.date, days_off: frozenset[datetime.date] = frozenset()) -> str | None:
    """The holiday's English name if ``day`` is a statutory day off, else ``None``.

    ``days_off`` are statutory days off listed in the policy (``[holidays] days_off``): the State
    Council publishes each year's arrangement in November, and a year the installed package does
    not know yet is covered by listing its days off there. For such a year the policy's list is
    the whole answer; for a year the package knows, the listed days are added to it.

    >>> statutory_holiday(datetime.date(2099, 1, 1), frozenset({datetime.date(2099, 1, 1)}))
    'statutory holiday (policy)'
    >>> statutory_holiday(datetime.date(2099, 1, 2), frozenset({datetime.date(2099, 1, 1)})) is None
    True
    """
    import chinese_calendar

    if day in days_off:
        return POLICY_HOLIDAY
    try:
        off, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        if any(listed.year == day.year for listed in days_off):
            return None
        raise CalendarUnavailable(
            f"chinese-calendar has no holiday data for {day.year}; upgrade the package or list that "
            "year's statutory days off under [holidays] days_off in the policy"
        ) from None
    return name if off and name else None


def local_day_start(moment: datetime.datetime) -> datetime.datetime:
    """Midnight that began the local day of ``moment`` (an aware datetime in the campaign zone)."""
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)
