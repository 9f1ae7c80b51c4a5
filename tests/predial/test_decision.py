"""The pre-dial decision: every reason code, caps, cool-off, windows, and failing closed."""

from __future__ import annotations

import datetime
import logging
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st
from predial_support import (
    ALL_NUMBERS,
    COLLECTIONS_ONLY,
    CONSENT_TIME,
    CONSENTED,
    KEY,
    NOBODY,
    OLD_CONSENT,
    OTHER_RECIPIENT,
    POLICY,
    POLICY_TEXT,
    SHANGHAI,
    WORKDAY_10AM,
    at,
    consent,
    digest,
    file_bytes,
    make_ledger,
)

from screen.ledger.audit import AuditTrail, read_rows
from screen.ledger.store import Ledger
from screen.predial.decision import Checker
from screen.reasons import PREDIAL_REASONS

DAY = datetime.timedelta(days=1)


@pytest.fixture
def db(any_filled_ledger):
    """The filled ledger on each backend: the same checks give the same answers on both."""
    return any_filled_ledger


@pytest.fixture
def sqlite_db(tmp_path):
    return make_ledger(tmp_path / "ledger.db")


@pytest.fixture
def checker(db, tmp_path):
    audit = AuditTrail(tmp_path / "audit")
    made = Checker(db, KEY, POLICY, audit=audit, recheck_seconds=0)
    yield made
    made.close()
    audit.close()


@pytest.fixture
def sqlite_checker(sqlite_db, tmp_path):
    audit = AuditTrail(tmp_path / "audit")
    made = Checker(sqlite_db, KEY, POLICY, audit=audit, recheck_seconds=0)
    yield made
    made.close()
    audit.close()


def reasons(checker, phone, campaign="insurance_sales", when=WORKDAY_10AM):
    return checker.check(phone, campaign, when).reasons


def record(db, phone, outcome, when, campaign="insurance_sales", purpose="保险销售"):
    with Ledger.open(db, KEY) as ledger:
        ledger.record_outcome(digest(phone), campaign, purpose, outcome, when)


def test_allow(checker):
    decision = checker.check(CONSENTED, "insurance_sales", WORKDAY_10AM)
    assert (decision.decision, decision.reasons, decision.phone_masked) == ("allow", (), "138****5678")
    assert decision.as_text() == "ALLOW"
    assert decision.as_dict()["checked_at"] == "2026-03-02T10:00:00.000+08:00"
    assert decision.as_dict()["policy_version"] == POLICY.version


@pytest.mark.parametrize(
    ("phone", "campaign", "when", "expected"),
    [
        ("12345", "insurance_sales", WORKDAY_10AM, ("number_invalid",)),
        ("4008208820", "insurance_sales", WORKDAY_10AM, ("number_invalid",)),  # a business number is not a person
        (NOBODY, "insurance_sales", WORKDAY_10AM, ("no_consent",)),
        (CONSENTED, "insurance_sales", CONSENT_TIME - DAY, ("no_consent",)),  # consent not yet given then
        (COLLECTIONS_ONLY, "insurance_sales", WORKDAY_10AM, ("scope_mismatch",)),
        (OTHER_RECIPIENT, "insurance_sales", WORKDAY_10AM, ("scope_mismatch",)),  # names another company
        (OLD_CONSENT, "insurance_sales", WORKDAY_10AM, ("consent_expired",)),
        (CONSENTED, "insurance_sales", at("2026-03-02 08:59:59"), ("outside_calling_window",)),
        (CONSENTED, "insurance_sales", at("2026-10-01 10:00:00"), ("holiday",)),
        (CONSENTED, "no_such_campaign", WORKDAY_10AM, ("unknown_campaign",)),
    ],
)
def test_reason_codes(checker, phone, campaign, when, expected):
    decision = checker.check(phone, campaign, when)
    assert decision.decision == "deny"
    assert decision.reasons == expected
    assert decision.as_text() == f"DENY {expected[0]}"


