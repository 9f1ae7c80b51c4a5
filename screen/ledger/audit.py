"""The audit trail: every pre-dial decision, appended to daily CSV files and exported for regulators.

A row holds the time, the campaign, the number's keyed digest (never the number; empty when the
input was not a number at all), the decision, its reasons, the policy version and the channel
(``cli``, ``http``, ``http-batch``). Files live in a folder beside the ledger,
``<ledger>-audit/`` (``leadscreen.db-audit/2026-11-22.csv``), one per UTC day, so that old days
can be archived or deleted by date.

Why files and not a ledger table: a check costs about 20 microseconds, and an SQLite insert per
check would cost as much again, would take the ledger's write lock a thousand times a second
(and wait behind a ten-million-row import), and would tie every check to the writer. Appending a
line to a file opened with ``O_APPEND`` needs no lock: the kernel places each ``write`` whole at
the end, so several server processes can share one folder.

:class:`AuditTrail` buffers lines in memory and a background thread writes them every
``flush_interval`` seconds (a fifth of a second by default), in one ``write`` per file, so at
most that much is lost if the process is killed. If the lines cannot be written and the backlog
passes ``max_backlog``, :meth:`AuditTrail.record` raises and the checker denies: a decision that
cannot be audited is not an ``allow``.

File columns: ``checked_at_us`` (when the decision was made, Unix microseconds, UTC),
``campaign``, ``phone_digest``, ``decision``, ``reasons`` (space-separated), ``policy_version``,
``channel``, ``asked_about_us`` (the moment the decision is about: the same for a dialer's check,
earlier or later for a what-if) and ``source`` (``http``, ``cli``, ``api`` or ``what-if``: a
check not asked by a dialer about now). Rows written before the last two columns existed have
seven fields; they are read as asked about when made, source unknown (empty). :func:`export_csv`
turns them into the regulator's CSV with ISO times.

Changes to the ledger (imports, do-not-call entries and removals, withdrawals, opt-outs) and
re-identifications (``unredact``) are a second kind of record, in ``<ledger>-audit/changes/<UTC
date>.csv`` (:func:`record_change`, :func:`export_changes_csv`): who (the OS user, or the token
name when known), when, the action, which file, how many values. Never content: no number, no
digest, and any run of seven or more digits in a file name or detail is starred. Files, not a
ledger table, for the same reasons as decisions and so that ``unredact``, which has no ledger
open, can record too.
"""

from __future__ import annotations

import csv
import datetime
import getpass
import io
import logging
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from screen import clock
from screen.errors import UsageError
from screen.files.atomic import make_private_folders, open_private

log = logging.getLogger("leadscreen.audit")

FILE_COLUMNS = (
    "checked_at_us",
    "campaign",
    "phone_digest",
    "decision",
    "reasons",
    "policy_version",
    "channel",
    "asked_about_us",
    "source",
)
CSV_COLUMNS = tuple(name.removesuffix("_us") for name in FILE_COLUMNS)  # times as ISO text in exports
_FIRST_FILE_COLUMNS = 7  # rows written before asked_about_us and source
WHAT_IF = "what-if"
_DAY_US = 86_400 * 1_000_000
CHANGE_COLUMNS = ("changed_at_us", "actor", "action", "source_file", "count", "detail")
CHANGE_CSV_COLUMNS = ("changed_at", "actor", "action", "source_file", "count", "detail")
CHANGES_FOLDER = "changes"
_LONG_DIGIT_RUN = re.compile(r"\d{7,}")


class AuditBacklog(RuntimeError):
    """Too many decisions are waiting to be written: the audit trail is not keeping up."""


def audit_dir_for(db_path) -> Path:
    """Where the audit files of the ledger at ``db_path`` go: ``<ledger>-audit/`` beside a file;
    for a PostgreSQL ledger, a folder of this host (:attr:`PostgresLocation.audit_dir`)."""
    from screen.ledger.location import ledger_location

    where = ledger_location(db_path)
    if not hasattr(where, "audit_dir"):
        return Path(f"{where}-audit")
    folder = where.audit_dir
    if where.audit_dir_is_default:  # the user's state folder: made here, private, as far as the audit folder
        make_private_folders(folder.parent)
    return folder


# Control characters (C0, DEL, C1, Unicode line and paragraph separators) are dropped: a
# campaign name or version must not break a CSV line or play tricks on a terminal.
_CONTROL = [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029]
_FIELD_SAFE = str.maketrans({**dict.fromkeys(_CONTROL), ord(","): " ", ord('"'): " "})


def _field(value: str) -> str:
    """Campaign names and versions come from the policy file; keep them from breaking a CSV line."""
    return value.translate(_FIELD_SAFE)


