"""The ledger on PostgreSQL: the same tables, answers and rules as the SQLite file, for several
pre-dial servers on several hosts sharing one ledger.

:class:`PgDatabase` gives the store the few things it uses of an ``sqlite3`` connection
(``execute`` with ``?`` placeholders, ``executemany``, rows and ``rowcount``) over psycopg 3, so
the SQL both dialects agree on is written once in :mod:`screen.ledger.store`. It holds one
connection (the CLI), or a :class:`psycopg_pool.ConnectionPool` (``serve``): a statement outside a
transaction borrows a connection for that statement only, a transaction keeps one until it ends.
Every connection runs in autocommit mode, so a read sees every write committed before it began,
whichever server made it.

:class:`PostgresLedger` holds what differs: bulk loads go through ``COPY`` into a temporary table
and one ``INSERT ... ON CONFLICT DO NOTHING`` (so the count of new rows stays exact), the pre-dial
read is typed for PostgreSQL, and the schema version lives in ``meta`` (upgrades take an advisory
lock, see :mod:`screen.ledger.schema`). Only digests cross the wire: the key stays in the process.

Any driver or pool error becomes :class:`~screen.errors.LedgerUnavailable` (the pre-dial hook
denies ``service_error``); its message holds the server's first line, never a value.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from screen.errors import LedgerMissing, LedgerUnavailable, UsageError
from screen.ledger import schema
from screen.ledger.location import PostgresLocation
from screen.ledger.store import _CHUNK_ROWS, _DIGEST_BYTES, Ledger, PhoneFacts, _now_epoch, phone_facts_of

_PLACEHOLDER = re.compile(r"\?(\d*)")


@lru_cache(maxsize=256)
def pg_sql(sql: str) -> str:
    """SQLite's ``?`` and ``?N`` placeholders as PostgreSQL's ``$N`` (psycopg's raw cursor).

    >>> pg_sql("SELECT ? WHERE a = ?2 OR b = ?")
    'SELECT $1 WHERE a = $2 OR b = $3'
    """
    counter = 0

    def number(match: re.Match) -> str:
        nonlocal counter
        counter = int(match.group(1)) if match.group(1) else counter + 1
        return f"${counter}"

    return _PLACEHOLDER.sub(number, sql)


@dataclass(frozen=True)
class PoolSettings:
    """How ``serve`` talks to the database: up to ``size`` connections; a check waits at most
    ``wait_seconds`` for one, and a statement runs at most ``statement_timeout_ms``."""

    size: int = 8
    wait_seconds: float = 0.25
    statement_timeout_ms: int = 250
    connect_timeout_seconds: int = 2
    # After the database was found unreachable, calls fail at once for this long unless a
    # connection is idle in the pool: a server down must not make every check wait its turn.
    fail_fast_seconds: float = 0.5


class _Rows:
    """The rows of one statement, read in full (the connection may go back to the pool)."""

    __slots__ = ("_rows", "rowcount")

    def __init__(self, rows: list, rowcount: int):
        self._rows = rows
        self.rowcount = rowcount

    def fetchone(self):
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list:
        return self._rows

    def __iter__(self):
        return iter(self._rows)


def _first_line(error: BaseException) -> str:
    diag = getattr(error, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    text = primary or (str(error).strip().splitlines() or [type(error).__name__])[0]
    return text.removeprefix("connection failed: ")


# The server ended the session (shut down, restarted, promoted elsewhere) or the link broke.
_LOST_STATES = ("57P01", "57P02", "57P03")


def _lost(error: BaseException) -> bool:
    """Did the connection die (rather than the statement fail or time out)?"""
    state = getattr(error, "sqlstate", None)
    return state is None or state.startswith("08") or state in _LOST_STATES


def unavailable(
    error: BaseException, where: PostgresLocation, connect_error: BaseException | None = None
) -> LedgerUnavailable:
    """The one-line error for a failed database call (no parameters, no password).

    ``connect_error``: why the pool's last attempt to connect failed, told instead of a bare
    pool time-out (a wrong password or a missing database is the server's to say).
    """
    from psycopg_pool import PoolTimeout

    if isinstance(error, PoolTimeout):
        if connect_error is None:
            return LedgerUnavailable(f"ledger {where}: no database connection free or reachable in time")
        error = connect_error
    text = where.scrub(_first_line(error))
    if getattr(error, "sqlstate", None) == "3D000" or ("database" in text and "does not exist" in text):
        return LedgerMissing(
            f"database {where.database} does not exist (create it with createdb {where.database})", hinted=True
        )
    if getattr(error, "sqlstate", None) == "57014":
        text = "the statement took longer than the statement_timeout"
    return LedgerUnavailable(f"ledger {where} unavailable: {text}")


class PgDatabase:
    """A psycopg connection, or a pool of them, spoken to like an ``sqlite3`` connection."""

    def __init__(self, where: PostgresLocation, *, lock_timeout_ms: int = 5000, pool: PoolSettings | None = None):
        import psycopg

        self.where = where
        self.errors = 0  # statements or connections that failed
        self.connects = 0  # connections opened
        self._local = threading.local()
        self._failed_at = float("-inf")
        self._fail_fast_seconds = pool.fail_fast_seconds if pool else 0.0
        self._pool = None
        self._single = None
        self.connect_error: BaseException | None = None  # the pool's last failed attempt, if it failed
        options = f"-c lock_timeout={int(lock_timeout_ms)}"
        if pool is not None:
            options += f" -c statement_timeout={int(pool.statement_timeout_ms)}"
        self._kwargs = {
            "autocommit": True,
            "cursor_factory": psycopg.RawCursor,
            "options": options,
            "connect_timeout": pool.connect_timeout_seconds if pool else 10,
            "application_name": "leadscreen",
        }
        if pool is None:
            self._single = self._translated(lambda: psycopg.connect(where.url, **self._kwargs))
            self.connects = 1
        else:
            self._open_pool(pool)

    def _open_pool(self, settings: PoolSettings) -> None:
        from psycopg_pool import ConnectionPool

        # The pool logs each failed connection attempt, several lines with the server's words, and
        # with no logging set up Python prints them on stderr; a database that is down is already
        # one line of ours (and a count in /metrics). A program that sets up logging still gets them.
        logging.getLogger("psycopg.pool").addHandler(logging.NullHandler())

        import psycopg

        database = self

        class RecordedConnection(psycopg.Connection):
            """Remembers why the last connection attempt failed (the pool only says it timed out)."""

            @classmethod
            def connect(cls, *args, **kwargs):
                try:
                    connection = super().connect(*args, **kwargs)
                except psycopg.Error as error:
                    database.connect_error = error
                    raise
                database.connect_error = None
                return connection

        self._pool = ConnectionPool(
            self.where.url,
            connection_class=RecordedConnection,
            min_size=min(2, settings.size),
            max_size=settings.size,
            kwargs=self._kwargs,
            configure=self._count_connect,
            open=False,
            timeout=settings.wait_seconds,
            # Keep retrying a lost server every few seconds, not with minutes of back-off:
            # a restarted or promoted database must be back in use within seconds.
            reconnect_timeout=5.0,
            name="leadscreen-ledger",
        )
        from psycopg_pool import PoolTimeout

        try:  # wait for the first connections, but start without them if the server is down
            self._pool.open(wait=True, timeout=settings.connect_timeout_seconds)
        except PoolTimeout:
            self.errors += 1

    def _count_connect(self, _connection) -> None:
        self.connects += 1

    @property
    def pooled(self) -> bool:
        return self._pool is not None

    @property
    def reconnects(self) -> int:
        """Connections opened beyond the first ones (after a failure, a restart or a failover)."""
        first = min(2, self._pool.max_size) if self._pool is not None else 1
        return max(0, self.connects - first)

    def _translated(self, call):
        import psycopg
        from psycopg_pool import PoolTimeout

        try:
            return call()
        except (psycopg.OperationalError, PoolTimeout) as error:
            self._failed_at = time.monotonic()
            self.errors += 1
            raise unavailable(error, self.where, self.connect_error) from None
        except psycopg.Error as error:
            self.errors += 1
            raise unavailable(error, self.where, self.connect_error) from None

    def _refuse_while_down(self) -> None:
        """Fail at once while the server was found unreachable moments ago and no connection is idle."""
        if time.monotonic() - self._failed_at < self._fail_fast_seconds:
            if not self._pool.get_stats().get("pool_available", 0):
                from psycopg_pool import PoolTimeout

                raise PoolTimeout("the database was unreachable moments ago")

    @contextlib.contextmanager
    def _connection(self):
        """This thread's transaction connection, else one borrowed for the call."""
        bound = getattr(self._local, "connection", None)
        if bound is not None:
            yield bound
        elif self._pool is None:
            yield self._single
        else:
            self._refuse_while_down()
            with self._pool.connection() as connection:
                yield connection

    def _run(self, sql: str, params, many: bool = False) -> _Rows:
        with self._connection() as connection:
            cursor = connection.cursor()
            if many:
                cursor.executemany(pg_sql(sql), params)
                return _Rows([], cursor.rowcount)
            cursor.execute(pg_sql(sql), params)
            return _Rows(cursor.fetchall() if cursor.description else [], cursor.rowcount)

    def execute(self, sql: str, params=()) -> _Rows:
        return self._translated(lambda: self._run_once_more_if_lost(sql, params))

    def _run_once_more_if_lost(self, sql: str, params) -> _Rows:
        """A statement outside a transaction whose pooled connection turns out dead (the server
        restarted or failed over since it was last used) runs once more on another: reads are
        safe to repeat, and a restart must not cost one failed check per idle connection."""
        import psycopg

        try:
            return self._run(sql, params)
        except psycopg.OperationalError as error:
            if self._pool is None or getattr(self._local, "connection", None) is not None or not _lost(error):
                raise
            self.errors += 1
            self._failed_at = time.monotonic()  # the retry fails at once unless a connection is idle
            return self._run(sql, params)

    def executemany(self, sql: str, rows) -> _Rows:
        return self._translated(lambda: self._run(sql, list(rows), many=True))

    def cursor(self) -> PgDatabase:
        return self

    def copy(self, sql: str, data: bytes) -> None:
        """``COPY ... FROM STDIN`` with ``data`` (inside :meth:`transaction`)."""

        def run():
            with self._connection() as connection, connection.cursor().copy(sql) as copy:
                copy.write(data)

        self._translated(run)

    @contextlib.contextmanager
    def transaction(self):
        """One transaction on one connection; committed at the end, rolled back on any exception."""
        import psycopg
        from psycopg_pool import PoolTimeout

        try:
            with self._connection() as connection:
                self._local.connection = connection
                try:
                    with connection.transaction():
                        yield self
                finally:
                    self._local.connection = None
        except (psycopg.Error, PoolTimeout) as error:
            self.errors += 1
            raise unavailable(error, self.where, self.connect_error) from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        elif self._single is not None:
            self._single.close()


# Loaded in two steps: COPY into a temporary table (no index, no WAL), then one INSERT that keeps
# the first of any repeated key and counts what was new.
_LOAD_ROWS = 1_000_000
_CONSENT_LOCK = "LOCK TABLE consents IN SHARE ROW EXCLUSIVE MODE"  # other writers wait; readers do not
_CONSENT_RANGE_EMPTY = "SELECT NOT EXISTS (SELECT 1 FROM consents WHERE digest BETWEEN ? AND ?)"
_CONSENT_COLUMNS = "(digest, consent_id, consent_time, terms_id, added_at)"
_CONSENT_STAGING = "CREATE TEMPORARY TABLE IF NOT EXISTS consent_load (LIKE consents) ON COMMIT DELETE ROWS"
_CONSENT_MOVE = """
    INSERT INTO consents SELECT * FROM consent_load AS new
    WHERE NOT EXISTS (SELECT 1 FROM consents AS old WHERE old.digest = new.digest AND old.consent_id = new.consent_id)
"""


class _ConsentChunk(NamedTuple):
    text: bytes  # COPY's text format, one row a line, repeats within the chunk dropped
    rows: int
    lowest: bytes  # the smallest and largest digest
    highest: bytes


@dataclass(frozen=True)
class _ConsentColumns:
    digests: memoryview
    ids: object  # polars Series of text
    times: object
    terms: object
    added_at: str

    def chunk(self, start: int, stop: int) -> _ConsentChunk:
        import polars as pl

        frame = pl.DataFrame(
            {
                "digest": _hex_digits(self.digests[start * _DIGEST_BYTES : stop * _DIGEST_BYTES]),
                "id": self.ids[start:stop].cast(pl.String),
                "time": self.times[start:stop],
                "terms": self.terms[start:stop],
            }
        ).unique(["digest", "id"], keep="first", maintain_order=True)
        text = _copy_text(
            [
                pl.lit("\\\\x") + frame["digest"],
                pl.lit(_copy_escaped(frame["id"])),
                pl.lit(frame["time"]),
                pl.lit(frame["terms"]),
                pl.lit(self.added_at),
            ]
        )
        lowest, highest = frame["digest"].min(), frame["digest"].max()
        return _ConsentChunk(text, frame.height, bytes.fromhex(lowest or ""), bytes.fromhex(highest or ""))


def _store_consent_chunk(db: PgDatabase, chunk: _ConsentChunk) -> int:
    """Add one chunk's new consents (inside a transaction); return how many were new."""
    if not chunk.rows:
        return 0
    db.execute("SET LOCAL lock_timeout = '60s'")  # another load may hold the table for its chunk
    db.execute(_CONSENT_LOCK)
    if db.execute(_CONSENT_RANGE_EMPTY, (chunk.lowest, chunk.highest)).fetchone()[0]:
        db.copy(f"COPY consents {_CONSENT_COLUMNS} FROM STDIN", chunk.text)
        return chunk.rows
    db.execute(_CONSENT_STAGING)
    db.copy(f"COPY consent_load {_CONSENT_COLUMNS} FROM STDIN", chunk.text)
    return db.execute(_CONSENT_MOVE).rowcount


_DNC_STAGING = "CREATE TEMPORARY TABLE IF NOT EXISTS dnc_load (digest BYTEA NOT NULL) ON COMMIT DELETE ROWS"
_DNC_COPY = "COPY dnc_load (digest) FROM STDIN"
_DNC_MOVE = """
    INSERT INTO dnc (digest, added_at, reason, source) SELECT digest, ?, ?, ? FROM dnc_load
    ON CONFLICT DO NOTHING
"""


def _hex_digits(digests):
    """The 64 hex digits of each 32-byte digest, as a polars column (hex order is byte order)."""
    import numpy as np
    import polars as pl

    hex_digits = np.frombuffer(bytes(digests).hex().encode("ascii"), dtype=f"S{2 * _DIGEST_BYTES}")
    return pl.Series("digest", hex_digits).cast(pl.String)


def _hex_column(digests) -> object:
    """COPY's text form of each digest: bytea's ``\\x`` (its backslash doubled for COPY) and the hex digits."""
    import polars as pl

    return pl.lit("\\\\x") + _hex_digits(digests)


def _copy_text(columns: list) -> bytes:
    """Rows for ``COPY ... FROM STDIN`` (text format), joined by polars on every core."""
    import polars as pl

    line = pl.concat_str(columns, separator="\t")
    return (pl.select(line.str.join("\n")).item() + "\n").encode("utf-8")


def _copy_escaped(texts):
    """Backslash, tab and line breaks escaped as COPY's text format wants them."""
    import polars as pl

    column = texts if isinstance(texts, pl.Series) else pl.Series("text", list(texts), dtype=pl.String)
    for raw, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        column = column.str.replace_all(raw, escaped, literal=True)
    return column


class PostgresLedger(Ledger):
    """A ledger in a PostgreSQL database (see the module text). Open with :meth:`connect`."""

    @classmethod
    def connect(
        cls,
        where: PostgresLocation,
        key: bytes,
        *,
        create: bool = True,
        lock_timeout_ms: int = 5000,
        pool: PoolSettings | None = None,
        migrate: bool = True,
    ) -> PostgresLedger:
        """Connect; with ``create``, make the tables in an empty database; with ``migrate``, upgrade
        an older schema. A pool (for ``serve``) is opened as it is: see :meth:`refuse_unknown_schema`."""
        database = PgDatabase(where, lock_timeout_ms=lock_timeout_ms, pool=pool)
        ledger = cls(database, where, key)
        try:
            if not pool and migrate:
                ledger.prepare(create)
        except BaseException:
            database.close()
            raise
        return ledger

    def prepare(self, create: bool) -> None:
        """Check the schema and key; with ``create``, make the tables; apply the missing steps."""
        schema.pg_refuse_unknown(self._db, self.path)
        version = schema.pg_version(self._db)
        if version == 0 and not create:
            raise LedgerMissing(f"ledger {self.path} is empty (create it with `leadscreen ledger init`)", hinted=True)
        if version < schema.SCHEMA_VERSION:
            with self._write_transaction() as db:
                schema.pg_apply_missing_steps(db)
        self._check_key()

    def refuse_unknown_schema(self) -> None:
        """For a server: refuse a database whose schema is not exactly this leadscreen's."""
        schema.pg_refuse_unknown(self._db, self.path)
        version = schema.pg_version(self._db)
        if version == 0:
            raise LedgerMissing(f"ledger {self.path} is empty (create it with `leadscreen ledger init`)", hinted=True)
        if version != schema.SCHEMA_VERSION:
            raise UsageError(
                f"ledger {self.path} has schema version {version}; this leadscreen needs {schema.SCHEMA_VERSION}: "
                "run `leadscreen ledger migrate` first"
            )
        self._check_key()

    @property
    def database(self) -> PgDatabase:
        return self._db

    @property
    def schema_version(self) -> int:
        return schema.pg_version(self._db)

    @contextlib.contextmanager
    def _write_transaction(self):
        with self._db.transaction() as db:
            yield db

    def add_consent_columns(self, digests: bytes, consent_ids, consent_times, terms_ids) -> int:
        """Store consents given column by column (see :meth:`Ledger.add_consent_columns`), by COPY.

        Each chunk of a million rows is one transaction. A chunk whose digests fall where the
        table holds none yet (every chunk of a first load, given in digest order) is copied
        straight into ``consents``; any other goes through a temporary table and keeps only
        the rows not already there. Either way the table is locked against other writers of
        consents (never against reads) for the chunk. The next chunk's text is prepared while
        the server stores this one.
        """
        import numpy as np
        import polars as pl

        count = len(consent_ids)
        if len(digests) != _DIGEST_BYTES * count or len(consent_times) != count or len(terms_ids) != count:
            raise ValueError("consent columns differ in length")
        columns = _ConsentColumns(
            memoryview(digests),
            consent_ids if isinstance(consent_ids, pl.Series) else pl.Series("id", list(consent_ids), pl.String),
            pl.Series("time", np.asarray(consent_times, dtype=np.int64)).cast(pl.String),
            pl.Series("terms", np.asarray(terms_ids, dtype=np.int64)).cast(pl.String),
            str(_now_epoch()),
        )
        added = 0
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="leadscreen-copy") as preparer:
            bounds = [(start, min(start + _LOAD_ROWS, count)) for start in range(0, count, _LOAD_ROWS)]
            pending = preparer.submit(columns.chunk, *bounds[0]) if bounds else None
            for index in range(len(bounds)):
                chunk = pending.result()
                if index + 1 < len(bounds):
                    pending = preparer.submit(columns.chunk, *bounds[index + 1])
                with self._write_transaction() as db:
                    added += _store_consent_chunk(db, chunk)
        self._refresh_statistics("consents", added)
        return added

    def _refresh_statistics(self, table: str, added: int) -> None:
        """After a bulk load, let the planner know the table's new size at once (autovacuum would,
        minutes later): a check must use the index from the first call."""
        if added >= _CHUNK_ROWS:
            self._db.execute(f"ANALYZE {table}")

    def add_dnc(self, digests, reason: str, source: str) -> int:
        """Put numbers on the do-not-call list by COPY; return how many were not on it already."""
        from screen.ledger.free_text import redacted_note
        from screen.ledger.store import _chunks, _digest_bytes, _stored_reason

        reason, source = _stored_reason(reason, "a do-not-call entry needs a reason"), redacted_note(source)
        now = _now_epoch()
        added = 0
        for chunk in _chunks((_digest_bytes(d) for d in digests), _CHUNK_ROWS * 5):
            data = _copy_text([_hex_column(b"".join(chunk))])
            with self._write_transaction() as db:
                db.execute(_DNC_STAGING)
                db.copy(_DNC_COPY, data)
                added += db.execute(_DNC_MOVE, (now, reason, source)).rowcount
        self._refresh_statistics("dnc", added)
        return added

    # The same four kinds of row as the SQLite query; PostgreSQL wants one type per column, so
    # terms ids and outcomes get a column each.
    _PG_FACTS_SQL = """
        SELECT 0, 0::bigint, NULL::bigint, NULL::text FROM dnc WHERE digest = $1
        UNION ALL SELECT 1, withdrawn_at, NULL, NULL FROM withdrawals WHERE digest = $1 AND withdrawn_at <= $3
        UNION ALL SELECT 2, consent_time, terms_id, NULL FROM consents WHERE digest = $1
        UNION ALL SELECT 3, at, NULL, outcome FROM outcomes WHERE digest = $1 AND purpose = $2 AND at >= $4 AND at <= $3
    """

    def phone_facts(self, digest: bytes, purpose: str, at: int, since: int) -> PhoneFacts:
        """Everything a decision needs about one number, in one statement (one snapshot)."""
        rows = self._db.execute(self._PG_FACTS_SQL, (bytes(digest), purpose, at, since)).fetchall()
        # one column for the terms id and the outcome in SQLite; two here, one type each
        return phone_facts_of(
            (kind, when, terms_id if kind == 2 else outcome) for kind, when, terms_id, outcome in rows
        )