def test_dnc_listed_and_every_other_reason_is_listed_too(checker, db):
    with Ledger.open(db, KEY) as ledger:
        ledger.add_dnc([digest(NOBODY)], reason="asked", source="test")
    assert reasons(checker, NOBODY, when=at("2026-03-02 22:00:00")) == (
        "dnc_listed",
        "no_consent",
        "outside_calling_window",
    )


def test_consent_revoked_then_given_again(checker, db):
    with Ledger.open(db, KEY) as ledger:
        ledger.withdraw([digest(CONSENTED)], CONSENT_TIME + DAY / 2, source="test")
    assert reasons(checker, CONSENTED) == ("consent_revoked",)
    # Asking about a moment before the withdrawal still allows: history is not rewritten.
    assert reasons(checker, CONSENTED, when=CONSENT_TIME + DAY / 4 + datetime.timedelta(hours=1)) == ()
    with Ledger.open(db, KEY) as ledger:
        ledger.add_consents([consent(CONSENTED, consent_id="C-renewed", when=CONSENT_TIME + DAY * 0.75)])
    assert reasons(checker, CONSENTED) == ()


def test_calling_window_edges_and_across_midnight(checker):
    assert reasons(checker, CONSENTED, when=at("2026-03-02 09:00:00")) == ()
    assert reasons(checker, CONSENTED, when=at("2026-03-02 20:59:59")) == ()
    assert reasons(checker, CONSENTED, when=at("2026-03-02 21:00:00")) == ("outside_calling_window",)
    assert reasons(checker, CONSENTED, "night_desk", at("2026-03-02 23:30:00")) == ()
    assert reasons(checker, CONSENTED, "night_desk", at("2026-03-03 01:59:59")) == ()
    assert reasons(checker, CONSENTED, "night_desk", at("2026-03-03 02:00:00")) == ("outside_calling_window",)
    # The window is the campaign's local time, whatever zone the moment is given in.
    utc = datetime.datetime(2026, 3, 2, 0, 59, 59, tzinfo=datetime.UTC)  # 08:59:59 in Shanghai
    assert reasons(checker, CONSENTED, when=utc) == ("outside_calling_window",)


def test_holidays_only_bar_campaigns_that_skip_them(checker):
    national_day = at("2026-10-01 10:00:00")
    assert reasons(checker, CONSENTED, "insurance_sales", national_day) == ("holiday",)
    assert reasons(checker, CONSENTED, "anytime", national_day) == ()
    assert reasons(checker, CONSENTED, "insurance_sales", at("2026-10-10 10:00:00")) == ()  # make-up working day (Sat)


def test_collections_daily_caps(checker, db):
    when = at("2026-03-02 15:00:00")
    for hour in (8, 9, 10):
        record(db, COLLECTIONS_ONLY, "connected", at(f"2026-03-01 {hour:02}:00:00"), "collections", "贷款催收")
    assert reasons(checker, COLLECTIONS_ONLY, "collections", when) == ()  # yesterday's calls do not count
    for hour in (8, 9):
        record(db, COLLECTIONS_ONLY, "connected", at(f"2026-03-02 {hour:02}:00:00"), "collections", "贷款催收")
    assert reasons(checker, COLLECTIONS_ONLY, "collections", when) == ()
    record(db, COLLECTIONS_ONLY, "connected", at("2026-03-02 10:00:00"), "collections", "贷款催收")
    assert reasons(checker, COLLECTIONS_ONLY, "collections", when) == ("frequency_cap",)
    assert reasons(checker, COLLECTIONS_ONLY, "collections", at("2026-03-03 08:00:00")) == ()  # a new local day


