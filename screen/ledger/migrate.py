"""``leadscreen ledger migrate``: bring a ledger's schema up to this leadscreen's version.

Both backends keep the same numbered steps (:mod:`screen.ledger.schema`). Opening an SQLite file
from the CLI upgrades it as before; a PostgreSQL ledger shared by several servers is upgraded
here, on purpose, and ``serve`` refuses to start on any other version.
"""

from __future__ import annotations

import os
import sqlite3

from screen.errors import LedgerMissing
from screen.ledger import schema
from screen.ledger.location import PostgresLocation, ledger_location
from screen.ledger.store import Ledger


def migrate(where: str | os.PathLike | PostgresLocation, key: bytes) -> tuple[int, int]:
    """Apply the missing steps; return the schema version before and after."""
    where = ledger_location(where)
    if isinstance(where, PostgresLocation):
        from screen.ledger.postgres import PostgresLedger

        with PostgresLedger.connect(where, key, create=False, migrate=False) as ledger:
            schema.pg_refuse_unknown(ledger.database, where)
            before = ledger.schema_version
            ledger.prepare(create=False)
            return before, ledger.schema_version
    if not where.exists():
        raise LedgerMissing(f"ledger {where} does not exist (create it with `leadscreen ledger init`)")
    before = _file_version(where)
    with Ledger.open(where, key, create=False) as ledger:
        return before, ledger.schema_version


def _file_version(path) -> int:
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return schema.user_version(connection)
        finally:
            connection.close()
    except sqlite3.Error:
        return 0  # Ledger.open says what is wrong with the file
