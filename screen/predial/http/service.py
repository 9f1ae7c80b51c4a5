"""What the pre-dial HTTP handlers share: one :class:`PredialService` per app (in ``app.state.service``),
its configuration and limits.

The service fails closed on writes too: a write that fails for any reason but bad input is logged
by kind only, counted, and answered with :class:`~screen.errors.LedgerUnavailable` (HTTP 503)
carrying a message that holds no number.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from screen import clock as clocks
from screen.config.policy import Policy
from screen.errors import LeadscreenError, LedgerMissing, LedgerUnavailable, UsageError
from screen.ledger.audit import AuditTrail, audit_dir_for
from screen.ledger.location import PostgresLocation, ledger_location
from screen.ledger.store import Ledger
from screen.predial.decision import Checker
from screen.predial.http.metrics import Metrics
from screen.predial.ledger_files import REPLACED, FilesLost, FileState, change, file_state, release

log = logging.getLogger("leadscreen.server")

MAX_BATCH = 10_000
# 10,000 numbers in JSON are about 200 KB; anything far bigger is refused before it is read.
MAX_BODY_BYTES = 2_000_000
WRITE_BUSY_TIMEOUT_MS = 5000
# A reported outcome may be this far ahead of the service's clock (the dialer's clock drifts).
OUTCOME_CLOCK_SLACK = datetime.timedelta(minutes=5)

Result = TypeVar("Result")


@dataclass
class ServiceConfig:
    db_path: Path | PostgresLocation
    key: bytes
    policy: Policy
    token: str | None = None
    audit_dir: Path | None = None  # default: <ledger>-audit/

    def __post_init__(self):
        self.db_path = ledger_location(self.db_path)  # a path or a postgresql:// URL


@dataclass(frozen=True)
class WriteFailure:
    """How one kind of write reports a failure: the metrics label, the log line, the client's message."""

    kind: str
    action: str
    message: str


class LedgerWriters:
    """The service's one write connection, shared by the worker threads under a lock (SQLite
    lets one writer at a time commit anyway). Before each write it makes sure the file at the
    path is still the one it opened (see :mod:`screen.predial.ledger_files`)."""

    def __init__(self, config: ServiceConfig):
        self._config = config
        self._lock = threading.Lock()
        self._ledger: Ledger | None = None
        self._opened_state: FileState | None = None
        self._files_lost = False

    def run(self, work: Callable[[Ledger], Result]) -> Result:
        with self._lock:
            return work(self._current())

    def _current(self) -> Ledger:
        path = self._config.db_path
        if isinstance(path, PostgresLocation):
            return self._database_ledger(path)
        try:
            state = file_state(path)
        except LedgerMissing:
            self._close()
            raise
        if self._ledger is not None:
            try:
                replaced = change(self._opened_state, state, path) == REPLACED
            except FilesLost:
                self._files_lost = True
                raise
            if replaced:
                self._close()
        if self._ledger is None:
            self._ledger = Ledger.open(path, self._config.key, create=False, busy_timeout_ms=WRITE_BUSY_TIMEOUT_MS)
            self._opened_state = file_state(path)
        return self._ledger

    def _database_ledger(self, where: PostgresLocation) -> Ledger:
        """A pool of its own for writes (kept across outages; it reconnects by itself), with
        statements allowed as long as a write may wait for a lock."""
        from screen.ledger.postgres import PoolSettings, PostgresLedger

        if self._ledger is None:
            settings = PoolSettings(size=4, wait_seconds=2.0, statement_timeout_ms=WRITE_BUSY_TIMEOUT_MS)
            self._ledger = PostgresLedger.connect(
                where, self._config.key, create=False, lock_timeout_ms=WRITE_BUSY_TIMEOUT_MS, pool=settings
            )
        return self._ledger

    def database_counts(self) -> dict[str, int]:
        ledger = self._ledger
        if ledger is None or not hasattr(ledger, "database"):
            return {}
        return {"errors": ledger.database.errors, "reconnects": ledger.database.reconnects}

    def _close(self) -> None:
        ledger, self._ledger = self._ledger, None
        if ledger is not None:
            release(ledger, self._files_lost)

    def close(self) -> None:
        with self._lock:
            self._close()


class PredialService:
    """The checker, the ledger writers, the audit trail, the metrics and the clock of one app.

    ``clock`` (returning an aware datetime) is for tests; ``audit`` defaults to an
    :class:`AuditTrail` in ``config.audit_dir``, started by :meth:`start`.
    """

    def __init__(self, config: ServiceConfig, *, clock=None, audit: AuditTrail | None = None):
        self.config = config
        self.policy = config.policy
        self.clock = clock or clocks.utc_now
        self.audit = audit or AuditTrail(config.audit_dir or audit_dir_for(config.db_path))
        self.checker = Checker(config.db_path, config.key, config.policy, audit=self.audit, clock=self.clock)
        self.metrics = Metrics()
        self.writers = LedgerWriters(config)

    def start(self) -> None:
        self.audit.start()

    def close(self) -> None:
        try:
            self.audit.close()
        except Exception as error:  # noqa: BLE001 - the process is ending; say so and close the rest
            log.error("could not write the last audit lines: %s", type(error).__name__)
        self.checker.close()
        self.writers.close()

    async def write(self, work: Callable[[Ledger], Result], failure: WriteFailure) -> Result:
        """Run ``work`` on this worker thread's write connection. Bad input (a 4xx
        :class:`LeadscreenError`) passes through; anything else becomes :class:`LedgerUnavailable`."""
        try:
            return await run_in_threadpool(self._write, work)
        except LeadscreenError as error:
            if error.http_status < 500:
                raise
            failed = error
        except Exception as error:  # noqa: BLE001 - fail closed: the client retries, nothing half-done is claimed
            failed = error
        log.error("%s failed: %s", failure.action, type(failed).__name__)  # the message could hold a number
        self.metrics.error(failure.kind)
        raise LedgerUnavailable(failure.message) from None

    def _write(self, work: Callable[[Ledger], Result]) -> Result:
        return self.writers.run(work)

    def parse_at(self, value) -> datetime.datetime:
        """A reported time: ISO 8601 with a zone, not in the future; empty means now."""
        if value in (None, ""):
            return self.clock()
        try:
            moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise UsageError("'at' must be an ISO 8601 time with a zone, e.g. 2026-03-02T10:15:00+08:00") from None
        if moment.tzinfo is None:
            raise UsageError("'at' needs a time zone, e.g. 2026-03-02T10:15:00+08:00")
        if moment > self.clock() + OUTCOME_CLOCK_SLACK:
            raise UsageError("'at' is in the future")
        return moment

    def audit_gauges(self) -> dict[str, tuple[str, float]]:
        gauges = {
            "leadscreen_audit_backlog": ("Decisions waiting to be written to the audit trail.", self.audit.backlog),
            "leadscreen_audit_write_failures": ("Failed audit writes since start.", self.audit.failures),
        }
        if self.checker.postgres:
            counts = [self.checker.database_counts(), self.writers.database_counts()]
            gauges["leadscreen_db_errors_total"] = (
                "Database statements or connections that failed since start (checks and writes).",
                sum(count.get("errors", 0) for count in counts),
            )
            gauges["leadscreen_db_reconnects_total"] = (
                "Database connections opened again after one was lost (restart, failover, lifetime).",
                sum(count.get("reconnects", 0) for count in counts),
            )
        return gauges
