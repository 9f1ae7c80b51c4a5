"""Fixtures shared across the test folders: a ledger in tmp_path, the test key, a fixed clock.

The key and the consents come from ``predial_support`` (one test key for every ledger test).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from predial_support import KEY, POLICY_TEXT, WORKDAY_10AM, make_ledger


@pytest.fixture
def ledger_path(tmp_path) -> Path:
    """Where a test's ledger goes; nothing exists there until the test opens it."""
    return tmp_path / "ledger.db"


@pytest.fixture
def filled_ledger(ledger_path) -> Path:
    """A ledger holding predial_support's consents (CONSENTED, COLLECTIONS_ONLY, OLD_CONSENT, ...)."""
    return make_ledger(ledger_path)


@pytest.fixture(scope="session")
def pg_cluster():
    """One throwaway PostgreSQL server for the whole session (skipped where none is installed)."""
    from pg_support import SKIP_REASON, server_bin, start_cluster

    if server_bin() is None:
        pytest.skip(SKIP_REASON)
    cluster = start_cluster()
    yield cluster
    cluster.remove()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_ledger(request, tmp_path, monkeypatch) -> Path | str:
    """Where a test's ledger goes, on each backend: a file path, then a fresh PostgreSQL database's
    URL (its audit files in ``tmp_path/ledger-audit``, where a file's would be)."""
    if request.param == "sqlite":
        return tmp_path / "ledger.db"
    monkeypatch.setenv("LEADSCREEN_AUDIT_DIR", str(tmp_path / "ledger.db-audit"))
    cluster = request.getfixturevalue("pg_cluster")
    url = cluster.new_database()
    request.addfinalizer(lambda: cluster.drop_database(url))
    return url


@pytest.fixture
def any_filled_ledger(any_ledger) -> Path | str:
    """:func:`filled_ledger` on each backend."""
    return make_ledger(any_ledger)


@pytest.fixture
def key_file(tmp_path) -> Path:
    """The test key in a file readable by its owner only, as ``--key-file`` expects one."""
    path = tmp_path / "leadscreen.key"
    path.write_bytes(KEY + b"\n")
    path.chmod(0o600)
    return path


@pytest.fixture
def key_in_environment(monkeypatch) -> bytes:
    """The test key in ``LEADSCREEN_KEY``, where the CLI looks when no key file is given."""
    monkeypatch.setenv("LEADSCREEN_KEY", KEY.decode())
    return KEY


@pytest.fixture
def fixed_clock(monkeypatch) -> datetime.datetime:
    """``screen.clock.utc_now`` stopped at predial_support's WORKDAY_10AM (in UTC); returns that moment."""
    moment = WORKDAY_10AM.astimezone(datetime.UTC)
    monkeypatch.setattr("screen.clock.utc_now", lambda: moment)
    return moment


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """A user's working folder, as the CLI finds it: the key in ``LEADSCREEN_KEY``, the test policy
    as ``./leadscreen.toml`` and a filled ``./leadscreen.db``; the current directory for the test."""
    monkeypatch.setenv("LEADSCREEN_KEY", KEY.decode())
    monkeypatch.delenv("LEADSCREEN_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "leadscreen.toml").write_text(POLICY_TEXT, encoding="utf-8")
    make_ledger(tmp_path / "leadscreen.db")
    return tmp_path


@pytest.fixture(scope="session")
def spark():
    """One local Spark session (2 cores, no web UI, few shuffle partitions) for every Spark test.
    Skipped, with the reason, only where Java is not installed."""
    import shutil

    if shutil.which("java") is None:
        pytest.skip("Java is not installed (Debian: apt-get install openjdk-17-jre-headless); Spark needs it")
    from screen.redact.spark.session import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()