class AuditTrail:
    """Buffered appender of decisions to ``<folder>/<UTC date>.csv``."""

    def __init__(self, folder: str | os.PathLike, *, flush_interval: float = 0.2, max_backlog: int = 200_000):
        self.folder = Path(folder)
        self.flush_interval = flush_interval
        self.max_backlog = max_backlog
        self._pending: list[tuple] = []  # (decision, digest, channel)
        self._pending_lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.written = 0
        self.failures = 0

    @property
    def backlog(self) -> int:
        return len(self._pending)

    def record(
        self,
        decision,
        digest: bytes | str | None,
        channel: str,
        *,
        decided_at: datetime.datetime | None = None,
        source: str | None = None,
    ) -> None:
        """Queue one decision (a :class:`screen.predial.decision.Decision`); ``digest`` raw or hex, ``None`` for no number.

        ``decided_at``: when the decision was made, if not at the moment it is about
        (``decision.checked_at``); ``source``: who asked (default: the channel, without ``-batch``).
        Only a tuple is queued here; the line is formatted by the writer, off the check's path.
        """
        if len(self._pending) >= self.max_backlog:
            raise AuditBacklog(f"{len(self._pending)} decisions are waiting to be written to the audit trail")
        with self._pending_lock:  # flush() swaps the list: an append must land in one or the other
            self._pending.append((decision, digest, channel, decided_at, source))

    @staticmethod
    def _line(decision, digest, channel, decided_at=None, source=None) -> tuple[int, str]:
        asked_about = _micros(decision.checked_at)
        made = asked_about if decided_at is None else _micros(decided_at)
        if isinstance(digest, bytes):
            digest = digest.hex()
        return made // _DAY_US, (
            f"{made},{_field(decision.campaign)},{digest or ''},{decision.decision},"
            f"{' '.join(decision.reasons)},{_field(decision.policy_version)},{channel},"
            f"{asked_about},{_field(source or channel.removesuffix('-batch'))}\n"
        )

    def flush(self) -> int:
        """Append everything queued so far (one ``write`` per day file); return how many lines."""
        with self._flush_lock:
            with self._pending_lock:
                batch, self._pending = self._pending, []
            if not batch:
                return 0
            by_day: dict[int, list[tuple[str, tuple]]] = {}
            for entry in batch:
                day, line = self._line(*entry)
                by_day.setdefault(day, []).append((line, entry))
            written_days = set()
            try:
                make_private_folders(self.folder, parents=False)  # beside the ledger: never a whole new path
                for day in sorted(by_day):
                    self._append(day, "".join(line for line, _ in by_day[day]).encode("utf-8"))
                    written_days.add(day)
            except BaseException:
                self.failures += 1
                unwritten = [entry for day in sorted(by_day) if day not in written_days for _, entry in by_day[day]]
                with self._pending_lock:
                    self._pending[:0] = unwritten  # keep them, in order, for the next try
                raise
            self.written += len(batch)
            return len(batch)

    def _append(self, day: int, data: bytes) -> None:
        _append_lines(self.folder / _day_file(day), FILE_COLUMNS, data)

    def _run(self) -> None:
        while not self._stop.wait(self.flush_interval):
            try:
                self.flush()
            except Exception as error:  # noqa: BLE001 - keep trying; record() enforces the bound
                log.error("audit trail write failed (%d waiting): %s", self.backlog, type(error).__name__)

    def start(self) -> AuditTrail:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="leadscreen-audit", daemon=True)
            self._thread.start()
        return self

    def close(self) -> None:
        """Stop the background writer and write what is left."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self.flush()


def _day_file(day: int) -> str:
    return f"{datetime.date.fromordinal(day + 719163).isoformat()}.csv"  # 719163: 1970-01-01


def _append_lines(path: Path, columns: tuple[str, ...], data: bytes) -> None:
    """Append ``data`` with one ``O_APPEND`` write (a header first if the file is new)."""
    descriptor = open_private(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        if os.fstat(descriptor).st_size == 0:
            data = (",".join(columns) + "\n").encode("ascii") + data
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container): the uid says who
        return f"uid {os.getuid()}"


def without_long_numbers(text: str | os.PathLike | None) -> str:
    """A file name or note as the audit records keep it: one line, runs of 7+ digits starred, and
    personal values written any other way masked (:func:`screen.ledger.free_text.redacted_note`).

    >>> without_long_numbers("asked on 13812345678, ticket 4411")
    'asked on ***, ticket 4411'
    """
    if text is None:
        return ""
    from screen.ledger.free_text import redacted_note

    return redacted_note(_LONG_DIGIT_RUN.sub("***", str(text)))


def record_change(
    db_path: str | os.PathLike,
    action: str,
    *,
    count: int,
    source_file: str | os.PathLike | None = None,
    actor: str | None = None,
    detail: str | None = None,
) -> None:
    """Append one change record beside the ledger at ``db_path``: who, when, ``action``, which
    file, how many values (``count``). ``actor`` defaults to the OS user; ``detail`` is a short
    note (a reason). Raises :class:`UsageError` when the record cannot be written."""
    now = clock.utc_now()
    micros = int(now.timestamp()) * 1_000_000 + now.microsecond
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow(
        [
            micros,
            without_long_numbers(actor or _os_user()),
            without_long_numbers(action),
            without_long_numbers(source_file),
            int(count),
            without_long_numbers(detail),
        ]
    )
    folder = audit_dir_for(db_path) / CHANGES_FOLDER
    try:
        make_private_folders(folder.parent, parents=False)  # beside the ledger: never a whole new path
        make_private_folders(folder, parents=False)
        _append_lines(folder / _day_file(micros // _DAY_US), CHANGE_COLUMNS, line.getvalue().encode("utf-8"))
    except OSError as error:
        raise UsageError(f"cannot write the audit record of a ledger change in {folder}: {error.strerror}") from None


def read_changes(folder: str | os.PathLike, since_us: int, until_us: int | None = None) -> Iterator[list[str]]:
    """Change records (``CHANGE_COLUMNS``) of the audit ``folder`` in ``[since_us, until_us)``, in time order."""

    def whole(row: list[str]) -> list[str] | None:
        return row if len(row) == len(CHANGE_COLUMNS) else None

    yield from _day_rows(Path(folder) / CHANGES_FOLDER, since_us, until_us, whole)


def _day_rows(
    folder: Path, since_us: int, until_us: int | None, complete: Callable[[list[str]], list[str] | None]
) -> Iterator[list[str]]:
    """The rows of ``folder``'s day files (first column: microseconds) in ``[since_us, until_us)``,
    in time order; ``complete`` turns a row as read into a whole one, or None to skip it."""
    if not folder.is_dir():
        return
    first_day = _day_file(since_us // _DAY_US)
    for path in sorted(folder.glob("*.csv")):
        if path.name < first_day:
            continue
        with open(path, newline="", encoding="utf-8") as handle:
            rows = [complete(row) for row in csv.reader(handle) if row and row[0].isdigit()]
        rows = sorted((row for row in rows if row is not None), key=lambda row: int(row[0]))  # several writers
        yield from (row for row in rows if since_us <= int(row[0]) and (until_us is None or int(row[0]) < until_us))


def export_changes_csv(
    folder: str | os.PathLike,
    since: datetime.datetime,
    until: datetime.datetime | None,
    out: IO[str],
    timezone: datetime.tzinfo,
) -> int:
    """Write the ledger changes from ``since`` (inclusive) to ``until`` (exclusive) as CSV; return the count."""
    rows = read_changes(folder, _micros(since), None if until is None else _micros(until))
    return _write_csv(out, CHANGE_CSV_COLUMNS, ([_iso(int(row[0]), timezone), *row[1:]] for row in rows))


def _write_csv(out: IO[str], columns, rows) -> int:
    """Write ``columns`` and then ``rows`` to ``out`` as CSV; return the count of rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def _iso(micros: int, timezone: datetime.tzinfo) -> str:
    seconds, rest = divmod(micros, 1_000_000)
    return (
        datetime.datetime.fromtimestamp(seconds, timezone).replace(microsecond=rest).isoformat(timespec="milliseconds")
    )


