"""Where the ledger lives: an SQLite file (a path) or a PostgreSQL database (a URL).

``--db`` / ``$LEADSCREEN_DB`` take either. A value starting ``postgresql://`` or ``postgres://``
names a database; anything else is a file path, so SQLite stays the embedded default. The
password may sit in the URL, in ``$PGPASSWORD`` or in ``~/.pgpass``: libpq reads them as it
always does. The URL is never shown with its password (:meth:`PostgresLocation.__str__`).

>>> where = PostgresLocation.parse("postgresql://dialer:secret@db1:5432/leads?sslmode=require")
>>> str(where), where.database
('postgresql://dialer:***@db1:5432/leads?sslmode=require', 'leads')
>>> is_postgres_url("ledgers/leadscreen.db"), is_postgres_url("postgres://db1/leads")
(False, True)
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from screen.errors import UsageError

SCHEMES = ("postgresql", "postgres")
AUDIT_DIR_ENV = "LEADSCREEN_AUDIT_DIR"


def is_postgres_url(value: object) -> bool:
    return isinstance(value, PostgresLocation) or (
        isinstance(value, str) and "://" in value and value.split("://", 1)[0] in SCHEMES
    )


class PostgresLocation:
    """A PostgreSQL ledger: the URL as given (for libpq) and a form fit to print."""

    def __init__(self, url: str, shown: str, database: str):
        self.url = url
        self.shown = shown
        self.database = database

    @classmethod
    def parse(cls, url: str) -> PostgresLocation:
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError:
            raise UsageError("the ledger URL is not a valid postgresql:// URL", parameter="db") from None
        database = parts.path.lstrip("/")
        if not database:
            raise UsageError("a PostgreSQL ledger URL needs a database name: postgresql://user@host:5432/DBNAME")
        netloc = parts.netloc
        if parts.password is not None:
            user_part, host_part = netloc.rsplit("@", 1)
            netloc = f"{user_part.split(':', 1)[0]}:***@{host_part}"
        return cls(url, urlunsplit(parts._replace(netloc=netloc)), database)

    def exists(self) -> bool:
        """Always ``True``: whether the database is there is the server's to say when it is opened."""
        return True

    @property
    def audit_dir(self) -> Path:
        """Audit files stay local to each process (``$LEADSCREEN_AUDIT_DIR``, else ``./<database>-audit``)."""
        return Path(os.environ.get(AUDIT_DIR_ENV) or f"{self.database}-audit")

    def __str__(self) -> str:
        return self.shown

    def __repr__(self) -> str:
        return f"PostgresLocation({self.shown!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PostgresLocation) and other.url == self.url

    def __hash__(self) -> int:
        return hash(self.url)


def ledger_location(value: str | os.PathLike | PostgresLocation) -> Path | PostgresLocation:
    """A path for an SQLite file, a :class:`PostgresLocation` for a URL."""
    if isinstance(value, PostgresLocation):
        return value
    if is_postgres_url(value):
        return PostgresLocation.parse(str(value))
    return Path(value)
