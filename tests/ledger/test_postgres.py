"""What only a PostgreSQL ledger has: URLs, versioned migrations under several processes, and
what reaches the server (digests, never numbers or the key)."""

from __future__ import annotations

import threading

import psycopg
import pytest
from click.testing import CliRunner
from predial_support import KEY, consent, digest

from screen.cli.main import main as cli
from screen.errors import LedgerMissing, LedgerUnavailable, UsageError
from screen.ledger.location import PostgresLocation, ledger_location
from screen.ledger.migrate import migrate
from screen.ledger.schema import SCHEMA_VERSION
from screen.ledger.store import Ledger, resolve_db_path


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        ("leadscreen.db", "path", "leadscreen.db"),
        ("postgresql.db", "path", "postgresql.db"),
        ("postgresql://dialer@db1:5432/leads", "url", "postgresql://dialer@db1:5432/leads"),
        ("postgres://dialer:s3cret@db1/leads", "url", "postgres://dialer:***@db1/leads"),
        (
            "postgresql://dialer:s3cret@[::1]:5433/leads?sslmode=require",
            "url",
            "postgresql://dialer:***@[::1]:5433/leads?sslmode=require",
        ),
        ("POSTGRESQL://dialer@db1/leads", "path", "POSTGRESQL:/dialer@db1/leads"),  # libpq knows lower case only
    ],
)
def test_a_path_means_sqlite_and_a_url_postgresql_shown_without_its_password(value, kind, shown):
    where = ledger_location(value)
    assert isinstance(where, PostgresLocation) == (kind == "url")
    assert str(where) == shown
    assert "s3cret" not in repr(where)


@pytest.mark.parametrize("url", ["postgresql://db1:5432/", "postgresql://db1:port/leads"])
def test_a_url_without_a_database_or_with_a_bad_port_is_a_usage_error(url):
    with pytest.raises(UsageError):
        ledger_location(url)


def test_the_environment_names_a_postgresql_ledger(monkeypatch):
    monkeypatch.setenv("LEADSCREEN_DB", "postgresql://dialer@db1/leads")
    assert resolve_db_path(None) == PostgresLocation.parse("postgresql://dialer@db1/leads")


