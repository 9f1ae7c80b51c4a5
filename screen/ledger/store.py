"""The consent ledger: one SQLite file holding consents, withdrawals, the do-not-call list and
call outcomes. (The audit trail of decisions is kept beside it: see :mod:`screen.ledger.audit`.)

Phone numbers never enter the file. Every number is stored as its keyed digest (HMAC-SHA256 of
the 11-digit national number with the key from ``$LEADSCREEN_KEY`` / ``--key-file``), kept as
32 raw bytes; the public interface speaks in hex digests, the form ``screen.config.keys.phone_digest``
returns. A plain hash would be no protection (10^11 numbers are enumerated in minutes).

The file runs in WAL mode: one writer and any number of readers, in any number of processes,
and a reader never waits for the writer. Every read outside an explicit transaction sees the
latest committed write, which is what lets a DNC entry added by ``leadscreen dnc add`` in one
process stop the very next check in a server running in another.

The schema and its migrations live in :mod:`screen.ledger.schema`; opening an older file applies
the missing steps in one transaction. A file written by a newer
leadscreen, a file that is not a ledger, or a ledger made with a different key is refused with
a one-line error rather than misread (a wrong key would silently match nothing).

Used by ``leadscreen screen --commit``::

    from screen.ledger.store import Ledger, ConsentRecord
    with Ledger.open("leadscreen.db", key) as ledger:
        ledger.add_consents(records)
        blocked = ledger.dnc_digests() | ledger.revoked_digests()

>>> import tempfile, datetime, os
>>> from screen.config.keys import phone_digest
>>> key = b"doctest-key-0123456789"
>>> path = os.path.join(tempfile.mkdtemp(), "ledger.db")
>>> digest = phone_digest(key, "13812345678")
>>> when = datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.timezone.utc)
>>> with Ledger.open(path, key) as ledger:
...     ledger.add_consents([ConsentRecord(digest, "C-1", when, ("保险销售",), (), "L1", "web")])
...     ledger.add_dnc([digest], reason="asked on a call", source="doctest")
...     digest in ledger.dnc_digests()
1
1
True
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import hmac
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import NamedTuple

from screen import clock
from screen.config.keys import Digester
from screen.errors import KeyMissing, LedgerMissing, LedgerUnavailable, UsageError
from screen.ledger import schema
from screen.ledger.free_text import redacted_note
from screen.ledger.location import PostgresLocation, ledger_location

DEFAULT_DB_PATH = "leadscreen.db"
DB_ENV = "LEADSCREEN_DB"

OUTCOMES = ("connected", "no_answer", "busy", "refused", "opt_out")

# Bulk writes go in chunks: big enough that SQLite's per-statement cost vanishes, small enough
# that a 10-million-row import never holds more than a few hundred MB of Python objects.
_CHUNK_ROWS = 200_000

_KEY_CHECK_MESSAGE = b"leadscreen ledger key check"
_DIGEST_BYTES = 32

# A bulk load inserts a whole chunk with one statement: the digests travel as one blob, the
# consent ids as one JSON array, times and terms ids as fixed-width decimal blobs (NumPy's "S20"
# holds any 64-bit integer; CAST reads the digits and stops at the padding). Binding the rows one
# by one from Python costs three times what SQLite needs to store them. (``substr`` on a blob
# is constant time; on text it would count characters from the start.)
_DECIMAL = "S20"
_INSERT_CONSENT_CHUNK = """
    INSERT INTO consents (digest, consent_id, consent_time, terms_id, added_at)
    SELECT substr(?1, row.key * 32 + 1, 32), row.value,
           CAST(substr(?3, row.key * 20 + 1, 20) AS INTEGER), CAST(substr(?4, row.key * 20 + 1, 20) AS INTEGER), ?5
    FROM json_each(?2) AS row
    WHERE true  -- SQLite needs a WHERE before ON CONFLICT in INSERT ... SELECT
    ON CONFLICT DO NOTHING