def read_rows(folder: str | os.PathLike, since_us: int, until_us: int | None = None) -> Iterator[list[str]]:
    """File rows (``FILE_COLUMNS``) with ``since_us <= checked_at_us < until_us``, in time order.

    A row written before ``asked_about_us`` and ``source`` existed gets ``checked_at_us`` and ``""``.
    """
    yield from _day_rows(Path(folder), since_us, until_us, _complete)


def export_csv(
    folder: str | os.PathLike,
    since: datetime.datetime,
    until: datetime.datetime | None,
    out: IO[str],
    timezone: datetime.tzinfo,
    phone_digest: str | None = None,
) -> int:
    """Write decisions from ``since`` (inclusive) to ``until`` (exclusive) as CSV; return the row count.

    ``phone_digest`` (hex): only the decisions about that number.
    """
    rows = read_rows(folder, _micros(since), None if until is None else _micros(until))
    return _write_csv(
        out,
        CSV_COLUMNS,
        (
            [_iso(int(row[0]), timezone), *row[1:7], _iso(int(row[7]), timezone), row[8]]
            for row in rows
            if phone_digest is None or row[2] == phone_digest
        ),
    )


def _complete(row: list[str]) -> list[str] | None:
    """A file row in the current layout, an older row completed, anything else ``None``."""
    if len(row) == len(FILE_COLUMNS):
        return row if row[7].isdigit() else None
    if len(row) == _FIRST_FILE_COLUMNS:
        return [*row, row[0], ""]
    return None


def _micros(moment: datetime.datetime) -> int:
    return int(moment.timestamp()) * 1_000_000 + moment.microsecond
