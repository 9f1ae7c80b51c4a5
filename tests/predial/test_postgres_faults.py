"""Pre-dial checks on a PostgreSQL ledger when the database fails: stopped, restarted, slow.

Each check that cannot be answered denies ``service_error``, never ``allow``; the servers come
back by themselves when the database does; ``/healthz`` and ``/metrics`` say what happened.
"""

from __future__ import annotations

import threading
import time

import httpx
import psycopg
import pytest
from predial_support import (
    COLLECTIONS_ONLY,
    CONSENTED,
    KEY,
    POLICY,
    POLICY_TEXT,
    WORKDAY_10AM,
    digest,
    make_ledger,
    start_server,
)

from screen.errors import UsageError
from screen.ledger.store import Ledger
from screen.predial.decision import Checker


@pytest.fixture
def pg_ledger(pg_cluster, tmp_path, monkeypatch):
    monkeypatch.setenv("LEADSCREEN_AUDIT_DIR", str(tmp_path / "audit"))
    return make_ledger(pg_cluster.new_database())


def _ask(client: httpx.Client) -> str:
    try:
        reply = client.get("/v1/check", params={"phone": CONSENTED, "campaign": "anytime", "format": "text"})
    except httpx.HTTPError:
        return "no answer"
    return reply.text


def test_stopped_database_gets_no_allow_and_both_servers_come_back_by_themselves(pg_cluster, pg_ledger, tmp_path):
    policy_path = tmp_path / "policy.toml"
    policy_path.write_text(POLICY_TEXT, encoding="utf-8")
    servers = [start_server(pg_ledger, policy_path, tmp_path / f"server{n}.err") for n in (1, 2)]
    clients = [httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=2) for _, port in servers]
    answers: list[tuple[float, float, str]] = []  # (sent, answered, answer)
    stop = threading.Event()

    def load(client):
        while not stop.is_set():  # a bounded load: one check at a time per server, 100 a second at most
            sent = time.monotonic()
            answer = _ask(client)
            answers.append((sent, time.monotonic(), answer))
            time.sleep(0.01)

    threads = [threading.Thread(target=load, args=(client,)) for client in clients]
    try:
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        stopping = time.monotonic()
        pg_cluster.stop()
        down_from = time.monotonic()
        time.sleep(2)
        health = clients[0].get("/healthz")
        down_until = time.monotonic()
        pg_cluster.start()
        deadline = time.monotonic() + 20
        back = [False, False]
        while not all(back) and time.monotonic() < deadline:
            back = [_ask(client) == "ALLOW" for client in clients]
        recovered_health = clients[1].get("/healthz").json()
        while recovered_health["database"]["state"] != "up" and time.monotonic() < deadline:
            recovered_health = clients[1].get("/healthz").json()  # a dead idle connection found on the way
        metrics = clients[0].get("/metrics").text
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        pg_cluster.start()  # idempotent when it runs: the session's other tests need it
        for client in clients:
            client.close()
        for process, _ in servers:
            process.terminate()
            process.wait(timeout=20)
    while_down = [answer for sent, _answered, answer in answers if down_from <= sent <= down_until]
    before = [answer for _sent, answered, answer in answers if answered < stopping]
    assert before and set(before) == {"ALLOW"}
    assert len(while_down) >= 20 and "ALLOW" not in while_down
    assert set(while_down) <= {"DENY service_error", "no answer"}
    assert (health.status_code, health.json()["database"]) == (503, {"backend": "postgresql", "state": "down"})
    assert back == [True, True]
    assert recovered_health["database"] == {"backend": "postgresql", "state": "up"}
    counters = dict(line.split() for line in metrics.splitlines() if line.startswith("leadscreen_db_"))
    assert int(counters["leadscreen_db_errors_total"]) > 0 and int(counters["leadscreen_db_reconnects_total"]) >= 1


def test_a_slow_database_denies_within_the_timeout_then_answers_again(pg_ledger):
    checker = Checker(pg_ledger, KEY, POLICY)
    try:
        assert checker.check(CONSENTED, "insurance_sales", WORKDAY_10AM).decision == "allow"
        with psycopg.connect(pg_ledger) as blocker:
            blocker.execute("LOCK TABLE consents IN ACCESS EXCLUSIVE MODE")  # every read of it waits
            started = time.monotonic()
            decision = checker.check(CONSENTED, "insurance_sales", WORKDAY_10AM)
            took = time.monotonic() - started
        assert (decision.decision, decision.reasons) == ("deny", ("service_error",))
        assert took < 1.0
        assert checker.check(CONSENTED, "insurance_sales", WORKDAY_10AM).decision == "allow"
    finally:
        checker.close()


def test_serve_refuses_a_schema_it_does_not_know(pg_cluster, pg_ledger, tmp_path):
    from screen.cli.predial import _refuse_unknown_database
    from screen.ledger.location import ledger_location

    where = ledger_location(pg_ledger)
    _refuse_unknown_database(where, KEY)  # its own version: fine
    pg_cluster.sql("UPDATE meta SET value = '1' WHERE key = 'schema_version'", where.database)
    with pytest.raises(UsageError, match="run `leadscreen ledger migrate` first"):
        _refuse_unknown_database(where, KEY)
    pg_cluster.sql("UPDATE meta SET value = '99' WHERE key = 'schema_version'", where.database)
    with pytest.raises(UsageError, match="newer than this leadscreen"):
        _refuse_unknown_database(where, KEY)


def test_outcomes_recorded_at_the_same_moment_by_two_servers_are_all_counted(any_filled_ledger):
    """Collections allows 3 connected calls a day: two servers each record calls at once, and the
    cap counts every one of them (outcomes are rows added, never a counter read and written back)."""
    ledgers = [Ledger.open(any_filled_ledger, KEY) for _ in range(2)]
    start = threading.Barrier(2)

    def record(ledger, calls):
        start.wait()
        for _ in range(calls):
            ledger.record_outcome(digest(COLLECTIONS_ONLY), "collections", "贷款催收", "connected", WORKDAY_10AM)

    threads = [threading.Thread(target=record, args=(ledger, calls)) for ledger, calls in zip(ledgers, (2, 1))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for ledger in ledgers:
        ledger.close()
    checker = Checker(any_filled_ledger, KEY, POLICY)
    try:
        decision = checker.check(COLLECTIONS_ONLY, "collections", WORKDAY_10AM)
    finally:
        checker.close()
    assert decision.reasons == ("frequency_cap",)
    with Ledger.open(any_filled_ledger, KEY) as ledger:
        assert len(ledger.history(digest(COLLECTIONS_ONLY)).outcomes) == 3