def test_collections_attempts_cap_counts_unanswered_calls(checker, db):
    when = at("2026-03-02 15:00:00")
    for minute in range(5):
        record(db, COLLECTIONS_ONLY, "no_answer", at(f"2026-03-02 09:{minute:02}:00"), "collections", "贷款催收")
    assert reasons(checker, COLLECTIONS_ONLY, "collections", when) == ()
    record(db, COLLECTIONS_ONLY, "busy", at("2026-03-02 09:30:00"), "collections", "贷款催收")
    assert reasons(checker, COLLECTIONS_ONLY, "collections", when) == ("frequency_cap",)


def test_weekly_cap_is_a_rolling_seven_days(checker, db):
    when = at("2026-03-10 10:00:00")
    record(db, CONSENTED, "connected", when - 7 * DAY, "insurance_renewal")  # exactly 7 days ago: outside
    record(db, CONSENTED, "connected", when - DAY, "insurance_renewal")
    assert reasons(checker, CONSENTED, "insurance_renewal", when) == ()
    record(db, CONSENTED, "connected", when - 7 * DAY + datetime.timedelta(seconds=1), "insurance_renewal")
    assert reasons(checker, CONSENTED, "insurance_renewal", when) == ("frequency_cap",)
    assert reasons(checker, CONSENTED, "insurance_renewal", when + datetime.timedelta(seconds=1)) == ()


def test_refusal_cooldown_counts_by_purpose(checker, db):
    refused_at = at("2026-03-02 10:00:00")
    record(db, CONSENTED, "refused", refused_at, "insurance_renewal")  # a sister campaign, same purpose
    assert reasons(checker, CONSENTED, "insurance_sales", refused_at + DAY) == ("recent_refusal",)
    assert reasons(checker, CONSENTED, "insurance_sales", refused_at + 179 * DAY) == ("recent_refusal",)
    assert reasons(checker, CONSENTED, "insurance_sales", refused_at + 180 * DAY) == ()
    record(db, COLLECTIONS_ONLY, "refused", refused_at, "collections", "贷款催收")
    assert reasons(checker, COLLECTIONS_ONLY, "collections", refused_at + DAY) == ("recent_refusal",)
    assert reasons(checker, CONSENTED, "insurance_sales", refused_at + DAY) == ("recent_refusal",)  # unchanged


def test_every_reason_code_is_covered_by_a_test():
    # service_error has its own tests below; this keeps the list and the tests in step.
    covered = {
        "number_invalid",
        "dnc_listed",
        "no_consent",
        "consent_revoked",
        "scope_mismatch",
        "consent_expired",
        "recent_refusal",
        "frequency_cap",
        "holiday",
        "outside_calling_window",
        "unknown_campaign",
        "service_error",
    }
    assert covered == set(PREDIAL_REASONS)


# -- failing closed ----------------------------------------------------------------------------


def test_missing_ledger_denies(tmp_path):
    checker = Checker(tmp_path / "absent.db", KEY, POLICY)
    decision = checker.check(CONSENTED, "insurance_sales", WORKDAY_10AM)
    assert (decision.decision, decision.reasons) == ("deny", ("service_error",))
    assert not (tmp_path / "absent.db").exists()  # a check never creates an empty ledger


def test_ledger_deleted_while_running_denies(sqlite_checker, sqlite_db):
    assert reasons(sqlite_checker, CONSENTED) == ()
    for path in sqlite_db.parent.glob(sqlite_db.name + "*"):
        path.unlink()
    assert reasons(sqlite_checker, CONSENTED) == ("service_error",)


