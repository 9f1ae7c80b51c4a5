"""One clock for everything: "now" in UTC, and the moment a run judges (``--as-of``).

Every module that needs the current time asks :func:`utc_now`, so tests can fix the clock in one
place (``monkeypatch.setattr("screen.clock.utc_now", ...)``) and a run's "now" is never read twice
with different answers by accident.

>>> utc_now().tzinfo is datetime.timezone.utc
True

Policies, lists and the ledger name time zones by IANA name; :func:`zone` turns one into a
``ZoneInfo`` or a one-line error:

>>> zone("Asia/Shanghai").key
'Asia/Shanghai'
"""

from __future__ import annotations

import datetime
import functools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from screen.errors import ConfigError

UTC = datetime.UTC


def utc_now() -> datetime.datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.datetime.now(UTC)


@functools.lru_cache(maxsize=64)  # the pre-dial check asks for every call
def zone(name: str) -> ZoneInfo:
    """The time zone named ``name`` (IANA); :class:`ConfigError` for a name that is not one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"unknown time zone {name!r} (use an IANA name such as Asia/Shanghai)") from None
