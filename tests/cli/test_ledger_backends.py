"""Every ledger command gives the same answers on an SQLite file and on a PostgreSQL database:
one session of commands runs against each and the outputs are compared line by line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import screen_helpers as h
from click.testing import CliRunner

from screen.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_lists"
KEY = "7378045fb8d4707dfe2f6eeaf9035386acfe658764c42644237cebbbb1d181b9"
LEADS = [h.mobile(index) for index in range(12)]


ELAPSED = re.compile(r"\(\d+\.\d s\)")


def session(tmp_path: Path, db: str) -> list[tuple[str, int, str]]:
    """The commands a user runs against a ledger, and what each printed (ledger name replaced)."""
    list_path = h.write_list(tmp_path / "leads.csv", [h.good_row(index) for index in range(12)])
    h.write_manifest(list_path, 12)
    when = "--at=2026-11-20T10:00:00+08:00"
    commands = [
        ["ledger", "init"],
        ["screen", str(list_path), "--purpose", h.PURPOSE, "--out-dir", str(tmp_path / "out"), "--commit"],
        ["screen", str(list_path), "--purpose", h.PURPOSE, "--out-dir", str(tmp_path / "again"), "--commit"],
        ["ledger", "import", str(tmp_path / "out" / "accepted.csv")],
        ["dnc", "add", LEADS[0], LEADS[1], "--reason", "complaint"],
        ["dnc", "import", str(SAMPLES / "dnc_complaints.csv"), "--reason", "complaints list"],
        ["dnc", "remove", LEADS[1], "--reason", "entered by mistake"],
        ["ledger", "withdraw", LEADS[2], when],
        ["ledger", "outcome", LEADS[3], "--campaign", "leads", "--outcome", "refused", when],
        ["ledger", "outcome", LEADS[4], "--campaign", "leads", "--outcome", "opt_out", when],
        ["optouts", str(SAMPLES / "transcripts" / "optouts.jsonl")],
        ["ledger", "info"],
        ["ledger", "show", LEADS[0]],
        ["ledger", "show", LEADS[4]],
        ["ledger", "migrate"],
        *[["check", phone, "--campaign", "leads", "--at", "2026-11-20T11:00:00+08:00"] for phone in LEADS[:6]],
        ["check", h.mobile(50), "--campaign", "leads", "--at", "2026-11-20T11:00:00+08:00"],
        ["dnc", "list"],
        ["audit", "export", "--since", "2026-01-01", "--changes"],
        ["audit", "export", "--since", "2026-01-01"],
    ]
    environment = {"LEADSCREEN_KEY": KEY, "LEADSCREEN_DB": db}
    results = []
    for command in commands:
        result = CliRunner().invoke(main, command, env=environment)
        text = result.output.replace(db, "LEDGER").replace(str(tmp_path), "TMP")
        text = ELAPSED.sub("(N s)", text)  # how long an import took differs between runs, not backends
        results.append((" ".join(command[:2]), result.exit_code, text))
    return results


@pytest.fixture
def fixed_time(monkeypatch):
    monkeypatch.setattr("screen.clock.utc_now", lambda: h.NOW)


def test_every_ledger_command_answers_the_same_on_both_backends(tmp_path, pg_cluster, fixed_time, monkeypatch):
    answers = {}
    for backend in ("sqlite", "postgresql"):
        folder = tmp_path / backend
        folder.mkdir()
        monkeypatch.chdir(folder)
        (folder / "leadscreen.toml").write_text(h.POLICY_TOML, encoding="utf-8")
        monkeypatch.setenv("LEADSCREEN_AUDIT_DIR", str(folder / "ledger-audit"))
        db = str(folder / "ledger.db") if backend == "sqlite" else pg_cluster.new_database()
        if backend == "sqlite":
            monkeypatch.delenv("LEADSCREEN_AUDIT_DIR")
        answers[backend] = session(folder, db)
    sqlite, postgres = answers["sqlite"], answers["postgresql"]
    # dnc_listed, allow, consent_revoked, recent_refusal, dnc_listed (opt-out), allow, no_consent
    assert [code for _, code, _ in sqlite] == [0] * 15 + [1, 0, 1, 1, 1, 0, 1] + [0, 0, 0], sqlite
    assert "committed: 12 new consent(s) to LEDGER" in sqlite[1][2]
    assert "10 ledger changes" in sqlite[-2][2]
    for (command, code, text), (_, pg_code, pg_text) in zip(sqlite, postgres):
        assert (command, pg_code, pg_text.replace("-audit", "")) == (command, code, text.replace("-audit", ""))


def test_an_unreachable_postgresql_ledger_is_one_line_and_a_deny(tmp_path):
    """No server at the URL: `check` answers DENY service_error with one line of ours on stderr,
    not the connection pool's multi-line warnings, and the password is never shown."""
    import os
    import subprocess
    import sys

    environment = {**os.environ, "LEADSCREEN_KEY": KEY, "LEADSCREEN_AUDIT_DIR": str(tmp_path / "audit")}
    completed = subprocess.run(
        [sys.executable, "-m", "screen", "check", "13812345678", "--campaign", "insurance_leads",
         "--policy", str(ROOT / "sample_lists" / "leadscreen.toml"),
         "--db", "postgresql://nobody:secret-pw@127.0.0.1:1/ledger"],
        capture_output=True, text=True, env=environment, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert completed.returncode == 1
    assert completed.stdout.startswith("DENY service_error  138****5678")
    assert completed.stderr.splitlines() == [  # the reason the connection failed, as the server side says it
        "leadscreen: ledger postgresql://nobody:***@127.0.0.1:1/ledger unavailable: connection to server at "
        '"127.0.0.1", port 1 failed: Connection refused; denying'
    ]
