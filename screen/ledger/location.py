"""Where the ledger lives: an SQLite file (a path) or a PostgreSQL database (connection settings).

``--db`` / ``$LEADSCREEN_DB`` take either. PostgreSQL settings come as a URL (``postgresql://`` or
``postgres://``) or as libpq's keyword form (``host=db1 dbname=leads user=dialer``); both are read
by libpq's own parser (:func:`psycopg.conninfo.conninfo_to_dict`), so leadscreen sees exactly what
the driver will use. Anything else is a file path, so SQLite stays the embedded default; a value
that starts like a keyword setting (``word=``) is never taken as a file name, where a typo would
put a password into a file name.

The password may sit in the settings, in ``$PGPASSWORD`` or in ``~/.pgpass``: libpq reads them as
it always does. Wherever a location is shown (:func:`shown`, ``str()``), every secret part (the
password in the URL's user part or as a parameter, ``sslpassword``) is ``***``.

>>> where = PostgresLocation.parse("postgresql://dialer:secret@db1:5432/leads?sslmode=require&password=x")
>>> str(where), where.database
('postgresql://dialer:***@db1:5432/leads?sslmode=require&password=***', 'leads')
>>> str(PostgresLocation.parse("host=db1 password='a b' dbname=leads"))
'password=*** dbname=leads host=db1'
>>> is_postgres_url("ledgers/leadscreen.db"), is_postgres_url("postgres://db1/leads"), is_postgres_url("dbname=leads")
(False, True, True)
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from screen.errors import UsageError

SCHEMES = ("postgresql", "postgres")
AUDIT_DIR_ENV = "LEADSCREEN_AUDIT_DIR"
# libpq parameters whose value is a secret (the others name hosts, files, modes)
SECRET_PARAMETERS = frozenset({"password", "sslpassword"})
MASK = "***"
# ``keyword=`` at the start: libpq's keyword form, never a file name
_KEYWORD_FORM = re.compile(r"\s*[A-Za-z_]+\s*=")


def _is_url(value: str) -> bool:
    return "://" in value and value.split("://", 1)[0] in SCHEMES


def is_postgres_url(value: object) -> bool:
    """Does ``value`` name a PostgreSQL database (a URL or keyword settings) rather than a file?"""
    return isinstance(value, PostgresLocation) or (
        isinstance(value, str) and (_is_url(value) or _KEYWORD_FORM.match(value) is not None)
    )


def _settings(value: str) -> dict[str, str]:
    """libpq's reading of ``value``; a one-line error that repeats nothing of it (it may hold a password)."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        return conninfo_to_dict(value)
    except psycopg.Error as error:
        unknown = re.search(r'invalid (?:connection|URI query) (?:option|parameter) "([A-Za-z_]+)"', str(error))
        why = f": unknown setting {unknown.group(1)!r}" if unknown else ""
        form = "postgresql:// URL" if _is_url(value) else "PostgreSQL connection setting (keyword=value ...)"
        raise UsageError(f"the ledger location is not a valid {form}{why}", parameter="db") from None


class PostgresLocation:
    """A PostgreSQL ledger: the settings as given (for libpq) and a form fit to print."""

    def __init__(self, url: str, shown: str, database: str, settings: dict[str, str] | None = None):
        self.url = url  # a URL or keyword settings, as libpq takes them
        self.shown = shown
        self.database = database
        self.settings = settings or {}

    @classmethod
    def parse(cls, value: str) -> PostgresLocation:
        settings = _settings(value)
        if "@" in settings.get("host", ""):
            # libpq cut the user part at its first "@": the rest of a password would be a host name
            raise UsageError("the ledger URL has an '@' in its user name or password: write it as %40", parameter="db")
        if not all(port.isdigit() for port in settings.get("port", "0").split(",")):
            raise UsageError("the ledger URL's port is not a number", parameter="db")
        database = settings.get("dbname", "")
        if not database:
            raise UsageError(
                "a PostgreSQL ledger needs a database name: postgresql://user@host:5432/DBNAME or dbname=DBNAME",
                parameter="db",
            )
        shown = _masked_url(value) if _is_url(value) else _masked_keywords(settings)
        return cls(value, shown, database, settings)

    def secrets(self) -> list[str]:
        """The secret values in the settings (to take out of any text a server sends back)."""
        return [value for name, value in self.settings.items() if name in SECRET_PARAMETERS and value]

    def scrub(self, text: str) -> str:
        """``text`` with every secret of the settings replaced by ``***``."""
        for secret in sorted(self.secrets(), key=len, reverse=True):
            text = text.replace(secret, MASK)
        return text

    def exists(self) -> bool:
        """Always ``True``: whether the database is there is the server's to say when it is opened."""
        return True

    @property
    def audit_dir(self) -> Path:
        """Audit files of this database on this host: ``$LEADSCREEN_AUDIT_DIR``, else a folder in the
        user's state directory (``$XDG_STATE_HOME`` or ``~/.local/state``)``/leadscreen/audit/``, named
        after the server and database: never the working directory, which may be anywhere."""
        configured = os.environ.get(AUDIT_DIR_ENV)
        if configured:
            return Path(configured)
        state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
        server = f"{self.settings.get('host') or 'local'}-{self.settings.get('port') or '5432'}-{self.database}"
        return Path(state) / "leadscreen" / "audit" / re.sub(r"[^\w.-]", "_", server)

    @property
    def audit_dir_is_default(self) -> bool:
        """Is :attr:`audit_dir` the state folder (no ``$LEADSCREEN_AUDIT_DIR``)?"""
        return not os.environ.get(AUDIT_DIR_ENV)

    def __str__(self) -> str:
        return self.shown

    def __repr__(self) -> str:
        return f"PostgresLocation({self.shown!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PostgresLocation) and other.url == self.url

    def __hash__(self) -> int:
        return hash(self.url)


def _masked_url(url: str) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user_part, host_part = netloc.rsplit("@", 1)
        if ":" in user_part:
            netloc = f"{user_part.split(':', 1)[0]}:{MASK}@{host_part}"
    query = parts.query
    if query:
        pairs = [(name, MASK if name in SECRET_PARAMETERS else value) for name, value in parse_qsl(query, True)]
        query = urlencode(pairs, quote_via=quote, safe="*/:,")
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def _masked_keywords(settings: dict[str, str]) -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo("", **{name: MASK if name in SECRET_PARAMETERS else value for name, value in settings.items()})


def shown(location: str | os.PathLike | PostgresLocation) -> str:
    """The one form in which a ledger location is printed, logged or written to a report: a file's
    path, or a database's settings with every secret ``***``.

    >>> shown("postgres://u:pw@db1/leads?sslpassword=k"), shown(Path("a/ledger.db"))
    ('postgres://u:***@db1/leads?sslpassword=***', 'a/ledger.db')
    """
    return str(ledger_location(location))


def ledger_location(value: str | os.PathLike | PostgresLocation) -> Path | PostgresLocation:
    """A path for an SQLite file, a :class:`PostgresLocation` for PostgreSQL settings."""
    if isinstance(value, PostgresLocation):
        return value
    if is_postgres_url(value):
        return PostgresLocation.parse(str(value))
    return Path(value)
