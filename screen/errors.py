"""Errors a user can act on, by cause, under one base.

The CLI prints any :class:`LeadscreenError` as one line and exits with its ``exit_code``; the HTTP
service answers with its ``http_status``. Library messages say what is wrong with which input or
setting; they name no CLI flag (the CLI adds that), and never carry a raw ID, phone or card
number: say which row or column, not what it held.

>>> issubclass(KeyMissing, ConfigError) and issubclass(LedgerMissing, LedgerUnavailable)
True
>>> InputError("x").exit_code, LedgerUnavailable("x").http_status
(2, 503)

An error about one argument names it as the library spells it (``parameter``), so that the CLI
can point at its own flag and the HTTP service at its own field:

>>> error = UsageError("the purpose must not be empty", parameter="purpose")
>>> str(error), error.parameter
('the purpose must not be empty', 'purpose')
"""

from __future__ import annotations


class LeadscreenError(Exception):
    """A problem with the user's input or set-up, reported without a traceback."""

    exit_code = 2
    http_status = 400

    def __init__(self, message: str, *, parameter: str | None = None, hinted: bool = False):
        super().__init__(message)
        self.parameter = parameter  # the library argument the problem is about, if one is
        self.hinted = hinted  # the message already says what to do: no generic hint after it


class UsageError(LeadscreenError):
    """Arguments that do not fit together or a value of the wrong form (a date, a phone, a name)."""


class InputError(LeadscreenError):
    """An input file that cannot be used: unreadable, wrong encoding, empty, missing columns, malformed."""


class ConfigError(LeadscreenError):
    """A policy file, campaign or other setting that is missing or malformed."""


class KeyMissing(ConfigError):
    """An operation needs the HMAC/encryption key and none (or an unusable one) was given."""


class LedgerUnavailable(LeadscreenError):
    """The consent ledger cannot be read now (locked, corrupt, unreadable, wrong schema)."""

    http_status = 503


class LedgerMissing(LedgerUnavailable):
    """The ledger does not exist and the caller asked not to create it."""
