"""PostgreSQL connection settings: read by libpq's own parser, in URL and keyword form, and never
shown with a secret (issue 24, items 1, 7 and 11).

The password is looked for in every output, log line, report, audit file and file name a run
leaves; the database is a throwaway cluster that asks for a password over TCP.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import screen_helpers as h
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from predial_support import CONSENTED, KEY, POLICY_TEXT, start_server

from screen.cli.main import main
from screen.errors import UsageError
from screen.ledger.location import PostgresLocation, is_postgres_url, ledger_location, shown

SECRET = "Pw-s3cret-7f2Q"
SSL_SECRET = "Ssl-k3y-pass-9Zx"


# -- reading and showing settings: no server needed -----------------------------------------------


@pytest.mark.parametrize(
    ("value", "database"),
    [
        (f"postgresql://dialer:{SECRET}@db1:5432/leads", "leads"),
        (f"postgresql://dialer@db1:5432/leads?password={SECRET}", "leads"),
        (f"postgres://dialer@db1/leads?sslmode=require&password={SECRET}&sslpassword={SSL_SECRET}", "leads"),
        (f"postgresql://dialer:{SECRET}@[::1]:5433/leads?sslpassword={SSL_SECRET}", "leads"),
        (f"host=db1 port=5432 user=dialer password={SECRET} dbname=leads", "leads"),
        (f"host=db1 password='{SECRET} with space' sslpassword={SSL_SECRET} dbname=leads", "leads"),
        (f"dbname=leads password={SECRET}", "leads"),
        (f"postgresql://dialer:{SECRET.replace('-', '%2D')}@db1/leads", "leads"),  # percent-encoded
    ],
)
def test_every_secret_part_is_masked_wherever_a_location_is_shown(value, database):
    where = ledger_location(value)
    assert isinstance(where, PostgresLocation) and where.database == database
    assert where.url == value  # libpq gets the settings as given
    for text in (str(where), repr(where), shown(value), shown(where)):
        assert SECRET not in text and SSL_SECRET not in text and "s3cret" not in text
        assert "***" in text


@pytest.mark.parametrize(
    "value",
    [
        "leadscreen.db",
        "ledgers/2027.db",
        "./host=db1.db",  # a path that says it is one
        "POSTGRESQL://dialer@db1/leads",  # libpq knows lower-case schemes only: a (strange) file
    ],
)
def test_paths_stay_sqlite_files(value):
    assert not is_postgres_url(value)
    assert ledger_location(value) == Path(value)


@pytest.mark.parametrize(
    "value",
    [
        f"host=db1 password={SECRET} dbname=leads",
        f"  user=dialer password={SECRET} dbname=leads",
        "dbname=leads",
    ],
)
def test_keyword_settings_are_never_taken_for_a_file_name(value):
    assert is_postgres_url(value)
    assert isinstance(ledger_location(value), PostgresLocation)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (f"host=db1 passwrd={SECRET} dbname=leads", "unknown setting 'passwrd'"),  # a typo: no file named after it
        (f"postgresql://dialer:{SECRET}@x@db1/leads", "write it as %40"),  # unencoded @: part would be a host
        (f"postgresql://dialer:{SECRET}@db1/", "needs a database name"),
        (f"host=db1 password={SECRET}", "needs a database name"),
        (f"postgresql://dialer:{SECRET}@db1:port/leads", "port is not a number"),
        (f"host=db1 password='{SECRET} dbname=leads", "not a valid PostgreSQL connection setting"),
    ],
)
def test_bad_settings_are_one_line_errors_that_repeat_no_secret(value, message):
    with pytest.raises(UsageError, match=message) as raised:
        ledger_location(value)
    text = str(raised.value)
    assert SECRET not in text and "s3cret" not in text and "x@db1" not in text and "\n" not in text


# -- against a server that asks for the password ---------------------------------------------------


@pytest.fixture(scope="module")
def password_cluster():
    from pg_support import SKIP_REASON, server_bin, start_cluster

    if server_bin() is None:
        pytest.skip(SKIP_REASON)
    cluster = start_cluster(password=SECRET)
    yield cluster
    cluster.remove()


def _forms(cluster, database: str) -> dict[str, str]:
    return {
        "url parameter": f"postgresql://postgres@127.0.0.1:{cluster.port}/{database}?password={SECRET}",
        "keyword": f"host=127.0.0.1 port={cluster.port} user=postgres password={SECRET} dbname={database}",
    }


def _everything_left(folder: Path) -> str:
    """Every file's name and content under ``folder``."""
    parts = []
    for path in sorted(folder.rglob("*")):
        parts.append(str(path))
        if path.is_file():
            parts.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(parts)