"""
# The same for do-not-call entries, which share their reason, source and time: a counter over
# the digests blob is all the statement needs. (The statement must begin with INSERT for
# Python's sqlite3 to report how many rows it added.)
_INSERT_DNC_CHUNK = """
    INSERT INTO dnc (digest, added_at, reason, source)
    SELECT substr(?1, row.key * 32 + 1, 32), ?3, ?4, ?5
    FROM (WITH RECURSIVE counter (key) AS (SELECT 0 UNION ALL SELECT key + 1 FROM counter WHERE key + 1 < ?2)
          SELECT key FROM counter) AS row
    WHERE true
    ON CONFLICT DO NOTHING
"""


@dataclass(frozen=True)
class ConsentRecord:
    """One consent as the accepted list records it. ``consent_time`` must carry a time zone."""

    phone_digest: str
    consent_id: str
    consent_time: datetime.datetime
    scope: tuple[str, ...]
    recipients: tuple[str, ...]
    list_id: str
    channel: str


@dataclass(frozen=True)
class ConsentTerms:
    scope: frozenset[str]
    recipients: frozenset[str]
    list_id: str
    channel: str


class PhoneFacts(NamedTuple):
    """What the ledger knows about one number, as of one moment, for one purpose.

    ``consents`` are ``(consent_time, terms_id)``; ``withdrawals`` and ``outcomes`` hold only
    events at or before the moment asked about, outcomes only from ``since`` on. (A named tuple:
    one is made per check.)
    """

    dnc: bool
    consents: tuple[tuple[int, int], ...]
    withdrawals: tuple[int, ...]
    outcomes: tuple[tuple[int, str], ...]


def phone_facts_of(rows) -> PhoneFacts:
    """The facts of one number from the rows of the facts statement, ``(kind, when, extra)``: kind
    0 do-not-call, 1 a withdrawal, 2 a consent (extra: its terms id), 3 an outcome (extra: it)."""
    dnc = False
    consents, withdrawals, outcomes = [], [], []
    for kind, when, extra in rows:
        if kind == 2:
            consents.append((when, extra))
        elif kind == 3:
            outcomes.append((when, extra))
        elif kind == 1:
            withdrawals.append(when)
        else:
            dnc = True
    return PhoneFacts(dnc, tuple(consents), tuple(withdrawals), tuple(outcomes))


class DncEntry(NamedTuple):
    digest: str  # hex
    added_at: datetime.datetime
    reason: str
    source: str


class PhoneHistory(NamedTuple):
    """What the ledger holds about one number (for ``leadscreen ledger show``).

    ``consents``: ``(consent_id, consent_time, ConsentTerms)``; ``withdrawals``: ``(withdrawn_at,
    source)``; ``dnc``: the entry or ``None``; ``dnc_removals``: ``(removed_at, reason, source)``;
    ``outcomes``: ``(at, campaign, purpose, outcome)``. Times are UTC.
    """

    consents: tuple
    withdrawals: tuple
    dnc: DncEntry | None
    dnc_removals: tuple
    outcomes: tuple


def open_postgres(location: PostgresLocation, key: bytes, *, create: bool, lock_timeout_ms: int) -> Ledger:
    """Open a PostgreSQL ledger: replaced, when the package is imported, by its PostgreSQL
    subclass's ``connect`` (see ``screen/ledger/__init__.py``). The store does not import its
    subclass: the two modules imported each other."""
    raise LedgerUnavailable("PostgreSQL ledgers are opened through the screen.ledger package")


def resolve_db_path(db: str | os.PathLike | None) -> Path | PostgresLocation:
    """``--db``, else ``$LEADSCREEN_DB``, else ``./leadscreen.db``: a path (SQLite) or a
    ``postgresql://`` URL (see :mod:`screen.ledger.location`)."""
    return ledger_location(db or os.environ.get(DB_ENV) or DEFAULT_DB_PATH)


def to_epoch(moment: datetime.datetime) -> int:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise UsageError("a time without a time zone cannot be stored in the ledger; add +08:00 or Z")
    return int(moment.timestamp())


def _now_epoch() -> int:
    """Now, as the ledger stores when a row was written (the one clock: tests fix it there)."""
    return int(clock.utc_now().timestamp())