def test_only_digests_reach_the_server(pg_cluster):
    url = pg_cluster.new_database()
    with Ledger.open(url, KEY) as ledger:
        ledger.add_consents([consent("13812345678")])
        ledger.add_dnc([digest("13987654321")], reason="asked", source="test")
        ledger.record_outcome(digest("13812345678"), "c", "保险销售", "connected", consent("1").consent_time)
    with psycopg.connect(url) as connection:
        tables = [row[0] for row in connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        dumped = "".join(
            str(connection.execute(f"SELECT coalesce(json_agg(t)::text, '') FROM {table} AS t").fetchone()[0])
            for table in tables
        )
    assert digest("13812345678") in dumped.replace("\\\\x", "")
    for secret in ("13812345678", "13987654321", KEY.decode()):
        assert secret not in dumped


def test_a_missing_database_an_empty_one_and_a_stopped_server_are_one_line_errors(pg_cluster):
    with pytest.raises(LedgerMissing, match="database nosuchdb does not exist"):
        Ledger.open(pg_cluster.url("nosuchdb"), KEY, create=False)
    with pytest.raises(LedgerMissing, match="is empty"):
        Ledger.open(pg_cluster.new_database(), KEY, create=False)
    with pytest.raises(LedgerUnavailable, match="unavailable: .*refused"):
        Ledger.open("postgresql://postgres@127.0.0.1:1/leads", KEY, create=False)


def test_a_wrong_key_a_newer_schema_and_foreign_tables_are_refused(pg_cluster):
    url = pg_cluster.new_database()
    Ledger.open(url, KEY).close()
    with pytest.raises(UsageError, match="different key"):
        Ledger.open(url, b"another key entirely")
    pg_cluster.sql(
        f"UPDATE meta SET value = '{SCHEMA_VERSION + 1}' WHERE key = 'schema_version'", url.rsplit("/", 1)[1]
    )
    with pytest.raises(UsageError, match="newer than this leadscreen"):
        Ledger.open(url, KEY)
    foreign = pg_cluster.new_database()
    pg_cluster.sql("CREATE TABLE invoices (id int)", foreign.rsplit("/", 1)[1])
    with pytest.raises(UsageError, match="not a leadscreen ledger"):
        Ledger.open(foreign, KEY)


def test_migrate_upgrades_once_even_when_several_processes_ask_together(pg_cluster):
    url = pg_cluster.new_database()
    name = url.rsplit("/", 1)[1]
    with Ledger.open(url, KEY) as ledger:
        ledger.add_dnc([digest("13812345678")], reason="asked", source="test")
    # Back to version 1: drop what step 2 made.
    pg_cluster.sql("DROP TABLE dnc_removals; UPDATE meta SET value = '1' WHERE key = 'schema_version'", name)
    results, errors = [], []

    def run():
        try:
            results.append(migrate(url, KEY))
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # Whoever waited on the advisory lock found the work done: no step ran twice (that would fail).
    assert len(results) == 4 and all(after == SCHEMA_VERSION for _before, after in results)
    with Ledger.open(url, KEY) as ledger:
        assert ledger.schema_version == SCHEMA_VERSION
        assert ledger.dnc_digests() == {digest("13812345678")}


def test_ledger_migrate_command_on_both_backends(any_ledger, monkeypatch):
    monkeypatch.setenv("LEADSCREEN_KEY", KEY.decode())
    runner = CliRunner()
    missing = runner.invoke(cli, ["ledger", "migrate", "--db", str(any_ledger)])
    assert missing.exit_code != 0 and "ledger init" in missing.output
    assert runner.invoke(cli, ["ledger", "init", "--db", str(any_ledger)]).exit_code == 0
    result = runner.invoke(cli, ["ledger", "migrate", "--db", str(any_ledger)])
    assert result.exit_code == 0, result.output
    assert f"schema version {SCHEMA_VERSION}, up to date" in result.output


@pytest.fixture(scope="module")
def password_cluster():
    """A server that asks for a password over TCP."""
    from pg_support import SKIP_REASON, server_bin, start_cluster

    if server_bin() is None:
        pytest.skip(SKIP_REASON)
    cluster = start_cluster(password="pw-Kx8-secret")
    yield cluster
    cluster.remove()


def test_the_password_comes_from_the_url_pgpassword_or_a_pgpass_file_and_is_never_shown(
    password_cluster, tmp_path, monkeypatch
):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "absent"))
    bare = password_cluster.new_database()  # postgresql://postgres@127.0.0.1:PORT/NAME, no password
    with_password = bare.replace("postgres@", "postgres:pw-Kx8-secret@")
    with Ledger.open(with_password, KEY) as ledger:
        ledger.add_dnc([digest("13812345678")], reason="asked", source="test")
        assert "pw-Kx8-secret" not in str(ledger.path)
    with pytest.raises(LedgerUnavailable) as refused:
        Ledger.open(bare.replace("postgres@", "postgres:wrong-Zq7@"), KEY)
    assert "password authentication failed" in str(refused.value) and "wrong-Zq7" not in str(refused.value)
    monkeypatch.setenv("PGPASSWORD", "pw-Kx8-secret")
    with Ledger.open(bare, KEY) as ledger:
        assert ledger.dnc_digests() == {digest("13812345678")}
    monkeypatch.delenv("PGPASSWORD")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{password_cluster.port}:*:postgres:pw-Kx8-secret\n", encoding="utf-8")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    with Ledger.open(bare, KEY) as ledger:
        assert ledger.dnc_digests() == {digest("13812345678")}