@pytest.fixture
def user_folder(tmp_path, monkeypatch) -> Path:
    """The working folder of a user with the key set and no audit folder configured."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("LEADSCREEN_KEY", KEY.decode())
    monkeypatch.delenv("LEADSCREEN_DB", raising=False)
    monkeypatch.delenv("LEADSCREEN_AUDIT_DIR", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr("screen.clock.utc_now", lambda: h.NOW)
    (work / "leadscreen.toml").write_text(h.POLICY_TOML, encoding="utf-8")
    return work


def run(*args: str):
    return CliRunner().invoke(main, [*map(str, args)])


@pytest.mark.parametrize("form", ["url parameter", "keyword"])
def test_no_password_in_any_output_report_audit_file_or_file_name(password_cluster, user_folder, tmp_path, form):
    name = f"secrets_{form.replace(' ', '_')}"
    password_cluster.sql(f"CREATE DATABASE {name}")
    db = _forms(password_cluster, name)[form]
    rows = [h.good_row(index) for index in range(4)]
    listed = h.write_list(user_folder / "leads.csv", rows)
    h.write_manifest(listed, len(rows))

    outputs = [
        run("ledger", "init", "--db", db),
        run("ledger", "info", "--db", db),
        run("screen", "leads.csv", "--campaign", "leads", "--out-dir", "out", "--commit", "--db", db),
        run("dnc", "add", CONSENTED, "--reason", "asked", "--db", db),
        run("check", CONSENTED, "--campaign", "leads", "--db", db, "--policy", "leadscreen.toml"),
    ]
    for result in outputs[:4]:
        assert result.exit_code == 0, result.output
    assert outputs[4].exit_code == 1  # on the do-not-call list
    assert "***" in outputs[1].output and "***" in outputs[2].output  # the location is shown, masked
    report = json.loads((user_folder / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["committed"]["new_consents"] == 4 and "***" in report["committed"]["ledger"]
    everything = "\n".join(result.output for result in outputs) + _everything_left(tmp_path)
    assert SECRET not in everything
    # item 7: the audit trail of a PostgreSQL ledger is not put in the working folder
    assert not [path for path in user_folder.iterdir() if path.name.endswith("-audit")]
    assert list((tmp_path / "state" / "leadscreen" / "audit").rglob("*.csv"))


def test_serve_announces_the_ledger_without_its_password(password_cluster, tmp_path, monkeypatch):
    monkeypatch.setenv("LEADSCREEN_AUDIT_DIR", str(tmp_path / "audit"))
    monkeypatch.setenv("LEADSCREEN_KEY", KEY.decode())
    password_cluster.sql("CREATE DATABASE secrets_serve")
    db = _forms(password_cluster, "secrets_serve")["url parameter"]
    assert run("ledger", "init", "--db", db).exit_code == 0
    (tmp_path / "policy.toml").write_text(POLICY_TEXT, encoding="utf-8")
    log = tmp_path / "serve.log"
    process, _port = start_server(db, tmp_path / "policy.toml", log)
    try:
        text = log.read_text(encoding="utf-8")
    finally:
        process.kill()
        process.wait()
    assert "listening on" in text and "password=***" in text and SECRET not in text


# -- item 7: where the audit trail goes ------------------------------------------------------------


def test_a_postgresql_ledgers_audit_folder_is_configured_or_the_users_state_folder(monkeypatch, tmp_path):
    where = ledger_location("postgresql://dialer@db1:5432/leads")
    monkeypatch.setenv("LEADSCREEN_AUDIT_DIR", str(tmp_path / "configured"))
    assert where.audit_dir == tmp_path / "configured"
    monkeypatch.delenv("LEADSCREEN_AUDIT_DIR")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert where.audit_dir == tmp_path / "state" / "leadscreen" / "audit" / "db1-5432-leads"
    monkeypatch.delenv("XDG_STATE_HOME")
    assert where.audit_dir.is_absolute() and not where.audit_dir.is_relative_to(Path.cwd())


def test_check_against_postgresql_leaves_nothing_in_the_working_folder_and_export_finds_it(
    pg_cluster, user_folder, tmp_path
):
    db = pg_cluster.new_database()
    assert run("ledger", "init", "--db", db).exit_code == 0
    before = sorted(os.listdir(user_folder))
    checked = run("check", CONSENTED, "--campaign", "leads", "--db", db, "--policy", "leadscreen.toml")
    assert checked.exit_code == 1 and checked.stdout.startswith("DENY")
    assert sorted(os.listdir(user_folder)) == before
    exported = run("audit", "export", "--since", "2026-01-01", "--db", db, "--policy", "leadscreen.toml")
    assert exported.exit_code == 0 and len(exported.stdout.strip().splitlines()) == 2  # header and the decision


# -- item 11: the server's reason, and one hint that applies ---------------------------------------


def test_a_pooled_check_keeps_the_servers_reason_for_a_failed_connection(password_cluster, user_folder):
    password_cluster.sql("CREATE DATABASE secrets_reason")
    wrong = f"postgresql://postgres@127.0.0.1:{password_cluster.port}/secrets_reason?password=not-{SECRET}"
    info = run("ledger", "info", "--db", wrong)
    checked = run("check", CONSENTED, "--campaign", "leads", "--db", wrong, "--policy", "leadscreen.toml")
    assert info.exit_code == 2 and "password authentication failed" in info.stderr
    assert checked.exit_code == 1 and checked.stdout.startswith("DENY service_error")
    [line] = checked.stderr.strip().splitlines()
    assert "password authentication failed" in line and "in time" not in line
    assert SECRET not in info.output + checked.output


def test_a_missing_database_gets_one_hint_that_applies(pg_cluster, user_folder):
    db = pg_cluster.url("nosuchdb_24")
    info = run("ledger", "info", "--db", db)
    checked = run("check", CONSENTED, "--campaign", "leads", "--db", db, "--policy", "leadscreen.toml")
    for line in (info.stderr.strip(), checked.stderr.strip()):
        assert "database nosuchdb_24 does not exist" in line and "createdb nosuchdb_24" in line
        assert "ledger init" not in line and line.count("create it") == 1 and "\n" not in line
    empty = pg_cluster.new_database()
    told = run("ledger", "info", "--db", empty).stderr.strip()
    assert "is empty" in told and told.count("ledger init") == 1 and "createdb" not in told


# -- properties: whatever the password, it is never shown ------------------------------------------

PASSWORD_CHARACTERS = st.characters(min_codepoint=0x21, max_codepoint=0x7E)


@settings(max_examples=200, deadline=None)
@given(tail=st.text(PASSWORD_CHARACTERS, min_size=4, max_size=24), form=st.sampled_from(["user", "query", "keyword"]))
def test_any_password_in_any_form_is_never_shown(tail, form):
    from urllib.parse import quote

    from psycopg.conninfo import make_conninfo

    password = "PW" + tail  # "PW" occurs nowhere else in the settings
    if form == "user":
        value = f"postgresql://dialer:{quote(password, safe='')}@db1:5432/leads"
    elif form == "query":
        value = f"postgresql://dialer@db1:5432/leads?sslmode=require&password={quote(password, safe='')}"
    else:
        value = make_conninfo("", host="db1", user="dialer", password=password, dbname="leads")
    where = ledger_location(value)
    assert where.settings["password"] == password  # libpq reads what was meant
    for text in (shown(where), repr(where)):
        assert password not in text and quote(password, safe="") not in text and "PW" not in text
