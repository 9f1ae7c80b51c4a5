"""The pre-dial hook while the ledger file changes under it: concurrent writers in other
processes, a replaced or corrupted file, removed ``-wal``/``-shm`` files. The hook must keep
running, notice within about a second, and deny ``service_error`` whenever it cannot read."""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import sys
import threading
import time
import warnings

import httpx
import pytest
from predial_support import (
    CONSENTED,
    KEY,
    NOBODY,
    POLICY,
    POLICY_TEXT,
    WORKDAY_10AM,
    consent,
    make_ledger,
    start_server,
)

from screen.ledger.store import Ledger
from screen.predial.decision import Checker
from screen.predial.http.app import create_app
from screen.predial.http.service import ServiceConfig

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from starlette.testclient import TestClient

NOTICE_SECONDS = 1.5  # "within about a second", with room for a slow test machine


def poll(condition, seconds=NOTICE_SECONDS):
    """Wait until ``condition()`` is true or the deadline passes; return its last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.02)


def reasons(checker, phone=CONSENTED):
    return checker.check(phone, "insurance_sales", WORKDAY_10AM).reasons


@pytest.fixture
def db(tmp_path):
    return make_ledger(tmp_path / "ledger.db")


@pytest.fixture
def checker(db):
    made = Checker(db, KEY, POLICY)
    yield made
    made.close()


def _other_process_writes_dnc(db, number):
    code = (
        "import sys; from screen.ledger.store import Ledger\n"
        "with Ledger.open(sys.argv[1], sys.argv[2].encode(), create=False) as ledger:\n"
        "    ledger.add_dnc([ledger.digest(sys.argv[3])], reason='test', source='test')\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db), KEY.decode(), number], check=True, timeout=60)


def test_the_hook_keeps_sqlites_locks_so_other_processes_do_not_reset_the_shared_index(db, checker):
    """A process that opens the ledger and finds no lock on the ``-shm`` file believes it is the
    only user and truncates that file: a server reading it through a memory map dies of SIGBUS,
    and misses commits. Closing any descriptor of a file drops every lock the process holds on it."""
    assert reasons(checker) == ()
    child = subprocess.run(
        [sys.executable, "-c", _HOLDS_DMS_LOCK, f"{db}-shm"], capture_output=True, text=True, timeout=60
    )
    assert child.stdout.strip() == "locked"


# Asks, from another process, whether anyone holds SQLite's "dead man switch" byte of the -shm file.
_HOLDS_DMS_LOCK = f"""
import fcntl, os, struct, sys
descriptor = os.open(sys.argv[1], os.O_RDWR)
query = struct.pack("hhqqi", fcntl.F_WRLCK, 0, 128, 1, 0)
answer = struct.unpack("hhqqi", fcntl.fcntl(descriptor, fcntl.F_GETLK, query))[0]
print("unlocked" if answer == {fcntl.F_UNLCK} else "locked")
"""


def test_a_replaced_ledger_is_used_or_refused_within_a_second(db, checker, tmp_path):
    assert reasons(checker) == ()
    restored = make_ledger(tmp_path / "restored.db")
    with Ledger.open(restored, KEY) as ledger:
        ledger.add_dnc([ledger.digest(CONSENTED)], reason="test", source="test")
    os.replace(restored, db)
    # The old file's -wal/-shm are still beside it (the checker holds them): refused, never ALLOW.
    assert poll(lambda: reasons(checker) == ("service_error",))
    assert "replaced while in use" in checker.ready()


def test_a_ledger_replaced_cleanly_is_used_within_a_second(db, tmp_path):
    checker = Checker(db, KEY, POLICY)
    try:
        assert reasons(checker) == ()
        restored = make_ledger(tmp_path / "restored.db")
        with Ledger.open(restored, KEY) as ledger:
            ledger.add_dnc([ledger.digest(CONSENTED)], reason="test", source="test")
        os.replace(restored, db)
        for suffix in ("-wal", "-shm"):  # what a restore with the old file's processes stopped leaves
            os.remove(f"{db}{suffix}")
        assert poll(lambda: reasons(checker) == ("dnc_listed",))
        assert checker.ready() is None
    finally:
        checker.close()


def test_a_ledger_replaced_by_an_unreadable_file_denies_service_error(db, checker, tmp_path):
    assert reasons(checker) == ()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a ledger" * 500)
    os.replace(garbage, db)
    assert poll(lambda: reasons(checker) == ("service_error",))
    assert checker.ready() is not None


def test_a_ledger_corrupted_in_place_denies_service_error_and_is_not_healthy(db, tmp_path):
    with TestClient(
        create_app(ServiceConfig(db_path=db, key=KEY, policy=POLICY), clock=lambda: WORKDAY_10AM)
    ) as client:
        ask = {"phone": CONSENTED, "campaign": "insurance_sales", "format": "text"}
        assert client.get("/v1/check", params=ask).text == "ALLOW"
        assert client.get("/healthz").status_code == 200
        with open(db, "r+b") as handle:  # the same file, its header overwritten
            handle.write(b"\xff" * 4096)
        assert poll(lambda: client.get("/v1/check", params=ask).text == "DENY service_error")
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json()["status"] == "unavailable"


def _sqlite_file_without_tables(path):
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA page_size = 4096")
        connection.execute("VACUUM")  # writes the header: a valid SQLite file, no tables, version 0
    return path.read_bytes()


@pytest.mark.parametrize("content", [lambda path: b"", _sqlite_file_without_tables], ids=["empty", "no-tables"])
def test_an_empty_ledger_file_is_not_healthy_and_stays_empty(tmp_path, content):
    empty = tmp_path / "empty.db"
    empty.write_bytes(content(tmp_path / "made.db"))
    before = empty.read_bytes()
    with TestClient(create_app(ServiceConfig(db_path=empty, key=KEY, policy=POLICY))) as client:
        assert client.get("/healthz").status_code == 503
        reply = client.get("/v1/check", params={"phone": CONSENTED, "campaign": "insurance_sales", "format": "text"})
        assert (reply.status_code, reply.text) == (503, "DENY service_error")
    assert empty.read_bytes() == before  # the hook reads; it never makes a ledger of an empty file


def test_removed_wal_and_shm_files_are_noticed(db, checker):
    assert reasons(checker) == ()
    for suffix in ("-wal", "-shm"):
        os.remove(f"{db}{suffix}")
    _other_process_writes_dnc(db, CONSENTED)  # into new -wal/-shm files the checker does not share
    # The hook cannot trust files whose recent commits may be lost: it refuses, and stays refusing.
    assert poll(lambda: reasons(checker) == ("service_error",))
    assert "removed or replaced while in use" in checker.ready()
    # Stopping it must not checkpoint the removed -wal over the ledger and delete the new one.
    checker.close()
    assert _other_process_finds_dnc(db, CONSENTED)


def _other_process_finds_dnc(db, number) -> bool:
    code = (
        "import sys; from screen.ledger.store import Ledger\n"
        "with Ledger.open(sys.argv[1], sys.argv[2].encode(), create=False) as ledger:\n"
        "    print(ledger.is_dnc(ledger.digest(sys.argv[3])))\n"
    )
    found = subprocess.run([sys.executable, "-c", code, str(db), KEY.decode(), number], capture_output=True, text=True)
    return found.stdout.strip() == "True"


def _dnc_add(db, number, environment):
    return subprocess.run(
        [sys.executable, "-m", "screen", "dnc", "add", number, "--reason", "load test", "--db", str(db)],
        env=environment,
        capture_output=True,
        timeout=60,
    )


def test_serve_survives_cli_writers_under_load_and_sees_their_entries(db, tmp_path):
    with Ledger.open(db, KEY) as ledger:  # numbers the writers will list, each consented first
        numbers = [f"139{index:08d}" for index in range(10)]
        ledger.add_consents([consent(number) for number in numbers])
    policy_path = tmp_path / "policy.toml"
    policy_path.write_text(POLICY_TEXT, encoding="utf-8")
    server, port = start_server(db, policy_path, tmp_path / "server.err")
    stop = threading.Event()
    failures = []

    def hammer():
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            while not stop.is_set():
                try:
                    client.get("/v1/check", params={"phone": NOBODY, "campaign": "anytime", "format": "text"})
                except httpx.TransportError as error:
                    failures.append(type(error).__name__)
                    return

    load = [threading.Thread(target=hammer) for _ in range(6)]
    for thread in load:
        thread.start()
    try:
        environment = {**os.environ, "LEADSCREEN_KEY": KEY.decode()}
        for number in numbers:
            assert _dnc_add(db, number, environment).returncode == 0
            assert server.poll() is None, f"server died (exit status {server.returncode}; -7 is SIGBUS)"
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
                ask = {"phone": number, "campaign": "anytime", "format": "text"}
                assert client.get("/v1/check", params=ask).text == "DENY dnc_listed"
        assert server.poll() is None, f"server died with {server.returncode}"
    finally:
        stop.set()
        for thread in load:
            thread.join()
        server.terminate()
        server.wait(timeout=20)
    assert not failures