def test_injected_internal_error_denies_and_logs_no_number(checker, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError(f"simulated failure while reading {CONSENTED}")

    from screen.ledger.postgres import PostgresLedger

    for backend in (Ledger, PostgresLedger):
        monkeypatch.setattr(backend, "phone_facts", broken)
    with caplog.at_level(logging.DEBUG):
        decision = checker.check(CONSENTED, "insurance_sales", WORKDAY_10AM)
    assert (decision.decision, decision.reasons) == ("deny", ("service_error",))
    assert "RuntimeError" in caplog.text
    assert CONSENTED not in caplog.text


def test_locked_ledger_denies_quickly(sqlite_db):
    import time

    holder = sqlite3.connect(sqlite_db, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO meta (key, value) VALUES ('lock-test', 'x')")
    try:
        started = time.perf_counter()
        assert reasons(Checker(sqlite_db, KEY, POLICY), CONSENTED) == ("service_error",)
        assert time.perf_counter() - started < 2  # waits at most its busy timeout, then denies
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_calendar_without_data_denies(checker, db):
    when = datetime.datetime(2099, 3, 2, 10, tzinfo=WORKDAY_10AM.tzinfo)
    assert "service_error" in reasons(checker, CONSENTED, "insurance_sales", when)
    assert "service_error" not in reasons(checker, CONSENTED, "anytime", when)  # no holiday rule, no lookup


def test_audit_backlog_denies(db, tmp_path):
    audit = AuditTrail(tmp_path / "audit", max_backlog=2)
    checker = Checker(db, KEY, POLICY, audit=audit)
    assert reasons(checker, CONSENTED) == ()
    assert reasons(checker, CONSENTED) == ()
    assert reasons(checker, CONSENTED) == ("service_error",)  # nobody flushed: a third cannot be audited
    audit.flush()
    assert reasons(checker, CONSENTED) == ()


# -- changes are seen at once ------------------------------------------------------------------


def test_a_write_from_another_process_is_seen_by_the_next_check(checker, db):
    assert reasons(checker, CONSENTED) == ()
    script = textwrap.dedent(f"""
        from screen.ledger.store import Ledger
        with Ledger.open({str(db)!r}, {KEY!r}) as ledger:
            ledger.add_dnc([{digest(CONSENTED)!r}], reason="other process", source="test")
    """)
    subprocess.run([sys.executable, "-c", script], check=True)
    assert reasons(checker, CONSENTED) == ("dnc_listed",)


def test_a_write_by_a_plain_sqlite_client_is_seen_too(sqlite_checker, sqlite_db):
    assert reasons(sqlite_checker, CONSENTED) == ()
    other = sqlite3.connect(sqlite_db, isolation_level=None)
    other.execute(
        "INSERT INTO dnc (digest, added_at, reason, source) VALUES (?, 0, 'sqlite3 shell', 'test')",
        (bytes.fromhex(digest(CONSENTED)),),
    )
    other.close()
    assert reasons(sqlite_checker, CONSENTED) == ("dnc_listed",)


# -- audit ---------------------------------------------------------------------------------------


def _micros(moment):
    return int(moment.timestamp()) * 1_000_000 + moment.microsecond


def test_a_what_if_is_audited_when_it_was_asked_and_marked_as_such(db, tmp_path):
    asked_on = WORKDAY_10AM + 3 * DAY  # a person asks, three days later, about WORKDAY_10AM
    audit = AuditTrail(tmp_path / "audit")
    checker = Checker(db, KEY, POLICY, audit=audit, clock=lambda: asked_on)
    try:
        checker.check(CONSENTED, "insurance_sales", WORKDAY_10AM, channel="cli", what_if=True)
        checker.check(CONSENTED, "insurance_sales", WORKDAY_10AM, channel="http-batch")
    finally:
        checker.close()
        audit.close()
    dialer, what_if = read_rows(tmp_path / "audit", 0)  # in time order
    assert (int(what_if[0]), int(what_if[7]), what_if[6], what_if[8]) == (
        _micros(asked_on),
        _micros(WORKDAY_10AM),
        "cli",
        "what-if",
    )
    assert (int(dialer[0]), int(dialer[7]), dialer[6], dialer[8]) == (
        _micros(WORKDAY_10AM),
        _micros(WORKDAY_10AM),
        "http-batch",
        "http",
    )
    # Filed under the day it was asked, not back-dated to the day asked about.
    assert sorted(path.stem for path in (tmp_path / "audit").glob("*.csv")) == ["2026-03-02", "2026-03-05"]


def test_audit_files_written_before_the_what_if_columns_still_read_and_export(tmp_path):
    import io

    from screen.ledger.audit import export_csv

    folder = tmp_path / "audit"
    folder.mkdir()
    old_micros = _micros(WORKDAY_10AM)
    (folder / "2026-03-02.csv").write_text(
        "checked_at_us,campaign,phone_digest,decision,reasons,policy_version,channel\n"
        f"{old_micros},insurance_sales,{digest(NOBODY)},deny,no_consent,v1,cli\n",
        encoding="utf-8",
    )
    audit = AuditTrail(folder)  # the same day: new rows appended under the old header
    audit.record(
        Checker(tmp_path / "none.db", KEY, POLICY).check(NOBODY, "insurance_sales", WORKDAY_10AM + DAY / 24),
        digest(NOBODY),
        "http",
    )
    audit.close()
    out = io.StringIO()
    assert export_csv(folder, WORKDAY_10AM - DAY, None, out, SHANGHAI) == 2
    old, new = out.getvalue().splitlines()[1:]
    assert old.endswith(",cli,2026-03-02T10:00:00.000+08:00,")  # asked about when made; source unknown
    assert new.endswith(",http,2026-03-02T11:00:00.000+08:00,http")


def test_every_decision_is_audited_with_a_digest_and_no_number(checker, tmp_path):
    for phone in ALL_NUMBERS:
        checker.check(phone, "insurance_sales", WORKDAY_10AM)
    checker.check("12345", "insurance_sales", WORKDAY_10AM)
    checker.audit.flush()
    rows = list(read_rows(tmp_path / "audit", 0))
    assert len(rows) == len(ALL_NUMBERS) + 1
    by_digest = {row[2]: row for row in rows}
    assert by_digest[digest(CONSENTED)][3:5] == ["allow", ""]
    assert by_digest[digest(NOBODY)][3:5] == ["deny", "no_consent"]
    assert by_digest[""][3:5] == ["deny", "number_invalid"]
    written = file_bytes(tmp_path / "audit")
    for phone in ALL_NUMBERS:
        assert phone.encode() not in written


def test_an_audit_write_failure_keeps_the_lines_for_the_next_try(db, tmp_path):
    blocker = tmp_path / "audit"
    blocker.write_text("a file where the audit folder should be")
    audit = AuditTrail(blocker)
    checker = Checker(db, KEY, POLICY, audit=audit)
    checker.check(CONSENTED, "insurance_sales", WORKDAY_10AM)
    checker.check(NOBODY, "insurance_sales", WORKDAY_10AM + DAY)
    with pytest.raises(OSError):
        audit.flush()
    assert audit.backlog == 2 and audit.failures == 1
    blocker.unlink()
    assert audit.flush() == 2
    assert [row[3] for row in read_rows(blocker, 0)] == ["allow", "deny"]


def test_the_shipped_sample_policy_enforces_the_cn_rules(tmp_path):
    """sample_lists/leadscreen.toml mirrors docs/number-rules.md: check it does, end to end."""
    from pathlib import Path

    from screen.config.policy import load_policy

    policy = load_policy(Path(__file__).resolve().parents[2] / "sample_lists" / "leadscreen.toml")
    sales, collections = policy.campaign("insurance_sales"), policy.campaign("collections")
    db = tmp_path / "sample.db"
    organization = policy.organization[:1]
    with Ledger.open(db, KEY) as ledger:
        ledger.add_consents(
            [
                consent(CONSENTED, scope=(sales.purpose,), recipients=organization),
                consent(COLLECTIONS_ONLY, scope=(collections.purpose,), recipients=organization),
            ]
        )
    checker = Checker(db, KEY, policy)
    sales_at = lambda text: checker.check(CONSENTED, "insurance_sales", at(text)).reasons  # noqa: E731
    assert sales_at("2026-03-02 08:59:59") == ("outside_calling_window",)
    assert sales_at("2026-03-02 09:00:00") == ()
    assert sales_at("2026-03-02 20:59:59") == ()
    assert sales_at("2026-03-02 21:00:00") == ("outside_calling_window",)
    record(db, CONSENTED, "refused", at("2026-03-02 10:00:00"), "insurance_sales", sales.purpose)
    assert sales_at("2026-08-28 10:00:00") == ("recent_refusal",)  # 179 days later
    assert sales_at("2026-08-29 10:00:00") == ()  # 180 days: the bar has run
    collect_at = lambda text: checker.check(COLLECTIONS_ONLY, "collections", at(text)).reasons  # noqa: E731
    assert collect_at("2026-03-02 07:59:59") == ("outside_calling_window",)
    assert collect_at("2026-03-02 21:59:59") == ()
    assert collect_at("2026-03-02 22:00:00") == ("outside_calling_window",)
    for hour in (8, 9, 10):
        record(db, COLLECTIONS_ONLY, "connected", at(f"2026-03-02 {hour:02}:00:00"), "collections", collections.purpose)
    assert collect_at("2026-03-02 15:00:00") == ("frequency_cap",)  # 3 connected calls a day


def test_days_off_listed_in_the_policy_cover_a_year_the_package_does_not_know(db):
    from screen.config.policy import parse_policy

    policy = parse_policy(POLICY_TEXT + '\n[holidays]\ndays_off = ["2099-01-01", "2099-02-03..2099-02-05"]\n')
    checker = Checker(db, KEY, policy)
    try:
        # (The 2026 consent has long expired by 2099; the holiday is what this test is about.)
        assert reasons(checker, CONSENTED, "insurance_sales", at("2099-02-04 10:00:00")) == (
            "consent_expired",
            "holiday",
        )
        assert reasons(checker, CONSENTED, "insurance_sales", at("2099-02-05 10:00:00")) == (
            "consent_expired",
            "holiday",
        )
        # Any other day of a year the policy lists is a working day: the list is the whole answer.
        assert reasons(checker, CONSENTED, "insurance_sales", at("2099-02-06 10:00:00")) == ("consent_expired",)
        # A year neither the package nor the policy knows still fails closed.
        assert reasons(checker, CONSENTED, "insurance_sales", at("2098-02-04 10:00:00"))[-1] == "service_error"
    finally:
        checker.close()


def test_a_day_off_in_the_policy_adds_to_a_year_the_package_knows(db):
    from screen.config.policy import parse_policy

    policy = parse_policy(POLICY_TEXT + '\n[holidays]\ndays_off = ["2026-03-02"]\n')
    checker = Checker(db, KEY, policy)
    try:
        assert reasons(checker, CONSENTED, "insurance_sales", WORKDAY_10AM) == ("holiday",)
        assert reasons(checker, CONSENTED, "insurance_sales", at("2026-10-01 10:00:00")) == ("holiday",)
        assert reasons(checker, CONSENTED, "insurance_sales", at("2026-03-03 10:00:00")) == ()
    finally:
        checker.close()


def test_serve_warns_of_a_year_without_holiday_data():
    from screen.config.policy import parse_policy
    from screen.predial.decision import holiday_data_gaps

    policy = parse_policy(POLICY_TEXT + '\n[holidays]\ndays_off = ["2098-10-01"]\n')
    assert holiday_data_gaps(policy, datetime.date(2098, 6, 1)) == []  # next year is months away
    gaps = holiday_data_gaps(policy, datetime.date(2098, 12, 1))
    assert len(gaps) == 1 and "2099" in gaps[0] and "insurance_sales" in gaps[0] and "will deny" in gaps[0]
    no_holiday_rule = parse_policy('[campaigns.a]\npurpose = "p"\n')
    assert holiday_data_gaps(no_holiday_rule, datetime.date(2098, 12, 1)) == []


def test_time_rules_worked_out_once_a_second_still_flip_at_the_boundary(checker):
    """The checker caches the calling window per whole second; a later second must not reuse it."""
    last_instant = at("2026-03-02 20:59:59").replace(microsecond=999_999)
    assert reasons(checker, CONSENTED, when=at("2026-03-02 20:59:59")) == ()
    assert reasons(checker, CONSENTED, when=last_instant) == ()
    assert reasons(checker, CONSENTED, when=at("2026-03-02 21:00:00")) == ("outside_calling_window",)
    assert reasons(checker, CONSENTED, when=last_instant) == ()  # going back in time is not cached stale
    # Two campaigns in the same second keep their own rules.
    assert reasons(checker, CONSENTED, "night_desk", at("2026-03-02 21:00:00")) == ()
    assert reasons(checker, CONSENTED, "insurance_sales", at("2026-03-02 21:00:00")) == ("outside_calling_window",)


def test_the_system_clock_path_gives_the_campaign_local_time(db):
    with Ledger.open(db, KEY) as ledger:  # a consent that is fresh whenever the test runs
        ledger.add_consents([consent(NOBODY, when=datetime.datetime.now(datetime.UTC) - DAY)])
    checker = Checker(db, KEY, POLICY)
    try:
        before = datetime.datetime.now(datetime.UTC)
        decision = checker.check(NOBODY, "anytime")
        after = datetime.datetime.now(datetime.UTC)
    finally:
        checker.close()
    assert before <= decision.checked_at <= after
    assert decision.checked_at.utcoffset() == datetime.timedelta(hours=8)
    assert decision.reasons == ()


def reference_consent_reason(consents, withdrawals, at_second, covered_terms, max_age_days):
    """decide_consent as docs/predial.md states it, written plainly, to check the fast path against."""
    given = [(when, terms) for when, terms in consents if when <= at_second]
    if not given:
        return "no_consent"
    live = [(when, terms) for when, terms in given if not withdrawals or when > max(withdrawals)]
    if not live:
        return "consent_revoked"
    covering = [when for when, terms in live if terms in covered_terms]
    if not covering:
        return "scope_mismatch"
    return "consent_expired" if at_second - max(covering) > max_age_days * 86_400 else None


@given(
    consents=st.lists(st.tuples(st.integers(0, 100 * 86_400), st.integers(1, 3)), max_size=3),
    withdrawals=st.lists(st.integers(0, 100 * 86_400), max_size=2),
    at_second=st.integers(0, 100 * 86_400),
    covered_terms=st.sets(st.integers(1, 3)),
    max_age_days=st.integers(0, 60),
)
def test_decide_consent_matches_its_plain_statement(consents, withdrawals, at_second, covered_terms, max_age_days):
    from screen.ledger.store import PhoneFacts
    from screen.predial.decision import decide_consent

    facts = PhoneFacts(False, tuple(consents), tuple(withdrawals), ())
    assert decide_consent(facts, at_second, covered_terms.__contains__, max_age_days) == reference_consent_reason(
        consents, withdrawals, at_second, covered_terms, max_age_days
    )


def test_the_audit_trail_never_holds_an_unknown_campaign_string(checker, tmp_path):
    sent = "13812345678\x1b[2J\n,evil"
    decision = checker.check(NOBODY, sent, WORKDAY_10AM)
    assert decision.reasons == ("unknown_campaign",)
    checker.audit.flush()
    (row,) = read_rows(tmp_path / "audit", 0)
    assert row[1] == "(unknown)"
    assert b"13812345678" not in file_bytes(tmp_path / "audit")


def test_control_characters_never_reach_an_audit_line():
    from screen.ledger.audit import AuditTrail as Trail
    from screen.predial.decision import Decision

    decision = Decision("allow", (), "138****5678", "sales\x00\x1b[31m\u2028x", WORKDAY_10AM, "v1\r\n\x85")
    _, line = Trail._line(decision, None, "cli")
    assert line.count("\n") == 1 and line.endswith("\n")
    assert all(ch.isprintable() for ch in line[:-1])
    assert ",sales[31mx," in line and ",v1," in line
