"""The pre-dial decision: may this number be dialled now, for this campaign?

:func:`decide_consent` and :func:`decide_contact` are pure functions of what the ledger knows
(:class:`~screen.ledger.store.PhoneFacts`), the campaign's rules and the moment; :class:`Checker`
wires them to a ledger file, a policy and the audit trail, and is what the CLI and the HTTP
service call.

The checker **fails closed**: whatever goes wrong while deciding — the ledger file missing or
locked, an unknown campaign, a bug — the answer is ``deny`` (reason ``service_error`` or
``unknown_campaign``), never an exception and never ``allow``.

The reason codes, each with its sentence, are :data:`screen.reasons.PREDIAL_REASONS`, in the
order they are reported (a denial lists every reason that applies; the text answer for dialers
names the first).

Calls are counted per *purpose*, not per campaign name, so that splitting one sales effort into
two campaigns does not double the calls a person gets, and a refusal of one insurance sales
campaign bars its sister campaigns too.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from recognizers.phone import masked, masked_national, national_number
from screen import clock as clocks
from screen.config.keys import Digester
from screen.config.policy import Campaign, Policy
from screen.errors import LedgerMissing
from screen.ledger.audit import WHAT_IF
from screen.ledger.location import PostgresLocation, ledger_location
from screen.ledger.store import ConsentTerms, Ledger, PhoneFacts
from screen.predial.calling_window import (
    CalendarUnavailable,
    local_day_start,
    statutory_holiday,
    within_hours,
)
from screen.predial.ledger_files import SAME, FilesLost, FileState, change, file_state, release

log = logging.getLogger("leadscreen.predial")

ALLOW, DENY = "allow", "deny"
DAY = 86_400
WEEK = 7 * DAY

# A check must answer, not wait: when another process holds the file exclusively, give up after
# this long and deny. WAL readers are otherwise never blocked.
CHECK_BUSY_TIMEOUT_MS = 100

# What the audit trail records for a campaign the policy does not name (never the caller's string).
UNKNOWN_CAMPAIGN = "(unknown)"


class Decision(NamedTuple):
    """One answer. A named tuple rather than a dataclass: it is made once per check, and a frozen
    dataclass costs several times as much to build."""

    decision: str
    reasons: tuple[str, ...]
    phone_masked: str
    campaign: str
    checked_at: datetime.datetime
    policy_version: str

    @property
    def allowed(self) -> bool:
        return self.decision == ALLOW

    def as_dict(self) -> dict:
        return {
            "decision": self.decision,
            "reasons": list(self.reasons),
            "phone_masked": self.phone_masked,
            "campaign": self.campaign,
            "checked_at": self.checked_at.isoformat(timespec="milliseconds"),
            "policy_version": self.policy_version,
        }

    def as_text(self) -> str:
        """``ALLOW`` or ``DENY <first reason>``: what a dialplan compares against (no newline)."""
        return "ALLOW" if self.allowed else f"DENY {self.reasons[0]}"


def decide_consent(facts: PhoneFacts, at: int, in_scope: Callable[[int], bool], max_age_days: int) -> str | None:
    """The consent reason that denies the call, or ``None`` if a live, covering, fresh consent exists.

    A withdrawal revokes every consent given at or before it; a consent given later stands.
    """
    if len(facts.consents) == 1 and not facts.withdrawals:  # the usual case, decided without lists
        when, terms = facts.consents[0]
        if when > at:
            return "no_consent"
        if not in_scope(terms):
            return "scope_mismatch"
        return "consent_expired" if at - when > max_age_days * DAY else None
    given = [(when, terms) for when, terms in facts.consents if when <= at]
    if not given:
        return "no_consent"
    if facts.withdrawals:
        last_withdrawal = max(facts.withdrawals)
        given = [(when, terms) for when, terms in given if when > last_withdrawal]
        if not given:
            return "consent_revoked"
    covering = [when for when, terms in given if in_scope(terms)]
    if not covering:
        return "scope_mismatch"
    if at - max(covering) > max_age_days * DAY:
        return "consent_expired"
    return None


def decide_contact(facts: PhoneFacts, campaign: Campaign, at: int, day_start: int) -> list[str]:
    """Reasons from past calls: a refusal within the cool-off, and the frequency caps.

    Daily caps count the campaign's local calendar day; the weekly cap is a rolling 7 days.
    Every outcome is an attempt; only ``connected`` is a call.
    """
    reasons = []
    cooldown_start = at - campaign.refusal_cooldown_days * DAY
    if any(outcome == "refused" and when > cooldown_start for when, outcome in facts.outcomes):
        reasons.append("recent_refusal")
    capped = False
    if campaign.max_calls_per_day is not None:
        calls_today = sum(1 for when, outcome in facts.outcomes if outcome == "connected" and when >= day_start)
        capped |= calls_today >= campaign.max_calls_per_day
    if campaign.max_calls_per_week is not None:
        week_start = at - WEEK
        calls_week = sum(1 for when, outcome in facts.outcomes if outcome == "connected" and when > week_start)
        capped |= calls_week >= campaign.max_calls_per_week
    if campaign.max_attempts_per_day is not None:
        attempts_today = sum(1 for when, _ in facts.outcomes if when >= day_start)
        capped |= attempts_today >= campaign.max_attempts_per_day
    if capped:
        reasons.append("frequency_cap")
    return reasons


def decide_time(
    campaign: Campaign, local: datetime.datetime, days_off: frozenset[datetime.date] = frozenset()
) -> list[str]:
    """``holiday`` and ``outside_calling_window`` for a local (campaign-zone) moment.

    ``days_off``: statutory days off the policy lists on top of the ``chinese-calendar`` data.
    """
    reasons = []
    if campaign.skip_holidays and statutory_holiday(local.date(), days_off) is not None:
        reasons.append("holiday")
    if not within_hours(local.time(), campaign.calling_hours):
        reasons.append("outside_calling_window")
    return reasons


def holiday_data_gaps(policy: Policy, today: datetime.date, warn_days: int = 45) -> list[str]:
    """One line per year, this one or (from ``warn_days`` before it) the next, that campaigns with
    ``skip_holidays`` need holiday data for and neither ``chinese-calendar`` nor the policy has.

    >>> from screen.config.policy import parse_policy
    >>> policy = parse_policy('[campaigns.a]\\npurpose = "p"\\nskip_holidays = true')
    >>> holiday_data_gaps(policy, datetime.date(2099, 6, 1))
    ['no statutory holiday data for 2099: campaign a (skip_holidays) denies every call with service_error; list the days off under [holidays] days_off in the policy']
    """
    campaigns = sorted(name for name, campaign in policy.campaigns.items() if campaign.skip_holidays)
    if not campaigns:
        return []
    years = [today.year]
    if (datetime.date(today.year + 1, 1, 1) - today).days <= warn_days:
        years.append(today.year + 1)
    gaps = []
    for year in years:
        try:
            statutory_holiday(datetime.date(year, 1, 1), policy.holidays)
        except CalendarUnavailable:
            when = "denies" if year == today.year else f"will deny from {year}-01-01"
            gaps.append(
                f"no statutory holiday data for {year}: campaign{'s' if len(campaigns) > 1 else ''} "
                f"{', '.join(campaigns)} (skip_holidays) {when} every call with service_error; "
                "list the days off under [holidays] days_off in the policy"
            )
    return gaps


def history_start(campaign: Campaign, at: int, day_start: int) -> int:
    """The earliest outcome time that can still matter to a decision at ``at``."""
    return min(day_start, at - WEEK, at - campaign.refusal_cooldown_days * DAY)


class Checker:
    """Answers checks against one ledger (an SQLite file or a PostgreSQL database) and one policy;
    safe to share between threads.

    ``audit`` receives every decision (see :class:`screen.ledger.audit.AuditTrail`); ``clock`` returns
    the current aware datetime (tests pass a fixed one).
    """

    def __init__(
        self,
        db_path: str | os.PathLike,
        key: bytes,
        policy: Policy,
        *,
        audit=None,
        clock: Callable[[], datetime.datetime] | None = None,
        busy_timeout_ms: int = CHECK_BUSY_TIMEOUT_MS,
        recheck_seconds: float = 1.0,
    ):
        self.db_path: Path | PostgresLocation = ledger_location(db_path)
        self.postgres = isinstance(self.db_path, PostgresLocation)
        self._schema_checked = False
        self.policy = policy
        self.audit = audit
        self.clock = clock or clocks.utc_now
        self._system_clock = clock is None  # then a check reads time.time() directly (cheaper)
        self._key = key
        self._digest = Digester(key)
        self._busy_timeout_ms = busy_timeout_ms
        self.recheck_seconds = recheck_seconds
        self._lock = threading.Lock()
        self._open_ledger: Ledger | None = None
        self._opened_state: FileState | None = None
        self._recheck_at = 0.0
        self._files_lost = False
        self._scope_cache: dict[tuple[int, str], bool] = {}
        self._time_cache: dict[str, tuple[int, tuple[int, int, list[str]]]] = {}  # campaign -> (second, rules)
        self._coverage: dict[str, Callable[[int], bool]] = {}  # campaign -> covers(terms_id), this ledger
        self._organization = frozenset(policy.organization)

    # -- the ledger connection, one for every thread ------------------------------------------

    def _ledger(self) -> Ledger:
        """The open ledger (call with ``self._lock`` held); reopened or refused when its files changed.

        One connection serves every thread: a check holds it for microseconds, and with one
        connection per process there is no second one left holding the files of a ledger that
        was replaced. Whether the files at the path are still the ones opened is looked at
        every ``recheck_seconds`` (see :mod:`screen.predial.ledger_files`): a ``stat`` per
        check would cost a tenth of the budget.
        """
        ledger = self._open_ledger
        if self.postgres:
            return self._database_ledger()
        now = time.monotonic()
        if ledger is not None and now < self._recheck_at:
            return ledger
        try:
            state = file_state(self.db_path)
        except LedgerMissing:
            self._drop_ledger()
            raise
        if ledger is not None and self._changed(state) == SAME:
            self._recheck_at = now + self.recheck_seconds
            return ledger
        self._drop_ledger()
        ledger = Ledger.open(self.db_path, self._key, create=False, busy_timeout_ms=self._busy_timeout_ms)
        self._open_ledger, self._opened_state = ledger, file_state(self.db_path)  # -wal and -shm exist now
        self._recheck_at = now + self.recheck_seconds
        return ledger

    def _reads_lock(self):
        """The lock a read holds: the one SQLite connection is shared; PostgreSQL reads each borrow
        a pooled connection, so checks in several threads run at once (one slow round trip does
        not hold up the next check)."""
        return contextlib.nullcontext() if self.postgres and self._schema_checked else self._lock

    def _database_ledger(self) -> Ledger:
        """The PostgreSQL ledger: one connection pool, kept across outages (it reconnects by itself).

        The schema is looked at once, on the first check that reaches the database: a server
        started while the database was down answers ``service_error`` until then.
        """
        from screen.ledger.postgres import PoolSettings, PostgresLedger

        if self._open_ledger is None:
            self._open_ledger = PostgresLedger.connect(
                self.db_path, self._key, create=False, lock_timeout_ms=self._busy_timeout_ms, pool=PoolSettings()
            )
        if not self._schema_checked:
            self._open_ledger.refuse_unknown_schema()
            self._schema_checked = True
        return self._open_ledger

    def database_counts(self) -> dict[str, int]:
        """Errors and reconnects of the PostgreSQL connection pool (empty for an SQLite file)."""
        ledger = self._open_ledger
        if not self.postgres or ledger is None:
            return {}
        return {"errors": ledger.database.errors, "reconnects": ledger.database.reconnects}

    def _changed(self, state: FileState) -> str:
        try:
            return change(self._opened_state, state, self.db_path)
        except FilesLost:
            self._files_lost = True  # stays refused: the state it is compared with does not change
            raise

    def _drop_ledger(self) -> None:
        ledger, self._open_ledger = self._open_ledger, None
        self._schema_checked = False
        if ledger is not None:
            # Terms ids and coverage belong to the file they were read from.
            self._coverage.clear()
            self._scope_cache.clear()
            release(ledger, self._files_lost)

    def close(self) -> None:
        with self._lock:
            self._drop_ledger()

    def ready(self) -> str | None:
        """``None`` if checks can be answered now, else a one-line reason (for ``/healthz``).

        Reads through the checks' connection, then through a new one: that sees the file as it
        is on disk now, not pages cached before it was damaged.
        """
        probe = (bytes(32), "", 0, 0)
        try:
            with self._lock:
                self._ledger().phone_facts(*probe)
            if self.postgres:  # every statement already goes to the server: nothing is cached here
                return None
            with Ledger.open(self.db_path, self._key, create=False, busy_timeout_ms=self._busy_timeout_ms) as fresh:
                fresh.phone_facts(*probe)
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            return self._unreadable(error)
        return None

    def _unreadable(self, error: BaseException) -> str:
        """One line saying why the ledger cannot be read (no class name; never input)."""
        import sqlite3

        from screen.errors import LeadscreenError

        if isinstance(error, LeadscreenError):
            return str(error)
        if isinstance(error, sqlite3.Error):
            return f"ledger {self.db_path} cannot be read: {error}"
        return f"ledger {self.db_path} cannot be read ({type(error).__name__})"

    # -- deciding ------------------------------------------------------------------------------

    def _in_scope(self, ledger: Ledger, campaign: Campaign) -> Callable[[int], bool]:
        """Does a consent's terms cover ``campaign``? One cached function per (ledger, campaign)."""
        made = self._coverage.get(campaign.name)
        if made is not None:
            return made

        def covers(terms_id: int) -> bool:
            key = (terms_id, campaign.name)
            known = self._scope_cache.get(key)
            if known is None:
                terms: ConsentTerms = ledger.terms(terms_id)
                known = campaign.purpose in terms.scope and (
                    not terms.recipients or not self._organization or bool(terms.recipients & self._organization)
                )
                self._scope_cache[key] = known
            return known

        self._coverage[campaign.name] = covers
        return covers

    def check(
        self,
        phone: str,
        campaign_name: str,
        at: datetime.datetime | None = None,
        channel: str = "api",
        what_if: bool = False,
    ) -> Decision:
        """Decide, audit, and return the decision. Never raises; never allows what it could not check.

        ``what_if``: a question about ``at`` asked by a person, not a dialer's check of a number it
        is about to call; the audit trail records it as such, at the time it was asked.
        """
        digest = None
        local = at
        try:
            campaign = self.policy.campaigns.get(campaign_name)
            tz = clocks.zone(campaign.timezone if campaign else self.policy.timezone)
            if at is None and self._system_clock:
                seconds = time.time()
                local = datetime.datetime.fromtimestamp(seconds, tz)
            else:
                moment = at or self.clock()
                local = moment.astimezone(tz)
                seconds = moment.timestamp()
            national = national_number(phone)
            shown = masked_national(national) if national else masked(phone)
            if campaign is None:
                reasons = ["unknown_campaign"]
            elif national is None:
                reasons = ["number_invalid"]
            else:
                digest = self._digest(national)
                reasons = self._reasons(digest, campaign, int(seconds), local)
        except Exception as error:  # noqa: BLE001 - fail closed on anything
            log.error("check failed, denying: %s", _describe(error))
            reasons = ["service_error"]
            shown = masked(phone)
            local = local or clocks.utc_now()
        decision = Decision(
            DENY if reasons else ALLOW, tuple(reasons), shown, campaign_name, local, self.policy.version
        )
        if self.audit is None:
            return decision
        return self._audited(decision, digest, channel, what_if)

    def _audited(self, decision: Decision, digest: bytes | None, channel: str, what_if: bool) -> Decision:
        """Hand the decision to the audit trail; deny if it cannot take it.

        A campaign the policy does not name is recorded as :data:`UNKNOWN_CAMPAIGN`: the string a
        caller sent could hold anything (a phone number, control characters).
        """
        recorded = decision
        if decision.campaign not in self.policy.campaigns:
            recorded = decision._replace(campaign=UNKNOWN_CAMPAIGN)
        try:
            if what_if:
                self.audit.record(recorded, digest, channel, decided_at=self.clock(), source=WHAT_IF)
            else:
                self.audit.record(recorded, digest, channel)
        except Exception as error:  # noqa: BLE001 - an unauditable decision must not allow
            log.error("audit trail unavailable, denying: %s", _describe(error))
            return decision._replace(decision=DENY, reasons=("service_error",))
        return decision

    def _reasons(self, digest: bytes, campaign: Campaign, at: int, local: datetime.datetime) -> list[str]:
        day_start, since, time_reasons = self._time_rules(campaign, at, local)
        with self._reads_lock():
            ledger = self._ledger()
            facts = ledger.phone_facts(digest, campaign.purpose, at, since)
            consent = decide_consent(facts, at, self._in_scope(ledger, campaign), campaign.max_consent_age_days)
        reasons = ["dnc_listed"] if facts.dnc else []
        if consent:
            reasons.append(consent)
        if facts.outcomes:
            reasons += decide_contact(facts, campaign, at, day_start)
        return reasons + time_reasons if time_reasons else reasons

    def _time_rules(self, campaign: Campaign, at: int, local: datetime.datetime) -> tuple[int, int, list[str]]:
        """``(day_start, history_start, time reasons)`` for a whole second, worked out once per second.

        A dialer asks hundreds of times a second; the calendar, the calling window and the local
        day only change from one second to the next.
        """
        cached = self._time_cache.get(campaign.name)
        if cached is not None and cached[0] == at:
            return cached[1]
        day_start = int(local_day_start(local).timestamp())
        try:
            time_reasons = decide_time(campaign, local, self.policy.holidays)
        except CalendarUnavailable as error:
            log.error("%s; denying", error)
            time_reasons = ["service_error"]
        rules = (day_start, history_start(campaign, at, day_start), time_reasons)
        self._time_cache[campaign.name] = (at, rules)
        return rules

    def check_many(self, phones: Iterable[str], campaign_name: str, channel: str = "api-batch") -> list[Decision]:
        """Check many numbers at one moment (the same clock reading for all)."""
        moment = self.clock()
        return [self.check(phone, campaign_name, moment, channel) for phone in phones]


def _describe(error: BaseException) -> str:
    """An error for the log without its message when that could carry input (a raw number)."""
    import sqlite3

    from screen.errors import LeadscreenError

    if isinstance(error, (LeadscreenError, sqlite3.Error)):  # these messages never carry a number
        return f"{type(error).__name__}: {error}"
    return type(error).__name__