def from_epoch(seconds: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


def _digest_bytes(hex_digest: str) -> bytes:
    try:
        raw = bytes.fromhex(hex_digest)
    except (ValueError, TypeError):
        raw = b""
    if len(raw) != 32:
        raise UsageError("a phone digest must be 64 hex characters (HMAC-SHA256); got something else")
    return raw


def sort_by_digest(digests: bytes):
    """Sort concatenated 32-byte digests into the ledger's B-tree order (byte order).

    Returns the sorted digests and the permutation that sorts them (a polars Series of row
    indices), to apply to the other columns. Sorting on the first 8 bytes as a
    big-endian integer is several times faster than comparing whole digests; digests whose first
    8 bytes tie may stay out of order, which costs nothing but a little speed.

    >>> digests = bytes([2] * 32) + bytes([1] * 32)
    >>> ordered, order = sort_by_digest(digests)
    >>> ordered[:1], order.to_list()
    (b'\\x01', [1, 0])
    """
    import numpy as np
    import polars as pl

    if len(digests) % _DIGEST_BYTES:
        raise ValueError("digests must be 32 bytes each")
    prefixes = np.frombuffer(digests, dtype=">u8")[:: _DIGEST_BYTES // 8].astype(np.uint64)
    order = pl.Series("order", prefixes).arg_sort()  # polars sorts on every core
    return np.frombuffer(digests, dtype=f"V{_DIGEST_BYTES}")[order.to_numpy()].tobytes(), order


def _create_owner_only(path: Path) -> None:
    """Make an empty ledger file that only its owner can read or write (mode 0600).

    Digests are pseudonyms, still personal data: other local users have no business reading
    them. SQLite gives the ``-wal`` and ``-shm`` files the mode of the database file, so they
    follow. (An empty file is a valid, empty SQLite database.)
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process created it first
    except OSError as error:
        raise LedgerUnavailable(f"cannot create ledger {path}: {error.strerror}") from None
    os.close(descriptor)


def _file_to_open(path: Path, create: bool) -> None:
    """Refuse a missing file unless ``create``; then make it, owner-only, if it is not there."""
    if not create and not path.exists():
        raise LedgerMissing(f"ledger {path} does not exist (create it with `leadscreen ledger init`)", hinted=True)
    if create and path.parent and not path.parent.exists():
        raise UsageError(f"cannot create ledger {path}: folder {path.parent} does not exist")
    if create and not path.exists():
        _create_owner_only(path)


def _holds_nothing(connection: sqlite3.Connection) -> bool:
    """An empty file, or an SQLite file without tables and schema version (reads only)."""
    return (
        schema.user_version(connection) == 0
        and not connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
    )


def _chunks(items: Iterable, size: int = _CHUNK_ROWS) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _json_names(names: Iterable[str]) -> str:
    return json.dumps(sorted({str(name).strip() for name in names if str(name).strip()}), ensure_ascii=False)


class Ledger:
    """An open ledger file. Use :meth:`open`; one thread at a time (share one only under a lock)."""

    def __init__(self, connection: sqlite3.Connection, path: Path, key: bytes):
        self._db = connection
        self.path = path
        self._key = key
        self._digester = Digester(key)
        self._terms_cache: dict[int, ConsentTerms] = {}
        self._terms_ids: dict[tuple, int] = {}  # terms as given -> id
        self._facts_cursor: sqlite3.Cursor | None = None

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike,
        key: bytes,
        *,
        create: bool = True,
        busy_timeout_ms: int = 5000,
        cache_mb: int = 64,
    ) -> Ledger:
        """Open (and with ``create``, make) the ledger at ``path``; upgrade an older schema.

        ``path`` may be a ``postgresql://`` URL (a :class:`~screen.ledger.postgres.PostgresLedger`).

        ``busy_timeout_ms`` bounds how long a write waits for another writer, and how long a read
        waits in the rare moments a reader can be blocked (another process holding the file in
        exclusive mode). The pre-dial hook passes a small value: it must answer, not wait.
        """
        if not key:
            raise KeyMissing("the ledger needs the key")
        path = ledger_location(path)
        if isinstance(path, PostgresLocation):
            return open_postgres(path, key, create=create, lock_timeout_ms=busy_timeout_ms)
        _file_to_open(path, create)
        try:
            uri = path.resolve().as_uri() + ("?mode=rwc" if create else "?mode=rw")
            connection = sqlite3.connect(
                uri, uri=True, isolation_level=None, check_same_thread=False, timeout=busy_timeout_ms / 1000
            )
        except sqlite3.Error as error:
            raise LedgerUnavailable(f"cannot open ledger {path}: {error}") from None
        ledger = cls(connection, path, key)
        try:
            if not create and _holds_nothing(connection):  # before WAL mode writes a header into it
                raise LedgerMissing(f"ledger {path} is empty (create it with `leadscreen ledger init`)", hinted=True)
            ledger._configure(busy_timeout_ms, cache_mb)
            ledger._migrate()
        except sqlite3.DatabaseError as error:
            connection.close()
            text = str(error)
            if "not a database" in text:
                raise UsageError(f"{path} is not a leadscreen ledger (not an SQLite database)") from None
            raise LedgerUnavailable(f"cannot open ledger {path}: {text}") from None
        except BaseException:
            connection.close()
            raise
        return ledger

    def _configure(self, busy_timeout_ms: int, cache_mb: int) -> None:
        db = self._db
        db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            db.execute("PRAGMA journal_mode = WAL")  # persistent: set once, by the first opener
        db.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable across process crashes
        db.execute(f"PRAGMA cache_size = {-1024 * int(cache_mb)}")
        # No memory map: a process reading a mapped page of a file that another process has
        # truncated or restored in place is killed with SIGBUS. read() gets an error instead.
        db.execute("PRAGMA mmap_size = 0")

    def _migrate(self) -> None:
        schema.refuse_unknown_file(self._db, self.path)
        if schema.user_version(self._db) < schema.SCHEMA_VERSION:
            with self._write_transaction() as db:
                schema.apply_missing_steps(db)
        self._check_key()

    def _check_key(self) -> None:
        expected = hmac.new(self._key, _KEY_CHECK_MESSAGE, hashlib.sha256).hexdigest()
        row = self._db.execute("SELECT value FROM meta WHERE key = 'key_check'").fetchone()
        if row is None:
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES ('key_check', ?) ON CONFLICT DO NOTHING", (expected,)
            )
            row = self._db.execute("SELECT value FROM meta WHERE key = 'key_check'").fetchone()
        if not hmac.compare_digest(row[0], expected):
            raise UsageError(
                f"ledger {self.path} was made with a different key; every digest would "
                "miss, so it is refused (use the key it was created with)"
            )

    @contextlib.contextmanager
    def _write_transaction(self):
        """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception (the write lock is
        taken at the start, so a transaction never fails half-way for want of it)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- digests -------------------------------------------------------------------------------

    def digest(self, national_number: str) -> str:
        """Hex keyed digest of a canonical national number (11-digit mobile or 0-prefixed landline)."""
        return self._digester(national_number).hex()

    def digest_raw(self, national_number: str) -> bytes:
        """The same digest as 32 bytes, as the ledger stores it."""
        return self._digester(national_number)

    @property
    def key(self) -> bytes:
        """The HMAC key (for bulk loads that digest in worker processes)."""
        return self._key

    @property
    def schema_version(self) -> int:
        return schema.user_version(self._db)

    # -- consents ------------------------------------------------------------------------------

    def terms_id(self, scope: Iterable[str], recipients: Iterable[str], list_id: str, channel: str) -> int:
        """The id of these consent terms, stored on first use."""
        as_given = (tuple(scope), tuple(recipients), list_id, channel)
        known = self._terms_ids.get(as_given)
        if known is not None:
            return known
        fields = (_json_names(scope), _json_names(recipients), str(list_id or ""), str(channel or ""))
        self._db.execute(
            "INSERT INTO consent_terms (scope, recipients, list_id, channel) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            fields,
        )
        terms_id = self._db.execute(
            "SELECT id FROM consent_terms WHERE scope = ? AND recipients = ? AND list_id = ? AND channel = ?",
            fields,
        ).fetchone()[0]
        self._terms_ids[as_given] = terms_id
        return terms_id

    def add_consents(self, records: Iterable[ConsentRecord]) -> int:
        """Store consents; return how many were new (a repeated ``(phone, consent_id)`` is kept once).

        Each chunk is sorted by digest before it is written, so that SQLite inserts into its B-tree
        in order rather than splitting pages at random.
        """

        def rows():
            for record in records:
                if not record.consent_id:
                    raise UsageError("a consent record has an empty consent_id")
                yield (
                    _digest_bytes(record.phone_digest),
                    str(record.consent_id),
                    to_epoch(record.consent_time),
                    self.terms_id(record.scope, record.recipients, record.list_id, record.channel),
                )

        return self.add_consent_rows(rows(), presorted=False)

    def add_consent_rows(self, rows: Iterable[tuple[bytes, str, int, int]], presorted: bool = True) -> int:
        """Store ``(digest bytes, consent_id, consent_time epoch, terms_id)`` rows; return how many were new.

        Rows are written in chunks, each sorted by digest unless ``presorted``; see
        :meth:`add_consent_columns` for bulk loads.
        """
        added = 0
        for chunk in _chunks(rows):
            if not presorted:
                chunk.sort()
            digests, consent_ids, times, terms_ids = zip(*chunk)
            added += self.add_consent_columns(b"".join(digests), consent_ids, times, terms_ids)
        return added

    def add_consent_columns(
        self, digests: bytes, consent_ids: Sequence[str], consent_times: Sequence[int], terms_ids: Sequence[int]
    ) -> int:
        """Store consents given column by column; return how many were new.

        ``digests`` holds the 32-byte digests back to back (see :func:`sort_by_digest`); the
        other columns are sequences of the same length (lists, NumPy arrays or polars Series).
        Give the rows in digest order and a ten-million-row load appends to the B-tree in order.
        Each chunk is its own transaction, so a long import never holds the write lock for more
        than a fraction of a second: opt-outs recorded by the service meanwhile are not kept waiting.
        """
        import numpy as np
        import orjson

        count = len(consent_ids)
        if len(digests) != _DIGEST_BYTES * count or len(consent_times) != count or len(terms_ids) != count:
            raise ValueError("consent columns differ in length")
        times = np.asarray(consent_times, dtype=np.int64)
        terms = np.asarray(terms_ids, dtype=np.int64)
        digests = memoryview(digests)
        added_at = _now_epoch()
        added = 0
        for start in range(0, count, _CHUNK_ROWS):
            stop = min(start + _CHUNK_ROWS, count)
            ids = consent_ids[start:stop]
            ids = ids.to_list() if hasattr(ids, "to_list") else list(ids)
            parameters = (
                digests[start * _DIGEST_BYTES : stop * _DIGEST_BYTES],
                orjson.dumps(ids).decode(),
                times[start:stop].astype(_DECIMAL).tobytes(),
                terms[start:stop].astype(_DECIMAL).tobytes(),
                added_at,
            )
            with self._write_transaction() as db:
                added += db.execute(_INSERT_CONSENT_CHUNK, parameters).rowcount
        return added

    def terms(self, terms_id: int) -> ConsentTerms:
        """The scope/recipients/list/channel of a consent (cached: the table is small and append-only)."""
        cached = self._terms_cache.get(terms_id)
        if cached is None:
            row = self._db.execute(
                "SELECT scope, recipients, list_id, channel FROM consent_terms WHERE id = ?", (terms_id,)
            ).fetchone()
            if row is None:
                raise LedgerUnavailable(f"ledger {self.path} is inconsistent: consent terms {terms_id} are missing")
            cached = ConsentTerms(frozenset(json.loads(row[0])), frozenset(json.loads(row[1])), row[2], row[3])
            self._terms_cache[terms_id] = cached
        return cached

    def withdraw(self, digests: Iterable[str], at: datetime.datetime, source: str) -> int:
        """Record that each number withdrew its consent at ``at``; return how many were recorded."""
        when, source = to_epoch(at), redacted_note(source)
        return self._write_many(
            "INSERT INTO withdrawals (digest, withdrawn_at, source) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            ((_digest_bytes(d), when, source) for d in digests),
        )

    def revoked_digests(self) -> set[str]:
        """Digests whose latest withdrawal is later than every consent the ledger holds for them.

        A consent given after a withdrawal (a person who agreed again) makes the number live again.
        """
        rows = self._db.execute("""
            SELECT w.digest FROM (SELECT digest, max(withdrawn_at) AS last FROM withdrawals GROUP BY digest) AS w
            WHERE NOT EXISTS (SELECT 1 FROM consents AS c WHERE c.digest = w.digest AND c.consent_time > w.last)
        """)
        return {row[0].hex() for row in rows}

    # -- do-not-call list ----------------------------------------------------------------------

    def add_dnc(self, digests: Iterable[str], reason: str, source: str) -> int:
        """Put numbers on the do-not-call list; return how many were not on it already."""
        reason, source = _stored_reason(reason, "a do-not-call entry needs a reason"), redacted_note(source)
        now = _now_epoch()
        added = 0
        for chunk in _chunks(_digest_bytes(d) for d in digests):
            chunk.sort()  # B-tree order
            with self._write_transaction() as db:
                added += db.execute(_INSERT_DNC_CHUNK, (b"".join(chunk), len(chunk), now, reason, source)).rowcount
        return added

    def remove_dnc(self, digests: Iterable[str], reason: str, source: str) -> int:
        """Take numbers off the list (the removal and its reason are kept); return how many were on it."""
        reason, source = _stored_reason(reason, "removing a do-not-call entry needs a reason"), redacted_note(source)
        now = _now_epoch()
        removed = 0
        for chunk in _chunks(_digest_bytes(d) for d in digests):
            with self._write_transaction() as db:
                for raw in chunk:
                    if db.execute("DELETE FROM dnc WHERE digest = ?", (raw,)).rowcount:
                        removed += 1
                        db.execute(
                            "INSERT INTO dnc_removals (digest, removed_at, reason, source) VALUES (?, ?, ?, ?)",
                            (raw, now, reason, source),
                        )
        return removed

    def dnc_digests(self) -> set[str]:
        """Every digest on the do-not-call list."""
        return {row[0].hex() for row in self._db.execute("SELECT digest FROM dnc")}

    def is_dnc(self, digest: str) -> bool:
        return self._db.execute("SELECT 1 FROM dnc WHERE digest = ?", (_digest_bytes(digest),)).fetchone() is not None

    def dnc_entries(self) -> Iterator[DncEntry]:
        """Every do-not-call entry, oldest first (digests only: the ledger holds no numbers)."""
        rows = self._db.execute("SELECT digest, added_at, reason, source FROM dnc ORDER BY added_at, digest")
        for digest, added_at, reason, source in rows:
            yield DncEntry(digest.hex(), from_epoch(added_at), reason, source)

    # -- one number, for a data-subject request ------------------------------------------------

    def history(self, digest: str) -> PhoneHistory:
        """Everything the ledger holds about one number: consents, withdrawals, do-not-call entry
        and removals, call outcomes, each in time order."""
        raw = _digest_bytes(digest)
        query = self._db.execute
        consents = tuple(
            (consent_id, from_epoch(when), self.terms(terms_id))
            for consent_id, when, terms_id in query(
                "SELECT consent_id, consent_time, terms_id FROM consents WHERE digest = ? ORDER BY consent_time", (raw,)
            )
        )
        withdrawals = tuple(
            (from_epoch(when), source)
            for when, source in query(
                "SELECT withdrawn_at, source FROM withdrawals WHERE digest = ? ORDER BY withdrawn_at", (raw,)
            )
        )
        listed = query("SELECT added_at, reason, source FROM dnc WHERE digest = ?", (raw,)).fetchone()
        removals = tuple(
            (from_epoch(when), reason, source)
            for when, reason, source in query(
                "SELECT removed_at, reason, source FROM dnc_removals WHERE digest = ? ORDER BY removed_at", (raw,)
            )
        )
        outcomes = tuple(
            (from_epoch(when), campaign, purpose, outcome)
            for when, campaign, purpose, outcome in query(
                "SELECT at, campaign, purpose, outcome FROM outcomes WHERE digest = ? ORDER BY at, id", (raw,)
            )
        )
        dnc = DncEntry(digest.lower(), from_epoch(listed[0]), listed[1], listed[2]) if listed else None
        return PhoneHistory(consents, withdrawals, dnc, removals, outcomes)

    # -- outcomes ------------------------------------------------------------------------------

    def record_outcome(
        self, digest: str, campaign: str, purpose: str, outcome: str, at: datetime.datetime, source: str = "dialer"
    ) -> bool:
        """Store what happened on a call; return ``True`` if it put the number on the do-not-call list.

        ``opt_out`` (the person asked never to be called again) adds the number to the
        do-not-call list in the same transaction, so no check can see the one without the other.
        ``refused`` starts the campaign purpose's cool-off (see :mod:`screen.predial.decision`).
        """
        if outcome not in OUTCOMES:
            raise UsageError(f"unknown outcome {outcome!r}; use one of {', '.join(OUTCOMES)}")
        raw, when, now = _digest_bytes(digest), to_epoch(at), _now_epoch()
        with self._write_transaction() as db:
            db.execute(
                "INSERT INTO outcomes (digest, campaign, purpose, outcome, at, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                (raw, campaign, purpose, outcome, when, now),
            )
            listed = False
            if outcome == "opt_out":
                listed = (
                    db.execute(
                        "INSERT INTO dnc (digest, added_at, reason, source) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        (raw, now, f"opted out on a {campaign} call", source),
                    ).rowcount
                    > 0
                )
        return listed

    # -- the pre-dial read ---------------------------------------------------------------------

    _FACTS_SQL = """
        SELECT 0, 0, NULL FROM dnc WHERE digest = ?1
        UNION ALL SELECT 1, withdrawn_at, NULL FROM withdrawals WHERE digest = ?1 AND withdrawn_at <= ?3
        UNION ALL SELECT 2, consent_time, terms_id FROM consents WHERE digest = ?1
        UNION ALL SELECT 3, at, outcome FROM outcomes WHERE digest = ?1 AND purpose = ?2 AND at >= ?4 AND at <= ?3
    """

    def phone_facts(self, digest: bytes, purpose: str, at: int, since: int) -> PhoneFacts:
        """Everything a decision needs about one number, in one statement (one read transaction,
        so the answer is a consistent snapshot even while another process writes)."""
        if self._facts_cursor is None:
            self._facts_cursor = self._db.cursor()  # reused: a new cursor per lookup costs a microsecond
        rows = self._facts_cursor.execute(self._FACTS_SQL, (digest, purpose, at, since)).fetchall()
        if len(rows) == 1 and rows[0][0] == 2:  # the usual answer: one consent and nothing else
            return PhoneFacts(False, (rows[0][1:],), (), ())
        return phone_facts_of(rows)

    # -- housekeeping --------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Row counts per table, for ``leadscreen ledger info``."""
        tables = ("consents", "consent_terms", "withdrawals", "dnc", "dnc_removals", "outcomes")
        return {table: self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}

    def _write_many(self, sql: str, rows: Iterable[tuple]) -> int:
        written = 0
        for chunk in _chunks(rows):
            with self._write_transaction() as db:
                written += db.executemany(sql, chunk).rowcount
        return written


def _stored_reason(reason: str | None, missing: str) -> str:
    """A reason as the ledger keeps it: required, one line, personal values masked (see
    :mod:`screen.ledger.free_text`: an operator may type the caller's number into it)."""
    stored = redacted_note(reason)
    if not stored:
        raise UsageError(missing, parameter="reason")
    return stored
