"""Errors a user can act on. The CLI prints them as one line and exits with ``exit_code``.

Messages never carry a raw ID, phone or card number: say which row or column, not what it held.
"""

from __future__ import annotations


class LeadscreenError(Exception):
    """A problem with the user's input or set-up, reported without a traceback."""

    exit_code = 2


class UsageError(LeadscreenError):
    """Bad flags, a missing or unreadable input, a malformed policy or manifest."""


class KeyMissing(UsageError):
    """An operation needs the HMAC/encryption key and none was given."""
