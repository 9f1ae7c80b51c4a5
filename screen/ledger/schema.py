"""The ledger's SQLite schema, its version and the steps that bring an older file up to date.

The version is kept in ``PRAGMA user_version``. :data:`MIGRATIONS` lists the steps in order;
:func:`apply_missing_steps` runs those a file lacks, inside the caller's write transaction, so an
upgrade is all or nothing. A file newer than this leadscreen, or an SQLite file that is not a
ledger, is refused by :func:`refuse_unknown_file` rather than misread.

>>> import sqlite3
>>> db = sqlite3.connect(":memory:")
>>> apply_missing_steps(db)
>>> user_version(db) == SCHEMA_VERSION
True
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator

from screen.errors import UsageError

# Each entry is (version, what it adds, SQL). Never edit a released step: add a new one.
MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "consents, withdrawals, do-not-call list, call outcomes",
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        -- The scope/recipients/list/channel of a consent repeat across millions of rows of one
        -- list; storing them once keeps a 10-million-number ledger small enough to stay cached.
        CREATE TABLE consent_terms (
            id INTEGER PRIMARY KEY,
            scope TEXT NOT NULL,          -- JSON array of purposes
            recipients TEXT NOT NULL,     -- JSON array of organisations the consent names
            list_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            UNIQUE (scope, recipients, list_id, channel)
        );
        CREATE TABLE consents (
            digest BLOB NOT NULL,         -- HMAC-SHA256 of the national number, 32 bytes
            consent_id TEXT NOT NULL,
            consent_time INTEGER NOT NULL,  -- Unix seconds, UTC
            terms_id INTEGER NOT NULL REFERENCES consent_terms (id),
            added_at INTEGER NOT NULL,
            PRIMARY KEY (digest, consent_id)
        ) WITHOUT ROWID;
        CREATE TABLE withdrawals (
            digest BLOB NOT NULL,
            withdrawn_at INTEGER NOT NULL,
            source TEXT NOT NULL,
            PRIMARY KEY (digest, withdrawn_at)
        ) WITHOUT ROWID;
        CREATE TABLE dnc (
            digest BLOB PRIMARY KEY,
            added_at INTEGER NOT NULL,
            reason TEXT NOT NULL,
            source TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE outcomes (
            id INTEGER PRIMARY KEY,
            digest BLOB NOT NULL,
            campaign TEXT NOT NULL,
            purpose TEXT NOT NULL,        -- caps and refusals count across campaigns of one purpose
            outcome TEXT NOT NULL,
            at INTEGER NOT NULL,
            recorded_at INTEGER NOT NULL
        );
        CREATE INDEX outcomes_by_phone ON outcomes (digest, purpose, at);
    """,
    ),
    (
        2,
        "log of do-not-call removals",
        """
        CREATE TABLE dnc_removals (
            digest BLOB NOT NULL,
            removed_at INTEGER NOT NULL,
            reason TEXT NOT NULL,
            source TEXT NOT NULL
        );
    """,
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


def user_version(db: sqlite3.Connection) -> int:
    """The schema version the file records (0 for a new, empty file)."""
    return db.execute("PRAGMA user_version").fetchone()[0]


def refuse_unknown_file(db: sqlite3.Connection, path: str | os.PathLike) -> None:
    """Refuse a ledger from a newer leadscreen, and an SQLite file that is not a ledger at all."""
    version = user_version(db)
    if version > SCHEMA_VERSION:
        raise UsageError(
            f"ledger {path} has schema version {version}, newer than this "
            f"leadscreen understands ({SCHEMA_VERSION}); upgrade leadscreen"
        )
    if version == 0 and db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]:
        raise UsageError(f"{path} is an SQLite file but not a leadscreen ledger")


def apply_missing_steps(db: sqlite3.Connection) -> None:
    """Run the steps newer than the file's version; call inside a write transaction.

    The version is read again here because another process may have upgraded the file while
    the caller waited for the write lock.
    """
    version = user_version(db)
    for step, _description, script in MIGRATIONS:
        if step > version:
            for statement in _statements(script):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {step}")


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into statements (``sqlite3.complete_statement`` knows comments and quotes)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip():
        raise ValueError("a migration script ends in an unfinished statement")


# -- PostgreSQL ----------------------------------------------------------------------------------
# The same tables and versions in PostgreSQL's types. The version is the ``schema_version`` row of
# ``meta``. Consents name their terms without a foreign key, as in SQLite (which does not enforce
# one): a per-row check would double the cost of a ten-million-row COPY.
PG_MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        MIGRATIONS[0][1],
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE consent_terms (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            scope TEXT NOT NULL,
            recipients TEXT NOT NULL,
            list_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            UNIQUE (scope, recipients, list_id, channel)
        );
        CREATE TABLE consents (
            digest BYTEA NOT NULL,
            consent_id TEXT NOT NULL,
            consent_time BIGINT NOT NULL,
            terms_id BIGINT NOT NULL,
            added_at BIGINT NOT NULL,
            PRIMARY KEY (digest, consent_id)
        );
        CREATE TABLE withdrawals (
            digest BYTEA NOT NULL,
            withdrawn_at BIGINT NOT NULL,
            source TEXT NOT NULL,
            PRIMARY KEY (digest, withdrawn_at)
        );
        CREATE TABLE dnc (
            digest BYTEA PRIMARY KEY,
            added_at BIGINT NOT NULL,
            reason TEXT NOT NULL,
            source TEXT NOT NULL
        );
        CREATE TABLE outcomes (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            digest BYTEA NOT NULL,
            campaign TEXT NOT NULL,
            purpose TEXT NOT NULL,
            outcome TEXT NOT NULL,
            at BIGINT NOT NULL,
            recorded_at BIGINT NOT NULL
        );
        CREATE INDEX outcomes_by_phone ON outcomes (digest, purpose, at);
    """,
    ),
    (
        2,
        MIGRATIONS[1][1],
        """
        CREATE TABLE dnc_removals (
            digest BYTEA NOT NULL,
            removed_at BIGINT NOT NULL,
            reason TEXT NOT NULL,
            source TEXT NOT NULL
        );
    """,
    ),
)
assert [step[0] for step in PG_MIGRATIONS] == [step[0] for step in MIGRATIONS], "both backends share versions"

# Any number will do, as long as it is always the same: every process upgrading one database
# takes this advisory lock first, so two never run the same step.
_PG_MIGRATION_LOCK = 0x1EAD5C12


def pg_version(db) -> int:
    """The version a PostgreSQL ledger records (0: no ledger tables yet)."""
    if not db.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()[0]:
        return 0
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def pg_refuse_unknown(db, where) -> None:
    """Refuse a database from a newer leadscreen, and one whose tables are not a ledger's."""
    version = pg_version(db)
    if version > SCHEMA_VERSION:
        raise UsageError(
            f"ledger {where} has schema version {version}, newer than this "
            f"leadscreen understands ({SCHEMA_VERSION}); upgrade leadscreen"
        )
    tables = db.execute(
        "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'meta'"
    ).fetchone()[0]
    if version == 0 and tables:
        raise UsageError(f"database {where} holds tables but is not a leadscreen ledger")


def pg_apply_missing_steps(db) -> None:
    """Run the steps newer than the database's version; call inside a transaction."""
    db.execute(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
    version = pg_version(db)  # another process may have upgraded it while this one waited
    for step, _description, script in PG_MIGRATIONS:
        if step > version:
            for statement in _statements(script):
                db.execute(statement)
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(step),),
            )
