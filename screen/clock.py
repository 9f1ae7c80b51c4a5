"""One clock for everything: "now" in UTC, and the moment a run judges (``--as-of``).

Every module that needs the current time asks :func:`utc_now`, so tests can fix the clock in one
place (``monkeypatch.setattr("screen.clock.utc_now", ...)``) and a run's "now" is never read twice
with different answers by accident.

>>> utc_now().tzinfo is datetime.timezone.utc
True
"""

from __future__ import annotations

import datetime

UTC = datetime.UTC


def utc_now() -> datetime.datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.datetime.now(UTC)
