"""Options and argument helpers shared by the commands, declared once so they mean the same everywhere."""

from __future__ import annotations

import datetime

import click

from screen.errors import UsageError

DB_HELP = "Ledger file. Default: $LEADSCREEN_DB, else ./leadscreen.db."
KEY_HELP = "File holding the HMAC key. Default: $LEADSCREEN_KEY."
POLICY_HELP = "Policy file with [campaigns.NAME] tables. Default: ./leadscreen.toml."


def db_option(function):
    return click.option("--db", "db", metavar="PATH", help=DB_HELP)(function)


def key_option(function):
    return click.option("--key-file", metavar="PATH", help=KEY_HELP)(function)


def policy_option(function):
    return click.option("--policy", "policy_path", metavar="PATH", help=POLICY_HELP)(function)


def open_ledger(db, key_file, create: bool = False):
    """Resolve the path and key and open the ledger (one-line errors for a missing key or file)."""
    from screen.config.keys import load_key
    from screen.ledger.store import Ledger, resolve_db_path

    key = load_key(key_file)
    return Ledger.open(resolve_db_path(db), key, create=create)


def parse_moment(value: str | None, timezone: str, what: str = "--at") -> datetime.datetime:
    """An ISO time or date; without a zone it is read in ``timezone``. ``None``: now."""
    from screen.predial.calling_window import zone

    if value is None:
        return datetime.datetime.now(zone(timezone))
    try:
        moment = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"{what} must be an ISO time such as 2026-03-02T10:15:00+08:00 or 2026-03-02") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone(timezone))
